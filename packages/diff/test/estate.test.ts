import type { Problem } from '@nplz/core';
import {
  awsAccessGranted,
  awsGoverning,
  azureAccessGranted,
  azureGoverning,
  CfnTemplate,
  diffAwsTemplates,
  diffAzurePlans,
  diffBaselines,
  diffEstates,
  DiffablePlan,
  diffVerdict,
  renderBaselineDiff,
  renderEstateDiff,
  verdictExitCode,
} from '../src';

const ctx = { tenancy: 'kent', environment: 'prod', stack: 'Force-kent-prod' };

const tagged = (tags: Record<string, string>, extra: Record<string, unknown> = {}): CfnTemplate => ({
  Resources: {
    Key: {
      Type: 'AWS::KMS::Key',
      Properties: { EnableKeyRotation: true, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })), ...extra },
      Metadata: { 'aws:cdk:path': 'Force-kent-prod/Tenancy/DataKey/Resource' },
    },
  },
});

describe('bookkeeping: what changes on every baseline move without changing what a resource does', () => {
  test('a change of the nplz:baseline tag alone is bookkeeping, counted and not listed', () => {
    const d = diffBaselines({
      from: '2026.11',
      to: '2027.02',
      awsStacks: [
        { ...ctx, from: tagged({ 'nplz:baseline': '2026.11', team: 'a' }), to: tagged({ 'nplz:baseline': '2027.02', team: 'a' }) },
      ],
    });
    expect(d.changes).toEqual([expect.objectContaining({ action: 'modify', bookkeeping: true, paths: ['Properties.Tags[0].Value'] })]);
    expect(d.summary).toEqual([]);
    expect(d.bookkeeping).toBe(1);
    const text = renderBaselineDiff(d, { changes: true });
    expect(text).toContain(
      'Bookkeeping only: 1 resource change only their nplz:baseline or nplz:force tag or budget start date (--details lists them).',
    );
    expect(text).not.toContain('Properties.Tags[0].Value');
    expect(renderBaselineDiff(d, { details: true })).toContain('Properties.Tags[0].Value');
  });

  test('a real change beside it is listed with its own path only', () => {
    const [c] = diffAwsTemplates(
      tagged({ 'nplz:baseline': '2026.11' }),
      tagged({ 'nplz:baseline': '2027.02' }, { EnableKeyRotation: false }),
      ctx,
    );
    expect(c).toMatchObject({ bookkeeping: false, paths: ['Properties.EnableKeyRotation'] });
  });

  test('any other tag is a real change', () => {
    const [c] = diffAwsTemplates(tagged({ owner: 'a' }), tagged({ owner: 'b' }), ctx);
    expect(c?.bookkeeping).toBe(false);
  });

  const budget = (startDate: string, amount = 8000): DiffablePlan => ({
    project: 'nplz',
    stack: 'estate',
    resources: [
      {
        urn: 'urn:budget',
        type: 'azure-native:consumption:Budget',
        name: 'kent-prod-budget',
        custom: true,
        tenancy: 'kent',
        inputs: { amount, timePeriod: { startDate }, tags: { 'nplz:baseline': startDate } },
      },
    ],
  });
  test("an Azure budget's start date and baseline tag are bookkeeping; its amount is not", () => {
    expect(diffAzurePlans(budget('2026-11-01'), budget('2026-12-01'))[0]).toMatchObject({ bookkeeping: true, action: 'modify' });
    expect(diffAzurePlans(budget('2026-11-01'), budget('2026-12-01', 9000))[0]).toMatchObject({ bookkeeping: false, paths: ['amount'] });
  });
});

describe('one verdict for the headline and the exit code', () => {
  const clean = diffBaselines({ from: '2026.11', to: '2027.02', awsStacks: [] });
  const blocker: Problem = {
    file: 'tenancies/kent.yaml',
    path: 'tags.service-owner',
    received: undefined,
    message: 'required tag "service-owner" is missing',
    allowed: 'a non-empty value',
  };

  test('a tenancy that is not ready is exit 3, and the text never says "No breaking change" above it', () => {
    expect(diffVerdict(clean, [blocker])).toBe('not-ready');
    expect(verdictExitCode(diffVerdict(clean, [blocker]))).toBe(3);
    const text = renderBaselineDiff(clean, { blockers: [blocker] });
    expect(text).not.toMatch(/no breaking change/i);
    expect(text.trim().split('\n').pop()).toMatch(/^Verdict: NOT READY \(1\).*\(exit 3\)\.$/);
    expect(text).toContain('Not ready for 2027.02 (1)');
  });

  test('a clean diff is exit 0 and says so last', () => {
    expect(verdictExitCode(diffVerdict(clean))).toBe(0);
    expect(renderBaselineDiff(clean).trim().split('\n').pop()).toMatch(/^Verdict: No breaking change/);
  });
});

