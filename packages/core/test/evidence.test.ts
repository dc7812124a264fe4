import {
  type AttestationEvidence,
  buildReport,
  CAF_OUTCOMES,
  CONTROLS,
  evidenceCoverage,
  type Finding,
  type FindingStatus,
  getControl,
  NCSC_PRINCIPLES,
} from '../src';

function finding(control: string, tenancy: string, status: FindingStatus): Finding {
  const c = getControl(control);
  return {
    control,
    status,
    severity: c.severity,
    cloud: 'aws',
    tenancy,
    resource: `${tenancy}/r`,
    source: 'nplz',
    rule: 'R',
    message: 'm',
    ncsc: c.ncsc,
    caf: c.caf,
    exception: null,
  };
}

function attestation(id: string, over: Partial<AttestationEvidence> = {}): AttestationEvidence {
  return {
    source: 'attestation',
    id,
    title: id,
    owner: 'o@example.police.uk',
    statement: 'a statement of twenty characters',
    evidence: 'register',
    date: '2026-11-01',
    expires: '2027-10-31',
    status: 'current',
    daysLeft: 300,
    scope: 'estate',
    ncsc: [6],
    caf: ['B1.b'],
    cafIndicators: ['B1.b.11'],
    ...over,
  };
}

const META = { version: '1', baseline: '2026.11', generatedAt: '2026-11-22T00:00:00.000Z' };

describe('evidence coverage', () => {
  test('lists every NCSC principle and every CAF 4.0 outcome, naming the gaps', () => {
    const cov = evidenceCoverage(buildReport([], META));
    expect(cov.principles).toHaveLength(14);
    expect(cov.outcomes.map((o) => o.outcome)).toEqual(Object.keys(CAF_OUTCOMES));
    expect(cov.gaps.principles).toEqual(Object.keys(NCSC_PRINCIPLES).map(Number));
    expect(cov.gaps.outcomes).toHaveLength(41);
  });

  test('separates checks from attestations, and ignores expired attestations', () => {
    const report = buildReport([finding('NPLZ-PAM-02', 'kent', 'pass')], {
      ...META,
      attestations: [
        attestation('vetting'),
        attestation('old', { status: 'expired', daysLeft: -3, ncsc: [8], caf: ['A4.a'], cafIndicators: ['A4.a.17'] }),
      ],
    });
    const cov = evidenceCoverage(report);
    const p = (n: number) => cov.principles.find((x) => x.principle === n)!;
    expect(p(9)).toMatchObject({ source: 'checks', controls: ['NPLZ-PAM-02'] });
    expect(p(6)).toMatchObject({ source: 'attestations', attestations: ['vetting'] });
    expect(p(8).source).toBe('none');
    expect(cov.gaps.principles).toContain(8);
    expect(cov.gaps.outcomes).toContain('A4.a');
    expect(cov.expiredAttestations).toEqual(['old']);
    const b2c = cov.outcomes.find((o) => o.outcome === 'B2.c')!;
    expect(b2c.indicators.find((i) => i.indicator === 'B2.c.13')).toMatchObject({
      met: true,
      controls: [expect.objectContaining({ verdict: 'met' })],
    });
    expect(b2c.indicators.filter((i) => i.met)).toHaveLength(1);
  });

  test('a failing or excepted check is evidence, but does not meet its indicators', () => {
    const fail = evidenceCoverage(buildReport([finding('NPLZ-PAM-02', 'kent', 'pass'), finding('NPLZ-PAM-02', 'essex', 'fail')], META));
    const ind = fail.outcomes.find((o) => o.outcome === 'B2.c')!.indicators.find((i) => i.indicator === 'B2.c.13')!;
    expect(ind).toMatchObject({ met: false, controls: [expect.objectContaining({ verdict: 'failing', pass: 1, fail: 1 })] });
    const exc = evidenceCoverage(buildReport([finding('NPLZ-PAM-02', 'kent', 'excepted')], META));
    expect(exc.outcomes.find((o) => o.outcome === 'B2.c')!.indicators.find((i) => i.indicator === 'B2.c.13')!.met).toBe(false);
  });

  test("a tenancy's evidence is its own findings and the national platform's; a tenancy's attestation counts only for it", () => {
    const report = buildReport(
      [finding('NPLZ-PAM-02', 'essex', 'fail'), finding('NPLZ-LOG-01', 'national', 'pass'), finding('NPLZ-IAM-04', 'kent', 'pass')],
      { ...META, attestations: [attestation('kent-only', { scope: { tenancy: 'kent' } })] },
    );
    const kent = evidenceCoverage(report, { tenancy: 'kent' });
    expect(kent.scope).toBe('kent');
    expect(kent.principles.find((p) => p.principle === 13)!.controls).toEqual(['NPLZ-LOG-01']);
    expect(kent.outcomes.find((o) => o.outcome === 'B2.c')!.controls).toEqual(['NPLZ-IAM-04', 'NPLZ-LOG-01']); // not essex's failing PAM-02
    expect(kent.principles.find((p) => p.principle === 6)!.attestations).toEqual(['kent-only']);
    const estate = evidenceCoverage(report);
    expect(estate.principles.find((p) => p.principle === 6)!.source).toBe('none');
  });

  test('with every catalog control passing, only organisational principles and outcomes are left to attestations', () => {
    const cov = evidenceCoverage(
      buildReport(
        CONTROLS.map((c) => finding(c.id, 'kent', 'pass')),
        META,
      ),
    );
    expect(cov.gaps.principles).toEqual([6, 7, 8]);
    expect(cov.outcomes.filter((o) => o.source === 'checks').length).toBe(41 - cov.gaps.outcomes.length);
  });
});
