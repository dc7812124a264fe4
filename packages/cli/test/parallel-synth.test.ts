import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runBuiltCli } from './helpers';

/**
 * `nplz synth` records the Azure plan in a child process while AWS synthesises, and keeps the
 * Control Tower guard results in a content-addressed cache. Neither may change a byte of the output:
 * each run below is compared, file by file, with a cold serial run (NPLZ_SERIAL=1, --no-cache) of
 * the same one-force estate on both clouds.
 */
const ROOT = path.join(__dirname, '..', '..', '..');
const ESTATE = path.join(ROOT, 'test/fixtures/bad-input-base');
const env = { NPLZ_TODAY: '2026-12-01', CI: 'true' };

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Each file under `dir`, with its modification time and inode (a rewrite by rename changes both). */
function entries(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const st = fs.statSync(path.join(dir, f));
    if (st.isFile()) out.set(f, `${st.mtimeMs}:${st.ino}`);
  }
  return out;
}

function expectSameFiles(actual: string, expected: string): void {
  const a = files(actual);
  const e = files(expected);
  expect([...a.keys()]).toEqual([...e.keys()]);
  for (const [f, bytes] of e) expect({ file: f, same: a.get(f)?.equals(bytes) }).toEqual({ file: f, same: true });
}

describe('a parallel, cached synth writes what a cold serial one writes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-parallel-synth-'));
  const cache = path.join(dir, 'cache');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const serial = await runBuiltCli(['synth', '--estate', ESTATE, '--out', path.join(dir, 'serial'), '--no-cache'], {
      ...env,
      NPLZ_SERIAL: '1',
    });
    expect({ code: serial.code, stderr: serial.code === 0 ? '' : serial.stderr }).toEqual({ code: 0, stderr: '' });
  }, 600_000);

  test('parallel with a cold cache, then parallel with a warm cache', async () => {
    const cold = await runBuiltCli(['synth', '--estate', ESTATE, '--out', path.join(dir, 'cold')], { ...env, NPLZ_CACHE_DIR: cache });
    expect(cold.code).toBe(0);
    expect(fs.readdirSync(path.join(cache, 'cfn-guard')).length).toBeGreaterThan(0);
    // Each Azure stack's plan too (the child process keeps them: DiskPlanCache).
    expect(fs.readdirSync(path.join(cache, 'azure-plan')).length).toBeGreaterThan(0);
    expectSameFiles(path.join(dir, 'cold'), path.join(dir, 'serial'));
    // Each stack's cdk-nag violations, per pack (StackCachedPack); a warm run finds every one, so writes none.
    const nagEntries = () =>
      fs
        .readdirSync(path.join(cache, 'cdk-nag'), { recursive: true })
        .filter((f) => String(f).endsWith('.json'))
        .sort();
    const kept = nagEntries();
    expect(kept.length).toBeGreaterThan(0);
    const warm = await runBuiltCli(['synth', '--estate', ESTATE, '--out', path.join(dir, 'warm')], { ...env, NPLZ_CACHE_DIR: cache });
    expect(warm.code).toBe(0);
    expect(nagEntries()).toEqual(kept);
    expectSameFiles(path.join(dir, 'warm'), path.join(dir, 'serial'));
    // In process (NPLZ_SERIAL=1), the same cache answers the same way.
    const inProcess = await runBuiltCli(['synth', '--estate', ESTATE, '--out', path.join(dir, 'warm-serial')], {
      ...env,
      NPLZ_CACHE_DIR: cache,
      NPLZ_SERIAL: '1',
    });
    expect(inProcess.code).toBe(0);
    expectSameFiles(path.join(dir, 'warm-serial'), path.join(dir, 'serial'));
    // The output never holds the cache: it is replaced whole on each synth.
    expect(fs.existsSync(path.join(dir, 'warm', '.nplz-cache'))).toBe(false);
  }, 600_000);
});

// The base estate's plans are kept when the head's are recorded (Dorset's budget differs between
// them), so a cache that answered for the wrong inputs would show no Azure change.
describe('a diff whose Azure plans record in child processes, and are kept between runs, says what a serial uncached one says', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-parallel-diff-'));
  const head = path.join(dir, 'head');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    fs.cpSync(ESTATE, head, { recursive: true });
    const spec = path.join(head, 'tenancies', 'dorset.yaml');
    const text = fs.readFileSync(spec, 'utf8');
    expect(text).toContain('monthlyGbp: 8000');
    fs.writeFileSync(spec, text.replace('monthlyGbp: 8000', 'monthlyGbp: 9000'));
  });

  test.each([
    ['between two estates', ['diff', '--estate', head, '--base', ESTATE, '--json']],
    ['between two baselines', ['diff', '--from', '2026.11', '--to', '2027.02', '--estate', ESTATE, '--json']],
  ])(
    '%s',
    async (_what, argv) => {
      // The reference: one process, nothing kept (a fresh cache folder proves --no-cache writes none).
      const untouched = fs.mkdtempSync(path.join(dir, 'no-cache-'));
      const serial = await runBuiltCli([...argv, '--no-cache'], { ...env, NPLZ_SERIAL: '1', NPLZ_CACHE_DIR: untouched });
      expect(fs.readdirSync(untouched)).toEqual([]);
      // Children, with the plan cache `nplz synth` keeps: cold, then warm; then warm in one process.
      const cache = fs.mkdtempSync(path.join(dir, 'cache-'));
      const cold = await runBuiltCli(argv, { ...env, NPLZ_CACHE_DIR: cache });
      const kept = entries(path.join(cache, 'azure-plan'));
      expect(kept.size).toBeGreaterThan(0);
      // Each AWS tenancy stack's template: the force's two at the base, and again at the head, where
      // they differ (Dorset's budget; every spec's baseline when two baselines are compared).
      const templates = entries(path.join(cache, 'aws-template'));
      expect(templates.size).toBe(4);
      const warm = await runBuiltCli(argv, { ...env, NPLZ_CACHE_DIR: cache });
      const warmSerial = await runBuiltCli(argv, { ...env, NPLZ_CACHE_DIR: cache, NPLZ_SERIAL: '1' });
      // The warm runs were answered by the cache: no entry was written again, none added.
      expect(entries(path.join(cache, 'azure-plan'))).toEqual(kept);
      expect(entries(path.join(cache, 'aws-template'))).toEqual(templates);
      const parallel = cold;
      expect({ code: parallel.code, stderr: parallel.code <= 3 ? '' : parallel.stderr }).toEqual({ code: serial.code, stderr: '' });
      for (const run of [cold, warm, warmSerial]) {
        expect(run.code).toBe(serial.code);
        expect(run.stdout).toBe(serial.stdout);
      }
      // Not an empty agreement: the diff reports the change on both clouds.
      const changes = (JSON.parse(parallel.stdout) as { changes: { cloud: string }[] }).changes;
      expect(new Set(changes.map((c) => c.cloud))).toEqual(new Set(['aws', 'azure']));
    },
    600_000,
  );
});
