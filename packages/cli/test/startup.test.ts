import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { COMMAND_ENTRIES, loadAllCommands } from '../src/main';
import { BIN, runBuiltCli } from './helpers';
import { loadProbe } from './load-probe';

const ROOT = path.join(__dirname, '../../..');
const HEAVY = /[\\/]node_modules[\\/](aws-cdk-lib|cdk-nag|@pulumi[\\/][^\\/]+)[\\/]/;

let tmp: string;
let probe: ReturnType<typeof loadProbe>;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-startup-'));
  // Preloaded into the built binary: at exit, prints the heavy packages the process loaded.
  probe = loadProbe(tmp, HEAVY, ROOT);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The heavy packages (aws-cdk-lib, cdk-nag, Pulumi) the built binary loads for `argv`. */
function heavyLoaded(argv: string[]): { code: number | null; loaded: string[] } {
  return probe([BIN, ...argv]);
}

describe('start-up: commands load lazily', () => {
  test('the registry names each command and its summary as the command module does, in the same order', () => {
    const specs = loadAllCommands();
    expect(specs.map((c) => c.name)).toEqual(COMMAND_ENTRIES.map((e) => e.name));
    expect(specs.map((c) => c.summary)).toEqual(COMMAND_ENTRIES.map((e) => e.summary));
    for (const e of COMMAND_ENTRIES) expect(e.load()).toBe(specs.find((c) => c.name === e.name));
  });

  test.each([[['--version']], [['--help']], [['forces']], [['validate', 'examples/estate']], [['nosuchcommand']]])(
    'nplz %j loads neither aws-cdk-lib nor cdk-nag nor Pulumi',
    (argv) => {
      expect(heavyLoaded(argv).loaded).toEqual([]);
    },
  );

  test('the probe sees a command that does load aws-cdk-lib (so the checks above are not vacuous)', () => {
    const r = heavyLoaded(['controls', '--json']);
    expect(r.code).toBe(0);
    expect(r.loaded).toContain('aws-cdk-lib');
  });
});

describe('synth prints no aws-cdk-lib deprecation warning', () => {
  let estate: string;
  beforeAll(() => {
    // A two-force estate from the sample generator: enough for every national stack and cdk-nag.
    estate = path.join(tmp, 'estate');
    execFileSync(process.execPath, [
      '-e',
      `const { writeEstate } = require(${JSON.stringify(path.join(ROOT, 'examples/estate/generate.js'))});
       const { FORCES } = require(require.resolve('@nplz/core', { paths: [${JSON.stringify(path.join(ROOT, 'examples/estate'))}] }));
       writeEstate(${JSON.stringify(estate)}, { forces: FORCES.slice(0, 2) });`,
    ]);
  });

  test('by default stderr has no deprecation warning; with JSII_DEPRECATED=warn the only one is cdk-nag reading CfnEventBusPolicy#principal', async () => {
    const cache = path.join(tmp, 'cache');
    const quiet = await runBuiltCli(['synth', '--estate', estate, '--out', path.join(tmp, 'out-quiet')], {
      JSII_DEPRECATED: undefined,
      NPLZ_CACHE_DIR: cache,
    });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toMatch(/deprecated|\[WARNING\]/i);
    // The user's own choice wins, and it shows that nothing else of aws-cdk-lib's deprecated API is
    // used: a deprecated call added to NPLZ code would be a second warning here.
    // The warning comes from cdk-nag's rules reading the resource: with that stack's violations kept
    // (<cache>/cdk-nag/) the rules do not run. The second run keeps the rest of the cache.
    const cold = path.join(tmp, 'cache-nag-cold');
    fs.cpSync(cache, cold, { recursive: true });
    fs.rmSync(path.join(cold, 'cdk-nag'), { recursive: true });
    const warn = await runBuiltCli(['synth', '--estate', estate, '--out', path.join(tmp, 'out-warn')], {
      JSII_DEPRECATED: 'warn',
      NPLZ_CACHE_DIR: cold,
    });
    expect(warn.code).toBe(0);
    const warnings = warn.stderr.split('\n').filter((l) => l.includes('is deprecated'));
    expect(warnings).toEqual([expect.stringContaining('aws-cdk-lib.aws_events.CfnEventBusPolicy#principal is deprecated')]);
  });
});
