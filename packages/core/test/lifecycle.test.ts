import { evidenceRetention, evidenceRetentionDays, getBaseline, retentionEnd, TenancySpecInput, validateTenancy } from '../src';

const NOW = new Date('2026-11-22T00:00:00Z');
const BASELINE = getBaseline('2026.11');
/** The baseline's evidence retention: each record is kept this long from when it is written. */
const DAYS = evidenceRetentionDays(BASELINE);
const plus = (day: string, days: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

function spec(lifecycle: Record<string, unknown>): TenancySpecInput {
  return {
    name: 'dorset',
    force: 'dorset',
    baseline: '2026.11',
    classification: 'OFFICIAL-SENSITIVE',
    environments: ['prod'],
    aws: { accounts: { prod: '400000000001' }, network: { prod: '10.210.0.0/20' } },
    identity: { groups: { 'force-admin': { displayName: 'DORSET-ADMIN', awsGroupId: 'g-1' } } },
    tags: { 'cost-centre': 'dorset-it', 'data-owner': 'Dorset IAO' },
    lifecycle,
  } as unknown as TenancySpecInput;
}
const problemsOf = (lifecycle: Record<string, unknown>) => validateTenancy(spec(lifecycle), { now: NOW }).problems;
const decommissioning = (l: { since: string; retainUntil?: string; writesStoppedOn?: string }) => ({
  lifecycle: { state: 'decommissioning' as const, ...l },
});

describe('the retention end of a decommissioning tenancy counts from the last write', () => {
  test('while writing has not stopped, the end is "N days after its last write", never since + N', () => {
    const r = evidenceRetention(decommissioning({ since: '2026-11-20' }), BASELINE);
    expect(r).toEqual({
      days: DAYS,
      notBefore: plus('2026-11-20', DAYS),
      text: `the day ${DAYS} days after its last write, no earlier than ${plus('2026-11-20', DAYS)}`,
    });
    expect(r?.until).toBeUndefined();
    // The phrase every report prints after "evidence kept until".
    expect(retentionEnd(decommissioning({ since: '2026-11-20' }), BASELINE)).toBe(r?.text);
  });

  test('records written after since are kept from when they were written: writesStoppedOn + N', () => {
    const r = evidenceRetention(decommissioning({ since: '2026-11-20', writesStoppedOn: '2026-11-21' }), BASELINE);
    expect(r?.until).toBe(plus('2026-11-21', DAYS));
    expect(r?.text).toBe(plus('2026-11-21', DAYS));
  });

  test('the end is the later of retainUntil and writesStoppedOn + N', () => {
    const late = plus('2026-11-20', DAYS + 400);
    expect(
      evidenceRetention(decommissioning({ since: '2026-11-20', writesStoppedOn: '2026-11-21', retainUntil: late }), BASELINE)?.until,
    ).toBe(late);
    const early = plus('2026-11-20', DAYS);
    expect(
      evidenceRetention(decommissioning({ since: '2026-11-20', writesStoppedOn: '2026-11-22', retainUntil: early }), BASELINE)?.until,
    ).toBe(plus('2026-11-22', DAYS));
  });

  test('a tenancy in service has no retention end', () => {
    expect(evidenceRetention({}, BASELINE)).toBeUndefined();
  });
});

describe('lifecycle.writesStoppedOn is validated', () => {
  test('a day on or after since and not in the future is accepted', () => {
    expect(problemsOf({ state: 'decommissioning', since: '2026-11-20', writesStoppedOn: '2026-11-22' })).toEqual([]);
    expect(problemsOf({ state: 'decommissioning', since: '2026-11-20', writesStoppedOn: '2026-11-20' })).toEqual([]);
  });

  test('in the future (a careless mark letting evidence go before records still to come): path, received, allowed', () => {
    expect(problemsOf({ state: 'decommissioning', since: '2026-11-20', writesStoppedOn: '2026-12-01' })).toEqual([
      expect.objectContaining({ path: 'lifecycle.writesStoppedOn', received: '2026-12-01', allowed: 'a date no later than 2026-11-22' }),
    ]);
  });

  test('before since (a mark that would shorten the retention of what was written since): path, received, allowed', () => {
    const problems = problemsOf({ state: 'decommissioning', since: '2026-11-20', writesStoppedOn: '2025-11-20' });
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'lifecycle.writesStoppedOn',
        received: '2025-11-20',
        allowed: 'a date from 2026-11-20 (lifecycle.since) to 2026-11-22',
      }),
    ]);
    expect(problems[0]!.message).toContain('still being written when decommissioning started on 2026-11-20');
  });

  test('not a date: the field path and what is allowed', () => {
    const problems = problemsOf({ state: 'decommissioning', since: '2026-11-20', writesStoppedOn: 'last week' });
    expect(problems.map((p) => p.path)).toEqual(['lifecycle.writesStoppedOn']);
  });

  test('a retainUntil earlier than since + N is still refused, saying the retention runs from each write', () => {
    const problems = problemsOf({ state: 'decommissioning', since: '2026-11-20', retainUntil: '2027-11-20' });
    expect(problems).toEqual([
      expect.objectContaining({ path: 'lifecycle.retainUntil', allowed: `a date no earlier than ${plus('2026-11-20', DAYS)}` }),
    ]);
    expect(problems[0]!.message).toContain(`keeps each record ${DAYS} days from when it is written`);
  });
});
