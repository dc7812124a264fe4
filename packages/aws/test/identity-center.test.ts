import { Template } from 'aws-cdk-lib/assertions';
import { BASELINE_2026_11 } from '@nplz/core';
import { IdentityCenter, IdentityCenterProps } from '@nplz/aws';
import { subEstate } from './estate-helpers';
import { testStack } from './helpers';

const estate = subEstate(['kent', 'essex', 'kent-essex-its']);
const aws = estate.national.aws!;
const props: IdentityCenterProps = {
  baseline: BASELINE_2026_11,
  instanceArn: aws.identityCenter.instanceArn,
  nationalAccounts: {
    management: aws.managementAccount,
    logArchive: aws.logArchiveAccount,
    audit: aws.auditAccount,
    network: aws.networkAccount,
  },
  nationalGroups: estate.national.identity.groups,
  tenancies: estate.tenancies.map((t) => t.spec),
};

describe('IdentityCenter', () => {
  const render = (p: IdentityCenterProps = props) => {
    const stack = testStack(aws.managementAccount);
    new IdentityCenter(stack, 'Identity', p);
    return Template.fromStack(stack);
  };

  test('one permission set per baseline role, with its session length and managed policies', () => {
    const t = render();
    const roles = [...BASELINE_2026_11.roles.national, ...BASELINE_2026_11.roles.force];
    t.resourceCountIs('AWS::SSO::PermissionSet', roles.length);
    for (const r of roles) {
      t.hasResourceProperties('AWS::SSO::PermissionSet', { Name: r.id, SessionDuration: `PT${r.sessionHours}H`, Description: r.intent });
    }
  });

  test("each force's groups are assigned only on that force's own accounts", () => {
    const t = render();
    const assignments = Object.values(t.findResources('AWS::SSO::Assignment')).map(
      (r) => r.Properties as { PrincipalId: string; TargetId: string },
    );
    for (const { spec } of estate.tenancies) {
      const own = Object.values(spec.aws!.accounts);
      for (const g of Object.values(spec.identity.groups)) {
        const targets = assignments.filter((a) => a.PrincipalId === g.awsGroupId).map((a) => a.TargetId);
        expect(targets.sort()).toEqual([...own].sort());
      }
    }
    // 3 tenancies: kent and essex have 2 environments, the collaboration 1; 4 groups each. Plus 8 national.
    expect(assignments).toHaveLength((2 + 2 + 1) * 4 + 8);
  });

  test('the force attribute is exposed for attribute-based access control', () => {
    render().hasResourceProperties('AWS::SSO::InstanceAccessControlAttributeConfiguration', {
      AccessControlAttributes: [{ Key: 'nplz-force', Value: { Source: ['${path:enterprise.organization}'] } }],
    });
  });

  test.each([
    [
      { instanceArn: 'arn:aws:sso:::instance/x' },
      'IdentityCenter.instanceArn: instanceArn is not an IAM Identity Center instance ARN\n    received: "arn:aws:sso:::instance/x"\n    allowed:  arn:aws:sso:::instance/ssoins-<16 hex digits>',
    ],
    [
      { nationalGroups: { 'force-admin': { displayName: 'X', awsGroupId: 'g' } } },
      'IdentityCenter.nationalGroups.force-admin: "force-admin" is not a national role in baseline 2026.11',
    ],
  ])('fails if %j', (patch, message) => {
    expect(() => render({ ...props, ...patch })).toThrow(message);
  });
});
