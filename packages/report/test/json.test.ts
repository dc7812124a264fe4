import { renderJson } from '../src/json';
import { DORSET_DECOMMISSIONING, decommissioningReport, sampleReport } from './fixtures/findings/sample';

test('findings.json is the report, indented, with the contract fields in order', () => {
  const report = sampleReport();
  const text = renderJson(report);
  expect(JSON.parse(text)).toEqual(report);
  expect(text.endsWith('}\n')).toBe(true);
  // The contract fields in order (other additions to the contract may sit between them).
  const keys = Object.keys(JSON.parse(text));
  const known = ['tool', 'version', 'baseline', 'generatedAt', 'asOf', 'summary', 'tenancies', 'findings'];
  expect(keys.filter((k) => known.includes(k))).toEqual(known);
  expect(Object.keys(report.findings[0]!).sort()).toEqual([
    'caf',
    'cloud',
    'control',
    'environment',
    'exception',
    'message',
    'ncsc',
    'resource',
    'rule',
    'severity',
    'source',
    'status',
    'tenancy',
  ]);
});

test('findings.json carries the decommissioning tenancies, and has no such member when none is', () => {
  const withDecommissioning = JSON.parse(renderJson(decommissioningReport())) as Record<string, unknown>;
  expect(withDecommissioning.decommissioning).toEqual([DORSET_DECOMMISSIONING]);
  expect(Object.keys(JSON.parse(renderJson(sampleReport())) as object)).not.toContain('decommissioning');
  expect(Object.keys(JSON.parse(renderJson(decommissioningReport([]))) as object)).not.toContain('decommissioning');
});
