import {
  BASELINE_2026_11,
  BASELINE_2027_02,
  BASELINE_2027_05,
  BASELINE_VERSIONS,
  BASELINES,
  getBaseline,
  isoDurationDays,
  isoDurationMinutes,
  LATEST_BASELINE,
  supportedVersions,
} from '../src';

describe('baselines', () => {
  test('are listed oldest first with unique date versions', () => {
    expect(BASELINE_VERSIONS[0]).toBe('2026.11');
    expect([...BASELINE_VERSIONS].sort()).toEqual(BASELINE_VERSIONS);
    expect(new Set(BASELINE_VERSIONS).size).toBe(BASELINE_VERSIONS.length);
    expect(LATEST_BASELINE).toBe(BASELINES[BASELINES.length - 1]);
  });

  test('are deeply immutable', () => {
    const b = getBaseline('2026.11');
    expect(Object.isFrozen(b)).toBe(true);
    expect(Object.isFrozen(b.regions.aws.allowed)).toBe(true);
    expect(Object.isFrozen(b.roles.force[0])).toBe(true);
    expect(() => {
      (b.logging as { securityAuditRetentionDays: number }).securityAuditRetentionDays = 1;
    }).toThrow(TypeError);
    expect(() => (b.regions.aws.allowed as string[]).push('us-east-1')).toThrow(TypeError);
    expect(b.logging.securityAuditRetentionDays).toBe(2557);
  });

  test('2026.11 keeps data in the UK and allows the global services', () => {
    expect(BASELINE_2026_11.regions.aws.allowed).toEqual(['eu-west-2']);
    expect(BASELINE_2026_11.regions.azure.allowed).toEqual(['uksouth', 'ukwest']);
    for (const svc of [
      'iam:*',
      'organizations:*',
      'sts:*',
      'cloudfront:*',
      'route53:*',
      'support:*',
      'budgets:*',
      'ce:*',
      'health:*',
      'trustedadvisor:*',
    ]) {
      expect(BASELINE_2026_11.regions.aws.globalServiceActions).toContain(svc);
    }
  });

  test('Azure roles carry real built-in role definition ids', () => {
    const reader = BASELINE_2026_11.roles.force.find((r) => r.id === 'force-readonly')!;
    expect(reader.azure.roleDefinitionId).toBe('acdd72a7-3385-48ef-bd42-f606fba81ae7');
  });

  test('fails on an unknown version with the published ones listed', () => {
    expect(() => getBaseline('2026.12')).toThrow('unknown baseline version "2026.12"');
  });

  test('the support window is the current version and those before it', () => {
    expect(supportedVersions('2026.11')).toEqual(['2026.11']);
    expect(supportedVersions('2027.02')).toEqual(['2026.11', '2027.02']);
    expect(supportedVersions('2027.05')).toEqual(['2027.02', '2027.05']);
    expect(supportedVersions('1999.01')).toEqual([]);
  });
});

describe('baseline 2027.02', () => {
  test('says what changes for forces', () => {
    expect(BASELINE_2027_02.changes.length).toBeGreaterThanOrEqual(3);
    expect(BASELINE_2027_02.changes.join('\n')).toContain('service-owner');
  });

  test('tightens and never loosens 2026.11', () => {
    expect(BASELINE_2027_02.logging.immutabilityDays).toBeGreaterThan(BASELINE_2026_11.logging.immutabilityDays);
    expect(BASELINE_2027_02.regions.aws.globalServiceActions).not.toContain('globalaccelerator:*');
    expect(BASELINE_2027_02.regions.aws.allowed).toEqual(BASELINE_2026_11.regions.aws.allowed);
    for (const port of BASELINE_2026_11.guardrails.network.denyInternetManagementPorts) {
      expect(BASELINE_2027_02.guardrails.network.denyInternetManagementPorts).toContain(port);
    }
    expect(BASELINE_2027_02.requiredTags.map((t) => t.key)).toEqual([...BASELINE_2026_11.requiredTags.map((t) => t.key), 'service-owner']);
  });

  test('building 2027.02 left 2026.11 untouched', () => {
    expect(BASELINE_2026_11.logging.immutabilityDays).toBe(365);
    expect(BASELINE_2026_11.regions.aws.globalServiceActions).toContain('globalaccelerator:*');
    expect(Object.isFrozen(BASELINE_2027_02.requiredTags)).toBe(true);
  });
});

