import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Lazy } from 'aws-cdk-lib';
import type { Estate, TenancySpec } from '@nplz/core';
import {
  addNationalLandingZone,
  createAwsEstate,
  DiskTenancyTemplates,
  MemoryTenancyTemplates,
  NationalServices,
  tenancyTemplateKey,
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
  if (store) {
    for (const [id, key] of lz.tenancyTemplateKeys) {
      const s = asm.getStackArtifact(lz.tenancyStacks.get(id)!.artifactId);
      store.set(key, { template: s.template as unknown, tags: s.tags });
    }
  }
  return {
    stacks: asm.stacks.map((s) => [s.stackName, JSON.stringify({ template: s.template as unknown, tags: s.tags })]),
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

describe('each input of a tenancy stack is in its key', () => {
  const base = subEstate(['kent', 'essex', 'kent-essex-its']);
  let store: MemoryTenancyTemplates;
  beforeEach(() => {
    store = new MemoryTenancyTemplates();
    estateRendering(base, store);
  });

  test('a changed spec builds that tenancy again, and only it', () => {
    const head = withTenancy(base, 'kent', (s) => ({ ...s, budget: { ...s.budget!, monthlyGbp: s.budget!.monthlyGbp + 1000 } }));
    const plain = estateRendering(head);
    const r = estateRendering(head, store);
    expect(r.stacks).toEqual(plain.stacks);
    expect(r.built.sort()).toEqual(['Force-kent-nonprod', 'Force-kent-prod']);
    expect(r.kept.length).toBeGreaterThan(0);
    // The rendering did change: a stand-in for Kent would have passed the order check and failed this.
    expect(plain.stacks.find(([s]) => s === 'Force-kent-prod')).not.toEqual(
      estateRendering(base).stacks.find(([s]) => s === 'Force-kent-prod'),
    );
  });

  test('each environment of a tenancy is its own stack: prod is never nonprod', () => {
    const r = estateRendering(base, store);
    const prod = r.stacks.find(([s]) => s === 'Force-kent-prod')?.[1];
    const nonprod = r.stacks.find(([s]) => s === 'Force-kent-nonprod')?.[1];
    expect(prod).toBeDefined();
    expect(prod).not.toBe(nonprod);
    expect(r.stacks).toEqual(estateRendering(base).stacks);
  });

  test('a changed national setting the services carry builds every tenancy stack again, although no spec changed', () => {
    const aws = base.national.aws!;
    const head: Estate = { ...base, national: { ...base.national, aws: { ...aws, logArchiveAccount: '999999999999' } } };
    const plain = estateRendering(head);
    const r = estateRendering(head, store);
    expect(r.kept).toEqual([]);
    expect(r.stacks).toEqual(plain.stacks);
    expect(r.stacks).not.toEqual(estateRendering(base).stacks);
  });

  test('whether the stack carries the account baseline (no fleet StackSet) is in the key', () => {
    const build = (app: App, s?: TenancyTemplateStore) =>
      addNationalLandingZone(app, { estate: base, fleetRollout: false, ...(s ? { keptTemplates: s } : {}) });
    const outdir = () => path.join(tmp, `asm-${n++}`);
    const plain = render(new App({ outdir: outdir() }), (a) => build(a));
    const fleet = new MemoryTenancyTemplates();
    render(new App({ outdir: outdir() }), (a) => addNationalLandingZone(a, { estate: base, keptTemplates: fleet }), fleet);
    const r = render(new App({ outdir: outdir() }), (a) => build(a, fleet), fleet);
    expect(r.kept).toEqual([]);
    expect(r.stacks).toEqual(plain.stacks);
  });

  test("the app's context (feature flags, synthesis settings, CDK_CONTEXT_JSON) is in the key", () => {
    const context = { '@aws-cdk/aws-iam:minimizePolicies': false };
    const build = (app: App, s?: TenancyTemplateStore) => addNationalLandingZone(app, { estate: base, ...(s ? { keptTemplates: s } : {}) });
    const plain = render(new App({ outdir: path.join(tmp, `asm-${n++}`), context }), (a) => build(a));
    const other = new MemoryTenancyTemplates();
    render(new App({ outdir: path.join(tmp, `asm-${n++}`) }), (a) => build(a, other), other);
    const r = render(new App({ outdir: path.join(tmp, `asm-${n++}`), context }), (a) => build(a, other), other);
    expect(r.kept).toEqual([]);
    expect(r.stacks).toEqual(plain.stacks);
    const again = render(new App({ outdir: path.join(tmp, `asm-${n++}`), context }), (a) => build(a, other), other);
    expect(again.kept.length).toBe(r.built.length);
  });

  test('services holding an unresolved token are never kept: its text names a value of one app only', () => {
    // The OU ids are the one part of a manifest not checked against a pattern, so a token can get in.
    const services = NationalServices.fromManifest({
      ...NationalServices.fromNationalSettings(base.national).manifest,
      organizationalUnits: { Forces: Lazy.string({ produce: () => 'ou-abcd-12345678' }) },
    });
    const spec = base.tenancies[0]!.spec;
    expect(
      tenancyTemplateKey(new App(), { spec, environment: spec.environments[0]!, services, includeAccountBaseline: false }),
    ).toBeUndefined();
    const build = (app: App) => addNationalLandingZone(app, { estate: base, services, keptTemplates: store });
    render(new App({ outdir: path.join(tmp, `asm-${n++}`) }), build, store);
    const r = render(new App({ outdir: path.join(tmp, `asm-${n++}`) }), build, store);
    expect(r.kept).toEqual([]);
    expect(r.built).toEqual([]);
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

  test('a damaged or foreign entry is a miss, built again and rewritten', () => {
    const dir = path.join(tmp, 'damaged');
    estateRendering(base, new DiskTenancyTemplates(dir, 's'));
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(4);
    fs.writeFileSync(path.join(dir, files[0]!), '{"key":"x", "kept":');
    const entry = JSON.parse(fs.readFileSync(path.join(dir, files[1]!), 'utf8')) as { key: string; kept: unknown };
    fs.writeFileSync(path.join(dir, files[1]!), JSON.stringify({ key: `${entry.key} `, kept: entry.kept }));
    const again = new DiskTenancyTemplates(dir, 's');
    const r = estateRendering(base, again);
    expect(again.hits).toBe(2);
    expect(again.writes).toBe(2);
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
    for (const [id, key] of landingZone.tenancyTemplateKeys) {
      const stack = assembly.getStackArtifact(landingZone.tenancyStacks.get(id)!.artifactId);
      kept.set(key, { template: stack.template, tags: stack.tags });
    }
    // --- README: end ---
    return landingZone;
  };
  expect([...go().tenancyTemplateKeys.keys()].sort()).toEqual(['Force-kent-nonprod', 'Force-kent-prod']);
  expect([...go().keptTenancyStacks.keys()].sort()).toEqual(['Force-kent-nonprod', 'Force-kent-prod']);
});
