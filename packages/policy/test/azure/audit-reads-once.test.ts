import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../cli/test/helpers';
import { readEstateSnapshot } from '../../../cli/src/synth-output';
import { auditEstate, synthOutputPaths } from '../../src/audit';

/**
 * The audit reads each input once: plan.json and each stack's template are read to check the input
 * (checkAuditInput) and the same parsed copies are what the checks then run over, not a second read.
 * Every fs.readFileSync is counted, by resolved path, for auditEstate alone (the CLI's own check of
 * the synth output, before it, is not counted).
 */
const reads = new Map<string, number>();
let counting = false;
function counted(real: typeof import('node:fs')): typeof import('node:fs') {
  return {
    ...real,
    readFileSync: ((file: unknown, ...rest: unknown[]) => {
      if (counting && typeof file === 'string') reads.set(path.resolve(file), (reads.get(path.resolve(file)) ?? 0) + 1);
      return (real.readFileSync as (...a: unknown[]) => unknown)(file, ...rest);
    }) as typeof real.readFileSync,
  };
}
jest.mock('node:fs', () => counted(jest.requireActual('node:fs')));
jest.mock('fs', () => counted(jest.requireActual('fs')));

// The real fs, not the counting one above.
const fs = jest.requireActual('node:fs') as typeof import('node:fs');
const BASE = path.join(__dirname, '../../../../test/fixtures/bad-input-base');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-reads-once-'));
const synth = path.join(work, 'synth');

beforeAll(async () => {
  process.env.NPLZ_TODAY = '2026-11-22';
  const r = await runCli(['synth', '--estate', BASE, '--out', synth]);
  expect(r.code).toBe(0);
}, 300_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('an audit reads plan.json and each template once', async () => {
  const estate = readEstateSnapshot(synth);
  reads.clear();
  counting = true;
  try {
    const report = await auditEstate({ estate, ...synthOutputPaths(synth), now: new Date('2026-11-22T00:00:00Z'), version: '0.0.0' });
    expect(report.findings.length).toBeGreaterThan(100);
  } finally {
    counting = false;
  }
  const plan = path.join(synth, 'azure', 'plan.json');
  // The stacks' templates, as the manifest names them (nested assemblies: none in this output).
  const manifest = JSON.parse(fs.readFileSync(path.join(synth, 'aws', 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  const templates = Object.values(manifest.artifacts).flatMap((a) =>
    a.type === 'aws:cloudformation:stack' && a.properties?.templateFile ? [a.properties.templateFile] : [],
  );
  expect(Object.values(manifest.artifacts).some((a) => a.type === 'cdk:cloud-assembly')).toBe(false);
  expect(templates.length).toBeGreaterThan(3);
  expect(reads.get(plan)).toBe(1);
  for (const t of templates) expect([t, reads.get(path.join(synth, 'aws', t))]).toEqual([t, 1]);
}, 300_000);
