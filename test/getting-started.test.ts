import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * docs/getting-started.md, run as written: every command of its `sh` blocks, in order, in a
 * project `init` scaffolds, and its sample validation error produced by the change the guide
 * names. A command either runs here or is on SKIP with the reason it cannot run offline, so a
 * new step in the guide fails this test until it is one or the other.
 *
 * `npm install` is the one stand-in: the registry test installs from a real registry; here the
 * project is written inside packages/cli, whose node_modules resolves the workspace packages, and
 * @nplz/cli and @nplz/core are linked in as npm would place them.
 */
const repo = path.join(__dirname, '..');
const guide = fs.readFileSync(path.join(repo, 'docs', 'getting-started.md'), 'utf8');
const BIN = path.join(repo, 'packages', 'cli', 'dist', 'bin.js');
const tsc = require.resolve('typescript/bin/tsc', { paths: [repo] });
const TODAY = '2026-12-01';

/** Commands that need a cloud account or the Pulumi CLI and its backend. */
const SKIP: Record<string, string> = {
  'npx cdk bootstrap': 'needs AWS credentials',
  'npx cdk deploy': 'needs AWS credentials',
  'pulumi stack init': 'needs the Pulumi CLI and a backend',
  'pulumi preview': 'needs the Pulumi CLI and Azure credentials',
  'pulumi up': 'needs the Pulumi CLI and Azure credentials',
};

interface Block {
  readonly lang: string;
  readonly text: string;
}
function blocks(md: string): Block[] {
  return [...md.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1] ?? '', text: m[2] ?? '' }));
}
const commands = blocks(guide)
  .filter((b) => b.lang === 'sh')
  .flatMap((b) => b.text.split('\n'))
  .map((l) => l.replace(/\s+#.*$/, '').trim())
  .filter(Boolean)
  .flatMap((l) => l.split(' && ').map((c) => c.trim()));

const work = fs.mkdtempSync(path.join(repo, 'packages', 'cli', '.guide-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface Ran {
  readonly command: string;
  readonly code: number;
  readonly out: string;
}

/** The last successful build in a folder, and what it compiled. */
const built = new Map<string, { inputs: string; ran: Ran }>();

/** What `npm run build` (`tsc -p .`) reads of the project: its config, its manifest and every file under src/, by content. */
function projectInputs(dir: string): string {
  const files = [
    'tsconfig.json',
    'package.json',
    ...fs.readdirSync(path.join(dir, 'src'), { recursive: true }).map((f) => path.join('src', String(f))),
  ];
  return files
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort()
    .map((f) => `${f}\0${fs.readFileSync(path.join(dir, f), 'utf8')}`)
    .join('\0');
}

function run(command: string, cwd: string): Ran | 'cd' | 'skipped' {
  const env = { ...process.env, NO_COLOR: '1', NPLZ_TODAY: TODAY };
  const argv = command.split(/\s+/);
  const node = (args: string[]) => {
    const r = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return { command, code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
  };
  if (argv[0] === 'cd') return 'cd';
  if (Object.keys(SKIP).some((s) => command.startsWith(s))) return 'skipped';
  if (command === 'npm install') {
    fs.mkdirSync(path.join(cwd, 'node_modules', '@nplz'), { recursive: true });
    for (const p of ['cli', 'core']) fs.symlinkSync(path.join(repo, 'packages', p), path.join(cwd, 'node_modules', '@nplz', p));
    return { command, code: 0, out: '' };
  }
  if (command === 'npm run build') {
    // The guide builds again before each deploy section; a build of the same sources in the same
    // folder, after one that succeeded, compiles the same files to the same output: it is checked
    // once (7 s of parsing aws-cdk-lib's and Pulumi's declarations each time), and said again.
    const inputs = projectInputs(cwd);
    const before = built.get(cwd);
    if (before && before.inputs === inputs) return { ...before.ran, command };
    const ran = node([tsc, '-p', '.']);
    if (ran.code === 0) built.set(cwd, { inputs, ran });
    return ran;
  }
  if (argv[0] === 'npx' && argv[1] === '--package' && argv[2] === '@nplz/cli' && argv[3] === 'nplz') return node([BIN, ...argv.slice(4)]);
  if (argv[0] === 'npx' && argv[1] === 'nplz') return node([BIN, ...argv.slice(2)]);
  throw new Error(`docs/getting-started.md runs \`${command}\`, which this test neither runs nor skips: add it to one or the other`);
}

test('the guide has the steps this test walks through', () => {
  expect(commands).toEqual(
    expect.arrayContaining([
      'npx --package @nplz/cli nplz init kent-lz --force kent --cloud both',
      'npx nplz validate .',
      'npm run build',
      'npx nplz synth --estate . --out out/synth',
      'npx nplz audit --in out/synth --report out/report',
    ]),
  );
});

test('every command of docs/getting-started.md runs as written, and the sample error is what validate prints', () => {
  let cwd = work;
  const ran: Ran[] = [];
  const skipped: string[] = [];
  for (const command of commands) {
    const r = run(command, cwd);
    if (r === 'cd') {
      cwd = path.join(cwd, command.split(/\s+/)[1] ?? '');
      continue;
    }
    if (r === 'skipped') {
      skipped.push(command);
      continue;
    }
    ran.push(r);
    // A diff between baselines exits 3 when the new one breaks something; every other command succeeds.
    const ok = r.code === 0 || (command.includes(' diff ') && r.code === 3);
    expect({ command, ok, out: ok ? '' : r.out }).toEqual({ command, ok: true, out: '' });
  }
  expect(ran.find((r) => r.command.startsWith('npx nplz audit'))?.out).toContain('0 fail');
  expect(skipped.length).toBeGreaterThan(0);

  // The sample error: the change the guide names, then `npx nplz validate .` as in step 2.
  const change = /with `aws\.network\.prod: ([^`]+)`/.exec(guide)?.[1];
  expect(change).toBeDefined();
  const sample = blocks(guide).find((b) => b.lang === '' && b.text.startsWith('✖'))?.text;
  expect(sample).toBeDefined();
  const spec = path.join(cwd, 'tenancies', 'kent.yaml');
  fs.writeFileSync(spec, fs.readFileSync(spec, 'utf8').replace(/^( {4}prod: )10\.\d+\.0\.0\/17$/m, `$1${change ?? ''}`));
  const r = spawnSync(process.execPath, [BIN, 'validate', '.'], { cwd, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stderr.startsWith(sample ?? '-')).toBe(true);
}, 900_000);
