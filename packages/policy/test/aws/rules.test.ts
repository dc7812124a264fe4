import { BASELINE_2026_11 } from '@nplz/core';
import { AWS_RULES, normalizeOutcome, type AwsRule, type AwsRuleContext, type RuleOutcome } from '../../src/aws';
import { ALWAYS_NON_COMPLIANT, NATIONAL, RULE_CASES, type RuleCase } from './fixtures';

function run(rule: AwsRule, c: RuleCase): RuleOutcome {
  const target = c.target ?? 'R';
  const r = c.resources[target]!;
  const ctx: AwsRuleContext = {
    baseline: BASELINE_2026_11,
    logicalId: target,
    resources: c.resources,
    ...(c.stackTags ? { stackTags: c.stackTags } : {}),
    ...(c.region ? { region: c.region } : {}),
    ...(c.collaborations ? { collaborations: c.collaborations } : {}),
    ...(c.logArchiveBucket ? { logArchiveBucket: c.logArchiveBucket } : {}),
    ...(c.configArchiveBucket ? { configArchiveBucket: c.configArchiveBucket } : {}),
    ...(c.tenancyRanges ? { tenancyRanges: c.tenancyRanges } : {}),
    ...(c.hubRange ? { hubRange: c.hubRange } : {}),
    ...(c.account ? { account: c.account } : {}),
    ...(c.managementAccount ? { managementAccount: c.managementAccount } : {}),
    ...(c.socEventBusArn ? { socEventBusArn: c.socEventBusArn } : {}),
  };
  expect(rule.resourceTypes.includes('*') || rule.resourceTypes.includes(r.Type)).toBe(true);
  return rule.evaluate(r, ctx);
}

const status = (rule: AwsRule, o: RuleOutcome) => normalizeOutcome(rule, o)?.status ?? 'not-applicable';

const passCases = AWS_RULES.flatMap((rule) => (RULE_CASES[rule.name]?.pass ?? []).map((c) => [rule.name, c.note, rule, c] as const));
const failCases = AWS_RULES.flatMap((rule) => (RULE_CASES[rule.name]?.fail ?? []).map((c) => [rule.name, c.note, rule, c] as const));

describe('every AWS rule', () => {
  test.each(AWS_RULES.map((r) => [r.name, r] as const))(
    '%s has fixtures: a non-compliant one, and a compliant one unless the type itself is the violation',
    (name) => {
      const cases = RULE_CASES[name];
      expect(cases).toBeDefined();
      expect(cases!.fail.length).toBeGreaterThan(0);
      if (!ALWAYS_NON_COMPLIANT.includes(name)) expect(cases!.pass.length).toBeGreaterThan(0);
    },
  );

  test('fixtures name no rule that does not exist', () => {
    expect(Object.keys(RULE_CASES).filter((n) => !AWS_RULES.some((r) => r.name === n))).toEqual([]);
  });

  test.each(passCases)('%s passes: %s', (_n, _note, rule, c) => {
    expect(status(rule, run(rule, c))).toBe('pass');
  });

  test.each(failCases)('%s flags: %s', (_n, _note, rule, c) => {
    const outcome = run(rule, c);
    expect(status(rule, outcome)).toBe('fail');
    // A failure explains itself: the rule's info plus, where the rule says more, what it found.
    expect(normalizeOutcome(rule, outcome)!.message).toContain(rule.info);
  });
});

describe('scope-dependent rules', () => {
  const tenancyOnly = [
    'SpokeNoInternetEgress',
    'SpokeNoPublicAddress',
    'SpokeDefaultRouteToTransitGateway',
    'VpcAttachedToTransitGateway',
    'IamRolePermissionsBoundary',
    'SpokeNoVpcPeering',
  ];
  test.each(tenancyOnly)('%s does not apply to the national platform or to unattributed stacks', (name) => {
    const rule = AWS_RULES.find((r) => r.name === name)!;
    const c = RULE_CASES[name]!.fail[0]!;
    const national = { ...c.stackTags, 'nplz:force': 'national' };
    expect(run(rule, { ...c, stackTags: national })).toBe('NOT_APPLICABLE');
    expect(run(rule, { ...c, stackTags: {} })).toBe('NOT_APPLICABLE');
  });

  // Its standards are the central configuration policy's, in another template: NplzPresence-SecurityHubStandards requires it.
  test('SecurityHubStandardsEnabled does not apply to a national hub with no standards of its own', () => {
    const rule = AWS_RULES.find((r) => r.name === 'SecurityHubStandardsEnabled')!;
    const c = RULE_CASES.SecurityHubStandardsEnabled!.fail[0]!;
    expect(run(rule, { ...c, stackTags: NATIONAL })).toBe('NOT_APPLICABLE');
  });

  test('roles NPLZ owns (nplz-*) need no boundary', () => {
    const rule = AWS_RULES.find((r) => r.name === 'IamRolePermissionsBoundary')!;
    expect(
      rule.evaluate(
        { Type: 'AWS::IAM::Role', Properties: { RoleName: 'nplz-break-glass' } },
        {
          baseline: BASELINE_2026_11,
          logicalId: 'R',
          resources: {},
          stackTags: { 'nplz:force': 'kent' },
        },
      ),
    ).toBe('NOT_APPLICABLE');
  });

  test('archive rules ignore ordinary buckets', () => {
    for (const name of ['S3ArchiveObjectLocked', 'S3ArchiveVersioned', 'S3ArchiveAccessLogged', 'S3ArchiveRetention']) {
      const rule = AWS_RULES.find((r) => r.name === name)!;
      expect(
        rule.evaluate({ Type: 'AWS::S3::Bucket', Properties: {} }, { baseline: BASELINE_2026_11, logicalId: 'B', resources: {} }),
      ).toBe('NOT_APPLICABLE');
    }
  });
});

