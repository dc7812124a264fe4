import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BIN, runBuiltCli } from './helpers';

/**
 * `nplz audit` reads templates and a plan: it needs none of the synth-time machinery. It imports
 * `@nplz/policy/audit`, whose modules load neither aws-cdk-lib nor cdk-nag (the package's index
 * does, through NplzChecks). About 0.1 to 0.3 s of every audit's start-up (#14).
 */
const ROOT = path.join(__dirname, '../../..');
const ESTATE = path.join(ROOT, 'test/fixtures/bad-input-base');
// aws-cdk-lib by its top folder: `aws-cdk-lib/cx-api` (the cloud assembly reader, with the packages aws-cdk-lib bundles
// under its own node_modules) is what an audit reads the assembly with; the service modules are synth's.
const READER = ['aws-cdk-lib/cx-api', 'aws-cdk-lib/node_modules'];
// A file at aws-cdk-lib's top level counts as its index.
const HEAVY =
  /[\\/]node_modules[\\/](aws-cdk-lib[\\/][^\\/]+(?=[\\/])|aws-cdk-lib(?=[\\/][^\\/]+$)|constructs|cdk-nag|@cdklabs[\\/]cdk-validator-cfnguard|@pulumi[\\/][^\\/]+)[\\/]/;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-audit-startup-'));
const hook = path.join(tmp, 'loaded.js');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  fs.writeFileSync(
    hook,
    `process.on('exit', () => {
       const heavy = new Set(Object.keys(require.cache).map((f) => ((${HEAVY}.exec(f) || [])[1] || '').replace(/\\\\/g, '/')).filter(Boolean));
       process.stderr.write('\\nLOADED ' + JSON.stringify([...heavy].sort()) + '\\n');
     });`,
  );
  const synth = await runBuiltCli(['synth', '--estate', ESTATE, '--out', path.join(tmp, 'synth')], { NPLZ_TODAY: '2026-12-01' });
  expect({ code: synth.code, stderr: synth.code === 0 ? '' : synth.stderr }).toEqual({ code: 0, stderr: '' });
}, 300_000);

/** Run node with the probe preloaded; the heavy packages the process loaded. */
function heavyLoaded(args: string[]): { code: number | null; loaded: string[]; stderr: string } {
  const p = spawnSync(process.execPath, ['-r', hook, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', NPLZ_TODAY: '2026-12-01' },
  });
  const line = p.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  if (!line) throw new Error(`no LOADED line from ${args.join(' ')}:\n${p.stderr}`);
  return { code: p.status, loaded: JSON.parse(line.slice('LOADED '.length)) as string[], stderr: p.stderr };
}

test('a whole audit (both clouds, every report) loads neither aws-cdk-lib (bar its assembly reader) nor cdk-nag nor Pulumi', () => {
  const r = heavyLoaded([BIN, 'audit', '--in', path.join(tmp, 'synth'), '--report', path.join(tmp, 'report'), '--fail-on', 'none']);
  expect({ code: r.code, loaded: r.loaded }).toEqual({ code: 0, loaded: READER });
  // It did audit: the findings are written.
  expect(fs.existsSync(path.join(tmp, 'report', 'findings.json'))).toBe(true);
}, 120_000);

test("the probe sees the package's index load them (so the check above is not vacuous)", () => {
  const policy = path.join(ROOT, 'packages/policy/dist');
  expect(heavyLoaded(['-e', `require(${JSON.stringify(path.join(policy, 'audit'))})`]).loaded.filter((p) => !READER.includes(p))).toEqual(
    [],
  );
  expect(heavyLoaded(['-e', `require(${JSON.stringify(policy)})`]).loaded).toEqual(
    expect.arrayContaining(['aws-cdk-lib/aws-iam', 'cdk-nag']),
  );
});
