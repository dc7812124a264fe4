import { buildReport, compareFindings, failsAt, reportAsOf, worstStatus } from '@nplz/core';
import { SAMPLE_FINDINGS, SAMPLE_TENANCIES, finding, sampleReport } from './fixtures/findings/sample';

const META = { version: '0.1.0', baseline: '2026.11', generatedAt: '2026-11-20T09:30:00.000Z', tenancies: SAMPLE_TENANCIES };

describe('buildReport', () => {
  test('sorts by control, tenancy, cloud, resource, rule whatever the input order', () => {
    const forwards = buildReport(SAMPLE_FINDINGS, META);
    const backwards = buildReport([...SAMPLE_FINDINGS].reverse(), META);
    expect(backwards).toEqual(forwards);
    expect(forwards.findings.map((f) => `${f.control} ${f.tenancy} ${f.cloud} ${f.rule}`)).toEqual([
      'NPLZ-ENC-02 essex azure nplz-key-rotation',
      'NPLZ-GOV-01 kent estate baseline-supported',
      'NPLZ-GOV-02 kent estate exception-unexpired',
      'NPLZ-GOV-04 essex estate collaboration-consent',
      'NPLZ-GOV-04 kent-essex-its estate collaboration-consent',
      'NPLZ-LOG-01 national aws NplzOrgTrail',
      'NPLZ-LOG-05 kent aws AwsSolutions-S1',
      'NPLZ-NET-01 essex aws CT.S3.PR.1',
      'NPLZ-NET-01 essex aws NplzS3NoPublicAccess',
      'NPLZ-NET-01 kent aws NplzS3NoPublicAccess',
      'NPLZ-NET-01 kent azure nplz-storage-no-public-access',
      'NPLZ-NET-05 essex azure nplz-no-public-ip',
      'NPLZ-NET-06 national estate address-overlap',
    ]);
  });

  test('does not modify the findings it is given', () => {
    const input = [...SAMPLE_FINDINGS];
    buildReport(input, META);
    expect(input).toEqual(SAMPLE_FINDINGS);
  });

  test('computes the summary; the national platform is not counted as a tenancy', () => {
    expect(sampleReport()).toMatchObject({
      tool: 'nplz',
      version: '0.1.0',
      baseline: '2026.11',
      generatedAt: '2026-11-20T09:30:00.000Z',
      summary: {
        controls: 9,
        tenancies: 3,
        pass: 7,
        fail: 3,
        excepted: 1,
        notApplicable: 2,
        bySeverity: { critical: 1, high: 1, medium: 1, low: 0 },
      },
    });
  });

  test('counts tenancies that are declared but produced no findings', () => {
    const r = buildReport([], { ...META, tenancies: [...SAMPLE_TENANCIES, { name: 'surrey', forces: ['surrey'] }] });
    expect(r.summary).toEqual({
      controls: 0,
      tenancies: 4,
      pass: 0,
      fail: 0,
      excepted: 0,
      notApplicable: 0,
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0 },
    });
  });

  test('accepts a Date for generatedAt and defaults it to now', () => {
    expect(buildReport([], { version: '1', baseline: 'b', generatedAt: new Date('2026-01-02T03:04:05Z') }).generatedAt).toBe(
      '2026-01-02T03:04:05.000Z',
    );
    const before = Date.now();
    expect(Date.parse(buildReport([], { version: '1', baseline: 'b' }).generatedAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  test('keeps the "as of" date apart from the generation time', () => {
    const r = buildReport([], {
      version: '1',
      baseline: 'b',
      generatedAt: '2026-12-01T21:50:00.000Z',
      asOf: new Date('2027-03-01T00:00:00Z'),
    });
    expect(r.generatedAt).toBe('2026-12-01T21:50:00.000Z');
    expect(r.asOf).toBe('2027-03-01');
    expect(reportAsOf(r)).toBe('2027-03-01');
    // Without one, the as-of date is the date the report was generated; so for a report written before asOf existed.
    expect(buildReport([], { version: '1', baseline: 'b', generatedAt: '2026-12-01T21:50:00.000Z' }).asOf).toBe('2026-12-01');
    expect(reportAsOf({ generatedAt: '2026-11-22T00:00:00.000Z' })).toBe('2026-11-22');
  });

  test('orders the remaining fields too, so equal keys still sort the same', () => {
    const a = finding({
      control: 'NPLZ-NET-01',
      status: 'pass',
      cloud: 'aws',
      tenancy: 'kent',
      resource: 'r',
      rule: 'x',
      message: 'a',
      environment: 'prod',
    });
    const b = { ...a, environment: 'nonprod' };
    expect(compareFindings(a, b)).toBeGreaterThan(0);
    expect(compareFindings(b, a)).toBeLessThan(0);
    expect(compareFindings(a, { ...a })).toBe(0);
  });
});

describe('failsAt', () => {
  test.each([
    ['critical', ['NPLZ-NET-01']],
    ['high', ['NPLZ-GOV-02', 'NPLZ-NET-01']],
    ['medium', ['NPLZ-GOV-02', 'NPLZ-LOG-05', 'NPLZ-NET-01']],
    ['low', ['NPLZ-GOV-02', 'NPLZ-LOG-05', 'NPLZ-NET-01']],
  ] as const)('at %s returns the failures at or above it', (severity, controls) => {
    expect(failsAt(sampleReport(), severity).map((f) => f.control)).toEqual(controls);
  });

  test('never counts excepted, passing or not-applicable findings', () => {
    const r = sampleReport(SAMPLE_FINDINGS.filter((f) => f.status !== 'fail'));
    expect(failsAt(r, 'low')).toEqual([]);
  });
});

test('worstStatus: fail > excepted > pass > not-applicable', () => {
  expect(worstStatus(['pass', 'not-applicable', 'excepted'])).toBe('excepted');
  expect(worstStatus(['pass', 'fail', 'excepted'])).toBe('fail');
  expect(worstStatus(['not-applicable', 'pass'])).toBe('pass');
  expect(worstStatus(['not-applicable'])).toBe('not-applicable');
  expect(worstStatus([])).toBeUndefined();
});
