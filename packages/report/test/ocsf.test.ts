import { OCSF_VERSION, findingUid, renderOcsf, toOcsfEvent } from '../src/ocsf';
import { toSarifLog } from '../src/sarif';
import { estateReport } from './fixtures/findings/estate';
import { ACKNOWLEDGED, SAMPLE_FINDINGS, sampleReport } from './fixtures/findings/sample';
import { OCSF_DIR, OcsfSchema } from './ocsf-schema';

const schema = new OcsfSchema(OCSF_DIR);
type Json = Record<string, unknown>;
const lines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Json);

describe('OCSF Compliance Finding events', () => {
  const report = sampleReport();
  const text = renderOcsf(report);
  const events = lines(text);

  test(`the vendored schema is OCSF ${OCSF_VERSION}`, () => {
    expect(schema.version).toBe(OCSF_VERSION);
  });

  test('one JSON line per finding, each valid against the OCSF compliance_finding class', () => {
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(report.findings.length + 1);
    for (const e of events) expect(schema.validateEvent(e, 'compliance_finding')).toEqual([]);
    expect(events[0]).toMatchObject({ class_uid: 2003, category_uid: 2, type_uid: 200301, metadata: { version: OCSF_VERSION } });
  });

  test('the validator can fail: what a careless change would write is rejected, each with its path', () => {
    const e = structuredClone(events.find((x) => (x.compliance as Json).status_id === 3 && x.cloud !== undefined)!);
    e.severity_id = 7; // not in the enum
    (e.compliance as Json).status_id = 2; // valid Warning, but the sibling still says Fail
    delete (e.finding_info as Json).uid; // required by finding_info
    e.time = '2026-11-20T09:30:00Z'; // timestamp_t is epoch milliseconds
    e.class_uid = 2001; // not Compliance Finding
    (e.resources as Json[])[0]!.uid = 42; // resource_uid_t is a string
    e.nplz_tenancy = 'kent'; // not an attribute of the class (belongs in unmapped)
    delete e.cloud; // required by the declared cloud profile
    (e.metadata as Json).version = '1.1.0';
    (e.compliance as Json).compliance_standards = ['x']; // deprecated since 1.5.0
    const errors = schema.validateEvent(e, 'compliance_finding');
    expect(errors).toEqual(
      expect.arrayContaining([
        'severity_id: 7 is not one of 0, 1, 2, 3, 4, 5, 6, 99',
        'compliance.status: "Fail", expected the caption of compliance.status_id 2: "Warning"',
        'finding_info.uid: required by finding_info, missing',
        'time: "2026-11-20T09:30:00Z" is not an integer (long_t)',
        'class_uid: 2001, expected 2003',
        'resources[0].uid: 42 is not a string (string_t)',
        'nplz_tenancy: not an attribute of compliance_finding',
        'cloud: required by compliance_finding, missing',
        'metadata.version: "1.1.0", expected "1.6.0"',
        'compliance.compliance_standards: deprecated in compliance',
        // compliance_standards is a list of kb_article objects, and "x" is not one.
        'compliance.compliance_standards[0]: "x" is not a kb_article object',
      ]),
    );
    expect(errors).toHaveLength(11);
  });

  test('a failure: severity from the control, status New, the compliance object names the control, NCSC and CAF', () => {
    const f = report.findings.find((x) => x.rule === 'NplzS3NoPublicAccess' && x.status === 'fail')!;
    const e = toOcsfEvent(f, report);
    expect(e).toMatchObject({
      severity_id: 5,
      severity: 'Critical',
      status_id: 1,
      status: 'New',
      cloud: { provider: 'AWS' },
      time: Date.parse('2026-11-20T09:30:00.000Z'),
      metadata: { product: { name: 'nplz', vendor_name: 'NPLZ', version: '0.1.0' }, profiles: ['cloud'], tenant_uid: 'kent' },
      compliance: { control: 'NPLZ-NET-01', status_id: 3, status: 'Fail', checks: [{ uid: 'NplzS3NoPublicAccess', status_id: 3 }] },
      resources: [{ uid: 'kent-prod/LocalAssets/Evidence/Resource', labels: ['tenancy:kent', 'environment:prod'] }],
    });
    const requirements = (e.compliance as Json).requirements as string[];
    expect(requirements.slice(0, 2)).toEqual(['NCSC 2 Asset protection and resilience', 'NCSC 11 External interface protection']);
    expect(requirements.some((r) => r.startsWith('CAF '))).toBe(true);
    // The same finding id as the SARIF fingerprint, so a SIEM and code scanning agree.
    const sarif = toSarifLog(report).runs[0]!.results!.find((r) => r.properties!.rule === 'NplzS3NoPublicAccess')!;
    expect((e.finding_info as Json).uid).toBe(sarif.partialFingerprints!['nplzFinding/v1']);
    expect(findingUid(f)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('an excepted finding is Suppressed with the exception; a pass is Informational; an estate finding has no cloud', () => {
    const byRule = (rule: string) => events.find((e) => ((e.compliance as Json).checks as Json[])[0]!.uid === rule)!;
    const excepted = byRule('nplz-no-public-ip');
    expect(excepted).toMatchObject({ status_id: 3, status: 'Suppressed', compliance: { status_id: 3 } });
    expect((excepted.compliance as Json).status_details).toEqual([
      'Exception: ANPR camera feed needs a fixed public endpoint until the national gateway is live',
      'Approved by ciso@essex.police.uk, expires 2027-03-31 (141 days left).',
    ]);
    const pass = byRule('NplzOrgTrail');
    expect(pass).toMatchObject({ severity_id: 1, severity: 'Informational', compliance: { status_id: 1, status: 'Pass' } });
    expect(pass.status_id).toBeUndefined();
    const estate = byRule('baseline-supported');
    expect(estate.cloud).toBeUndefined();
    expect((estate.metadata as Json).profiles).toBeUndefined();
    const na = byRule('nplz-key-rotation');
    expect(na.compliance).toMatchObject({ status_id: 99, status: 'Not applicable' });
  });

  test('an acknowledgement in code is Suppressed with its reason and place, and valid', () => {
    const r = sampleReport([...SAMPLE_FINDINGS, ACKNOWLEDGED]);
    const e = toOcsfEvent(
      r.findings.find((f) => f.acknowledgement)!,
      r,
    );
    expect(schema.validateEvent(e, 'compliance_finding')).toEqual([]);
    expect(e).toMatchObject({ status_id: 3, status: 'Suppressed', unmapped: { acknowledgement: ACKNOWLEDGED.acknowledgement } });
    expect((e.compliance as Json).status_details).toEqual([
      'Acknowledged in code: A permissions boundary caps permissions.',
      'At new ForceTenancy (packages/aws/dist/force-tenancy.js:212).',
    ]);
  });

  test('only problems on request', () => {
    const problems = lines(renderOcsf(report, { includePasses: false }));
    expect(problems.map((e) => (e.unmapped as Json).nplz_status).sort()).toEqual(['excepted', 'fail', 'fail', 'fail']);
  });

  test('an estate-sized report: every event valid', () => {
    const big = estateReport();
    const all = lines(renderOcsf(big));
    expect(all).toHaveLength(big.findings.length);
    const bad = all.map((e) => schema.validateEvent(e, 'compliance_finding')).filter((errs) => errs.length);
    expect(bad.slice(0, 3)).toEqual([]);
  });
});