describe('baseline 2027.05', () => {
  const allowed = (b: typeof BASELINE_2027_05) =>
    b.regionGuardrail.allowances.flatMap((a) => a.actions.map((action) => `${a.region} ${action} on ${a.resources.join(',')}`)).sort();

  test('is the newest, and changes only the region guardrail', () => {
    expect(LATEST_BASELINE).toBe(BASELINE_2027_05);
    expect(BASELINE_2027_05.released).toBe('2027-05-01');
    const { version: _v, released: _r, changes: _c, regionGuardrail: mine, ...rest } = BASELINE_2027_05;
    const { version: _pv, released: _pr, changes: _pc, regionGuardrail: theirs, ...prevRest } = BASELINE_2027_02;
    expect(rest).toEqual(prevRest);
    expect(mine).not.toEqual(theirs);
  });

  test('says what changes for forces, action by action', () => {
    const text = BASELINE_2027_05.changes.join('\n');
    for (const s of ['acm:ImportCertificate', 'logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'eu-west-2', 'acm:ExportCertificate'])
      expect(text).toContain(s);
  });

  test("allows in us-east-1 what 2027.02 did, and only ACM certificate import and the WAF logs' S3 delivery besides", () => {
    const before = allowed(BASELINE_2027_02);
    const after = allowed(BASELINE_2027_05);
    expect(after.filter((x) => !before.includes(x))).toEqual([
      'us-east-1 acm:ImportCertificate on *',
      'us-east-1 logs:CreateLogDelivery on *',
      'us-east-1 logs:DeleteLogDelivery on *',
    ]);
    expect(before.filter((x) => !after.includes(x))).toEqual([]);
    expect(after.some((x) => /ExportCertificate|logs:(CreateLogGroup|PutLogEvents|\*)|firehose:/.test(x))).toBe(false);
    expect(BASELINE_2027_05.regionGuardrail.allowances.every((a) => a.region === 'us-east-1' && a.reason.length > 0)).toBe(true);
  });

  test('building 2027.05 left 2027.02 untouched', () => {
    expect(BASELINE_2027_02.regionGuardrail.allowances.map((a) => a.name)).toEqual([
      'CloudFrontCertificates',
      'CloudFrontWebAcls',
      'CloudFrontWebAclLists',
    ]);
    expect(BASELINE_2027_02.regionGuardrail.allowances.flatMap((a) => a.actions)).not.toContain('acm:ImportCertificate');
    expect(Object.isFrozen(BASELINE_2027_05.regionGuardrail.allowances[0]!.actions)).toBe(true);
  });

  test.each(BASELINE_VERSIONS)('%s: the Azure audit key rotates before it expires, with room to notice a failed rotation', (v) => {
    const key = getBaseline(v).encryption.azure.auditKey;
    const rotate = isoDurationDays(key.rotateAfter);
    const expire = isoDurationDays(key.expireAfter);
    expect(rotate).toBeGreaterThanOrEqual(28);
    // Key Vault rotates at least 7 days before expiry; NPLZ leaves far more.
    expect(expire! - rotate!).toBeGreaterThanOrEqual(30);
  });

  test.each(BASELINE_VERSIONS)('%s: the break-glass rule looks back at least as far as it runs, within what Sentinel allows', (v) => {
    const rule = getBaseline(v).alerting.azure.breakGlassRule;
    const [frequency, lookback, grouping] = [rule.frequency, rule.lookback, rule.groupingLookback].map(isoDurationMinutes);
    for (const m of [frequency, lookback, grouping]) expect(m).toBeGreaterThanOrEqual(5);
    expect(Math.max(frequency!, lookback!)).toBeLessThanOrEqual(14 * 1440);
    expect(grouping).toBeLessThanOrEqual(7 * 1440);
    expect(lookback).toBeGreaterThan(frequency!);
  });

  test.each(BASELINE_VERSIONS)('%s: Azure activity logs export at least the audit categories', (v) => {
    expect(getBaseline(v).logging.azure.activityLogCategories).toEqual(expect.arrayContaining(['Administrative', 'Security', 'Policy']));
  });
});

describe('isoDurationDays', () => {
  test.each([
    ['P1Y', 365],
    ['P2Y', 730],
    ['P18M', 540],
    ['P90D', 90],
    ['P1Y6M', 545],
  ])('%s is %d days', (iso, days) => expect(isoDurationDays(iso)).toBe(days));
  test.each(['P', 'PT5M', 'P1W', '1Y', ''])('%p is not a duration of years, months and days', (iso) => {
    expect(isoDurationDays(iso)).toBeUndefined();
  });
});

describe('isoDurationMinutes', () => {
  test.each([
    ['PT5M', 5],
    ['PT1H', 60],
    ['PT1H30M', 90],
    ['P1D', 1440],
    ['P1DT12H', 2160],
    ['P14D', 20160],
  ])('%s is %d minutes', (iso, minutes) => expect(isoDurationMinutes(iso)).toBe(minutes));

  test.each(['P', 'PT', 'P1Y', 'P1M', 'PT5S', '5m', 'P1DT', ''])('%p has no fixed length in minutes', (iso) => {
    expect(isoDurationMinutes(iso)).toBeUndefined();
  });
});
