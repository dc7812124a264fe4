import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../packages/cli/test/helpers';

/**
 * `nplz diff --estate <dir> --base <dir|git-revision>`: what a pull request to the estate does to
 * every tenancy. Each case builds a small estate (the sample's national settings and a few of its
 * tenancies) in a temporary folder, changes it as a pull request would, and diffs the two.
 */
const SAMPLE = path.join(__dirname, '..', 'examples', 'estate');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-estate-diff-'));

type Edit = (name: string, yaml: string) => string;

/** An estate folder with the sample's national settings and these tenancies (edited if asked). */
function estate(name: string, tenancies: readonly string[], edit: Edit = (_, y) => y): string {
  const dir = path.join(work, name);
  fs.mkdirSync(path.join(dir, 'tenancies'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLE, 'national.yaml'), path.join(dir, 'national.yaml'));
  for (const t of tenancies) {
    const yaml = fs.readFileSync(path.join(SAMPLE, 'tenancies', `${t}.yaml`), 'utf8');
    fs.writeFileSync(path.join(dir, 'tenancies', `${t}.yaml`), edit(t, yaml));
  }
  return dir;
}

interface Json {
  tenancies: { added: string[]; removed: string[]; changed: string[] };
  changes: { tenancy: string; cloud: string; action: string; type: string; resource: string; stateful: boolean }[];
  breaking: { kind: string; tenancy: string; cloud: string; message: string }[];
  access: { tenancy: string; cloud: string; type: string; message: string }[];
  verdict: string;
}
const diff = async (head: string, base: string, ...more: string[]) => {
  const r = await runCli(['diff', '--estate', head, `--base=${base}`, ...more]);
  return { ...r, json: more.includes('--json') ? (JSON.parse(r.stdout) as Json) : undefined };
};

const BASE = ['kent', 'essex', 'kent-essex-its', 'surrey'];

