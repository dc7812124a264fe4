import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from './helpers';

/**
 * `nplz init` writes a force's project that validates, synthesises and audits straight away, and
 * whose TypeScript compiles against the NPLZ packages. The project is written inside this package
 * so that module resolution finds the workspace's @nplz packages, as `npm install` would.
 */
const work = fs.mkdtempSync(path.join(__dirname, '..', '.init-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  process.env.NPLZ_TODAY = '2026-11-22';
});

describe('nplz init --force kent --cloud both', () => {
  const dir = path.join(work, 'kent-lz');
  let init: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    init = await runCli(['init', dir, '--force', 'kent', '--cloud', 'both']);
  });

  test('writes the spec, a CDK app, a Pulumi program, package.json and a README', () => {
    expect(init.code).toBe(0);
    for (const f of [
      'tenancies/kent.yaml',
      'national.yaml',
      'national-services.json',
      'src/aws-app.ts',
      'cdk.json',
      'src/azure-program.ts',
      'Pulumi.yaml',
      'package.json',
      'README.md',
    ]) {
      expect(fs.existsSync(path.join(dir, f))).toBe(true);
    }
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('Replace every value marked `# replace`');
  });

  test('validates, synthesises and audits with no failure', async () => {
    expect((await runCli(['validate', dir])).code).toBe(0);
    const synth = await runCli(['synth', '--estate', dir, '--out', path.join(dir, 'out/synth')]);
    expect(synth.stderr).toBe('');
    expect(synth.code).toBe(0);
    const audit = await runCli(['audit', '--in', path.join(dir, 'out/synth'), '--report', path.join(dir, 'out/report')]);
    expect(audit.stdout).toContain('0 fail');
    expect(audit.code).toBe(0);
  }, 120_000);

  test('its TypeScript compiles against the NPLZ packages', () => {
    const tsc = require.resolve('typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', dir, '--noEmit'], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});

test.each([
  [['init', 'x', '--force', 'kentt', '--cloud', 'aws'], 'did you mean "kent"?'],
  [['init', 'x', '--force', 'kent', '--cloud', 'gcp'], 'unknown cloud "gcp"'],
  [['init', '--force', 'kent'], 'give the folder to create'],
])('fails with a message and writes nothing: %p', async (argv, fragment) => {
  const cwd = process.cwd();
  process.chdir(work);
  try {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(fragment);
    expect(fs.existsSync(path.join(work, 'x'))).toBe(false);
  } finally {
    process.chdir(cwd);
  }
});

test('never writes into a folder that has files', async () => {
  const dir = path.join(work, 'taken');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'keep.txt'), 'mine');
  const r = await runCli(['init', dir, '--force', 'kent', '--cloud', 'aws']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('the folder exists and is not empty');
  expect(fs.readdirSync(dir)).toEqual(['keep.txt']);
});
