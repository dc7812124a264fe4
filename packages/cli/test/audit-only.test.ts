import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './helpers';

/**
 * A brownfield national team brings existing subscriptions under the hierarchy with every Azure
 * policy assignment in audit-only mode first (national.yaml `azure.policyEnforcement: audit-only`).
 */
const SAMPLE = path.join(__dirname, '../../../examples/estate');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-audit-only-'));
const estate = path.join(work, 'estate');

beforeAll(() => {
  process.env.NPLZ_TODAY = '2026-11-22';
  fs.mkdirSync(path.join(estate, 'tenancies'), { recursive: true });
  const national = fs
    .readFileSync(path.join(SAMPLE, 'national.yaml'), 'utf8')
    .replace(/^(\s+)hubCidr: 10\.1\.0\.0\/16$/m, (line, indent: string) => `${line}\n${indent}policyEnforcement: audit-only`);
  expect(national).toContain('policyEnforcement: audit-only');
  fs.writeFileSync(path.join(estate, 'national.yaml'), national);
  fs.copyFileSync(path.join(SAMPLE, 'tenancies/surrey.yaml'), path.join(estate, 'tenancies/surrey.yaml'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('synth says the rollout is audit-only, and the audit fails exactly the guardrails that are not enforced', async () => {
  const synth = await runCli(['synth', '--estate', estate, '--out', path.join(work, 'synth')]);
  expect(synth.stderr).toBe('');
  expect(synth.code).toBe(0);
  expect(synth.stdout).toContain('⚠ azure policy is audit-only: every assignment reports but denies and deploys nothing');
  const summary = JSON.parse(fs.readFileSync(path.join(work, 'synth', 'synth.json'), 'utf8'));
  expect(summary.azure.policyEnforcement).toBe('audit-only');

  const audit = await runCli(['audit', '--in', path.join(work, 'synth'), '--report', path.join(work, 'report'), '--format', 'json']);
  expect(audit.code).toBe(1);
  const findings = JSON.parse(fs.readFileSync(path.join(work, 'report', 'findings.json'), 'utf8')).findings as {
    status: string;
    control: string;
    cloud: string;
  }[];
  const failed = [...new Set(findings.filter((f) => f.status === 'fail').map((f) => `${f.cloud} ${f.control}`))].sort();
  expect(failed).toEqual(['azure NPLZ-GRD-01', 'azure NPLZ-MON-01', 'azure NPLZ-RES-01']);
}, 120_000);

test('a rollout mode that is neither is refused with the field, the value and what is allowed', async () => {
  const bad = path.join(work, 'bad');
  fs.mkdirSync(path.join(bad, 'tenancies'), { recursive: true });
  fs.writeFileSync(
    path.join(bad, 'national.yaml'),
    fs.readFileSync(path.join(estate, 'national.yaml'), 'utf8').replace('policyEnforcement: audit-only', 'policyEnforcement: warn'),
  );
  fs.copyFileSync(path.join(estate, 'tenancies/surrey.yaml'), path.join(bad, 'tenancies/surrey.yaml'));
  const r = await runCli(['validate', bad]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('azure.policyEnforcement');
  expect(r.stderr).toContain('"warn"');
  expect(r.stderr).toContain('enforce');
  expect(r.stdout).toBe('');
});
