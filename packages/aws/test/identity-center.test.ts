import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BASELINE_2026_11, type TenancySpec } from '@nplz/core';
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

  // A force that calls production `live` says so in its spec (`production: [live]`); without it the
  // name alone decides, and `live` is not production.
  describe('a production environment not named prod', () => {
    const kent = estate.tenancies.find((x) => x.spec.name === 'kent')!.spec;
    const rename = <T>(map: Record<string, T>) =>
      Object.fromEntries(Object.entries(map).map(([k, v]) => [k === 'prod' ? 'live' : k === 'nonprod' ? 'dev' : k, v]));
    const live = (production?: string[]): TenancySpec => ({
      ...kent,
      environments: ['live', 'dev'],
      ...(production ? { production } : {}),
      aws: { ...kent.aws!, accounts: rename(kent.aws!.accounts), network: rename(kent.aws!.network) },
    });
    const developerSets = (spec: TenancySpec) => {
      const t = render({ ...props, tenancies: [spec] });
      const sets = t.findResources('AWS::SSO::PermissionSet');
      const nameOf = (id: string) => sets[id]!.Properties.Name as string;
      const developers = spec.identity.groups['force-developer']!.awsGroupId;
      const on = (env: string) =>
        Object.values(
          t.findResources('AWS::SSO::Assignment', { Properties: { PrincipalId: developers, TargetId: spec.aws!.accounts[env] } }),
        ).map((r) => nameOf((r.Properties as { PermissionSetArn: { 'Fn::GetAtt': [string, string] } }).PermissionSetArn['Fn::GetAtt'][0]));
      return { live: on('live'), dev: on('dev') };
    };

    test('listed under production: force-developer reads on live, keeps PowerUserAccess on dev', () => {
      expect(developerSets(live(['live']))).toEqual({ live: ['force-readonly'], dev: ['force-developer'] });
    });

    test('not listed: live is not production by its name (the rule as before)', () => {
      expect(developerSets(live())).toEqual({ live: ['force-developer'], dev: ['force-developer'] });
    });
  });

  test("each tenancy's assignments, its groups' and the national SOC and auditor roles' on its accounts, in the scope given for it, chained per stack", () => {
    const stack = testStack(aws.managementAccount, 'Identity');
    const app = stack.node.root as App;
    const scopes = new Map<string, Stack>();
    new IdentityCenter(stack, 'IdentityCenter', {
      ...props,
      tenancyAssignmentScope: (t) => {
        const s = new Stack(app, `Identity-${t.name}`, { env: { account: aws.managementAccount, region: REGION } });
        scopes.set(t.name, s);
        return s;
      },
    });
    const read = (s: Stack) =>
      Object.entries(Template.fromStack(s).findResources('AWS::SSO::Assignment')).map(([id, r]) => ({
        id,
        group: r.Properties.PrincipalId as string,
        account: r.Properties.TargetId as string,
        dependsOn: (r.DependsOn ?? []) as string[],
      }));
    const national = [aws.managementAccount, aws.logArchiveAccount, aws.auditAccount, aws.networkAccount];
    // The identity stack holds the national accounts' assignments only.
    expect(new Set(read(stack).map((a) => a.account))).toEqual(new Set(national));
    const groups = estate.national.identity.groups;
    const soc = ['national-security-analyst', 'national-auditor'].map((r) => groups[r]!.awsGroupId!);
    for (const { spec } of estate.tenancies) {
      const own = Object.values(spec.aws!.accounts);
      const mine = read(scopes.get(spec.name)!);
      // Only its own accounts: its 4 groups and the 2 national roles that reach every account, on each.
      expect(new Set(mine.map((a) => a.account))).toEqual(new Set(own));
      expect(mine).toHaveLength(own.length * (4 + 2));
      for (const g of soc)
        expect(
          mine
            .filter((a) => a.group === g)
            .map((a) => a.account)
            .sort(),
        ).toEqual([...own].sort());
      // At most ASSIGNMENT_CHAINS start at once in each stack, and no chain crosses a stack.
      expect(mine.filter((a) => a.dependsOn.length === 0).length).toBeLessThanOrEqual(5);
      for (const a of mine) for (const d of a.dependsOn) expect(mine.map((x) => x.id)).toContain(d);
    }
    // The national stack's lanes: one per national account (four), an account's assignments in one lane.
    expect(read(stack).filter((a) => a.dependsOn.length === 0)).toHaveLength(4);
  });

  test("a tenancy's assignments keep the logical ids they have in one identity stack", () => {
    const one = testStack(aws.managementAccount, 'Identity');
    new IdentityCenter(one, 'IdentityCenter', props);
    const split = testStack(aws.managementAccount, 'Identity');
    const kent = new Stack(split.node.root as App, 'Identity-kent', { env: { account: aws.managementAccount, region: REGION } });
    new IdentityCenter(split, 'IdentityCenter', { ...props, tenancyAssignmentScope: (t) => (t.name === 'kent' ? kent : undefined) });
    const ids = (s: Stack) => Object.keys(Template.fromStack(s).findResources('AWS::SSO::Assignment'));
    const moved = ids(kent);
    expect(moved).toHaveLength(2 * (4 + 2));
    // The tenancy's groups' as in the identity stack (IdentityCenter/<tenancy>-<env>-<role>); the
    // national roles' as in the national assignments stack they were in before (National-<role>-<account>).
    const groupIds = ids(one).filter((id) => id.startsWith('IdentityCenterkent') && !id.startsWith('IdentityCenterkentessex'));
    expect(groupIds).toHaveLength(2 * 4);
    expect(moved.filter((id) => id.startsWith('IdentityCenter')).sort()).toEqual(groupIds.sort());
    expect(moved.filter((id) => !id.startsWith('IdentityCenter')).sort()).toEqual(
      ['national-security-analyst', 'national-auditor']
        .flatMap((r) => ['200000000171', '200000000172'].map((a) => `National${r.replace(/-/g, '')}${a}`))
        .sort(),
    );
    // Nothing else moved: the rest stay in the identity stack, with their ids.
    expect(ids(one)).toEqual(expect.arrayContaining(ids(split)));
    expect(ids(split)).toHaveLength(ids(one).length - moved.length);
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
