import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluatePlanChecks, type AzurePlan } from '@nplz/policy';
import { TENANCY_SCHEMA, NATIONAL_SCHEMA } from '../src/init/templates';
import { runCli, type CliResult } from './helpers';

/**
 * `nplz init` writes a force's project whose own code is what `nplz synth` synthesises and
 * `nplz audit` audits: the CDK app cdk.json runs (checked against the real CDK CLI's output) and
 * the Pulumi program Pulumi.yaml names, each with the force's local assets. The projects are
 * written inside this package so that module resolution finds the workspace's @nplz packages, as
 * `npm install` would; @nplz/cli and @nplz/core are linked into the project's node_modules, where
 * npm puts them.
 */
const work = fs.mkdtempSync(path.join(__dirname, '..', '.init-test-'));
afterAll(async () => {
  // Nothing of this file's still runs in the folder it removes.
  await Promise.allSettled(pending);
  fs.rmSync(work, { recursive: true, force: true });
}, 600_000);

const TODAY = '2026-12-01';
beforeAll(() => {
  process.env.NPLZ_TODAY = TODAY;
});

const repo = path.join(__dirname, '..', '..', '..');
const tsc = require.resolve('typescript/bin/tsc');
const cdkCli = require.resolve('aws-cdk/bin/cdk', { paths: [path.join(repo, 'examples', 'force-aws')] });