// An organisation as the national stack renders it: root r-1, top-level OUs, one OU per force.
const ou = (name: string, parent: unknown) => ({
  Type: 'AWS::Organizations::OrganizationalUnit',
  Properties: { Name: name, ParentId: parent },
});
const policy = (path: string, targets: unknown[], regions: string[]) => ({
  Type: 'AWS::Organizations::Policy',
  Properties: {
    Type: 'SERVICE_CONTROL_POLICY',
    TargetIds: targets,
    Content: {
      Statement: [
        {
          Sid: 'DenyOutsideUk',
          Effect: 'Deny',
          NotAction: ['iam:*'],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': regions } },
        },
      ],
    },
  },
  Metadata: { 'aws:cdk:path': path },
});
const org = (regions: string[]): CfnTemplate => ({
  Resources: {
    Forces: ou('Forces', 'r-1'),
    Suspended: ou('Suspended', 'r-1'),
    ForceKent: ou('kent', { 'Fn::GetAtt': ['Forces', 'Id'] }),
    ForceEssex: ou('essex', { 'Fn::GetAtt': ['Forces', 'Id'] }),
    Regions: policy('Org/Regions', [{ 'Fn::GetAtt': ['Forces', 'Id'] }], regions),
    EssexOnly: policy('Org/EssexOnly', [{ 'Fn::GetAtt': ['ForceEssex', 'Id'] }], regions),
    SuspendedOnly: policy('Org/SuspendedOnly', [{ 'Fn::GetAtt': ['Suspended', 'Id'] }], regions),
    AtRoot: policy('Org/AtRoot', ['r-1'], regions),
  },
});
const kentScope = { tenancies: ['kent'], awsOus: ['kent'], awsAccounts: ['200000000171'] };

describe('a force report includes the national resources that govern its accounts and subscriptions', () => {
  test('AWS: the OUs holding the force and above it, policies on them or on the root; not on another force or on Suspended', () => {
    expect([...awsGoverning(org(['eu-west-2']), kentScope)].sort()).toEqual(['ForceKent', 'Forces', 'Org/AtRoot', 'Org/Regions']);
  });

  test('a loosened region guardrail above the force is reported with the force; one on another force is not', () => {
    const d = diffBaselines({
      from: '2027.02',
      to: '2026.11',
      scope: kentScope,
      awsStacks: [{ tenancy: 'national', stack: 'Nplz-Organization', from: org(['eu-west-2']), to: org(['eu-west-2', 'us-east-1']) }],
    });
    expect(d.breaking.map((b) => `${b.tenancy}: ${b.resource}`)).toEqual(['national: Org/AtRoot', 'national: Org/Regions']);
    // The same input with only the tenancy filter (as `--force` did before) loses them.
    expect(
      diffBaselines({
        from: '2027.02',
        to: '2026.11',
        tenancies: ['kent'],
        awsStacks: [{ tenancy: 'national', stack: 'Nplz-Organization', from: org(['eu-west-2']), to: org(['eu-west-2', 'us-east-1']) }],
      }).breaking,
    ).toEqual([]);
  });

  const mg = (id: string, parent: string) => ({
    urn: `urn:mg:${id}`,
    type: 'azure-native:management:ManagementGroup',
    name: id,
    custom: true,
    inputs: { groupId: id, details: { parent: { id: `/providers/Microsoft.Management/managementGroups/${parent}` } } },
  });
  const assignment = (name: string, group: string) => ({
    urn: `urn:pa:${name}`,
    type: 'azure-native:authorization:PolicyAssignment',
    name,
    custom: true,
    inputs: { scope: `/providers/Microsoft.Management/managementGroups/${group}` },
  });
  test('Azure: assignments at a management group above the force’s subscriptions; not at another force’s group', () => {
    const plan: DiffablePlan = {
      project: 'nplz',
      stack: 'estate',
      resources: [
        mg('nplz', 'tenant'),
        mg('nplz-forces', 'nplz'),
        mg('nplz-force-kent', 'nplz-forces'),
        mg('nplz-force-essex', 'nplz-forces'),
        mg('nplz-decommissioned', 'nplz'),
        {
          urn: 'urn:placement',
          type: 'azure-native:management:ManagementGroupSubscription',
          name: 'kent-prod-placement',
          custom: true,
          tenancy: 'kent',
          inputs: { groupId: 'nplz-force-kent' },
        },
        assignment('root', 'nplz'),
        assignment('forces', 'nplz-forces'),
        assignment('essex', 'nplz-force-essex'),
        assignment('decommissioned', 'nplz-decommissioned'),
      ],
    };
    expect([...azureGoverning(plan, kentScope)].sort()).toEqual([
      'urn:mg:nplz',
      'urn:mg:nplz-force-kent',
      'urn:mg:nplz-forces',
      'urn:pa:forces',
      'urn:pa:root',
    ]);
  });
});

