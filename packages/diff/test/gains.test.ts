import { BASELINE_2026_11, BASELINE_2027_02, type Baseline } from '@nplz/core';
import { baselineGains, diffBaselines, renderBaselineDiff } from '../src';

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
