import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CliCredentialsStackSynthesizer, Lazy, Stage, Tags, Token } from 'aws-cdk-lib';
import { codeDigest, coreCodeDigest, type Estate, type TenancySpec } from '@nplz/core';
import {
  addNationalLandingZone,
  createAwsEstate,
  DiskTenancyTemplates,
  keepTenancyTemplates,
  MemoryTenancyTemplates,
  NationalServices,
  synthesizeAwsEstate,
  tenancyTemplateKey,
  tenancyTemplateSalt,
  type KeptTenancyTemplate,
  type TenancyTemplateStore,
} from '../src';
import { sampleEstate, subEstate } from './estate-helpers';

/**
 * Tenancy stacks kept for a reading of templates (`nplz diff`): a stand-in must give the template and
 * stack tags the built stack gives, in the same place among the assembly's stacks, and an input that
 * changed must build the stack again. Every comparison is with a rendering that keeps nothing.
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-kept-templates-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;

interface Rendering {
  /** Each stack's template and tags, as JSON text, in the assembly's order. */
  readonly stacks: [string, string][];
  /** Stacks built and kept for next time. */
  readonly built: string[];
  /** Stacks that were stand-ins. */
  readonly kept: string[];
}

/** Render as `nplz diff` does: synthesise, then keep each built tenancy stack's template and tags. */
function render(app: App, build: (app: App) => ReturnType<typeof addNationalLandingZone>, store?: TenancyTemplateStore): Rendering {
  const lz = build(app);
  const asm = app.synth();
  if (store) keepTenancyTemplates(lz, asm, store);
  return {
    stacks: asm.stacks.map((s) => [
      s.stackName,
      JSON.stringify({ template: s.template as unknown, tags: s.tags, dependencies: s.dependencies.map((d) => d.id) }),
    ]),
    built: [...lz.tenancyTemplateKeys.keys()],
    kept: [...lz.keptTenancyStacks.keys()],
  };
}

function estateRendering(estate: Estate, store?: TenancyTemplateStore): Rendering {
  const { app, landingZone } = createAwsEstate(estate, {
    outdir: path.join(tmp, `asm-${n++}`),
    ...(store ? { keptTemplates: store } : {}),
  });
  return render(app, () => landingZone, store);
}

/** The same estate with one tenancy's spec changed. */
function withTenancy(estate: Estate, name: string, change: (s: TenancySpec) => TenancySpec): Estate {
  return { ...estate, tenancies: estate.tenancies.map((t) => (t.spec.name === name ? { ...t, spec: change(t.spec) } : t)) };
}

/** An app's context that records no creation stack per element (as createAwsEstate's does): quick under jest. */
const QUICK = { 'aws:cdk:disable-creation-stack-traces': true, 'aws:cdk:disable-stack-trace': true };

const tenancyStacks = (r: Rendering) => r.stacks.map(([name]) => name).filter((s) => s.startsWith('Force-'));

describe('the sample estate with every tenancy stack kept', () => {
  test('gives every stack, national and tenancy, byte for byte and in the same order as a rendering that keeps nothing', () => {
    const estate = sampleEstate();
    const plain = estateRendering(estate);
    const store = new MemoryTenancyTemplates();
    const cold = estateRendering(estate, store);
    const warm = estateRendering(estate, store);
    expect(cold.stacks).toEqual(plain.stacks);
    expect(warm.stacks).toEqual(plain.stacks);
    // Not an empty agreement: every tenancy stack was built once, then stood in for.
    expect(tenancyStacks(plain)).toHaveLength(87);
    expect(cold.built.sort()).toEqual(tenancyStacks(plain).sort());
    expect(cold.kept).toEqual([]);
    expect(warm.kept.sort()).toEqual(tenancyStacks(plain).sort());
    expect(warm.built).toEqual([]);
  });
});

/** A store that keeps what it is given and lists it, to seed other stores from one rendering. */
class Recording extends MemoryTenancyTemplates {
  readonly recorded: [string, KeptTenancyTemplate][] = [];
  override set(key: string, kept: KeptTenancyTemplate): void {
    this.recorded.push([key, kept]);
    super.set(key, kept);
  }
}

