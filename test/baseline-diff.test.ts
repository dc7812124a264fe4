import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAwsEstateApp } from '@nplz/aws';
import { planAzureEstate, type Plan } from '@nplz/azure';
import { type Estate, loadEstateOrThrow } from '@nplz/core';
import { forceSlice, upgradeBlockers } from '../packages/cli/src/commands/diff';
import { runBuiltCli, runCli } from '../packages/cli/test/helpers';
import { sharedPlanCache } from './shared-plan-cache';

/**
 * `nplz diff` on the sample estate: what moving between baselines does to every tenancy.
 * The estate-wide runs use the built binary in its own process (as a user runs it), so that
 * rendering the estate four times does not pile up in the shared jest worker's heap.
 */
const ESTATE = path.join(__dirname, '..', 'examples', 'estate');
const now = new Date('2026-11-22T00:00:00Z');

beforeAll(() => {
  process.env.NPLZ_TODAY = '2026-11-22';
});

describe('upgrading the sample estate from 2026.11 to 2027.02', () => {
  let result: Awaited<ReturnType<typeof runCli>>;
  let diff: {
    changes: { action: string; stateful: boolean; tenancy: string; cloud: string; resource: string; paths: string[] }[];
    breaking: unknown[];
    blockers: unknown[];
  };

  beforeAll(async () => {
    result = await runBuiltCli(['diff', '--from', '2026.11', '--to', '2027.02', '--estate', ESTATE, '--json']);
    diff = JSON.parse(result.stdout);
  }, 120_000);

  test('replaces and deletes no stateful resource, loosens no guardrail, and exits 0', () => {
    expect(diff.changes.filter((c) => c.stateful && (c.action === 'replace' || c.action === 'remove'))).toEqual([]);
    expect(diff.breaking).toEqual([]);
    expect(diff.blockers).toEqual([]);
    expect(result.code).toBe(0);
  });

  test('replaces nothing at all: a baseline upgrade is updates in place', () => {
    expect(diff.changes.filter((c) => c.action === 'replace').map((c) => c.resource)).toEqual([]);
  });

  test('shows the longer evidence lock on the national archive, with its property path', () => {
    const archive = diff.changes.find(
      (c) => c.tenancy === 'national' && c.cloud === 'aws' && c.paths.some((p) => p.includes('ObjectLockConfiguration')),
    );
    expect(archive?.paths).toContain('Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days');
  });

  test('--force renders only that force and reports exactly what the estate-wide run reports for it', async () => {
    const kent = await runCli(['diff', '--from', '2026.11', '--to', '2027.02', '--estate', ESTATE, '--force', 'kent', '--json']);
    expect(kent.code).toBe(0);
    const own = JSON.parse(kent.stdout) as typeof diff;
    expect([...new Set(own.changes.map((c) => c.tenancy))].sort()).toEqual(['kent', 'kent-essex-its', 'national']);
    const kents = (t: { tenancy: string }) => t.tenancy === 'kent' || t.tenancy === 'kent-essex-its';
    expect(own.changes.filter(kents)).toEqual(diff.changes.filter(kents));
    expect((own.breaking as { tenancy: string }[]).filter(kents)).toEqual((diff.breaking as { tenancy: string }[]).filter(kents));
    // With them, the national guardrails that govern Kent's accounts and subscriptions, as the
    // estate-wide run shows them; not the national platform's own resources (its archive, its hub).
    const national = own.changes.filter((c) => c.tenancy === 'national');
    expect(national.length).toBeGreaterThan(0);
    for (const c of national) expect(diff.changes).toContainEqual(c);
    expect(
      national
        .map((c) => c.resource)
        .filter((r) => !/Nplz-Organization\/Organization\/|PolicyAssignment|PolicyDefinition|PolicySetDefinition|ManagementGroup/.test(r)),
    ).toEqual([]);
    expect(own.blockers).toEqual([]);
  });

  test('touches every tenancy on both clouds (the new service-owner tag)', () => {
    const touched = new Set(diff.changes.map((c) => `${c.tenancy}/${c.cloud}`));
    expect(touched.size).toBe((44 + 1) * 2);
  });
});

