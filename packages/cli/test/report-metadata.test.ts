import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './helpers';

/**
 * The report's "as of" date and its generation time are separate, and SOURCE_DATE_EPOCH makes two
 * audits byte-identical (docs/auditing.md, "The report"). One tenancy of the sample estate.
 */
const SAMPLE = path.join(__dirname, '../../../examples/estate');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-report-metadata-'));
const estate = path.join(work, 'estate');
const synth = path.join(work, 'synth');
const saved = { today: process.env.NPLZ_TODAY, epoch: process.env.SOURCE_DATE_EPOCH };

beforeAll(async () => {
  fs.mkdirSync(path.join(estate, 'tenancies'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLE, 'national.yaml'), path.join(estate, 'national.yaml'));
  fs.copyFileSync(path.join(SAMPLE, 'tenancies/surrey.yaml'), path.join(estate, 'tenancies/surrey.yaml'));
  process.env.NPLZ_TODAY = '2026-11-22';
  const r = await runCli(['synth', '--estate', estate, '--out', synth]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}, 300_000);
afterAll(() => {
  for (const [k, v] of [
    ['NPLZ_TODAY', saved.today],
    ['SOURCE_DATE_EPOCH', saved.epoch],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  fs.rmSync(work, { recursive: true, force: true });
});

const audit = (report: string, ...more: string[]) =>
  runCli(['audit', '--in', synth, '--report', path.join(work, report), '--fail-on', 'none', ...more]);
const ALL_FORMATS = ['--format', 'json,sarif,junit,csv,md,html,oscal,ocsf'];

test('NPLZ_TODAY=2027-03-01 SOURCE_DATE_EPOCH=... : as of the date, generated at the pinned time, byte-identical twice', async () => {
  process.env.NPLZ_TODAY = '2027-03-01';
  process.env.SOURCE_DATE_EPOCH = '1795392000';
  for (const r of ['a', 'b']) expect((await audit(r, ...ALL_FORMATS)).code).toBe(0);
  const files = fs.readdirSync(path.join(work, 'a')).sort();
  expect(files).toEqual(
    expect.arrayContaining(['assessment-results.oscal.json', 'findings.ocsf.jsonl', 'findings.json', 'findings.sarif']),
  );
  for (const f of files)
    expect(fs.readFileSync(path.join(work, 'b', f), 'latin1')).toBe(fs.readFileSync(path.join(work, 'a', f), 'latin1'));
  const report = JSON.parse(fs.readFileSync(path.join(work, 'a', 'findings.json'), 'utf8')) as { asOf: string; generatedAt: string };
  expect(report.asOf).toBe('2027-03-01');
  expect(report.generatedAt).toBe('2026-11-23T00:00:00.000Z');
  expect(fs.readFileSync(path.join(work, 'a', 'report.md'), 'utf8')).toContain('as of **2027-03-01**, nplz');
}, 300_000);

test('without SOURCE_DATE_EPOCH the generation time is the real clock, whatever NPLZ_TODAY says', async () => {
  process.env.NPLZ_TODAY = '2026-11-22';
  delete process.env.SOURCE_DATE_EPOCH;
  const before = Date.now();
  expect((await audit('c')).code).toBe(0);
  const report = JSON.parse(fs.readFileSync(path.join(work, 'c', 'findings.json'), 'utf8')) as { asOf: string; generatedAt: string };
  expect(report.asOf).toBe('2026-11-22');
  expect(Date.parse(report.generatedAt)).toBeGreaterThanOrEqual(before - 1000);
  expect(Date.parse(report.generatedAt)).toBeLessThanOrEqual(Date.now());
  // OSCAL and OCSF are exports for other systems, written when asked for by name.
  const files = fs.readdirSync(path.join(work, 'c'));
  expect(files).toEqual(expect.arrayContaining(['findings.json', 'findings.sarif', 'report.html']));
  expect(files.filter((f) => /oscal|ocsf/.test(f))).toEqual([]);
}, 300_000);