beforeAll(() => {
  process.env.NPLZ_TODAY = '2026-11-22';
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/**
 * A git repository whose HEAD holds the four tenancies and whose working tree (the pull request)
 * drops Surrey; HEAD~1 holds an invalid tenancy, fixed at HEAD. Made once, on first use.
 */
const repo = path.join(work, 'repo');
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
let repoMade = false;
function gitRepo(): void {
  if (repoMade) return;
  repoMade = true;
  fs.mkdirSync(repo);
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.invalid');
  git('config', 'user.name', 'test');
  fs.cpSync(estate('git-estate', BASE), path.join(repo, 'estate'), { recursive: true });
  git('add', 'estate');
  git('commit', '-q', '-m', 'estate');
  // A broken commit, fixed in the next one: HEAD~1 holds an invalid tenancy.
  const kent = path.join(repo, 'estate', 'tenancies', 'kent.yaml');
  const good = fs.readFileSync(kent, 'utf8');
  fs.writeFileSync(kent, good.replace('force: kent', 'force: kentt'));
  git('commit', '-q', '-am', 'broken');
  fs.writeFileSync(kent, good);
  git('commit', '-q', '-am', 'fixed');
  // The pull request, uncommitted in the working tree: Surrey leaves.
  fs.rmSync(path.join(repo, 'estate', 'tenancies', 'surrey.yaml'));
}
/** The one text diff of that pull request against HEAD, with the working tree's status before it. */
let removal: Promise<{ status: string; r: Awaited<ReturnType<typeof diff>> }> | undefined;
const surreyLeaves = () =>
  (removal ??= (async () => {
    gitRepo();
    const status = git('status', '--porcelain');
    return { status, r: await diff(path.join(repo, 'estate'), 'HEAD') };
  })());

test('a pull request that changes nothing is clean: no change, no access, exit 0', async () => {
  const r = await diff(estate('same-a', BASE), estate('same-b', BASE));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('No resource changes.');
  expect(r.stdout).not.toContain('New access');
  expect(r.stdout.trim().split('\n').pop()).toMatch(/^Verdict: No breaking change/);
}, 120_000);

test('adding a force: its tenancy and its access are listed, nothing breaks, exit 0', async () => {
  const r = await diff(estate('add', [...BASE, 'sussex']), estate('add-base', BASE), '--json');
  const d = r.json!;
  expect(r.code).toBe(0);
  expect(d.tenancies.added).toEqual(['sussex']);
  expect(d.breaking).toEqual([]);
  expect(d.verdict).toBe('clean');
  const sussex = d.changes.filter((c) => c.tenancy === 'sussex');
  expect(sussex.length).toBeGreaterThan(0);
  expect(sussex.every((c) => c.action === 'add')).toBe(true);
  expect(d.changes.filter((c) => c.tenancy !== 'sussex' && c.tenancy !== 'national')).toEqual([]);
  const access = d.access.map((a) => `${a.tenancy} · ${a.cloud}: ${a.message}`);
  // Sussex's own groups, on Sussex's own accounts and subscriptions (sample identifiers).
  expect(access).toContain('national · aws: group 00000000-0000-4a11-8000-000000000140 is assigned force-admin on account 200000000321');
  expect(access.some((a) => /^sussex · azure: principal \S+ gains Contributor at \/subscriptions\//.test(a))).toBe(true);
  // The new OU is national; nothing national is loosened.
  expect(d.changes.some((c) => c.tenancy === 'national' && c.type === 'AWS::Organizations::OrganizationalUnit' && c.action === 'add')).toBe(
    true,
  );
}, 120_000);

test('removing a force flags the data it would lose on both clouds, exit 3', async () => {
  // The same pair as the git revision's case below (Surrey leaves the four), so one diff answers both.
  const { r } = await surreyLeaves();
  expect(r.code).toBe(3);
  expect(r.stdout).toContain('Tenancies removed (1): surrey');
  expect(r.stdout).toMatch(
    /\[stateful-delete\] surrey · aws: AWS::KMS::Key Force-surrey-prod\/\S+ would be deleted: its data would be lost/,
  );
  expect(r.stdout).toMatch(/\[stateful-delete\] surrey · azure: azure-native:storage:StorageAccount \S+surrey-prod-audit would be deleted/);
  expect(r.stdout.trim().split('\n').pop()).toMatch(/^Verdict: BREAKING/);
}, 120_000);

test('widening a collaboration to a third force shows the new network paths between the spokes (Azure hub firewall rules) and nothing else', async () => {
  const widen: Edit = (name, yaml) =>
    name === 'kent-essex-its'
      ? yaml.replace('forces: [kent, essex]', 'forces: [kent, essex, surrey]')
      : name === 'surrey'
        ? `${yaml}collaborations:\n  - kent-essex-its\n`
        : yaml;
  const r = await diff(estate('widen', BASE, widen), estate('widen-base', BASE), '--json');
  const d = r.json!;
  expect(r.stderr).toBe('');
  expect(d.breaking).toEqual([]);
  // The link is national now: only the hub firewall's rule collection group changes, no tenancy's resources.
  expect(d.changes.filter((c) => c.tenancy !== 'national')).toEqual([]);
  expect(d.changes.filter((c) => c.tenancy === 'national').map((c) => `${c.action} ${c.type}`)).toEqual([
    'modify azure-native:network:FirewallPolicyRuleCollectionGroup',
  ]);
  const access = d.access.map((a) => `${a.tenancy} · ${a.cloud}: ${a.message}`);
  // Spokes do not peer with each other: the hub firewall's collaborations rules carry the traffic,
  // so the new paths are exactly the collaboration's and Surrey's prod ranges, both ways (sample YAML).
  const paths = access.filter((a) => /^national · azure: network path: hub firewall rule collaborations\//.test(a));
  expect(paths.map((a) => a.replace(/^.*allows (\S+) → (\S+) .*$/, '$1 → $2')).sort()).toEqual([
    '10.121.0.0/17 → 10.95.0.0/17',
    '10.95.0.0/17 → 10.121.0.0/17',
  ]);
  expect(access.some((a) => /is peered with/.test(a))).toBe(false);
  // (On AWS the collaboration's routes are rendered by the second-phase routing shard, from the spoke
  // attachment ids a deployment reports; an estate synthesised before any deployment has none.)
  // Nothing else gains access: every new grant names the collaboration or Surrey.
  expect(access.every((a) => /kent-essex-its|surrey/.test(a))).toBe(true);
}, 120_000);

describe('the base as a git revision', () => {
  beforeAll(gitRepo);

  test('reads the estate at that revision with git and leaves the working tree as it was', async () => {
    const { status, r } = await surreyLeaves();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^Estate HEAD \([0-9a-f]{12}\) → /);
    expect(r.stdout).toContain('Tenancies removed (1): surrey');
    expect(git('status', '--porcelain')).toBe(status);
    expect(fs.existsSync(path.join(repo, 'estate', 'tenancies', 'surrey.yaml'))).toBe(false);
  }, 120_000);

  test('a problem in the base revision names the file as the repository does, exit 2', async () => {
    const r = await diff(path.join(repo, 'estate'), 'HEAD~1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('HEAD~1:estate/tenancies/kent.yaml');
    expect(r.stderr).toContain('"kentt"');
    expect(r.stderr).not.toContain('nplz-base-');
    expect(r.stdout).toBe('');
  });

  test.each([
    ['no-such-branch', 'is neither a folder nor a git revision'],
    ['--upload-pack=evil', 'is neither a folder nor a git revision'],
  ])('a bad revision (%s) is exit 2 with a clear message and no stack trace', async (rev, fragment) => {
    const r = await diff(path.join(repo, 'estate'), rev);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--base');
    expect(r.stderr).toContain(fragment);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe('');
  });
});

describe('nplz diff between baselines, on a small estate', () => {
  test('--force kent reports the national guardrails that govern its accounts, as the estate-wide run does', async () => {
    const dir = estate('force', BASE);
    const all = JSON.parse((await runCli(['diff', '--from', '2027.02', '--to', '2026.11', '--estate', dir, '--json'])).stdout) as Json;
    const kent = await runCli(['diff', '--from', '2027.02', '--to', '2026.11', '--estate', dir, '--force', 'kent', '--json']);
    expect(kent.code).toBe(3);
    const own = JSON.parse(kent.stdout) as Json;
    const national = (d: Json) =>
      d.breaking.filter((b) => b.tenancy === 'national' && /region|ports/i.test(b.message)).map((b) => `${b.cloud}: ${b.message}`);
    expect(national(own)).toEqual([
      'aws: deny DenyOutsideAllowedRegions in Nplz-Organization/Organization/UkRegionsOnly now exempts globalaccelerator:*',
      'azure: policy assignment nplz-policy-deny-mgmt-ports: ports no longer covers 5985, 5986',
    ]);
    // The estate-wide run also reports the identity subscriptions' own assignment, which does not govern Kent.
    const identity = 'azure: policy assignment nplz-policy-deny-mgmt-ports-identity: ports no longer covers 5985, 5986';
    expect(national(all)).toEqual([...national(own), identity]);
    // What governs Kent only: not the national archive's own lock.
    expect(own.breaking.filter((b) => b.tenancy === 'national' && /evidence lock/.test(b.message))).toEqual([]);
    expect(all.breaking.some((b) => b.tenancy === 'national' && /evidence lock/.test(b.message))).toBe(true);
  }, 180_000);

  test('a tenancy not ready for the new baseline is exit 3 under a NOT READY verdict, never "No breaking change"', async () => {
    const dir = estate('not-ready', ['surrey'], (_, y) => y.replace(/^ {2}service-owner: .*\n/m, ''));
    const r = await runCli(['diff', '--from', '2026.11', '--to', '2027.02', '--estate', dir]);
    expect(r.code).toBe(3);
    expect(r.stdout).not.toMatch(/no breaking change/i);
    expect(r.stdout).toContain('Not ready for 2027.02 (1)');
    expect(r.stdout.trim().split('\n').pop()).toMatch(/^Verdict: NOT READY \(1\)/);
  }, 120_000);

  test('bookkeeping (baseline tags, budget start dates) is one counted line, listed only with --details', async () => {
    const dir = estate('noise', ['surrey']);
    const r = await runCli(['diff', '--from', '2026.11', '--to', '2027.02', '--estate', dir, '--force', 'surrey']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Bookkeeping only: \d+ resources change only their nplz:baseline or nplz:force tag or budget start date \(--details lists them\)\.$/m,
    );
    expect(r.stdout).not.toContain('timePeriod.startDate');
    expect(r.stdout).not.toContain('tags.nplz:baseline');
    // The real changes are still listed: the management ports the new baseline denies.
    expect(r.stdout).toContain('securityRules[0].destinationPortRanges[2]');
    const all = await runCli(['diff', '--from', '2026.11', '--to', '2027.02', '--estate', dir, '--force', 'surrey', '--details']);
    expect(all.stdout).toContain('timePeriod.startDate');
    expect(all.stdout).toContain('[bookkeeping]');
  }, 120_000);
});

test('--force in an estate diff reports that force only: Surrey leaving is breaking for Surrey, not for Kent', async () => {
  const head = estate('force-head', ['kent', 'essex', 'kent-essex-its']);
  const base = estate('force-base', BASE);
  const surrey = await diff(head, base, '--force', 'surrey', '--json');
  expect(surrey.code).toBe(3);
  expect(new Set(surrey.json!.breaking.map((b) => b.tenancy))).toEqual(new Set(['surrey', 'national']));
  const kent = await diff(head, base, '--force', 'kent', '--json');
  expect(kent.code).toBe(0);
  expect(kent.json!.breaking).toEqual([]);
  expect(kent.json!.changes.filter((c) => c.tenancy !== 'national')).toEqual([]);
}, 180_000);