describe('rules read the baseline, not constants', () => {
  const stricter = {
    ...BASELINE_2026_11,
    logging: { ...BASELINE_2026_11.logging, immutabilityDays: 400, operationalRetentionDays: 400 },
    regions: { ...BASELINE_2026_11.regions, aws: { ...BASELINE_2026_11.regions.aws, allowed: ['eu-west-1'], home: 'eu-west-1' } },
  };
  const ctx = (extra: Partial<AwsRuleContext> = {}): AwsRuleContext => ({ baseline: stricter, logicalId: 'R', resources: {}, ...extra });
  const rule = (n: string) => AWS_RULES.find((r) => r.name === n)!;

  test('immutability days', () => {
    const bucket = {
      Type: 'AWS::S3::Bucket',
      Properties: {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } },
      },
    };
    expect(rule('S3ArchiveObjectLocked').evaluate(bucket, ctx())).toEqual({
      status: 'NON_COMPLIANT',
      message: 'default retention of 365 days is shorter than the baseline 400',
    });
  });
  test('log retention', () => {
    expect(rule('LogGroupRetention').evaluate({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365 } }, ctx())).toEqual({
      status: 'NON_COMPLIANT',
      message: 'retention of 365 days is shorter than the baseline 400',
    });
  });
  test('allowed regions', () => {
    expect(rule('StackInAllowedRegion').evaluate({ Type: 'AWS::S3::Bucket' }, ctx({ region: 'eu-west-2' }))).toEqual({
      status: 'NON_COMPLIANT',
      message: 'region eu-west-2 is not allowed; use eu-west-1 (allowed: eu-west-1)',
    });
  });
});

describe('SocFindingsRouted fails closed', () => {
  test('a SOC severity the catalog does not know routes nothing to pass', () => {
    const unknown = { ...BASELINE_2026_11, alerting: { ...BASELINE_2026_11.alerting, socMinimumSeverity: 'severe' as 'high' } };
    const rule = AWS_RULES.find((r) => r.name === 'SocFindingsRouted')!;
    const findingsRule = {
      Type: 'AWS::Events::Rule',
      Properties: {
        EventPattern: { source: ['aws.securityhub'], detail: { findings: { Severity: { Label: ['CRITICAL'] } } } },
        Targets: [{ Arn: { Ref: 'Topic' }, Id: 'T' }],
      },
    };
    expect(
      rule.evaluate(findingsRule, {
        baseline: unknown,
        logicalId: 'R',
        resources: { R: findingsRule, Topic: { Type: 'AWS::SNS::Topic' } },
      }),
    ).toEqual({ status: 'NON_COMPLIANT', message: `the baseline's SOC severity "severe" is not one of critical, high, medium, low` });
  });
});

describe('AWS Config and the object-locked archive', () => {
  const rule = (n: string) => AWS_RULES.find((r) => r.name === n)!;
  const ctx = (resources: AwsRuleContext['resources'], logicalId = 'R'): AwsRuleContext => ({
    baseline: BASELINE_2026_11,
    logicalId,
    resources,
  });

  test('a delivery channel to the object-locked archive says why Config cannot deliver there', () => {
    const channel = { Type: 'AWS::Config::DeliveryChannel', Properties: { S3BucketName: 'nplz-log-archive-111111111111-eu-west-2' } };
    expect(rule('LogsDeliveredToNationalArchive').evaluate(channel, ctx({ R: channel }))).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'destination nplz-log-archive-111111111111-eu-west-2 is the object-locked log archive, which AWS Config cannot deliver to (Config refuses buckets with Object Lock enabled); deliver to the national Config archive',
    });
  });

  test('a Config archive with object lock is flagged, with the fix', () => {
    const bucket = {
      Type: 'AWS::S3::Bucket',
      Properties: { BucketName: 'nplz-config-archive-111111111111-eu-west-2', ObjectLockEnabled: true },
    };
    expect(rule('S3ArchiveObjectLocked').evaluate(bucket, ctx({ R: bucket }))).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'AWS Config delivers here, and Config cannot deliver to a bucket with Object Lock enabled: deliver Config to a bucket without it',
    });
  });
});
