import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BIN, runBuiltCli } from './helpers';
import { loadProbe } from './load-probe';

/**
 * `nplz audit` reads templates and a plan: it needs none of the synth-time machinery. It imports
 * `@nplz/policy/audit`, whose modules load neither aws-cdk-lib nor cdk-nag (the package's index
 * does, through NplzChecks): 326 fewer modules and 10 to 30 MB less memory per audit (#14).
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
const heavyLoaded = loadProbe(tmp, HEAVY, ROOT);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  const synth = await runBuiltCli(['synth', '--estate', ESTATE, '--out', path.join(tmp, 'synth')], { NPLZ_TODAY: '2026-12-01' });
  expect({ code: synth.code, stderr: synth.code === 0 ? '' : synth.stderr }).toEqual({ code: 0, stderr: '' });
}, 300_000);

test('a whole audit (both clouds, every report) loads neither aws-cdk-lib (bar its assembly reader) nor cdk-nag nor Pulumi', () => {
  const r = heavyLoaded([BIN, 'audit', '--in', path.join(tmp, 'synth'), '--report', path.join(tmp, 'report'), '--fail-on', 'none'], {
    NPLZ_TODAY: '2026-12-01',
  });
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
