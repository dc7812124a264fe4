import type { Log } from 'sarif';
import { getControl } from '@nplz/core';
import { cafLabel } from '../src/private/catalog';
import { renderSarif, toSarifLog } from '../src/sarif';
import { estateReport } from './fixtures/findings/estate';
import { ACKNOWLEDGED, SAMPLE_FINDINGS, sampleReport } from './fixtures/findings/sample';
import { sarifValidator } from './sarif-schema';

const validate = sarifValidator();
const errors = () => JSON.stringify(validate.errors, null, 2);

describe('SARIF 2.1.0', () => {
  const log = JSON.parse(renderSarif(sampleReport())) as Log;

  test('is valid against the official schema', () => {
    expect(validate(log)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  test('the schema check can fail: a wrong level and a missing message are rejected', () => {
    const broken = structuredClone(log) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    broken.runs[0]!.results[0]!.level = 'fatal';
    delete broken.runs[0]!.results[0]!.message;
    expect(validate(broken)).toBe(false);
    expect(errors()).toMatch(/must be equal to one of the allowed values/);
    expect(errors()).toMatch(/must have required property 'message'/);
    expect(validate({ version: '2.1.0' })).toBe(false);
  });

  test('has one run per source tool, nplz first', () => {
    expect(log.runs.map((r) => r.tool.driver.name)).toEqual(['nplz', 'AwsSolutions', 'ControlTower']);
    expect(log.runs[0]!.tool.driver.version).toBe('0.1.0');
  });

  test('a rule of the nplz run is a catalog control: ruleId is the control id, described in full', () => {
    const rule = log.runs[0]!.tool.driver.rules!.find((r) => r.id === 'NPLZ-NET-01')!;
    expect(rule.name).toBe('NoPublicAccessToStorage');
    expect(rule.shortDescription!.text).toBe('NPLZ-NET-01 No public access to storage');
    expect(rule.fullDescription!.text).toMatch(/Public buckets and containers/);
    expect(rule.help!.text).toMatch(/NCSC Cloud Security Principles: 2 Asset protection and resilience; 11 External interface protection/);
    // CAF outcomes as the catalog maps them today, each with its title from the framework data.
    const caf = getControl('NPLZ-NET-01').caf;
    expect(caf.length).toBeGreaterThan(0);
    expect(rule.help!.text).toContain(`NCSC CAF outcomes: ${caf.map(cafLabel).join('; ')}.`);
    expect(caf.map(cafLabel).every((l) => l.length > 6)).toBe(true);
    expect(rule.help!.text).toMatch(/Area: NET Network/);
    expect(rule.help!.text).toMatch(/Checked by: NplzS3NoPublicAccess, nplz-storage-no-public-access\./);
    expect(rule.properties).toMatchObject({
      area: 'NET',
      ncsc: [2, 11],
      caf,
      checks: ['NplzS3NoPublicAccess', 'nplz-storage-no-public-access'],
    });
    expect(rule.properties!.tags).toEqual(['security', 'NPLZ-NET-01', 'NCSC-2', 'NCSC-11', ...caf.map((o) => `CAF-${o}`)]);
    expect(rule.properties!['security-severity']).toBe('9.5');
    expect(rule.defaultConfiguration!.level).toBe('error');
    // Every rule id of the nplz run is a control id; every result names its rule by control.
    expect(log.runs[0]!.tool.driver.rules!.map((r) => r.id).every((id) => /^NPLZ-[A-Z]{2,3}-\d{2}$/.test(id))).toBe(true);
    for (const r of log.runs[0]!.results!) expect(r.ruleId).toBe(r.properties!.control);
  });

  test('an independent tool keeps its own rule ids, related to the NPLZ control through the catalog taxonomy', () => {
    const run = log.runs[1]!;
    expect(run.taxonomies).toEqual([
      expect.objectContaining({
        name: 'NPLZ controls',
        taxa: [
          {
            id: 'NPLZ-LOG-05',
            name: 'AccessLoggingOnTheAuditArchive',
            shortDescription: { text: 'NPLZ-LOG-05 Access logging on the audit archive' },
          },
        ],
      }),
    ]);
    const rule = run.tool.driver.rules![0]!;
    expect(rule.id).toBe('AwsSolutions-S1');
    expect(rule.relationships).toEqual([
      { target: { id: 'NPLZ-LOG-05', index: 0, toolComponent: { name: 'NPLZ controls', index: 0 } }, kinds: ['relevant'] },
    ]);
    expect(run.results![0]!.ruleId).toBe('AwsSolutions-S1');
    expect(run.results![0]!.properties).toMatchObject({ control: 'NPLZ-LOG-05', rule: 'AwsSolutions-S1', source: 'AwsSolutions' });
  });

  test('the run records the as-of date apart from the generation time', () => {
    expect(log.runs[0]!.invocations).toEqual([
      { executionSuccessful: true, endTimeUtc: '2026-11-20T09:30:00.000Z', properties: { asOf: '2026-11-20' } },
    ]);
    expect(log.runs[0]!.properties).toEqual({ baseline: '2026.11', asOf: '2026-11-20' });
  });

  test('levels follow severity: critical and high are errors, medium a warning', () => {
    const byRule = Object.fromEntries(log.runs.flatMap((r) => r.results!).map((r) => [r.properties!.rule, r.level]));
    expect(byRule).toEqual({
      NplzS3NoPublicAccess: 'error',
      'exception-unexpired': 'error',
      'nplz-no-public-ip': 'error',
      'AwsSolutions-S1': 'warning',
    });
  });

  test('an excepted finding is a suppressed result with the justification, approver and expiry', () => {
    const r = log.runs[0]!.results!.find((x) => x.properties!.rule === 'nplz-no-public-ip')!;
    expect(r.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'ANPR camera feed needs a fixed public endpoint until the national gateway is live',
        properties: { approvedBy: 'ciso@essex.police.uk', expires: '2027-03-31', daysLeft: 141 },
      },
    ]);
    // An expired exception is a failure: no suppression, but the exception is still shown.
    const expired = log.runs[0]!.results!.find((x) => x.properties!.rule === 'exception-unexpired')!;
    expect(expired.suppressions).toBeUndefined();
    expect(expired.properties!.exception).toMatchObject({ daysLeft: -50 });
  });

  test('an acknowledgement in code is an in-source suppression with its reason and where it is made', () => {
    const withAck = toSarifLog(sampleReport([...SAMPLE_FINDINGS, ACKNOWLEDGED]));
    expect(validate(withAck)).toBe(true);
    const r = withAck.runs
      .find((x) => x.tool.driver.name === 'AwsSolutions')!
      .results!.find((x) => x.ruleId === 'AwsSolutions-IAM5[Action::*]')!;
    expect(r.suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'A permissions boundary caps permissions.',
        properties: { where: 'new ForceTenancy (packages/aws/dist/force-tenancy.js:212)' },
      },
    ]);
  });

  test('locates results by construct path or URN as logical locations', () => {
    const r = log.runs[0]!.results!.find((x) => x.properties!.rule === 'NplzS3NoPublicAccess')!;
    expect(r.locations).toEqual([
      {
        logicalLocations: [
          {
            fullyQualifiedName: 'kent-prod/LocalAssets/Evidence/Resource',
            kind: 'resource',
            properties: { cloud: 'aws', tenancy: 'kent' },
          },
        ],
      },
    ]);
    expect(r.ruleIndex).toBe(log.runs[0]!.tool.driver.rules!.findIndex((x) => x.id === 'NPLZ-NET-01'));
    expect(r.partialFingerprints!['nplzFinding/v1']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('omits passes and not-applicable findings by default; includes them as kind pass / notApplicable on request', () => {
    expect(log.runs.flatMap((r) => r.results!).map((r) => r.kind)).not.toContain('pass');
    expect(log.runs[2]!.results).toEqual([]);
    const full = toSarifLog(sampleReport(), { includePasses: true });
    expect(validate(full)).toBe(true);
    const kinds = full.runs.flatMap((r) => r.results!).map((r) => `${r.kind}/${r.level}`);
    expect(kinds.filter((k) => k === 'pass/none')).toHaveLength(7);
    expect(kinds.filter((k) => k === 'notApplicable/none')).toHaveLength(2);
  });

  test('adds a physical location when artifactFor names a file, and stays valid', () => {
    const withFiles = toSarifLog(sampleReport(), {
      artifactFor: (f) => (f.tenancy === 'national' ? undefined : `examples/estate/tenancies/${f.tenancy}.yaml`),
    });
    expect(validate(withFiles)).toBe(true);
    expect(withFiles.runs[0]!.results![0]!.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'examples/estate/tenancies/kent.yaml' },
    });
  });

  test('an estate-sized report is valid too', () => {
    expect(validate(toSarifLog(estateReport()))).toBe(true);
  });
});
