import { renderJson } from '../src/json';
import { sampleReport } from './fixtures/findings/sample';

test('findings.json is the report, indented, with the contract fields in order', () => {
  const report = sampleReport();
  const text = renderJson(report);
  expect(JSON.parse(text)).toEqual(report);
  expect(text.endsWith('}\n')).toBe(true);
  expect(Object.keys(JSON.parse(text))).toEqual(['tool', 'version', 'baseline', 'generatedAt', 'summary', 'tenancies', 'findings']);
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
