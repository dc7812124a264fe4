import type { Log } from 'sarif';
import { renderSarif, toSarifLog } from '../src/sarif';
import { estateReport } from './fixtures/findings/estate';
import { sampleReport } from './fixtures/findings/sample';
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

  test('describes rules from the catalog, with NCSC and CAF in help and tags', () => {
    const rule = log.runs[0]!.tool.driver.rules!.find((r) => r.id === 'NplzS3NoPublicAccess')!;
    expect(rule.shortDescription!.text).toBe('NPLZ-NET-01 No public access to storage');
    expect(rule.fullDescription!.text).toMatch(/Public buckets and containers/);
    expect(rule.help!.text).toMatch(/NCSC Cloud Security Principles: 2 Asset protection and resilience; 11 External interface protection/);
    expect(rule.help!.text).toMatch(/NCSC CAF outcomes: B3.c Stored data; B4.b Secure configuration/);
    expect(rule.properties!.tags).toEqual(['security', 'NPLZ-NET-01', 'NCSC-2', 'NCSC-11', 'CAF-B3.c', 'CAF-B4.b']);
    expect(rule.properties!['security-severity']).toBe('9.5');
    expect(rule.defaultConfiguration!.level).toBe('error');
  });

  test('levels follow severity: critical and high are errors, medium a warning', () => {
    const byRule = Object.fromEntries(log.runs.flatMap((r) => r.results!).map((r) => [r.ruleId, r.level]));
    expect(byRule).toEqual({
      NplzS3NoPublicAccess: 'error',
      'exception-unexpired': 'error',
      'nplz-no-public-ip': 'error',
      'AwsSolutions-S1': 'warning',
    });
  });

  test('an excepted finding is a suppressed result with the justification, approver and expiry', () => {
    const r = log.runs[0]!.results!.find((x) => x.ruleId === 'nplz-no-public-ip')!;
    expect(r.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'ANPR camera feed needs a fixed public endpoint until the national gateway is live',
        properties: { approvedBy: 'ciso@essex.police.uk', expires: '2027-03-31', daysLeft: 141 },
      },
    ]);
    // An expired exception is a failure: no suppression, but the exception is still shown.
    const expired = log.runs[0]!.results!.find((x) => x.ruleId === 'exception-unexpired')!;
    expect(expired.suppressions).toBeUndefined();
    expect(expired.properties!.exception).toMatchObject({ daysLeft: -50 });
  });

  test('locates results by construct path or URN as logical locations', () => {
    const r = log.runs[0]!.results!.find((x) => x.ruleId === 'NplzS3NoPublicAccess')!;
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
    expect(r.ruleIndex).toBe(log.runs[0]!.tool.driver.rules!.findIndex((x) => x.id === 'NplzS3NoPublicAccess'));
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
