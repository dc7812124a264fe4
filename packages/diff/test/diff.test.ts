import {
  awsEvidenceLoosening,
  awsGuardrailLoosening,
  azureEvidenceLoosening,
  azureGuardrailLoosening,
  CfnTemplate,
  diffAwsTemplates,
  diffAzurePlans,
  diffBaselines,
  differingPaths,
  DiffablePlan,
  isAzureReplaceKey,
  renderBaselineDiff,
} from '../src';

const ctx = { tenancy: 'kent', environment: 'prod', stack: 'Force-kent-prod' };

const bucket = (days: number, name?: string): CfnTemplate => ({
  Resources: {
    Archive: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        ...(name ? { BucketName: name } : {}),
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: days } } },
      },
      Metadata: { 'aws:cdk:path': 'Force-kent-prod/Archive/Resource' },
    },
  },
});

const scp = (statements: object[], targets: unknown[] = [{ Ref: 'ForcesOu' }]): CfnTemplate => ({
  Resources: {
    Region: {
      Type: 'AWS::Organizations::Policy',
      Properties: { Type: 'SERVICE_CONTROL_POLICY', TargetIds: targets, Content: { Version: '2012-10-17', Statement: statements } },
      Metadata: { 'aws:cdk:path': 'National/Guardrails/Region' },
    },
  },
});
const regionDeny = (regions: string[], notAction: string[]) => ({
  Sid: 'DenyNonUkRegions',
  Effect: 'Deny',
  NotAction: notAction,
  Resource: '*',
  Condition: { StringNotEquals: { 'aws:RequestedRegion': regions } },
});

describe('differingPaths', () => {
  test('names the leaves that differ', () => {
    expect(differingPaths({ a: { b: 1, c: [1, 2] } }, { a: { b: 2, c: [1, 2, 3] } })).toEqual(['a.b', 'a.c[2]']);
    expect(differingPaths({ a: 1 }, { a: 1 })).toEqual([]);
  });
});

describe('AWS template diff', () => {
  test('a property update is a modify with its property path', () => {
    const [c] = diffAwsTemplates(bucket(365), bucket(730), ctx);
    expect(c).toMatchObject({
      action: 'modify',
      type: 'AWS::S3::Bucket',
      resource: 'Force-kent-prod/Archive/Resource',
      stateful: true,
      paths: ['Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days'],
    });
  });

  test('renaming a bucket replaces it, which is breaking', () => {
    const d = diffBaselines({ from: '2026.11', to: '2027.02', awsStacks: [{ ...ctx, from: bucket(365, 'a'), to: bucket(365, 'b') }] });
    expect(d.changes[0]?.action).toBe('replace');
    expect(d.breaking).toEqual([
      expect.objectContaining({ kind: 'stateful-replace', tenancy: 'kent', message: expect.stringContaining('its data would be lost') }),
    ]);
  });

  test('a resource the template keeps on delete is stateful whatever its type', () => {
    const role = (policy?: string): CfnTemplate => ({
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          ...(policy ? { DeletionPolicy: policy } : {}),
          Properties: { AssumeRolePolicyDocument: {} },
          Metadata: { 'aws:cdk:path': 'Force-kent-prod/Role/Resource' },
        },
      },
    });
    expect(diffAwsTemplates(role('Retain'), { Resources: {} }, ctx)[0]).toMatchObject({ action: 'remove', stateful: true });
    expect(diffAwsTemplates(role(), { Resources: {} }, ctx)[0]).toMatchObject({ action: 'remove', stateful: false });
  });

  test('removing a bucket is breaking; adding one is not', () => {
    expect(
      diffBaselines({ from: '2026.11', to: '2027.02', awsStacks: [{ ...ctx, from: bucket(1), to: { Resources: {} } }] }).breaking[0]?.kind,
    ).toBe('stateful-delete');
    expect(
      diffBaselines({ from: '2026.11', to: '2027.02', awsStacks: [{ ...ctx, from: { Resources: {} }, to: bucket(1) }] }).breaking,
    ).toEqual([]);
  });

  test('metadata-only changes are not changes', () => {
    const a = bucket(1);
    const b = structuredClone(a) as { Resources: Record<string, { Metadata: Record<string, string> }> };
    b.Resources.Archive!.Metadata['aws:cdk:path'] = 'Elsewhere';
    expect(diffAwsTemplates(a, b as CfnTemplate, ctx)).toEqual([]);
  });
});

