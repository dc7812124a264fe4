import { BASELINE_2026_11, BASELINE_2027_02, type Baseline } from '@nplz/core';
import { baselineGains, diffBaselines, diffVerdict, lockedRetentionBreaking, renderBaselineDiff, renderGains } from '../src';

/**
 * What a move between baselines gains, read from the published baselines' data. The expected values
 * are the published data (v2026-11.ts and v2027-02.ts), not the changelog text.
 */
describe('what moving from 2026.11 to 2027.02 gains', () => {
  const g = baselineGains('2026.11', '2027.02');

  test('the settings that tighten, with their values before and after', () => {
    expect(g.settings).toEqual([
      { path: 'guardrails.network.denyInternetManagementPorts', direction: 'tightened', added: [5985, 5986], removed: [] },
      { path: 'logging.immutabilityDays', direction: 'tightened', from: 365, to: 730 },
      { path: 'regions.aws.globalServiceActions', direction: 'tightened', added: [], removed: ['globalaccelerator:*'] },
    ]);
    expect(g.tags).toEqual(['service-owner']);
    expect(g.controls).toEqual([]);
    expect(g.controlsDropped).toEqual([]);
  });

  test('the report lists them under "gains" and nothing under "loosens"', () => {
    const text = renderBaselineDiff(diffBaselines({ from: '2026.11', to: '2027.02', awsStacks: [] }));
    expect(text).toContain('What moving to 2027.02 gains (from the baseline data):');
    expect(text).toContain('  + tightened logging.immutabilityDays: 365 → 730');
    expect(text).toContain('  + tightened guardrails.network.denyInternetManagementPorts: +5985 +5986');
    expect(text).toContain('  + tightened regions.aws.globalServiceActions: -globalaccelerator:*');
    expect(text).toContain('  + tag service-owner on every tenancy resource');
    expect(text).not.toContain('loosens or changes');
  });

  test('going back the same way gains nothing: every one of them is loosened', () => {
    const back = baselineGains('2027.02', '2026.11');
    expect(back.settings.map((s) => `${s.path}: ${s.direction}`)).toEqual([
      'guardrails.network.denyInternetManagementPorts: loosened',
      'logging.immutabilityDays: loosened',
      'regions.aws.globalServiceActions: loosened',
    ]);
    const text = renderBaselineDiff(diffBaselines({ from: '2027.02', to: '2026.11', awsStacks: [] }));
    expect(text).not.toContain('gains (from the baseline data)');
    expect(text).toContain('  - loosened logging.immutabilityDays: 730 → 365');
  });
});

describe('a careless next baseline is read from its data, whatever its changelog says', () => {
  // Built as a new baseline file would be built from 2027.02, with a changelog that claims only gains.
  const careless: Baseline = {
    ...BASELINE_2027_02,
    version: '2027.05',
    changes: ['Tightens the evidence lock.'],
    logging: { ...BASELINE_2027_02.logging, immutabilityDays: 400 },
    regions: {
      ...BASELINE_2027_02.regions,
      aws: { ...BASELINE_2027_02.regions.aws, allowed: [...BASELINE_2027_02.regions.aws.allowed, 'eu-west-1'] },
    },
    guardrails: { ...BASELINE_2027_02.guardrails, aws: { ...BASELINE_2027_02.guardrails.aws, denyRootUser: false } },
    controls: [...BASELINE_2027_02.controls.filter((c) => c !== BASELINE_2027_02.controls[0])],
  };

  test('a shorter lock, an extra region, a guardrail switched off and a dropped control are loosened, not gains', () => {
    const g = baselineGains(BASELINE_2027_02, careless);
    expect(g.settings.map((s) => `${s.path}: ${s.direction}`)).toEqual([
      'guardrails.aws.denyRootUser: loosened',
      'logging.immutabilityDays: loosened',
      'regions.aws.allowed: loosened',
    ]);
    expect(g.controlsDropped).toEqual([BASELINE_2027_02.controls[0]]);
  });

  test('a setting NPLZ knows no direction for is reported as changed, never as a gain', () => {
    const g = baselineGains(BASELINE_2026_11, {
      ...BASELINE_2026_11,
      network: { ...BASELINE_2026_11.network, aws: { ...BASELINE_2026_11.network.aws, availabilityZones: 2 } },
    });
    expect(g.settings).toEqual([
      { path: 'network.aws.availabilityZones', direction: 'changed', from: BASELINE_2026_11.network.aws.availabilityZones, to: 2 },
    ]);
  });
});

