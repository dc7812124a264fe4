import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { aws_s3 as s3, RemovalPolicy } from 'aws-cdk-lib';
import { createAwsEstate } from '@nplz/aws';
import { planAzureEstate, writePlan } from '@nplz/azure';
import { sharedEvidenceDir } from './shared-evidence-store';
import { sharedPlanCache } from './shared-plan-cache';
import {
  consentedMembers,
  CONTROLS,
  Estate,
  FindingsReport,
  getBaseline,
  isReservedTagKey,
  loadEstateOrThrow,
  NPLZ_TAGS,
  TenancySpec,
} from '@nplz/core';
import { acknowledgeTenancyExceptions, auditEstate, NplzChecks } from '@nplz/policy';
import { runCli } from '../packages/cli/test/helpers';

/**
 * The whole estate, end to end: `nplz synth` then `nplz audit` on the sample national estate, and
 * a small estate with one force deliberately broken, to show every check can fail.
 */
const ROOT = path.join(__dirname, '..');
const TODAY = '2026-11-22';
const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `nplz-${name}-`));

describe('the sample national estate', () => {
  const work = tmp('estate');
  const synthDir = path.join(work, 'synth');
  const reportDir = path.join(work, 'report');
  let synth: Awaited<ReturnType<typeof runCli>>;
  let audit: Awaited<ReturnType<typeof runCli>>;
  let report: FindingsReport;

  beforeAll(async () => {
    process.env.NPLZ_TODAY = TODAY;
    synth = await runCli(['synth', '--estate', path.join(ROOT, 'examples/estate'), '--out', synthDir], { interactive: true });
    audit = await runCli(['audit', '--in', synthDir, '--report', reportDir]);
    report = JSON.parse(fs.readFileSync(path.join(reportDir, 'findings.json'), 'utf8'));
  }, 300_000);

  test('synthesises offline: national stacks plus a stack per force tenancy environment, and the Azure plan', () => {
    expect(synth.code).toBe(0);
    // On a terminal, progress names every AWS tenancy environment, on stderr. The Azure plan is
    // recorded in a child process meanwhile, so its progress is the start and the counts.
    for (const line of ['aws   kent/prod', 'aws   kent-essex-its/prod', 'azure: recording the plan of 44 tenancies'])
      expect(synth.stderr).toContain(line);
    expect(synth.stderr.split('\n').filter((l) => l.startsWith('  aws   '))).toHaveLength(87);
    expect(synth.stderr).toMatch(/azure: [1-9]\d* resources in 89 stacks/);
    const manifest = JSON.parse(fs.readFileSync(path.join(synthDir, 'aws', 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string }>;
    };
    const stacks = Object.entries(manifest.artifacts)
      .filter(([, a]) => a.type === 'aws:cloudformation:stack')
      .map(([id]) => id);
    expect(stacks.filter((s) => s.startsWith('Force-'))).toHaveLength(43 * 2 + 1);
    expect(stacks).toEqual(
      expect.arrayContaining(['Nplz-Organization', 'Nplz-LogArchive', 'Nplz-Security', 'Nplz-Network', 'Force-kent-essex-its-prod']),
    );
    const plan = JSON.parse(fs.readFileSync(path.join(synthDir, 'azure', 'plan.json'), 'utf8')) as {
      format: string;
      resources: { tenancy?: string }[];
    };
    expect(plan.format).toBe('nplz-pulumi-plan/v1');
    expect(new Set(plan.resources.map((r) => r.tenancy).filter(Boolean)).size).toBe(44);
    expect(plan.resources.some((r) => r.tenancy === 'wiltshire' && (r as { environment?: string }).environment === 'nonprod')).toBe(true);
  });

  test('audits with zero failures across every control and tenancy', () => {
    const failures = report.findings
      .filter((f) => f.status === 'fail')
      .map((f) => `${f.control} ${f.tenancy} ${f.cloud} ${f.rule}: ${f.message}`);
    expect(failures).toEqual([]);
    expect(audit.code).toBe(0);
    expect(report.summary.tenancies).toBe(44);
    // Every catalog control produced evidence somewhere.
    expect(new Set(report.findings.map((f) => f.control))).toEqual(new Set(CONTROLS.map((c) => c.id)));
  });

  test('every NPLZ tag key the renderers write comes from the contract', () => {
    const keys = new Set<string>();
    const collect = (tags: unknown) => {
      if (Array.isArray(tags))
        for (const t of tags) keys.add(String((t as { Key?: unknown; key?: unknown }).Key ?? (t as { key?: unknown }).key));
      else if (tags && typeof tags === 'object') for (const k of Object.keys(tags)) keys.add(k);
    };
    const awsDir = path.join(synthDir, 'aws');
    const manifest = JSON.parse(fs.readFileSync(path.join(awsDir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { properties?: { tags?: Record<string, string> } }>;
    };
    for (const a of Object.values(manifest.artifacts)) collect(a.properties?.tags);
    for (const f of fs.readdirSync(awsDir).filter((x) => x.endsWith('.template.json'))) {
      const t = JSON.parse(fs.readFileSync(path.join(awsDir, f), 'utf8')) as {
        Resources?: Record<string, { Properties?: { Tags?: unknown } }>;
      };
      for (const r of Object.values(t.Resources ?? {})) collect(r.Properties?.Tags);
    }
    const plan = JSON.parse(fs.readFileSync(path.join(synthDir, 'azure', 'plan.json'), 'utf8')) as {
      resources: { inputs: { tags?: unknown } }[];
    };
    for (const r of plan.resources) collect(r.inputs.tags);
    const reserved = [...keys].filter(isReservedTagKey).sort();
    expect(reserved.length).toBeGreaterThan(0);
    expect(reserved.filter((k) => !(Object.values(NPLZ_TAGS) as string[]).includes(k))).toEqual([]);
    // and every required tag of the baseline is written somewhere, under the baseline's key
    for (const t of getBaseline('2026.11').requiredTags) expect(keys).toContain(t.key);
  });

  test('writes every report format, and the HTML is self-contained', () => {
    for (const f of ['findings.json', 'findings.sarif', 'junit.xml', 'findings.csv', 'report.md', 'report.html'])
      expect(fs.existsSync(path.join(reportDir, f))).toBe(true);
    const html = fs.readFileSync(path.join(reportDir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']https?:/);
  });

  test('bad input to synth writes nothing', async () => {
    const out = path.join(work, 'never');
    const r = await runCli(['synth', '--estate', path.join(ROOT, 'test/fixtures/invalid-estates/overlap'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('overlaps tenancy dorset');
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('a broken force is caught, and nothing else is', () => {
  const now = new Date(`${TODAY}T00:00:00Z`);
  const full = loadEstateOrThrow(path.join(ROOT, 'examples/estate'), { now });
  const pick = (name: string): TenancySpec => full.tenancies.find((t) => t.spec.name === name)!.spec;
  // Dorset accepts the risk of a public website bucket in prod until 31 January 2027.
  const dorset: TenancySpec = {
    ...pick('dorset'),
    exceptions: [
      {
        control: 'NPLZ-NET-01',
        reason: 'The force website is served from this bucket until the CDN migration completes.',
        approvedBy: 'siro@dorset.police.uk',
        expires: '2027-01-31',
        scope: { cloud: 'aws', environment: 'prod', resource: 'LocalAssets/Website*' },
      },
    ],
  };
  const estate: Estate = { ...full, tenancies: [{ spec: dorset }, ...['kent', 'essex', 'kent-essex-its'].map((n) => ({ spec: pick(n) }))] };
  const dir = tmp('broken');
  let asOf: (date: string) => Promise<FindingsReport>;

  beforeAll(async () => {
    const { app, landingZone: zone } = createAwsEstate(estate, {
      outdir: path.join(dir, 'aws'),
      pluginFactories: [
        (a) => {
          acknowledgeTenancyExceptions(a, estate, now);
          return new NplzChecks(a, {
            baseline: getBaseline('2026.11'),
            collaborations: consentedMembers(estate.tenancies.map((t) => t.spec)),
          });
        },
      ],
    });
    const website = (t: string) =>
      new s3.Bucket(zone.tenancies.get(t)!.localAssets, 'Website', {
        encryptionKey: zone.tenancies.get(t)!.dataKey,
        enforceSSL: true,
        versioned: true,
        removalPolicy: RemovalPolicy.RETAIN,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY,
      });
    website('Force-dorset-prod'); // excepted
    website('Force-kent-prod'); // not excepted
    app.synth();

    // Azure: Kent puts its prod Key Vault in a non-UK region.
    const plan = await planAzureEstate(estate, { cache: sharedPlanCache() });
    const moved = {
      ...plan,
      resources: plan.resources.map((r) =>
        r.type === 'azure-native:keyvault:Vault' && r.tenancy === 'kent' && r.environment === 'prod'
          ? { ...r, inputs: { ...r.inputs, location: 'westeurope' } }
          : r,
      ),
    };
    writePlan(moved, path.join(dir, 'azure', 'plan.json'));
    // One audit per date for the file: the tests that read the same date share it.
    const audits = new Map<string, Promise<FindingsReport>>();
    asOf = (date: string) => {
      let r = audits.get(date);
      if (!r) {
        r = auditEstate({
          estate,
          awsAssemblyDir: path.join(dir, 'aws'),
          azurePlanFile: path.join(dir, 'azure', 'plan.json'),
          now: new Date(`${date}T00:00:00Z`),
          version: 'test',
          // Each simulation's evidence, kept between runs (test/shared-evidence-store.ts).
          cacheDir: sharedEvidenceDir(),
        });
        audits.set(date, r);
      }
      return r;
    };
  }, 300_000);

  // Estate exceptions only: the independent packs' rules acknowledged in code are excepted too (below).
  const summarise = (r: FindingsReport, status: string) =>
    r.findings
      .filter((f) => f.status === status && !f.acknowledgement)
      .map((f) => `${f.control} ${f.tenancy} ${f.cloud} ${f.resource.split('::').pop()}`)
      .sort();

  test('exactly the expected findings fail, and the declared exception is honoured', async () => {
    const r = await asOf(TODAY);
    expect(summarise(r, 'fail')).toEqual([
      'NPLZ-NET-01 kent aws Force-kent-prod/Tenancy/LocalAssets/Website/Resource',
      'NPLZ-RES-01 kent azure kent-prod-kv',
      'NPLZ-RES-02 kent azure kent-prod-kv',
    ]);
    expect(summarise(r, 'excepted')).toEqual(['NPLZ-NET-01 dorset aws Force-dorset-prod/Tenancy/LocalAssets/Website/Resource']);
    const excepted = r.findings.find((f) => f.status === 'excepted' && !f.acknowledgement)!;
    expect(excepted.exception).toEqual({
      reason: expect.stringContaining('CDN migration'),
      approvedBy: 'siro@dorset.police.uk',
      expires: '2027-01-31',
      daysLeft: 70,
    });
  });

  test("the independent packs' rules acknowledged in code are reported, each with its reason and where it is made", async () => {
    const r = await asOf(TODAY);
    const acknowledged = r.findings.filter((f) => f.acknowledgement);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.every((f) => f.status === 'excepted' && f.control === 'NPLZ-MON-02')).toBe(true);
    expect(new Set(acknowledged.map((f) => f.source))).toEqual(new Set(['AwsSolutions', 'ControlTower']));
    // The permissions boundary's acknowledgement, with the place in NPLZ's code that makes it.
    const boundary = acknowledged.find(
      (f) => f.tenancy === 'kent' && f.rule === 'AwsSolutions-IAM5[Action::*]' && /LocalAssetsBoundary/.test(f.resource),
    )!;
    expect(boundary.acknowledgement!.reason).toMatch(/permissions boundary caps permissions/);
    // The constructor of ForceTenancy that makes it (compiled or, under jest, source-mapped to the .ts line).
    expect(boundary.acknowledgement!.where).toMatch(/\(packages\/aws\/(dist|src)\/force-tenancy\.(js|ts):\d+\)$/);
  });

  test('once the exception expires it is a failure, twice over', async () => {
    const r = await asOf('2027-02-15');
    expect(summarise(r, 'excepted')).toEqual([]);
    expect(summarise(r, 'fail')).toEqual(
      expect.arrayContaining([
        'NPLZ-NET-01 dorset aws Force-dorset-prod/Tenancy/LocalAssets/Website/Resource',
        'NPLZ-GOV-02 dorset estate yaml#exceptions[0]'.replace('yaml#', 'dorset#'),
      ]),
    );
    expect(r.findings.find((f) => f.tenancy === 'dorset' && f.control === 'NPLZ-NET-01' && f.status === 'fail')!.message).toContain(
      'expired 15 day(s) ago',
    );
  });
});

describe('the audit refuses a damaged synth output with a message, not a stack trace', () => {
  const dir = tmp('damaged');
  beforeAll(async () => {
    process.env.NPLZ_TODAY = TODAY;
    // A one-force estate on both clouds (a scaffolded project would need its own build first).
    const r = await runCli(['synth', '--estate', path.join(ROOT, 'test/fixtures/bad-input-base'), '--out', path.join(dir, 'synth')]);
    expect(r.code).toBe(0);
  }, 300_000);

  test.each([
    ['a corrupt cloud assembly manifest', 'aws/manifest.json', '{ "version": ', 'the aws output is not valid JSON'],
    ['a plan of the wrong format', 'azure/plan.json', '{ "format": "other", "resources": [] }', 'unknown plan format'],
    ['an edited estate snapshot', 'estate.json', '{ "national": {}, "tenancies": [] }', 'estate.json'],
  ])('%s', async (_, file, text, fragment) => {
    const copy = path.join(dir, `copy-${file.replace(/\W/g, '-')}`);
    fs.cpSync(path.join(dir, 'synth'), copy, { recursive: true });
    fs.writeFileSync(path.join(copy, file), text);
    const r = await runCli(['audit', '--in', copy, '--report', path.join(dir, `report-${file.replace(/\W/g, '-')}`)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(fragment);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(fs.existsSync(path.join(dir, `report-${file.replace(/\W/g, '-')}`))).toBe(false);
  });
});