describe('AWS guardrail loosening', () => {
  const uk = regionDeny(['eu-west-2'], ['iam:*', 'sts:*']);
  test('tightening is not loosening', () => {
    expect(awsGuardrailLoosening(scp([uk]), scp([regionDeny(['eu-west-2'], ['iam:*'])]), ctx)).toEqual([]);
  });
  test.each([
    ['a region added', scp([regionDeny(['eu-west-2', 'us-east-1'], ['iam:*', 'sts:*'])]), 'now allows region(s) us-east-1'],
    ['an action exempted', scp([regionDeny(['eu-west-2'], ['iam:*', 'sts:*', 's3:*'])]), 'now exempts s3:*'],
    ['the deny removed', scp([]), 'deny DenyNonUkRegions is removed'],
    ['the policy detached', scp([uk], []), 'is detached from {"Ref":"ForcesOu"}'],
    ['the policy removed', { Resources: {} }, 'guardrail policy National/Guardrails/Region is removed'],
  ])('flags %s', (_, after, fragment) => {
    const found = awsGuardrailLoosening(scp([uk]), after as CfnTemplate, ctx);
    expect(found.map((f) => f.message).join('\n')).toContain(fragment);
    expect(found[0]?.kind).toBe('guardrail-loosened');
  });
  test('policy content given as a JSON string is read too', () => {
    const asString = (t: CfnTemplate) => {
      const c = structuredClone(t) as unknown as { Resources: { Region: { Properties: { Content: unknown } } } };
      c.Resources.Region.Properties.Content = JSON.stringify(c.Resources.Region.Properties.Content);
      return c as unknown as CfnTemplate;
    };
    expect(awsGuardrailLoosening(asString(scp([uk])), asString(scp([])), ctx)).toHaveLength(1);
  });
});