describe('each input of a tenancy stack is in its key', () => {
  const base = subEstate(['kent', 'essex', 'kent-essex-its']);
  // One rendering of the base estate for the file (a shared fixture): what it kept seeds each test's store.
  let seed: [string, KeptTenancyTemplate][];
  let plainBase: Rendering;
  let store: MemoryTenancyTemplates;
  beforeAll(() => {
    const r = new Recording();
    estateRendering(base, r);
    seed = r.recorded;
    expect(seed).toHaveLength(5);
    plainBase = estateRendering(base);
  });
  beforeEach(() => {
    store = new MemoryTenancyTemplates();
    for (const [key, kept] of seed) store.set(key, kept);
  });

  test('a changed spec builds that tenancy again, and only it', () => {
    const head = withTenancy(base, 'kent', (s) => ({ ...s, budget: { ...s.budget!, monthlyGbp: s.budget!.monthlyGbp + 1000 } }));
    const plain = estateRendering(head);
    const r = estateRendering(head, store);
    expect(r.stacks).toEqual(plain.stacks);
    expect(r.built.sort()).toEqual(['Force-kent-nonprod', 'Force-kent-prod']);
    expect(r.kept.sort()).toEqual(['Force-essex-nonprod', 'Force-essex-prod', 'Force-kent-essex-its-prod']);
    // The rendering did change: a stand-in for Kent would have passed the order check and failed this.
    const kentProd = (x: Rendering) => x.stacks.find(([name]) => name === 'Force-kent-prod');
    expect(kentProd(plain)).not.toEqual(kentProd(plainBase));
  });

  test('each environment of a tenancy is its own stack: prod is never nonprod', () => {
    const r = estateRendering(base, store);
    expect(r.kept).toHaveLength(5);
    const prod = r.stacks.find(([name]) => name === 'Force-kent-prod')?.[1];
    const nonprod = r.stacks.find(([name]) => name === 'Force-kent-nonprod')?.[1];
    expect(prod).toBeDefined();
    expect(prod).not.toBe(nonprod);
    expect(r.stacks).toEqual(plainBase.stacks);
  });

  test('a changed national setting the services carry builds every tenancy stack again, although no spec changed', () => {
    const aws = base.national.aws!;
    const head: Estate = { ...base, national: { ...base.national, aws: { ...aws, logArchiveAccount: '999999999999' } } };
    const plain = estateRendering(head);
    const r = estateRendering(head, store);
    expect(r.kept).toEqual([]);
    expect(r.stacks).toEqual(plain.stacks);
    expect(r.stacks).not.toEqual(plainBase.stacks);
  });

  test("the app's context (feature flags, synthesis settings, CDK_CONTEXT_JSON) is in the key", () => {
    // The store holds what createAwsEstate's app (NPLZ's context) rendered; this app's context differs.
    const context = { ...QUICK, '@aws-cdk/aws-iam:minimizePolicies': false };
    const build = (app: App, s?: TenancyTemplateStore) => addNationalLandingZone(app, { estate: base, ...(s ? { keptTemplates: s } : {}) });
    const app = () => new App({ outdir: path.join(tmp, `asm-${n++}`), context });
    const plain = render(app(), (a) => build(a));
    const r = render(app(), (a) => build(a, store), store);
    expect(r.kept).toEqual([]);
    expect(r.stacks).toEqual(plain.stacks);
  });
});