describe('new access', () => {
  const sso = (principal: string, account: string, set = 'force-admin', id = 'Assign1'): CfnTemplate => ({
    Resources: {
      Set: { Type: 'AWS::SSO::PermissionSet', Properties: { Name: set } },
      [id]: {
        Type: 'AWS::SSO::Assignment',
        Properties: {
          PrincipalType: 'GROUP',
          PrincipalId: principal,
          TargetType: 'AWS_ACCOUNT',
          TargetId: account,
          PermissionSetArn: { 'Fn::GetAtt': ['Set', 'PermissionSetArn'] },
        },
        Metadata: { 'aws:cdk:path': `Identity/${id}` },
      },
    },
  });
  test('an Identity Center assignment re-pointed at another account is new access; renaming the same grant is not', () => {
    expect(awsAccessGranted(sso('g-1', '111111111111'), sso('g-1', '222222222222'), ctx).map((a) => a.message)).toEqual([
      'group g-1 is assigned force-admin on account 222222222222',
    ]);
    expect(awsAccessGranted(sso('g-1', '111111111111'), sso('g-1', '111111111111', 'force-admin', 'Renamed'), ctx)).toEqual([]);
  });

  const role = (principals: Record<string, unknown>): CfnTemplate => ({
    Resources: {
      R: {
        Type: 'AWS::IAM::Role',
        Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principals }] } },
        Metadata: { 'aws:cdk:path': 'Force-kent-prod/Tenancy/BreakGlass/Resource' },
      },
    },
  });
  test('a role that trusts another account is new access', () => {
    expect(
      awsAccessGranted(
        role({ AWS: 'arn:aws:iam::100000000001:root' }),
        role({ AWS: ['arn:aws:iam::100000000001:root', 'arn:aws:iam::999999999999:root'] }),
        ctx,
      ).map((a) => a.message),
    ).toEqual(['role Force-kent-prod/Tenancy/BreakGlass/Resource can be assumed by AWS arn:aws:iam::999999999999:root']);
  });

  const grant = (principal: string, scope: string, name = 'grant'): DiffablePlan => ({
    project: 'nplz',
    stack: 'estate',
    resources: [
      {
        urn: `urn:${name}`,
        type: 'azure-native:authorization:RoleAssignment',
        name,
        custom: true,
        tenancy: 'kent',
        inputs: {
          principalId: principal,
          scope,
          roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c',
        },
      },
    ],
  });
  test('an Azure role assignment for a new principal is new access, named by its built-in role', () => {
    expect(azureAccessGranted(grant('p-1', '/subscriptions/s-1'), grant('p-2', '/subscriptions/s-1')).map((a) => a.message)).toEqual([
      'principal p-2 gains Contributor at /subscriptions/s-1 (grant)',
    ]);
    expect(azureAccessGranted(grant('p-1', '/subscriptions/s-1'), grant('p-1', '/subscriptions/s-1', 'renamed'))).toEqual([]);
  });
});

describe('an estate diff', () => {
  test('names the tenancies added and removed, and an unchanged estate is clean', () => {
    const d = diffEstates({ base: 'a', head: 'b', baseTenancies: ['kent', 'surrey'], headTenancies: ['kent', 'sussex'], awsStacks: [] });
    expect(d.tenancies).toEqual({ added: ['sussex'], removed: ['surrey'], changed: [] });
    const text = renderEstateDiff(d);
    expect(text).toContain('Tenancies added (1): sussex');
    expect(text).toContain('Tenancies removed (1): surrey');
    expect(verdictExitCode(diffVerdict(d))).toBe(0);
  });
});