describe('evidence made weaker is a loosened guardrail', () => {
  const one = (Type: string, Properties: Record<string, unknown>): CfnTemplate => ({
    Resources: { R: { Type, Properties, Metadata: { 'aws:cdk:path': 'National/R/Resource' } } },
  });
  const locked = (mode: string, days: number, expiry?: number) =>
    one('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: mode, Days: days } } },
      ...(expiry ? { LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: expiry }] } } : {}),
    });
  const messages = (a: CfnTemplate, b: CfnTemplate) => awsEvidenceLoosening(a, b, ctx).map((f) => f.message);

  test.each([
    [
      'a shorter object lock',
      locked('COMPLIANCE', 730),
      locked('COMPLIANCE', 365),
      'evidence lock on National/R/Resource shortened from 730 to 365 days',
    ],
    [
      'a lock in years, shortened',
      one('AWS::S3::Bucket', { ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 2 } } } }),
      locked('COMPLIANCE', 365),
      'shortened from 730 to 365 days',
    ],
    [
      'the default lock removed',
      locked('COMPLIANCE', 365),
      one('AWS::S3::Bucket', { ObjectLockEnabled: true }),
      'evidence lock on National/R/Resource removed (was 365 days)',
    ],
    [
      'compliance mode weakened to governance',
      locked('COMPLIANCE', 365),
      locked('GOVERNANCE', 365),
      'weakened from COMPLIANCE to GOVERNANCE mode',
    ],
    [
      'an archive kept for less time',
      locked('COMPLIANCE', 365, 2557),
      locked('COMPLIANCE', 365, 400),
      'archive National/R/Resource now keeps objects 400 days instead of 2557',
    ],
    [
      'a log group given an expiry',
      one('AWS::Logs::LogGroup', {}),
      one('AWS::Logs::LogGroup', { RetentionInDays: 90 }),
      'now keeps logs 90 days (they were kept without expiry)',
    ],
    [
      'a log group kept for less time',
      one('AWS::Logs::LogGroup', { RetentionInDays: 365 }),
      one('AWS::Logs::LogGroup', { RetentionInDays: 90 }),
      'now keeps logs 90 days instead of 365',
    ],
    [
      'a trail that stops validating',
      one('AWS::CloudTrail::Trail', { IsLogging: true, EnableLogFileValidation: true }),
      one('AWS::CloudTrail::Trail', { IsLogging: true }),
      'trail National/R/Resource stops validating its log files',
    ],
  ])('on AWS: %s', (_what, before, after, fragment) => {
    const found = awsEvidenceLoosening(before, after, ctx);
    expect(found.map((f) => f.message).join('\n')).toContain(fragment);
    expect(found.every((f) => f.kind === 'guardrail-loosened' && f.cloud === 'aws' && f.tenancy === 'kent')).toBe(true);
  });

  test('on AWS: earlier versions of an archive kept for less time', () => {
    const versions = (days: number) =>
      one('AWS::S3::Bucket', {
        ObjectLockEnabled: true,
        LifecycleConfiguration: { Rules: [{ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: days } }] },
      });
    expect(messages(versions(2557), versions(90))).toEqual(['archive National/R/Resource now keeps objects 90 days instead of 2557']);
  });

  test('on AWS: longer locks and retention, and unchanged resources, are not flagged', () => {
    expect(messages(locked('COMPLIANCE', 365, 2557), locked('COMPLIANCE', 730, 3000))).toEqual([]);
    expect(messages(locked('GOVERNANCE', 365), locked('COMPLIANCE', 365))).toEqual([]);
    expect(messages(one('AWS::Logs::LogGroup', { RetentionInDays: 90 }), one('AWS::Logs::LogGroup', {}))).toEqual([]);
    expect(messages(locked('COMPLIANCE', 365), { Resources: {} })).toEqual([]); // a removal is judged as a stateful change
  });

  const azure = (type: string, inputs: Record<string, unknown>): DiffablePlan => ({
    project: 'nplz',
    stack: 'estate',
    resources: [{ urn: `urn:pulumi:estate::nplz::${type}::x`, type, name: 'x', custom: true, inputs, tenancy: 'kent' }],
  });
  test.each([
    [
      'container immutability',
      'azure-native:storage:BlobContainerImmutabilityPolicy',
      { immutabilityPeriodSinceCreationInDays: 730 },
      { immutabilityPeriodSinceCreationInDays: 365 },
      'immutability on x shortened from 730 to 365 days',
    ],
    [
      'account immutability',
      'azure-native:storage:StorageAccount',
      { immutableStorageWithVersioning: { immutabilityPolicy: { immutabilityPeriodSinceCreationInDays: 730 } } },
      { immutableStorageWithVersioning: { enabled: false } },
      'immutability on x shortened from 730 to 0 days',
    ],
    [
      'workspace retention',
      'azure-native:operationalinsights:Workspace',
      { retentionInDays: 365 },
      { retentionInDays: 90 },
      'log retention on x shortened from 365 to 90 days',
    ],
    [
      'an activity-log category dropped',
      'azure-native:monitor:SubscriptionDiagnosticSetting',
      {
        logs: [
          { category: 'Administrative', enabled: true },
          { category: 'Security', enabled: true },
        ],
      },
      {
        logs: [
          { category: 'Administrative', enabled: true },
          { category: 'Security', enabled: false },
        ],
      },
      'diagnostic setting x no longer sends Security',
    ],
    [
      'an Entra sign-in log dropped',
      'azure-native:aadiam:DiagnosticSetting',
      {
        logs: [
          { category: 'SignInLogs', enabled: true },
          { category: 'AuditLogs', enabled: true },
        ],
      },
      { logs: [{ category: 'AuditLogs', enabled: true }] },
      'diagnostic setting x no longer sends SignInLogs',
    ],
    [
      'a category group dropped',
      'azure-native:monitor:DiagnosticSetting',
      { logs: [{ categoryGroup: 'audit', enabled: true }] },
      { logs: [] },
      'diagnostic setting x no longer sends audit',
    ],
  ])('on Azure: %s', (_what, type, before, after, fragment) => {
    const found = azureEvidenceLoosening(azure(type, before), azure(type, after));
    expect(found.map((f) => f.message)).toEqual([fragment]);
    expect(found[0]).toMatchObject({ kind: 'guardrail-loosened', cloud: 'azure', tenancy: 'kent' });
    expect(azureEvidenceLoosening(azure(type, after), azure(type, before))).toEqual([]);
  });

  test('on Azure: moving from named categories to every log (allLogs) loses nothing', () => {
    const type = 'azure-native:monitor:DiagnosticSetting';
    const named = azure(type, { logs: [{ category: 'AuditEvent', enabled: true }] });
    const all = azure(type, { logs: [{ categoryGroup: 'allLogs', enabled: true }] });
    expect(azureEvidenceLoosening(named, all)).toEqual([]);
  });
});