describe('what else decides a tenancy stack', () => {
  const kent = subEstate(['kent']);

  test('whether the stack carries the account baseline (no fleet StackSet) is in the key', () => {
    const outdir = () => path.join(tmp, `asm-${n++}`);
    const fleet = new MemoryTenancyTemplates();
    render(new App({ outdir: outdir(), context: QUICK }), (a) => addNationalLandingZone(a, { estate: kent, keptTemplates: fleet }), fleet);
    const noFleet = (app: App, s?: TenancyTemplateStore) =>
      addNationalLandingZone(app, { estate: kent, fleetRollout: false, ...(s ? { keptTemplates: s } : {}) });
    const plain = render(new App({ outdir: outdir(), context: QUICK }), (a) => noFleet(a));
    const r = render(new App({ outdir: outdir(), context: QUICK }), (a) => noFleet(a, fleet), fleet);
    expect(r.kept).toEqual([]);
    expect(r.built).toHaveLength(2);
    expect(r.stacks).toEqual(plain.stacks);
  });

  test('an input holding an unresolved token of any kind is never kept: its text names a value of one app only', () => {
    const spec = kent.tenancies[0]!.spec;
    const env = spec.environments[0]!;
    const services = NationalServices.fromNationalSettings(kent.national);
    const key = (s: TenancySpec, sv = services) =>
      tenancyTemplateKey(new App(), { spec: s, environment: env, services: sv, includeAccountBaseline: false });
    expect(key(spec)).toBeDefined();
    // A number token (JSON shows a plain number), a list token, a string token, a resolvable object.
    const budget = spec.budget!;
    expect(key({ ...spec, budget: { ...budget, monthlyGbp: Token.asNumber(Lazy.number({ produce: () => 9000 })) } })).toBeUndefined();
    expect(
      key({ ...spec, environments: Token.asList(Lazy.list({ produce: () => ['prod'] })) as TenancySpec['environments'] }),
    ).toBeUndefined();
    expect(
      key({ ...spec, budget: { ...budget, alertEmails: [Lazy.string({ produce: () => 'a@example.org' })] } as typeof budget }),
    ).toBeUndefined();
    // Nor anything JSON does not show as it is: a Map, a class instance, a cycle.
    expect(key({ ...spec, budget: { ...budget, extra: new Map([['a', 1]]) } as typeof budget })).toBeUndefined();
    expect(key({ ...spec, budget: { ...budget, extra: new (class Amount {})() } as typeof budget })).toBeUndefined();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(key({ ...spec, budget: { ...budget, extra: cyclic } as typeof budget })).toBeUndefined();
    const ou = NationalServices.fromManifest({
      ...services.manifest,
      organizationalUnits: { Forces: Lazy.any({ produce: () => 'ou-x' }) },
    });
    expect(key(spec, ou)).toBeUndefined();
    // Through the estate: two renderings with such services keep nothing.
    const store = new MemoryTenancyTemplates();
    const build = (app: App) => addNationalLandingZone(app, { estate: kent, services: ou, keptTemplates: store });
    render(new App({ outdir: path.join(tmp, `asm-${n++}`), context: QUICK }), build, store);
    const r = render(new App({ outdir: path.join(tmp, `asm-${n++}`), context: QUICK }), build, store);
    expect(r.kept).toEqual([]);
    expect(r.built).toEqual([]);
  });

  test("the stage's path is in the key: a stack in a Stage names its constructs under the stage", () => {
    const store = new MemoryTenancyTemplates();
    render(
      new App({ outdir: path.join(tmp, `asm-${n++}`), context: QUICK }),
      (a) => addNationalLandingZone(a, { estate: kent, keptTemplates: store }),
      store,
    );
    const inStage = (s?: TenancyTemplateStore) => {
      const app = new App({ outdir: path.join(tmp, `asm-${n++}`), context: QUICK });
      const stage = new Stage(app, 'Prod');
      const lz = addNationalLandingZone(stage, { estate: kent, ...(s ? { keptTemplates: s } : {}) });
      const asm = stage.synth();
      if (s) keepTenancyTemplates(lz, asm, s);
      return { kept: [...lz.keptTenancyStacks.keys()], stacks: asm.stacks.map((x) => JSON.stringify(x.template)) };
    };
    const plain = inStage();
    const r = inStage(store);
    expect(r.kept).toEqual([]);
    expect(r.stacks).toEqual(plain.stacks);
  });

  test('an aspect applied to the app: before the estate is built, nothing is kept or stood in; after it, a stand-in refuses to synthesise', () => {
    const plainStore = () => {
      const store = new MemoryTenancyTemplates();
      render(
        new App({ outdir: path.join(tmp, `asm-${n++}`), context: QUICK }),
        (a) => addNationalLandingZone(a, { estate: kent, keptTemplates: store }),
        store,
      );
      return store;
    };
    const kentProd = (r: Rendering) => r.stacks.find(([name]) => name === 'Force-kent-prod')?.[1];
    // Before: the key is refused, so the untagged entries are not read and what is built is not kept.
    const store = plainStore();
    const tagged = (cost: string) => {
      const app = new App({ outdir: path.join(tmp, `asm-${n++}`), context: QUICK });
      Tags.of(app).add('CostCentre', cost);
      return render(app, (a) => addNationalLandingZone(a, { estate: kent, keptTemplates: store }), store);
    };
    const a = tagged('A');
    expect(a.kept).toEqual([]);
    expect(kentProd(a)).toContain('"Value":"A"');
    const b = tagged('B');
    expect(b.kept).toEqual([]);
    expect(kentProd(b)).toContain('"Value":"B"');
    // After: the keys were made before the aspect, so the stand-ins would be stale; synthesis fails instead.
    const late = plainStore();
    const app = new App({ outdir: path.join(tmp, `asm-${n++}`), context: QUICK });
    addNationalLandingZone(app, { estate: kent, keptTemplates: late });
    Tags.of(app).add('CostCentre', 'C');
    expect(() => app.synth()).toThrow('an aspect was applied after the estate was built with kept templates');
    // After, with nothing kept yet: the stacks built under the aspect are not kept under keys that cannot know it.
    const cold = new MemoryTenancyTemplates();
    const taggedLate = render(
      new App({ outdir: path.join(tmp, `asm-${n++}`), context: QUICK }),
      (x) => {
        const lz = addNationalLandingZone(x, { estate: kent, keptTemplates: cold });
        Tags.of(x).add('CostCentre', 'D');
        return lz;
      },
      cold,
    );
    expect(taggedLate.built).toHaveLength(2);
    expect(cold.hits).toBe(0);
    expect(
      render(
        new App({ outdir: path.join(tmp, `asm-${n++}`), context: QUICK }),
        (x) => addNationalLandingZone(x, { estate: kent, keptTemplates: cold }),
        cold,
      ).kept,
    ).toEqual([]);
  });

  test('a permissions boundary context (aws-cdk-lib adds an aspect to each stack for it) is in the key, and its stand-ins synthesise', () => {
    const context = { ...QUICK, '@aws-cdk/core:permissionsBoundary': { name: 'nplz-boundary' } };
    const app = () => new App({ outdir: path.join(tmp, `asm-${n++}`), context });
    const build = (s?: TenancyTemplateStore) => (a: App) => addNationalLandingZone(a, { estate: kent, ...(s ? { keptTemplates: s } : {}) });
    const plain = render(app(), build());
    const store = new MemoryTenancyTemplates();
    render(app(), build(store), store);
    const r = render(app(), build(store), store);
    expect(r.kept).toHaveLength(2);
    expect(r.stacks).toEqual(plain.stacks);
    expect(plain.stacks.find(([name]) => name === 'Force-kent-prod')?.[1]).toContain('nplz-boundary');
  });

  test("an app's default stack synthesizer (a private context entry JSON does not show) keeps nothing", () => {
    const store = new MemoryTenancyTemplates();
    const app = () =>
      new App({ outdir: path.join(tmp, `asm-${n++}`), context: QUICK, defaultStackSynthesizer: new CliCredentialsStackSynthesizer() });
    render(app(), (a) => addNationalLandingZone(a, { estate: kent, keptTemplates: store }), store);
    expect(render(app(), (a) => addNationalLandingZone(a, { estate: kent, keptTemplates: store }), store).kept).toEqual([]);
  });

  test('a stand-in keeps its dependencies: the network hub, the organisation, and the routing shard that associates its attachment', () => {
    const spokeAttachments = { 'kent/prod': 'tgw-attach-0123456789abcdef0' };
    const build = (s?: TenancyTemplateStore) => (a: App) =>
      addNationalLandingZone(a, { estate: kent, spokeAttachments, ...(s ? { keptTemplates: s } : {}) });
    const app = () => new App({ outdir: path.join(tmp, `asm-${n++}`), context: QUICK });
    const plain = render(app(), build());
    const store = new MemoryTenancyTemplates();
    render(app(), build(store), store);
    const r = render(app(), build(store), store);
    expect(r.kept.sort()).toEqual(['Force-kent-nonprod', 'Force-kent-prod']);
    expect(r.stacks).toEqual(plain.stacks);
    const routing = plain.stacks.find(([name]) => name.startsWith('Nplz-NetworkRouting'))?.[1];
    expect(routing).toContain('Force-kent-prod');
  });

  test('synthesizeAwsEstate, whose assembly is deployed and audited, refuses kept templates', () => {
    expect(() =>
      synthesizeAwsEstate(kent, { outdir: path.join(tmp, `asm-${n++}`), keptTemplates: new MemoryTenancyTemplates() } as Parameters<
        typeof synthesizeAwsEstate
      >[1]),
    ).toThrow('synthesizeAwsEstate does not take keptTemplates');
  });
});

