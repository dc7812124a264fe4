import * as path from 'node:path';
import { checkEstate, Estate, loadEstate, TenancyEntry, TenancySpec } from '../src';

const SAMPLE = path.join(__dirname, '../../../examples/estate');
const NOW = new Date('2026-11-22T00:00:00Z');

function sample(): Estate {
  const r = loadEstate(SAMPLE, { now: NOW });
  if (!r.estate) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.estate;
}

/** A copy of the sample estate with one tenancy changed (or added). */
function withTenancy(name: string, change: (s: TenancySpec) => TenancySpec): Estate {
  const e = sample();
  const tenancies: TenancyEntry[] = e.tenancies.map((t) => (t.spec.name === name ? { ...t, spec: change(structuredClone(t.spec)) } : t));
  return { ...e, tenancies };
}

describe('estate', () => {
  test('the sample estate holds 43 force tenancies and the Kent and Essex collaboration, and is valid', () => {
    const e = sample();
    expect(e.tenancies.filter((t) => t.spec.force)).toHaveLength(43);
    expect(e.tenancies.find((t) => t.spec.name === 'kent-essex-its')?.spec.forces).toEqual(['kent', 'essex']);
    expect(checkEstate(e)).toEqual([]);
  });

  test('fails if a force has two tenancies', () => {
    const e = sample();
    const kent = e.tenancies.find((t) => t.spec.name === 'kent')!;
    const second = {
      spec: {
        ...kent.spec,
        name: 'kent-two',
        aws: undefined,
        azure: {
          subscriptions: { prod: '99999999-0000-4000-8000-000000000001', nonprod: '99999999-0000-4000-8000-000000000002' },
          network: { prod: '10.250.0.0/17', nonprod: '10.250.128.0/17' },
        },
      },
      file: 'kent-two.yaml',
    };
    const problems = checkEstate({ ...e, tenancies: [...e.tenancies, second] });
    expect(problems.map((p) => p.message)).toContain('force "kent" already has tenancy "kent" (' + kent.file + ')');
  });

  test('fails if two tenancies overlap, naming both tenancies and both ranges', () => {
    const problems = checkEstate(
      withTenancy('essex', (s) => ({ ...s, aws: { ...s.aws!, network: { ...s.aws!.network, prod: '10.33.0.0/18' } } })),
    );
    // kent is force index 17 → 10.33.0.0/17 on AWS
    expect(problems.map((p) => p.message)).toContain(
      'tenancy kent aws.network.prod 10.33.0.0/17 overlaps tenancy essex aws.network.prod 10.33.0.0/18',
    );
  });

  test('fails if a tenancy overlaps the national hub', () => {
    const problems = checkEstate(
      withTenancy('dorset', (s) => ({ ...s, azure: { ...s.azure!, network: { ...s.azure!.network, prod: '10.1.0.0/17' } } })),
    );
    expect(problems[0]?.message).toBe(
      'tenancy dorset azure.network.prod 10.1.0.0/17 overlaps national Azure hub azure.hubCidr 10.1.0.0/16',
    );
  });

  test('fails if a collaboration member has not consented', () => {
    const problems = checkEstate(withTenancy('essex', (s) => ({ ...s, collaborations: [] })));
    expect(problems.map((p) => p.message)).toEqual([
      'force "essex" does not consent to collaboration "kent-essex-its", which names it as a member',
    ]);
    expect(problems[0]?.hint).toContain('add "kent-essex-its" to collaborations');
  });

  test('fails if a collaboration names a force with no tenancy', () => {
    const problems = checkEstate(
      withTenancy('kent-essex-its', (s) => ({ ...s, force: undefined, forces: ['kent', 'essex', 'btp-typo' as never] })),
    );
    expect(problems.map((p) => p.message)).toContain(
      'collaboration "kent-essex-its" names force "btp-typo", which has no tenancy in the estate',
    );
  });

  test('fails if a force consents to a collaboration that does not exist', () => {
    const problems = checkEstate(withTenancy('dorset', (s) => ({ ...s, collaborations: ['wessex-shared'] })));
    expect(problems.map((p) => p.message)).toEqual(['no collaboration tenancy is named "wessex-shared"']);
  });

  test('fails if an account is used by two tenancies', () => {
    const e = sample();
    const kentProd = e.tenancies.find((t) => t.spec.name === 'kent')!.spec.aws!.accounts.prod!;
    const problems = checkEstate(
      withTenancy('dorset', (s) => ({ ...s, aws: { ...s.aws!, accounts: { ...s.aws!.accounts, prod: kentProd } } })),
    );
    expect(problems.map((p) => p.message)).toContain(`${kentProd} is already used by dorset/prod`);
  });

  test('fails if a tenancy pins a baseline outside the support window', () => {
    const e = sample();
    const problems = checkEstate({
      ...e,
      national: { ...e.national, baseline: '2026.11' },
      tenancies: e.tenancies.map((t) => (t.spec.name === 'dorset' ? { ...t, spec: { ...t.spec, baseline: '2020.01' } } : t)),
    });
    expect(problems[0]).toMatchObject({ path: 'baseline', received: '2020.01' });
  });

  test('fails with every problem in every file at once', () => {
    const r = loadEstate(path.join(__dirname, '../../../test/fixtures/invalid-estates/many-problems'), { now: NOW });
    expect(r.estate).toBeUndefined();
    expect(new Set(r.problems.map((p) => p.file)).size).toBeGreaterThanOrEqual(2);
  });
});