test('downgrading (the national settings and Kent alone) loosens the guardrails on both clouds, and exits 3', async () => {
  // The guardrails are national and Kent's audit storage is Kent's: the sample's national settings and
  // Kent alone (without its collaboration, which would need its members) show them all, at a fraction
  // of rendering the whole estate twice more (the upgrade above already does).
  const kent = fs.readFileSync(path.join(ESTATE, 'tenancies', 'kent.yaml'), 'utf8');
  const alone = kent.replace(/^collaborations:\n(?: {2}- .*\n)+/m, '');
  expect(alone).not.toBe(kent);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-downgrade-'));
  let r: Awaited<ReturnType<typeof runBuiltCli>>;
  try {
    fs.mkdirSync(path.join(dir, 'tenancies'));
    fs.copyFileSync(path.join(ESTATE, 'national.yaml'), path.join(dir, 'national.yaml'));
    fs.writeFileSync(path.join(dir, 'tenancies', 'kent.yaml'), alone);
    r = await runBuiltCli(['diff', '--from', '2027.02', '--to', '2026.11', '--estate', dir]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(r.code).toBe(3);
  expect(r.stdout).toContain(
    '[guardrail-loosened] national · aws: deny DenyOutsideAllowedRegions in Nplz-Organization/Organization/UkRegionsOnly now exempts globalaccelerator:*',
  );
  expect(r.stdout).toMatch(/\[guardrail-loosened\] national · azure: policy assignment .* no longer covers 5985, 5986/);
  // The evidence lock goes back from two years to one, on both clouds.
  expect(r.stdout).toContain(
    '[guardrail-loosened] national · aws: evidence lock on Nplz-LogArchive/LogArchive/Bucket/Resource shortened from 730 to 365 days',
  );
  expect(r.stdout).toContain('[guardrail-loosened] kent · azure: immutability on kent-prod-audit shortened from 730 to 365 days');
}, 120_000);

test('a tenancy that lacks what the new baseline requires is reported as not ready', () => {
  const estate = loadEstateOrThrow(ESTATE, { now });
  const kent = estate.tenancies.find((t) => t.spec.name === 'kent')!;
  const { 'service-owner': _dropped, ...tags } = kent.spec.tags;
  const broken = { ...estate, tenancies: estate.tenancies.map((t) => (t === kent ? { ...t, spec: { ...t.spec, tags } } : t)) };
  const blockers = upgradeBlockers(broken, '2027.02', now);
  expect(blockers.map((b) => `${b.path}: ${b.message}`)).toEqual([
    'tags.service-owner: before moving to 2027.02: required tag "service-owner" is missing',
  ]);
});

test.each([
  [['diff', '--from', '2025.01', '--to', '2027.02', '--estate', ESTATE], 'unknown baseline version "2025.01"'],
  [['diff', '--from', '2026.11', '--to', '2027.02', '--estate', ESTATE, '--force', 'kentt'], 'did you mean "kent"?'],
  [['diff', '--to', '2027.02', '--estate', ESTATE], '--from <baseline> is required'],
])('bad input exits 2 with a message: %p', async (argv, fragment) => {
  const r = await runCli(argv);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(fragment);
});

describe('--force renders a slice of the estate that gives its tenancies exactly what the whole estate gives them', () => {
  // A small estate with a collaboration (kent-essex-its peers with Kent's and Essex's spokes) and
  // bystanders, so rendering it whole stays cheap.
  const full = loadEstateOrThrow(ESTATE, { now });
  const estate: Estate = {
    ...full,
    tenancies: full.tenancies.filter((t) => ['kent', 'essex', 'kent-essex-its', 'surrey', 'sussex'].includes(t.spec.name)),
  };
  // Each estate is rendered once in this file and each test picks its tenancies: the small estate
  // whole (every force's comparison), and each force's slice (its comparison and the firewall rules).
  // The whole estate's plan from the shared cache; a slice's recorded fresh, so the comparison is of two
  // renderings, and a tenancy program that read more of the estate than its key holds would show here.
  const planOf = (e: Estate) => planAzureEstate(e, e === estate ? { cache: sharedPlanCache() } : {});
  const renderings = new Map<Estate, Promise<{ stacks: { stack: string; tenancy: string; template: unknown }[]; plan: Plan }>>();
  const renderedWhole = (e: Estate) => {
    let r = renderings.get(e);
    if (!r) {
      r = (async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-slice-'));
        try {
          const stacks = createAwsEstateApp(e, { outdir: out })
            .synth()
            .stacks.map((s) => ({ stack: s.stackName, tenancy: s.tags['nplz:tenancy'] ?? '', template: s.template as unknown }));
          return { stacks, plan: await planOf(e) };
        } finally {
          fs.rmSync(out, { recursive: true, force: true });
        }
      })();
      renderings.set(e, r);
    }
    return r;
  };
  const rendered = async (e: Estate, report: readonly string[]) => {
    const { stacks, plan } = await renderedWhole(e);
    const aws = stacks.filter((s) => report.includes(s.tenancy)).map((s) => ({ stack: s.stack, template: s.template }));
    const azure = plan.resources.filter((r) => r.tenancy && report.includes(r.tenancy));
    return { aws, azure };
  };
  const slices = new Map<string, ReturnType<typeof forceSlice>>();
  const sliceOf = (force: string) => {
    if (!slices.has(force)) slices.set(force, forceSlice(estate, force));
    return slices.get(force)!;
  };

  test.each(['kent', 'essex', 'surrey'])('%s', async (force) => {
    const slice = sliceOf(force);
    const whole = await rendered(estate, slice.report);
    const part = await rendered(slice.render, slice.report);
    expect(part.aws.length).toBeGreaterThan(0);
    expect(part.azure.length).toBeGreaterThan(0);
    expect(part).toEqual(whole);
  });

  test('the slice holds the force, its collaborations and their members; without the members the collaboration loses its paths', async () => {
    const slice = sliceOf('kent');
    expect([...slice.report].sort()).toEqual(['kent', 'kent-essex-its']);
    expect(slice.render.tenancies.map((t) => t.spec.name).sort()).toEqual(['essex', 'kent', 'kent-essex-its']);
    // What the slice must not do: render only the reported tenancies. Collaboration traffic crosses the
    // hub firewall, whose national rules name each linked member's range.
    const bare = { ...estate, tenancies: estate.tenancies.filter((t) => slice.report.includes(t.spec.name)) };
    const toMembers = async (e: Estate) => {
      const plan = renderings.has(e) ? (await renderedWhole(e)).plan : await planOf(e);
      const group = plan.resources.find((r) => r.type === 'azure-native:network:FirewallPolicyRuleCollectionGroup');
      const collections = (group?.inputs.ruleCollections ?? []) as {
        name: string;
        rules: { name: string; destinationAddresses?: string[] }[];
      }[];
      return (
        collections.find((c) => c.name === 'collaborations')?.rules.find((r) => r.name === 'kent-essex-its-prod-to-members')
          ?.destinationAddresses ?? []
      );
    };
    const essexProd = estate.tenancies.find((t) => t.spec.name === 'essex')?.spec.azure?.network?.prod;
    expect(essexProd).toBeDefined();
    const whole = await toMembers(estate);
    expect(whole).toContain(essexProd);
    expect(await toMembers(slice.render)).toEqual(whole);
    expect(await toMembers(bare)).not.toContain(essexProd);
  });
});