describe('kept on disk (DiskTenancyTemplates)', () => {
  const base = subEstate(['kent', 'essex']);

  test('a warm run stands in for every tenancy stack and gives the same stacks; another salt (other code or packages) finds nothing', () => {
    const dir = path.join(tmp, 'disk');
    const plain = estateRendering(base);
    const cold = new DiskTenancyTemplates(dir, 'one build');
    estateRendering(base, cold);
    expect(cold.writes).toBe(4);
    const warm = new DiskTenancyTemplates(dir, 'one build');
    const r = estateRendering(base, warm);
    expect(warm.hits).toBe(4);
    expect(r.stacks).toEqual(plain.stacks);
    const other = new DiskTenancyTemplates(dir, 'another build');
    expect(estateRendering(base, other).kept).toEqual([]);
    expect(other.hits).toBe(0);
  });

  test("the default salt names aws-cdk-lib's and constructs' versions and the code of @nplz/aws and @nplz/core", () => {
    const salt = tenancyTemplateSalt();
    const version = (name: string) =>
      (JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
    expect(salt).toContain(`aws-cdk-lib@${version('aws-cdk-lib')}`);
    expect(salt).toContain(`constructs@${version('constructs')}`);
    expect(salt).toContain(`aws ${codeDigest(path.join(__dirname, '..', 'src'), '.ts')}`);
    expect(salt).toContain(`core ${coreCodeDigest()}`);
    // And a store made without one uses it: its entries are where a store given it looks.
    const dir = path.join(tmp, 'default-salt');
    estateRendering(base, new DiskTenancyTemplates(dir));
    const given = new DiskTenancyTemplates(dir, salt);
    estateRendering(base, given);
    expect(given.hits).toBe(4);
  });

  test('a damaged or foreign entry is a miss, built again and rewritten', () => {
    const dir = path.join(tmp, 'damaged');
    estateRendering(base, new DiskTenancyTemplates(dir, 's'));
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(4);
    fs.writeFileSync(path.join(dir, files[0]!), '{"key":"x", "kept":');
    const entry = JSON.parse(fs.readFileSync(path.join(dir, files[1]!), 'utf8')) as { key: string; kept: unknown };
    fs.writeFileSync(path.join(dir, files[1]!), JSON.stringify({ key: `${entry.key} `, kept: entry.kept }));
    const third = JSON.parse(fs.readFileSync(path.join(dir, files[2]!), 'utf8')) as { key: string; kept: { template: unknown } };
    fs.writeFileSync(path.join(dir, files[2]!), JSON.stringify({ key: third.key, kept: { template: third.kept.template, tags: null } }));
    const fourth = JSON.parse(fs.readFileSync(path.join(dir, files[3]!), 'utf8')) as { key: string; kept: { template: unknown } };
    fs.writeFileSync(
      path.join(dir, files[3]!),
      JSON.stringify({ key: fourth.key, kept: { template: fourth.kept.template, tags: { 'nplz:tenancy': 1 } } }),
    );
    const again = new DiskTenancyTemplates(dir, 's');
    const r = estateRendering(base, again);
    expect(again.hits).toBe(0);
    expect(again.writes).toBe(4);
    expect(r.stacks).toEqual(estateRendering(base).stacks);
  });
});

test("the README's example of kept templates runs as written, and a second run stands in for every tenancy stack", () => {
  const estate = subEstate(['kent']);
  const cacheDir = path.join(tmp, 'readme');
  const go = () => {
    const outdir = path.join(tmp, `asm-${n++}`);
    // --- README: begin ---
    const kept = new DiskTenancyTemplates(path.join(cacheDir, 'aws-template')); // or new MemoryTenancyTemplates()
    const { app, landingZone } = createAwsEstate(estate, { outdir, keptTemplates: kept });
    const assembly = app.synth();
    keepTenancyTemplates(landingZone, assembly, kept); // each stack built, for the next rendering
    // --- README: end ---
    return landingZone;
  };
  expect([...go().tenancyTemplateKeys.keys()].sort()).toEqual(['Force-kent-nonprod', 'Force-kent-prod']);
  expect([...go().keptTenancyStacks.keys()].sort()).toEqual(['Force-kent-nonprod', 'Force-kent-prod']);
});