/** What npm install puts in a project that the workspace layout does not: the CLI itself, and core beside it. */
function linkPackages(dir: string): void {
  fs.mkdirSync(path.join(dir, 'node_modules', '@nplz'), { recursive: true });
  for (const p of ['cli', 'core']) fs.symlinkSync(path.join(repo, 'packages', p), path.join(dir, 'node_modules', '@nplz', p));
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A child process, awaited later: the file's children run while nplz works in this process. */
function run(command: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * `npm run build` (tsc -p .) of each project, as one `tsc -b` of both: the same tsconfig and
 * diagnostics per project, but the second project reuses the first's parsed aws-cdk-lib and Pulumi
 * declarations (about 4,500 files) instead of parsing them again.
 */
function build(...dirs: string[]): Promise<Run> {
  return run(process.execPath, [tsc, '-b', ...dirs]);
}

function cdkSynth(dir: string, out: string): Promise<Run> {
  return run(process.execPath, [cdkCli, 'synth', '--quiet', '--no-notices', '--output', out], {
    cwd: dir,
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
  });
}

/** Marked handled now, awaited (and its failure reported) by the test that needs it. */
function later<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  pending.push(p);
  return p;
}
const pending: Promise<unknown>[] = [];

interface Finding {
  control: string;
  status: string;
  tenancy: string;
  resource: string;
  rule: string;
}
const findingsOf = (report: string) =>
  (JSON.parse(fs.readFileSync(path.join(report, 'findings.json'), 'utf8')) as { findings: Finding[] }).findings;
const readPlan = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as AzurePlan;

/** The lowest Node.js major a `>=N[.x.y]` range admits; anything else is not a range this test reads. */
function minMajor(range: string): number {
  const m = /^>=\s*(\d+)(\.\d+){0,2}$/.exec(range.trim());
  if (!m) throw new Error(`engines range ${JSON.stringify(range)} is not of the form >=N`);
  return Number(m[1]);
}

/** The force's own assets, made to break the controls (and the spec's exception, as the guide says). */
function breakControls(dir: string): void {
  fs.writeFileSync(
    path.join(dir, 'src/local-assets.ts'),
    `import { RemovalPolicy, aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';
import type { ForceTenancy } from '@nplz/aws';

export function addLocalAssets(tenancy: ForceTenancy): void {
  new s3.Bucket(tenancy.localAssets, 'OpenBucket', {
    encryption: s3.BucketEncryption.UNENCRYPTED,
    blockPublicAccess: new s3.BlockPublicAccess({ blockPublicAcls: false, blockPublicPolicy: false, ignorePublicAcls: false, restrictPublicBuckets: false }),
    publicReadAccess: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  new iam.Role(tenancy.localAssets, 'Admin', {
    assumedBy: new iam.AccountRootPrincipal(),
    inlinePolicies: { all: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })] }) },
  });
}
`,
  );
  fs.writeFileSync(
    path.join(dir, 'src/local-assets-azure.ts'),
    `import * as network from '@pulumi/azure-native/network';
import type { ForceLandingZone } from '@nplz/azure';

export function addLocalAssets(zone: ForceLandingZone): void {
  const rg = zone.localResourceGroups['kent-crime-analytics'];
  new network.NetworkSecurityGroup(
    \`\${zone.zoneName}-analytics-nsg\`,
    {
      resourceGroupName: rg.name,
      networkSecurityGroupName: 'kent-analytics-nsg',
      securityRules: [
        { name: 'ssh', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '0.0.0.0/0', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '22' },
      ],
    },
    { parent: zone, provider: zone.provider },
  );
}
`,
  );
  // As the guide says: the force's own resource groups, and an exception with an approver and expiry.
  fs.appendFileSync(
    path.join(dir, 'tenancies/kent.yaml'),
    `localAssets:
  resourceGroups: [kent-crime-analytics]
exceptions:
  - control: NPLZ-NET-05
    reason: Legacy ANPR appliance needs a public address until the 2027 replacement lands.
    approvedBy: ciso@kent.police.uk
    expires: '2027-06-30'
    scope: { cloud: azure, environment: prod, resource: 'anpr-*' }
`,
  );
}

const good = path.join(work, 'kent-lz');
const bad = path.join(work, 'kent-bad');
interface Pipeline {
  validate: CliResult;
  synth: CliResult;
  audit: CliResult;
}
let goodInit: CliResult;
let built: Promise<Run>;
let packed: Promise<Run>;
let goodCdk: Promise<Run>;
let badCdk: Promise<Run>;
let azurePlan: Promise<Run>;
let goodPipeline: Promise<Pipeline>;
let badPipeline: Promise<Omit<Pipeline, 'validate'>>;
const goodPlanFile = path.join(work, 'kent-nonprod.plan.json');
/**
 * Both projects are written and built first; then what each test checks runs at once (the CDK CLI
 * on each project, the force's own `azure:plan`, `npm pack`, and nplz on each project in this
 * process, whose own children are the force's app and program). Each test awaits and checks its part.
 */
beforeAll(async () => {
  packed = later(
    run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: path.join(repo, 'packages', 'core'),
    }),
  );
  goodInit = await runCli(['init', good, '--force', 'kent', '--cloud', 'both']);
  linkPackages(good);
  expect((await runCli(['init', bad, '--force', 'kent', '--cloud', 'both'])).code).toBe(0);
  linkPackages(bad);
  breakControls(bad);
  built = later(build(good, bad));
  const afterBuild = <T>(f: () => Promise<T>) => later(built.then(f, f));
  goodCdk = afterBuild(() => cdkSynth(good, path.join(good, 'cdk.out')));
  badCdk = afterBuild(() => cdkSynth(bad, path.join(bad, 'cdk.out')));
  azurePlan = afterBuild(() =>
    run(process.execPath, [path.join(good, 'dist', 'record-azure-plan.js'), 'nonprod', goodPlanFile], { cwd: good }),
  );
  goodPipeline = afterBuild(async () => {
    const validate = await runCli(['validate', good]);
    const synth = await runCli(['synth', '--estate', good, '--out', path.join(good, 'out/synth')]);
    const audit = await runCli(['audit', '--in', path.join(good, 'out/synth'), '--report', path.join(good, 'out/report')]);
    return { validate, synth, audit };
  });
  badPipeline = afterBuild(async () => {
    const synth = await runCli(['synth', '--estate', bad, '--out', path.join(bad, 'out/synth')]);
    const audit = await runCli(['audit', '--in', path.join(bad, 'out/synth'), '--report', path.join(bad, 'out/report')]);
    return { synth, audit };
  });
}, 120_000);

