import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { COMMAND_ENTRIES, loadAllCommands } from '../src/main';
import { BIN, runBuiltCli, type CliResult } from './helpers';

const ROOT = path.join(__dirname, '../../..');
const HEAVY = /[\\/]node_modules[\\/](aws-cdk-lib|cdk-nag|@pulumi[\\/][^\\/]+)[\\/]/;

let tmp: string;
let hook: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-startup-'));
  // Preloaded into the built binary: at exit, prints the heavy packages the process loaded.
  hook = path.join(tmp, 'loaded.js');
  fs.writeFileSync(
    hook,
    `process.on('exit', () => {
       const heavy = new Set(Object.keys(require.cache).map((f) => (${HEAVY}.exec(f) || [])[1]).filter(Boolean));
       process.stderr.write('\\nLOADED ' + JSON.stringify([...heavy].sort()) + '\\n');
     });`,
  );
});
afterAll(async () => {
  // Nothing of this file's still runs in the folder it removes.
  await Promise.allSettled([...probes.values(), synths]);
  fs.rmSync(tmp, { recursive: true, force: true });
}, 300_000);

/** The heavy packages (aws-cdk-lib, cdk-nag, Pulumi) the built binary loads for `argv`. */
function heavyLoaded(argv: string[]): Promise<{ code: number | null; loaded: string[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['-r', hook, BIN, ...argv], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    p.stdout.resume();
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => {
      const line = stderr.split('\n').find((l) => l.startsWith('LOADED '));
      if (!line) reject(new Error(`no LOADED line from nplz ${argv.join(' ')}:\n${stderr}`));
      else resolve({ code, loaded: JSON.parse(line.slice('LOADED '.length)) as string[] });
    });
  });
}

/**
 * Every probe and the two synths start at once, each in a child process of its own, and each test
 * awaits its own. (Marked handled here: the test that awaits one reports its failure.)
 */
const LIGHT: string[][] = [['--version'], ['--help'], ['forces'], ['validate', 'examples/estate'], ['nosuchcommand']];
const probes = new Map<string, ReturnType<typeof heavyLoaded>>();
const probe = (argv: string[]) => probes.get(JSON.stringify(argv))!;
let synths: Promise<{ quiet: CliResult; warn: CliResult }>;
beforeAll(() => {
  for (const argv of [...LIGHT, ['controls', '--json']]) {
    const p = heavyLoaded(argv);
    p.catch(() => undefined);
    probes.set(JSON.stringify(argv), p);
  }
  // A two-force estate from the sample generator: enough for every national stack and cdk-nag.
  const estate = path.join(tmp, 'estate');
  execFileSync(process.execPath, [
    '-e',
    `const { writeEstate } = require(${JSON.stringify(path.join(ROOT, 'examples/estate/generate.js'))});
     const { FORCES } = require(require.resolve('@nplz/core', { paths: [${JSON.stringify(path.join(ROOT, 'examples/estate'))}] }));
     writeEstate(${JSON.stringify(estate)}, { forces: FORCES.slice(0, 2) });`,
  ]);
  // One after the other: the second reads the first's cache (the first, the quiet one, runs cold).
  const cache = path.join(tmp, 'cache');
  synths = (async () => {
    const quiet = await runBuiltCli(['synth', '--estate', estate, '--out', path.join(tmp, 'out-quiet')], {
      JSII_DEPRECATED: undefined,
      NPLZ_CACHE_DIR: cache,
    });
    const warn = await runBuiltCli(['synth', '--estate', estate, '--out', path.join(tmp, 'out-warn')], {
      JSII_DEPRECATED: 'warn',
      NPLZ_CACHE_DIR: cache,
    });
    return { quiet, warn };
  })();
  synths.catch(() => undefined);
});

describe('start-up: commands load lazily', () => {
  test('the registry names each command and its summary as the command module does, in the same order', () => {
    const specs = loadAllCommands();
    expect(specs.map((c) => c.name)).toEqual(COMMAND_ENTRIES.map((e) => e.name));
    expect(specs.map((c) => c.summary)).toEqual(COMMAND_ENTRIES.map((e) => e.summary));
    for (const e of COMMAND_ENTRIES) expect(e.load()).toBe(specs.find((c) => c.name === e.name));
  });

  test.each(LIGHT.map((argv) => [argv]))('nplz %j loads neither aws-cdk-lib nor cdk-nag nor Pulumi', async (argv) => {
    expect((await probe(argv)).loaded).toEqual([]);
  });

  test('the probe sees a command that does load aws-cdk-lib (so the checks above are not vacuous)', async () => {
    const r = await probe(['controls', '--json']);
    expect(r.code).toBe(0);
    expect(r.loaded).toContain('aws-cdk-lib');
  });
});

describe('synth prints no aws-cdk-lib deprecation warning', () => {
  test('by default stderr has no deprecation warning; with JSII_DEPRECATED=warn the only one is cdk-nag reading CfnEventBusPolicy#principal', async () => {
    const { quiet, warn } = await synths;
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toMatch(/deprecated|\[WARNING\]/i);
    // The user's own choice wins, and it shows that nothing else of aws-cdk-lib's deprecated API is
    // used: a deprecated call added to NPLZ code would be a second warning here.
    expect(warn.code).toBe(0);
    const warnings = warn.stderr.split('\n').filter((l) => l.includes('is deprecated'));
    expect(warnings).toEqual([expect.stringContaining('aws-cdk-lib.aws_events.CfnEventBusPolicy#principal is deprecated')]);
  });
});