describe('a careless next baseline that drops a required tag', () => {
  const dropped = BASELINE_2027_02.requiredTags.find((t) => t.key === 'service-owner')!;
  const careless: Baseline = {
    ...BASELINE_2027_02,
    version: '2027.05',
    changes: ['Simplifies tagging.'],
    requiredTags: BASELINE_2027_02.requiredTags.filter((t) => t !== dropped),
  };

  test('the tag is listed under "loosens or changes", never as a gain', () => {
    const g = baselineGains(BASELINE_2027_02, careless);
    expect(g.tags).toEqual([]);
    expect(g.tagsDropped).toEqual(['service-owner']);
    const text = renderGains(g, '2027.05').join('\n');
    expect(text).not.toContain('gains (from the baseline data)');
    expect(text).toContain('What moving to 2027.05 loosens or changes (from the baseline data):');
    expect(text).toContain('  - loosened tag service-owner is no longer required on tenancy resources');
  });

  test('a required tag whose definition changes is a change, not a gain', () => {
    const g = baselineGains(BASELINE_2027_02, {
      ...BASELINE_2027_02,
      requiredTags: BASELINE_2027_02.requiredTags.map((t) => (t === dropped ? { ...t, source: 'tenancy' as const } : t)),
    });
    expect(g.tags).toEqual([]);
    expect(g.tagsChanged).toEqual(['service-owner']);
    expect(renderGains(g, 'next').join('\n')).toContain('  - changed the definition of required tag service-owner');
  });
});

describe('a backup retention shortened under a lock in force is a breaking change', () => {
  const b = BASELINE_2027_02.backup;
  const next = (backup: Baseline['backup']): Baseline => ({ ...BASELINE_2027_02, version: '2027.05', backup });

  test('a lower Vault Lock minimum (immutable once locked) names the setting and both values', () => {
    const careless = next({ ...b, aws: { ...b.aws, vaultLock: { ...b.aws.vaultLock, minRetentionDays: 7 } } });
    const found = lockedRetentionBreaking(BASELINE_2027_02, careless);
    expect(found).toEqual([
      expect.objectContaining({
        kind: 'guardrail-loosened',
        cloud: 'aws',
        tenancy: 'every tenancy',
        resource: 'backup.aws.vaultLock.minRetentionDays',
      }),
    ]);
    expect(found[0]!.message).toContain(`backup.aws.vaultLock.minRetentionDays goes from ${b.aws.vaultLock.minRetentionDays} to 7 days`);
    expect(found[0]!.message).toContain('compliance mode');
    expect(baselineGains(BASELINE_2027_02, careless).settings).toEqual([
      { path: 'backup.aws.vaultLock.minRetentionDays', direction: 'loosened', from: b.aws.vaultLock.minRetentionDays, to: 7 },
    ]);
  });

  test('a classification retention below the lock minimum in force fails on AWS; any reduction fails under a Locked Azure vault', () => {
    // A baseline that lowers the OFFICIAL retention and its own lock minimum to match: sound on its
    // own, but the lock already on every vault keeps its minimum.
    const careless = next({
      ...b,
      retentionDays: { ...b.retentionDays, OFFICIAL: 14 },
      aws: { ...b.aws, vaultLock: { ...b.aws.vaultLock, minRetentionDays: 14 } },
    });
    const found = lockedRetentionBreaking(BASELINE_2027_02, careless);
    expect(found.map((x) => `${x.cloud} ${x.resource}`)).toEqual([
      'aws backup.aws.vaultLock.minRetentionDays',
      'aws backup.retentionDays.OFFICIAL',
      'azure backup.retentionDays.OFFICIAL',
    ]);
    expect(found[1]!.message).toBe(
      `backup.retentionDays.OFFICIAL goes from ${b.retentionDays.OFFICIAL} to 14 days, below the Vault Lock minimum in force (backup.aws.vaultLock.minRetentionDays ${b.aws.vaultLock.minRetentionDays}): every OFFICIAL backup job would fail`,
    );
    expect(found[2]!.message).toContain(`backup.retentionDays.OFFICIAL goes from ${b.retentionDays.OFFICIAL} to 14 days`);
    expect(found[2]!.message).toContain('Locked');
    // Only the clouds the estate renders.
    expect(lockedRetentionBreaking(BASELINE_2027_02, careless, ['azure']).map((x) => x.cloud)).toEqual(['azure']);
    expect(diffVerdict({ breaking: found })).toBe('breaking');
  });

  test('a shorter AWS retention still above the lock minimum is loosened, not breaking on AWS; a longer one is a gain', () => {
    const shorter = next({ ...b, retentionDays: { ...b.retentionDays, 'OFFICIAL-SENSITIVE': 60 } });
    expect(lockedRetentionBreaking(BASELINE_2027_02, shorter).map((x) => x.cloud)).toEqual(['azure']);
    expect(baselineGains(BASELINE_2027_02, shorter).settings[0]).toMatchObject({
      path: 'backup.retentionDays.OFFICIAL-SENSITIVE',
      direction: 'loosened',
    });
    const longer = next({ ...b, retentionDays: { ...b.retentionDays, 'OFFICIAL-SENSITIVE': 120 } });
    expect(lockedRetentionBreaking(BASELINE_2027_02, longer)).toEqual([]);
    expect(baselineGains(BASELINE_2027_02, longer).settings[0]).toMatchObject({ direction: 'tightened' });
  });

  test('the published baselines move without one', () => {
    expect(lockedRetentionBreaking('2026.11', '2027.02')).toEqual([]);
    expect(diffBaselines({ from: '2026.11', to: '2027.02', awsStacks: [] }).breaking).toEqual([]);
  });
});
