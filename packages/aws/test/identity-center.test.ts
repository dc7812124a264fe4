import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BASELINE_2026_11 } from '@nplz/core';
import { IdentityCenter, IdentityCenterProps } from '@nplz/aws';
import { subEstate } from './estate-helpers';
import { REGION, testStack } from './helpers';

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
    // 3 tenancies: kent and essex have 2 environments, the collaboration 1; 4 groups each. Plus the
    // national roles: platform admin in 4 national accounts, network admin in 1, SOC and auditor in all 4 + 5.
    expect(assignments).toHaveLength((2 + 2 + 1) * 4 + 4 + 1 + 2 * (4 + 5));
  });

  // Identity Center has no just-in-time assignment (Azure's production Contributor is a PIM
  // eligibility): in production, force-developer's group gets the read-only permission set, and
  // changes go through force-admin or the force's pipeline.
  test("force-developer's PowerUserAccess is never standing in a production account: the group reads there", () => {
    const t = render();
    const sets = t.findResources('AWS::SSO::PermissionSet');
    const setOf = (name: string) => Object.entries(sets).find(([, r]) => r.Properties.Name === name)![0];
    const assignments = Object.values(t.findResources('AWS::SSO::Assignment')).map(
      (r) => r.Properties as { PrincipalId: string; TargetId: string; PermissionSetArn: { 'Fn::GetAtt': [string, string] } },
    );
    const kent = estate.tenancies.find((x) => x.spec.name === 'kent')!.spec;
    const developers = kent.identity.groups['force-developer']!.awsGroupId;
    const on = (env: string) =>
      assignments
        .filter((a) => a.PrincipalId === developers && a.TargetId === kent.aws!.accounts[env])
        .map((a) => a.PermissionSetArn['Fn::GetAtt'][0]);
    expect(on('prod')).toEqual([setOf('force-readonly')]);
    expect(on('nonprod')).toEqual([setOf('force-developer')]);
    // No production account of any force has a standing PowerUserAccess assignment.
    const prodAccounts = new Set(estate.tenancies.flatMap(({ spec }) => (spec.aws ? [spec.aws.accounts.prod] : [])));
    const standing = assignments.filter(
      (a) => prodAccounts.has(a.TargetId) && a.PermissionSetArn['Fn::GetAtt'][0] === setOf('force-developer'),
    );
    expect(standing).toEqual([]);
  });

  test('the national SOC and auditor roles reach every account, the tenancy accounts in the stack given for them, chained per stack', () => {
    const stack = testStack(aws.managementAccount);
    const other = new Stack(stack.node.root as App, 'National', { env: { account: aws.managementAccount, region: REGION } });
    new IdentityCenter(stack, 'Identity', { ...props, nationalAssignmentScope: other });
    const [mine, theirs] = [stack, other].map((s) =>
      Object.values(Template.fromStack(s).findResources('AWS::SSO::Assignment')).map((r) => ({
        group: r.Properties.PrincipalId as string,
        account: r.Properties.TargetId as string,
        dependsOn: (r.DependsOn ?? []) as string[],
      })),
    );
    const every = [
      ...[aws.managementAccount, aws.logArchiveAccount, aws.auditAccount, aws.networkAccount],
      ...estate.tenancies.flatMap((t) => Object.values(t.spec.aws!.accounts)),
    ].sort();
    const groups = estate.national.identity.groups;
    for (const role of ['national-security-analyst', 'national-auditor']) {
      const g = groups[role]!.awsGroupId!;
      const where = [...mine!, ...theirs!].filter((a) => a.group === g).map((a) => a.account);
      expect(where.sort()).toEqual(every);
      // The national accounts' stay where they were; the tenancy accounts' are in the other stack.
      expect(theirs!.filter((a) => a.group === g)).toHaveLength(5);
    }
    // Within each stack at most ASSIGNMENT_CHAINS start at once, and no chain crosses a stack.
    for (const list of [mine!, theirs!]) expect(list.filter((a) => a.dependsOn.length === 0).length).toBeLessThanOrEqual(5);
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