describe('Azure plan diff', () => {
  const res = (type: string, name: string, inputs: Record<string, unknown>, tenancy = 'kent') => ({
    urn: `urn:pulumi:estate::nplz::${type}::${name}`,
    type,
    name,
    custom: true,
    inputs,
    tenancy,
    environment: 'prod',
  });
  const plan = (...resources: ReturnType<typeof res>[]): DiffablePlan => ({ project: 'nplz', stack: 'estate', resources });

  test('input changes are modifies; name and location changes replace', () => {
    const sa = (inputs: Record<string, unknown>) =>
      res('azure-native:storage:StorageAccount', 'kent-prod-audit', {
        accountName: 'kentaudit',
        location: 'uksouth',
        minimumTlsVersion: 'TLS1_2',
        ...inputs,
      });
    expect(diffAzurePlans(plan(sa({})), plan(sa({ minimumTlsVersion: 'TLS1_3' })))[0]).toMatchObject({
      action: 'modify',
      paths: ['minimumTlsVersion'],
      stateful: true,
    });
    expect(diffAzurePlans(plan(sa({})), plan(sa({ location: 'ukwest' })))[0]?.action).toBe('replace');
    expect(diffAzurePlans(plan(sa({})), plan(sa({ accountName: 'kentaudit2' })))[0]?.action).toBe('replace');
    expect(isAzureReplaceKey('displayName')).toBe(false);
  });

  test('a removed stateful resource is breaking', () => {
    const d = diffBaselines({
      from: '2026.11',
      to: '2027.02',
      awsStacks: [],
      azurePlans: { from: plan(res('azure-native:keyvault:Vault', 'kent-prod-kv', {})), to: plan() },
    });
    expect(d.breaking[0]).toMatchObject({ kind: 'stateful-delete', cloud: 'azure', tenancy: 'kent' });
  });

  test('a resource the renderer protects or keeps on delete is stateful whatever its type; an unprotected one of a plain type is not', () => {
    const identity = (name: string, extra: Record<string, unknown>) => ({
      ...res('azure-native:managedidentity:UserAssignedIdentity', 'kent-prod-audit-identity', { resourceName: name }),
      ...extra,
    });
    const kept = diffAzurePlans(plan(identity('a', { protect: true, retainOnDelete: true })), plan(identity('b', {})));
    expect(kept[0]).toMatchObject({ action: 'replace', stateful: true });
    const plain = diffAzurePlans(plan(identity('a', {})), plan(identity('b', {})));
    expect(plain[0]).toMatchObject({ action: 'replace', stateful: false });
  });

  const assignment = (params: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    res(
      'azure-native:authorization:PolicyAssignment',
      'nplz-allowed-locations',
      { parameters: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, { value: v }])), ...extra },
      undefined as never,
    );

  test.each([
    ['a location allowed', { listOfAllowedLocations: ['uksouth', 'ukwest', 'westeurope'] }, {}, 'now also allows westeurope'],
    ['a port no longer denied', { deniedPorts: [22] }, {}, 'no longer covers 3389'],
    ['a deny effect weakened', { effect: 'Audit' }, {}, 'weakened from Deny to Audit'],
    ['enforcement switched off', {}, { enforcementMode: 'DoNotEnforce' }, 'is no longer enforced'],
  ])('flags %s as a loosened guardrail', (_, params, extra, fragment) => {
    const before = plan(assignment({ listOfAllowedLocations: ['uksouth', 'ukwest'], deniedPorts: [22, 3389], effect: 'Deny' }));
    const after = plan(
      assignment({ listOfAllowedLocations: ['uksouth', 'ukwest'], deniedPorts: [22, 3389], effect: 'Deny', ...params }, extra),
    );
    expect(
      azureGuardrailLoosening(before, after)
        .map((b) => b.message)
        .join('\n'),
    ).toContain(fragment);
  });

  test('adding a denied port tightens, and is not flagged', () => {
    const before = plan(assignment({ deniedPorts: [22, 3389] }));
    const after = plan(assignment({ deniedPorts: [22, 3389, 5985] }));
    expect(azureGuardrailLoosening(before, after)).toEqual([]);
  });
});

describe('the report', () => {
  test('names the baseline changes, the impact per tenancy and the breaking changes', () => {
    const d = diffBaselines({ from: '2026.11', to: '2027.02', awsStacks: [{ ...ctx, from: bucket(365), to: bucket(730) }] });
    const text = renderBaselineDiff(d, { details: true });
    expect(text).toContain('Baseline 2026.11 → 2027.02');
    expect(text).toContain('2027.02: Audit evidence is locked for two years');
    expect(text).toMatch(/kent\s+aws\s+\+0 -0 ~1 ±0/);
    expect(text).toContain('Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days');
    expect(text).toContain('No breaking change');
  });

  test('filters to the tenancies asked for', () => {
    const d = diffBaselines({
      from: '2026.11',
      to: '2027.02',
      tenancies: ['essex'],
      awsStacks: [{ ...ctx, from: bucket(365), to: bucket(730) }],
    });
    expect(d.changes).toEqual([]);
  });
});
