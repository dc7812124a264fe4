import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { OSCAL_VERSION, renderOscal, toOscalAssessmentResults } from '../src/oscal';
import { uuidV5 } from '../src/private/uuid';
import { estateReport } from './fixtures/findings/estate';
import { ACKNOWLEDGED, SAMPLE_FINDINGS, decommissioningReport, finding, sampleReport } from './fixtures/findings/sample';

/**
 * NIST's published OSCAL 1.1.2 JSON schema (test/fixtures/oscal/SOURCE.md), compiled with ajv and
 * ajv-formats: the whole document against the root (`oneOf` the models), and the
 * assessment-results model on its own for readable errors.
 */
const schema = JSON.parse(readFileSync(join(__dirname, 'fixtures/oscal/oscal_complete_schema-1.1.2.json'), 'utf8')) as { $id: string };
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateDocument: ValidateFunction = ajv.compile(schema);
const validateModel = ajv.getSchema(`${schema.$id}#assembly_oscal-ar_assessment-results`)!;
const errorsOf = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).slice(0, 20);

type Json = Record<string, unknown>;
const ar = (doc: unknown) => (doc as { 'assessment-results': Json })['assessment-results'];
const result0 = (doc: unknown) => (ar(doc).results as Json[])[0]!;

describe('uuidV5', () => {
  test('matches the RFC 9562 / Python uuid.uuid5 reference values', () => {
    // uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org') in the Python documentation.
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    // RFC 9562 appendix A.4: "www.example.com" in the DNS namespace.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('OSCAL assessment-results', () => {
  const doc = JSON.parse(renderOscal(sampleReport())) as unknown;

  test(`validates against NIST's OSCAL ${OSCAL_VERSION} JSON schema`, () => {
    expect(errorsOf(validateModel(ar(doc)) ? [] : validateModel.errors)).toEqual([]);
    expect(validateDocument(doc)).toBe(true);
    expect(ar(doc).metadata).toMatchObject({ 'oscal-version': '1.1.2', 'last-modified': '2026-11-20T09:30:00.000Z' });
  });

  test('the schema check can fail: what a careless change would write is rejected', () => {
    const broken = structuredClone(doc) as Json;
    const r = result0(broken);
    // A random-looking id that is not a v4/v5 UUID, a multi-line property value, a status OSCAL does not know.
    (r as Json).uuid = 'nplz-result-1';
    ((r.observations as Json[])[0]!.props as Json[])[0]!.value = 'two\nlines';
    (((r.findings as Json[])[0]!.target as Json).status as Json).state = 'passed';
    delete (ar(broken).metadata as Json)['oscal-version'];
    expect(validateModel(ar(broken))).toBe(false);
    const errors = errorsOf(validateModel.errors).join('\n');
    expect(errors).toMatch(/\/results\/0\/uuid must match pattern/);
    expect(errors).toMatch(/\/results\/0\/observations\/0\/props\/0\/value must match pattern/);
    expect(errors).toMatch(/\/results\/0\/findings\/0\/target\/status\/state must be equal to one of the allowed values/);
    expect(errors).toMatch(/\/metadata must have required property 'oscal-version'/);
    expect(validateDocument(broken)).toBe(false);
  });

  test("every UUID is unique and every reference resolves (the metaschema's index constraints)", () => {
    const text = JSON.stringify(doc);
    const declared = [...text.matchAll(/"uuid":"([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(declared).size).toBe(declared.length);
    const refs = [...text.matchAll(/"(subject-uuid|actor-uuid|observation-uuid)":"([^"]+)"/g)].map((m) => m[2]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(declared).toContain(ref);
    const href = (ar(doc)['import-ap'] as Json).href as string;
    expect(href.startsWith('#')).toBe(true);
    expect(declared).toContain(href.slice(1));
  });

  test('an observation per control × tenancy × cloud, its subjects the tenancy and the resource, its evidence each finding', () => {
    const r = result0(doc);
    const observations = r.observations as Json[];
    const kentAws = observations.find((o) => o.title === 'NPLZ-NET-01 No public access to storage: kent on aws')!;
    expect(kentAws.methods).toEqual(['EXAMINE']);
    const components = (r['local-definitions'] as Json).components as Json[];
    const items = (r['local-definitions'] as Json)['inventory-items'] as Json[];
    const subjects = kentAws.subjects as Json[];
    expect(subjects.map((s) => s.type)).toEqual(['component', 'inventory-item']);
    expect(components.find((c) => c.uuid === subjects[0]!['subject-uuid'])!.title).toBe('Tenancy kent');
    expect(items.find((i) => i.uuid === subjects[1]!['subject-uuid'])!.description).toBe('kent-prod/LocalAssets/Evidence/Resource');
    const evidence = kentAws['relevant-evidence'] as Json[];
    expect(evidence).toHaveLength(1);
    expect(evidence[0]!.description).toBe(
      'FAIL: nplz NplzS3NoPublicAccess on kent-prod/LocalAssets/Evidence/Resource (aws/prod): Bucket "evidence, uploads" allows public access:\nBlockPublicAcls is false',
    );
    // Every finding of the report is evidence in exactly one observation.
    expect(observations.flatMap((o) => o['relevant-evidence'] as Json[])).toHaveLength(sampleReport().findings.length);
  });

  test('findings target the control, satisfied only when nothing failed or is excepted, with NCSC and CAF as properties', () => {
    const findings = result0(doc).findings as Json[];
    const byTitle = (t: string) => findings.find((f) => f.title === t)!;
    const kent = byTitle('NPLZ-NET-01 No public access to storage: kent');
    expect(kent.target).toMatchObject({
      type: 'objective-id',
      'target-id': 'NPLZ-NET-01',
      status: { state: 'not-satisfied', reason: 'fail' },
    });
    // kent passes on Azure but fails on AWS: the finding is not satisfied, and links both clouds' observations.
    expect(kent['related-observations']).toHaveLength(2);
    const props = kent.props as { name: string; value: string; remarks?: string }[];
    expect(props.filter((p) => p.name === 'ncsc-principle').map((p) => [p.value, p.remarks])).toEqual([
      ['2', '2 Asset protection and resilience'],
      ['11', '11 External interface protection'],
    ]);
    expect(props.filter((p) => p.name === 'caf-outcome').length).toBeGreaterThan(0);
    expect(byTitle('NPLZ-NET-01 No public access to storage: essex').target).toMatchObject({
      status: { state: 'satisfied', reason: 'pass' },
    });
    const excepted = findings.find((f) => (f.target as Json)['target-id'] === 'NPLZ-NET-05')!;
    expect(excepted.target).toMatchObject({ status: { state: 'not-satisfied', reason: 'other' } });
    expect(((excepted.target as Json).status as Json).remarks).toMatch(
      /^Exception: ANPR camera feed .* Approved by ciso@essex.police.uk, expires 2027-03-31 \(141 days left\)\.$/,
    );
    // Only-not-applicable evidence makes no finding.
    expect(findings.find((f) => (f.target as Json)['target-id'] === 'NPLZ-ENC-02')).toBeUndefined();
  });

  test('byte-stable: the same findings give the same bytes; a changed finding changes the document uuid, not the finding uuid', () => {
    expect(renderOscal(sampleReport())).toBe(renderOscal(sampleReport()));
    const changed = sampleReport([
      ...sampleReport().findings.filter((f) => f.rule !== 'NplzS3NoPublicAccess' || f.tenancy !== 'kent'),
      finding({
        control: 'NPLZ-NET-01',
        status: 'pass',
        cloud: 'aws',
        tenancy: 'kent',
        environment: 'prod',
        resource: 'kent-prod/LocalAssets/Evidence/Resource',
        rule: 'NplzS3NoPublicAccess',
        message: 'Bucket blocks public access',
      }),
    ]);
    const a = toOscalAssessmentResults(sampleReport())['assessment-results'];
    const b = toOscalAssessmentResults(changed)['assessment-results'];
    expect(b.uuid).not.toBe(a.uuid);
    const kentFinding = (x: typeof a) =>
      (x.results[0]!.findings as Json[]).find((f) => f.title === 'NPLZ-NET-01 No public access to storage: kent')!;
    expect(kentFinding(b).uuid).toBe(kentFinding(a).uuid);
    expect(kentFinding(b).target).toMatchObject({ status: { state: 'satisfied' } });
  });

  test('an acknowledgement in code is evidence with its reason and place, and the document stays valid', () => {
    const withAck = toOscalAssessmentResults(sampleReport([...SAMPLE_FINDINGS, ACKNOWLEDGED]));
    expect(errorsOf(validateModel(withAck['assessment-results']) ? [] : validateModel.errors)).toEqual([]);
    const evidence = (withAck['assessment-results'].results[0]!.observations as Json[]).flatMap((o) => o['relevant-evidence'] as Json[]);
    expect(evidence.find((e) => (e.description as string).includes('AwsSolutions-IAM5'))!.remarks).toBe(
      'Acknowledged in code at new ForceTenancy (packages/aws/dist/force-tenancy.js:212): A permissions boundary caps permissions.',
    );
  });

  test('a decommissioning tenancy is a component in disposition, with its mark, evidence end and rules as properties, and the document stays valid', () => {
    const withDecommissioning = toOscalAssessmentResults(decommissioningReport());
    expect(errorsOf(validateModel(withDecommissioning['assessment-results']) ? [] : validateModel.errors)).toEqual([]);
    const components = (withDecommissioning['assessment-results'].results[0]!['local-definitions'] as Json).components as Json[];
    const dorset = components.find((c) => c.title === 'Tenancy dorset')!;
    expect(dorset.status).toEqual({
      state: 'disposition',
      remarks:
        'Decommissioning since 2026-11-20, approved by cdo@dorset.police.uk <b>|</b>; its evidence is kept until the day 2557 days after its last write, no earlier than 2033-11-20.',
    });
    const props = Object.fromEntries(
      (dorset.props as Json[]).filter((p) => p.name !== 'decommission-rule').map((p) => [p.name as string, p.value]),
    );
    expect(props).toMatchObject({
      'lifecycle-state': 'decommissioning',
      'decommissioning-since': '2026-11-20',
      'evidence-kept-until': 'the day 2557 days after its last write, no earlier than 2033-11-20',
    });
    expect((dorset.props as Json[]).filter((p) => p.name === 'decommission-rule').map((p) => p.value)).toEqual([
      'DecommissionedNoWorkforceAccess pass',
      'DecommissionedPlacement fail',
      'DecommissionedKeepsEvidence pass',
    ]);
    // Every other tenancy is operational; without decommissioning tenancies nothing says disposition.
    expect(components.filter((c) => (c.status as Json)?.state === 'disposition')).toHaveLength(1);
    expect(renderOscal(sampleReport())).not.toContain('disposition');
  });

  test('an estate-sized report validates too', () => {
    const big = toOscalAssessmentResults(estateReport());
    expect(errorsOf(validateModel(big['assessment-results']) ? [] : validateModel.errors)).toEqual([]);
  });
});