describe('nplz init --force kent --cloud both, untouched', () => {
  const dir = good;

  test('writes the spec, the generated wiring and the force-owned local-assets files', () => {
    expect(goodInit.stderr).toBe('');
    expect(goodInit.code).toBe(0);
    for (const f of [
      'tenancies/kent.yaml',
      'national.yaml',
      'national-services.json',
      'src/aws-app.ts',
      'src/local-assets.ts',
      'cdk.json',
      'src/azure-program.ts',
      'src/local-assets-azure.ts',
      'src/record-azure-plan.ts',
      'Pulumi.yaml',
      'Pulumi.nonprod.yaml',
      'Pulumi.prod.yaml',
      'package.json',
      'README.md',
    ]) {
      expect(fs.existsSync(path.join(dir, f))).toBe(true);
    }
    const app = fs.readFileSync(path.join(dir, 'src/aws-app.ts'), 'utf8');
    expect(app).toContain("import { addLocalAssets } from './local-assets';");
    expect(app).toContain('addLocalAssets(tenancy);');
    expect(app).toContain('Validations.of(app).addPlugins(');
    expect(fs.readFileSync(path.join(dir, 'src/azure-program.ts'), 'utf8')).toContain('addLocalAssets(zone);');
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('Replace every value marked `# replace`');
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { nplz: unknown; scripts: Record<string, string> };
    expect(pkg.nplz).toEqual({ cdkApp: 'cdk.json', pulumiProject: 'Pulumi.yaml' });
    expect(pkg.scripts['azure:plan']).toBeDefined();
  });

  test('each $schema line names a schema file that exists, and @nplz/core publishes the schemas', async () => {
    for (const [file, expected] of [
      ['tenancies/kent.yaml', TENANCY_SCHEMA],
      ['national.yaml', NATIONAL_SCHEMA],
    ] as const) {
      const first = fs.readFileSync(path.join(dir, file), 'utf8').split('\n')[0] ?? '';
      const schema = /\$schema=(\S+)/.exec(first)?.[1];
      expect(schema).toBe(expected);
      // Resolved as the YAML language server does: relative to the file that names it.
      expect(fs.existsSync(path.resolve(path.dirname(path.join(dir, file)), schema ?? ''))).toBe(true);
    }
    // What npm would publish (npm's own file list, not package.json read by hand).
    const pack = await packed;
    expect(pack.status).toBe(0);
    const files = (JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
    expect(files).toEqual(expect.arrayContaining(['schema/tenancy.schema.json', 'schema/national.schema.json']));
  }, 60_000);

  test('cdk.json sets no context key the CDK CLI reserves (prefix aws:)', () => {
    const cdk = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
    expect(Object.keys(cdk.context ?? {}).filter((k) => k.startsWith('aws:'))).toEqual([]);
  });

  test("the project's Node.js engines are ones @pulumi/pulumi, aws-cdk-lib and the NPLZ packages declare", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      engines: { node: string };
      devDependencies: Record<string, string>;
    };
    const target = minMajor(pkg.engines.node);
    for (const dep of ['@pulumi/pulumi', 'aws-cdk-lib', '@nplz/azure', '@nplz/aws', '@nplz/cli']) {
      const declared = (
        JSON.parse(fs.readFileSync(require.resolve(`${dep}/package.json`, { paths: [dir] }), 'utf8')) as { engines?: { node?: string } }
      ).engines?.node;
      if (declared) expect({ dep, ok: target >= minMajor(declared) }).toEqual({ dep, ok: true });
    }
    expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${target}\\.`));
  });

  test('the README says how to bootstrap CDK, trust a pipeline account and pass the hub Transit Gateway id', () => {
    const text = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(text).toContain('npx cdk bootstrap aws://<account-id>/eu-west-2');
    expect(text).toContain('--trust <pipeline-account-id>');
    expect(text).toContain('--parameters HubTransitGatewayId=<tgw-id>');
  });

  test('builds, validates, synthesises its own app and program, and audits with no failure', async () => {
    const b = await built;
    expect(b.stdout + b.stderr).toBe('');
    expect(b.status).toBe(0);
    const { validate, synth, audit } = await goodPipeline;
    expect(validate.code).toBe(0);
    expect(synth.stderr).toBe('');
    expect(synth.code).toBe(0);
    expect(audit.stdout).toContain('0 fail');
    expect(audit.code).toBe(0);
  }, 900_000);

  test('the AWS templates audited are the ones the CDK CLI synthesises from the project (cdk synth)', async () => {
    const out = path.join(dir, 'cdk.out');
    const r = await goodCdk;
    await goodPipeline;
    expect(r.stderr).not.toContain('reserved context key');
    expect(r.status).toBe(0);
    for (const stack of ['Force-kent-prod', 'Force-kent-nonprod']) {
      const cdk: unknown = JSON.parse(fs.readFileSync(path.join(out, `${stack}.template.json`), 'utf8'));
      const audited: unknown = JSON.parse(fs.readFileSync(path.join(dir, 'out/synth/aws', `${stack}.template.json`), 'utf8'));
      expect(audited).toEqual(cdk);
    }
  }, 600_000);

  test('a plain cdk.out is refused with the route to an audit (exit 2)', async () => {
    await goodCdk;
    const r = await runCli(['audit', '--in', path.join(dir, 'cdk.out'), '--report', path.join(dir, 'out/cdk-report')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('this is a CDK cloud assembly (cdk.out), not the output of `nplz synth`');
    expect(r.stderr).toContain('npx nplz synth --estate . --out out/synth');
  });

  test("the Azure budgets start in the current month, as Azure accepts a monthly budget's start", async () => {
    await goodPipeline;
    const plan = readPlan(path.join(dir, 'out/synth/azure/plan.json'));
    const budgets = plan.resources.filter((r) => r.type === 'azure-native:consumption:Budget' && r.tenancy === 'kent');
    expect(budgets).toHaveLength(2);
    for (const b of budgets) {
      const start = (b.inputs.timePeriod as { startDate?: string }).startDate ?? '';
      // Microsoft.Consumption budgets: the first of a month, not before the current time grain
      // period (the month), at most twelve months ahead.
      expect(start).toMatch(/^\d{4}-\d{2}-01/);
      expect(start.slice(0, 7) >= TODAY.slice(0, 7)).toBe(true);
      expect(start.slice(0, 10)).toBe(`${TODAY.slice(0, 7)}-01`);
    }
  });

  test('npm run azure:plan records the same program nplz synth recorded', async () => {
    const out = goodPlanFile;
    const r = await azurePlan;
    await goodPipeline;
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const urns = (f: string) => readPlan(f).resources.map((x) => x.urn);
    expect(urns(out)).toContain('urn:pulumi:nonprod::kent-landing-zone::pulumi:pulumi:Stack$nplz:azure:ForceLandingZone::kent-nonprod');
    expect(urns(out)).toEqual(urns(path.join(dir, 'out/synth/azure/force-nonprod.plan.json')));
  }, 120_000);
});

describe("a force's own assets that break the controls fail its own audit", () => {
  const dir = bad;
  let findings: Finding[];
  let auditCode: number;
  beforeAll(async () => {
    const b = await built;
    expect(b.stdout + b.stderr).toBe('');
    expect(b.status).toBe(0);
    const { synth, audit } = await badPipeline;
    expect(synth.stderr).toBe('');
    expect(synth.code).toBe(0);
    auditCode = audit.code;
    findings = findingsOf(path.join(dir, 'out/report'));
  }, 900_000);

  const failing = () => findings.filter((f) => f.status === 'fail');

  test('exit 1, with the bucket and the role by construct path', () => {
    expect(auditCode).toBe(1);
    const at = (p: string) => failing().filter((f) => f.tenancy === 'kent' && f.resource.startsWith(p));
    const bucket = at('Force-kent-nonprod/Tenancy/LocalAssets/OpenBucket');
    expect(bucket.map((f) => f.control)).toEqual(expect.arrayContaining(['NPLZ-NET-01', 'NPLZ-ENC-01']));
    expect(at('Force-kent-prod/Tenancy/LocalAssets/OpenBucket').length).toBeGreaterThan(0);
    expect(at('Force-kent-nonprod/Tenancy/LocalAssets/Admin').length).toBeGreaterThan(0);
  });

  test('SSH open to the internet in the force NSG fails by its URN; the declared resource group needs no NPLZ lock', () => {
    const nsg = failing().filter((f) => f.resource.endsWith('::kent-nonprod-analytics-nsg'));
    expect(nsg.map((f) => f.control)).toContain('NPLZ-NET-02');
    expect(nsg[0]?.resource).toMatch(/^urn:pulumi:nonprod::kent-landing-zone::/);
    expect(failing().filter((f) => f.control === 'NPLZ-GRD-02')).toEqual([]);
  });

  test('NPLZ-GRD-02 still requires a lock on a group the spec does not declare', () => {
    const plan = readPlan(path.join(dir, 'out/synth/azure/plan.json'));
    const grd02 = (local: Record<string, readonly string[]>) =>
      evaluatePlanChecks(plan, { localResourceGroups: local })
        .filter((r) => r.control === 'NPLZ-GRD-02' && r.status === 'fail')
        .map((r) => r.urn);
    expect(grd02({ kent: ['kent-crime-analytics'] })).toEqual([]);
    expect(grd02({})).toEqual(expect.arrayContaining([expect.stringMatching(/local-kent-crime-analytics$/)]));
  });

  test('the declared exception becomes a policy exemption of the national assignment that enforces its control', () => {
    const plan = readPlan(path.join(dir, 'out/synth/azure/plan.json'));
    const exemptions = plan.resources.filter((r) => r.type === 'azure-native:authorization:PolicyExemption' && r.tenancy === 'kent');
    expect(exemptions.map((e) => e.environment)).toEqual(['prod']);
    const denyPublicIp = plan.resources.find(
      (r) => r.type === 'azure-native:authorization:PolicyAssignment' && r.inputs.policyAssignmentName === 'nplz-deny-public-ip',
    );
    expect(exemptions[0]?.inputs.policyAssignmentId).toBe(denyPublicIp?.id);
  });

  test('the CDK CLI fails its synth on them, each message naming the NPLZ control and its NCSC principles', async () => {
    const r = await badCdk;
    expect(r.status).not.toBe(0);
    const text = r.stdout + r.stderr;
    expect(text).not.toContain('reserved context key');
    expect(text).toContain('NplzChecks-S3BucketPublicAccessBlocked');
    expect(text).toContain(
      'NPLZ-NET-01 (NCSC principles 2 Asset protection and resilience; 11 External interface protection): The S3 bucket does not block all public access.',
    );
  }, 600_000);
});

test('nplz synth refuses a project whose compiled app is older than its sources (exit 2)', async () => {
  const dir = path.join(work, 'kent-stale');
  expect((await runCli(['init', dir, '--force', 'kent', '--cloud', 'aws'])).code).toBe(0);
  linkPackages(dir);
  const r = await runCli(['synth', '--estate', dir, '--out', path.join(dir, 'out/synth')]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('is not built from the current sources');
  expect(r.stderr).toContain('run `npm run build` first');
  expect(fs.existsSync(path.join(dir, 'out/synth'))).toBe(false);
}, 120_000);

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

test('never writes into a folder that has files, so a re-run never overwrites the force-owned files', async () => {
  const dir = path.join(work, 'taken');
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src/local-assets.ts'), 'mine');
  const r = await runCli(['init', dir, '--force', 'kent', '--cloud', 'aws']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('the folder exists and is not empty');
  expect(fs.readFileSync(path.join(dir, 'src/local-assets.ts'), 'utf8')).toBe('mine');
});
