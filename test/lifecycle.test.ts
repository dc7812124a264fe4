import * as fs from 'node:fs';
import { BlockList } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../packages/cli/test/helpers';

/**
 * Lifecycle operations on the estate, each previewed with `nplz diff` and audited, on a small
 * estate built from the sample's national settings and tenancies (docs/lifecycle.md runs the same
 * commands).
 */
const SAMPLE = path.join(__dirname, '..', 'examples', 'estate');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-lifecycle-'));

function estate(name: string, tenancies: readonly string[]): string {
  const dir = path.join(work, name);
  fs.mkdirSync(path.join(dir, 'tenancies'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLE, 'national.yaml'), path.join(dir, 'national.yaml'));
  for (const t of tenancies) fs.copyFileSync(path.join(SAMPLE, 'tenancies', `${t}.yaml`), path.join(dir, 'tenancies', `${t}.yaml`));
  return dir;
}

/** Every range of an estate folder, read from its YAML as plain text (not with NPLZ's loader). */
function rangesIn(dir: string): string[] {
  const files = [
    path.join(dir, 'national.yaml'),
    ...fs.readdirSync(path.join(dir, 'tenancies')).map((f) => path.join(dir, 'tenancies', f)),
  ];
  return files.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/\b(\d+\.\d+\.\d+\.\d+\/\d+)\b/g)].map((m) => m[1]!));
}

/** Two CIDR blocks overlap when either holds the other's first address (node's BlockList decides). */
function overlaps(a: string, b: string): boolean {
  const holds = (block: string, cidr: string) => {
    const [net, len] = block.split('/');
    const list = new BlockList();
    list.addSubnet(net!, Number(len), 'ipv4');
    return list.check(cidr.split('/')[0]!, 'ipv4');
  };
  return holds(a, b) || holds(b, a);
}

beforeAll(() => {
  process.env.NPLZ_TODAY = '2026-11-22';
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('onboarding a force', () => {
  const base = estate('onboard-base', ['dorset', 'surrey']);
  const head = estate('onboard', ['dorset', 'surrey']);
  let plan: Record<'aws' | 'azure', { block: string; network: Record<string, string> }>;

  test('nplz allocate proposes ranges that overlap nothing in the estate', async () => {
    const r = await runCli(['allocate', '--estate', head, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    plan = JSON.parse(r.stdout);
    const proposed = [...Object.values(plan.aws.network), ...Object.values(plan.azure.network)];
    expect(proposed).toHaveLength(4);
    const existing = rangesIn(head);
    expect(existing.length).toBeGreaterThan(8);
    for (const p of proposed) {
      for (const e of existing) expect(`${p} overlaps ${e}: ${overlaps(p, e)}`).toBe(`${p} overlaps ${e}: false`);
      for (const q of proposed) if (q !== p) expect(overlaps(p, q)).toBe(false);
    }
    // The check above can fail: it sees Surrey's range inside Surrey's AWS block.
    expect(overlaps('10.47.0.0/16', '10.47.128.0/17')).toBe(true);
  });

  test('the new tenancy validates, synthesises, audits with 0 fail, and the diff shows it added and nothing broken', async () => {
    const sussex = fs
      .readFileSync(path.join(SAMPLE, 'tenancies', 'sussex.yaml'), 'utf8')
      .replace('prod: 10.48.0.0/17', `prod: ${plan.aws.network.prod}`)
      .replace('nonprod: 10.48.128.0/17', `nonprod: ${plan.aws.network.nonprod}`)
      .replace('prod: 10.96.0.0/17', `prod: ${plan.azure.network.prod}`)
      .replace('nonprod: 10.96.128.0/17', `nonprod: ${plan.azure.network.nonprod}`);
    fs.writeFileSync(path.join(head, 'tenancies', 'sussex.yaml'), sussex);
    expect((await runCli(['validate', head])).code).toBe(0);

    const diff = await runCli(['diff', '--estate', head, '--base', base, '--json']);
    expect(diff.code).toBe(0);
    const d = JSON.parse(diff.stdout) as {
      tenancies: { added: string[] };
      verdict: string;
      access: { tenancy: string; message: string }[];
    };
    expect(d.tenancies.added).toEqual(['sussex']);
    expect(d.verdict).toBe('clean');
    // The national team's review: every new grant is Sussex's own groups (…0140-0143) on Sussex's own accounts.
    expect(d.access.length).toBeGreaterThan(0);
    for (const a of d.access)
      expect(a.message).toMatch(/sussex|200000000321|200000000322|000000000140|000000000141|000000000142|000000000143/);

    const out = path.join(work, 'onboard-synth');
    const synth = await runCli(['synth', '--estate', head, '--out', out]);
    expect(synth.code).toBe(0);
    const audit = await runCli(['audit', '--in', out, '--report', path.join(work, 'onboard-report'), '--json']);
    expect(JSON.parse(audit.stdout).summary.fail).toBe(0);
    expect(audit.code).toBe(0);
  }, 300_000);

  test('a range chosen by hand that overlaps a neighbour is refused by validate, naming both', async () => {
    const careless = estate('onboard-careless', ['dorset', 'surrey']);
    fs.writeFileSync(
      path.join(careless, 'tenancies', 'sussex.yaml'),
      fs.readFileSync(path.join(SAMPLE, 'tenancies', 'sussex.yaml'), 'utf8').replace('prod: 10.48.0.0/17', 'prod: 10.47.0.0/17'),
    );
    const r = await runCli(['validate', careless]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('10.47.0.0/17 overlaps tenancy surrey aws.network.prod 10.47.0.0/17');
  });

  test.each([
    [['--pool', '10.47.0.0/16'], '--pool', 'no free /16 is left in 10.47.0.0/16'],
    [['--pool', '8.8.0.0/16'], '--pool', 'the pool is not private address space'],
    [['--size', '30'], '--size', 'a prefix from 16 to 22'],
    [['--cloud', 'gcp'], '--cloud', 'aws, azure or both'],
  ])('bad input %p is exit 2 with a message and nothing printed', async (args, field, fragment) => {
    const r = await runCli(['allocate', '--estate', head, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(field);
    expect(r.stderr).toContain(fragment);
    expect(r.stdout).toBe('');
  });
});

test('docs/lifecycle.md shows what `nplz allocate --estate examples/estate` prints', async () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'lifecycle.md'), 'utf8');
  const block = /nplz allocate --estate examples\/estate\n\s*```\n\n\s*```yaml\n([\s\S]*?)\n\s*```/.exec(doc)?.[1];
  expect(block).toBeDefined();
  const shown = block!
    .split('\n')
    .map((l) => l.replace(/^ {3}/, ''))
    .join('\n');
  const r = await runCli(['allocate', '--estate', path.relative(process.cwd(), SAMPLE)]);
  expect(r.code).toBe(0);
  expect(r.stdout.trimEnd()).toBe(shown.trimEnd());
});
