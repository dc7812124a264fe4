import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isCollaboration, type Estate, type TenancySpec } from '@nplz/core';
import {
  codeDigest,
  DiskPlanCache,
  MemoryPlanCache,
  planAzureEstate,
  planCacheSalt,
  planReadsCurrentOutputs,
  planToJson,
  type Plan,
  type StackPlanCache,
} from '../src';
import { sampleEstate } from './mocks';

/** Three forces of the sample estate (no collaboration, so nothing links them): 3 × 2 tenancy stacks and the two national ones. */
function smallEstate(): Estate {
  const e = sampleEstate();
  return { ...e, tenancies: e.tenancies.filter((t) => ['kent', 'surrey', 'durham'].includes(t.spec.name) && !isCollaboration(t.spec)) };
}

function withTenancy(e: Estate, name: string, change: (s: TenancySpec) => TenancySpec): Estate {
  return { ...e, tenancies: e.tenancies.map((t) => (t.spec.name === name ? { ...t, spec: change(t.spec) } : t)) };
}

/** A cache that counts what it is asked, over another. */
class Counting implements StackPlanCache {
  gets = 0;
  sets: string[] = [];
  constructor(private readonly inner: StackPlanCache) {}
  get(key: string): Plan | undefined {
    this.gets++;
    return this.inner.get(key);
  }
  set(key: string, plan: Plan): void {
    this.sets.push(plan.stacks?.find((s) => s.recorded)?.name ?? '?');
    this.inner.set(key, plan);
  }
}

/** A cache that keeps nothing and lists what a cold run writes to it: each stack's key and plan. */
class Capturing implements StackPlanCache {
  entries: [string, Plan][] = [];
  get(): Plan | undefined {
    return undefined;
  }
  set(key: string, plan: Plan): void {
    this.entries.push([key, plan]);
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-plan-cache-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let base: Estate;
let fresh: string;
let cold: Capturing | undefined;
beforeAll(async () => {
  base = smallEstate();
  expect(base.tenancies).toHaveLength(3);
  fresh = planToJson(await planAzureEstate(base));
});

/**
 * `cache` as a cold run of the base estate leaves it: each stack's entry set under its key. The
 * stacks are recorded once for the file (a shared fixture, #14), not once per cache a test starts
 * from; what each test holds is the run that reads the cache afterwards.
 */
async function seeded<C extends StackPlanCache>(cache: C): Promise<C> {
  if (!cold) {
    cold = new Capturing();
    await planAzureEstate(base, { cache: cold });
    expect(cold.entries).toHaveLength(8);
  }
  for (const [key, plan] of cold.entries) cache.set(key, plan);
  return cache;
}

describe('each Azure stack kept between runs (DiskPlanCache)', () => {
  test('a cold and a warm run write the plan a run without a cache writes, byte for byte; the warm run records nothing', async () => {
    const dir = path.join(tmp, 'same');
    const cold = new Counting(new DiskPlanCache(dir));
    expect(planToJson(await planAzureEstate(base, { cache: cold }))).toBe(fresh);
    expect(cold.sets).toHaveLength(8);
    const disk = new DiskPlanCache(dir);
    const warm = new Counting(disk);
    expect(planToJson(await planAzureEstate(base, { cache: warm }))).toBe(fresh);
    expect(warm.sets).toEqual([]);
    expect(disk.hits).toBe(8);
  });

  test('one changed tenancy records its stacks and the national ones only, and the plan is what a cold run records', async () => {
    const dir = path.join(tmp, 'one');
    await seeded(new DiskPlanCache(dir));
    const head = withTenancy(base, 'kent', (s) => ({ ...s, budget: { ...s.budget!, monthlyGbp: s.budget!.monthlyGbp + 1000 } }));
    const c = new Counting(new DiskPlanCache(dir));
    const kept = planToJson(await planAzureEstate(head, { cache: c }));
    expect(kept).toBe(planToJson(await planAzureEstate(head)));
    expect(kept).not.toBe(fresh);
    expect(c.sets.sort()).toEqual([
      'organization/kent-landing-zone/nonprod',
      'organization/kent-landing-zone/prod',
      'organization/nplz/national',
      'organization/nplz/national-peerings',
    ]);
  });

  test('a national change a tenancy stack reads records every tenancy stack again, although no spec changed', async () => {
    // The tenancy stacks' keys hold their specs, not the national settings: what they read of the
    // national stack is checked instead. A cache that trusted the key alone would serve the old tenant.
    const dir = path.join(tmp, 'national');
    const m = await seeded(new MemoryPlanCache());
    await seeded(new DiskPlanCache(dir));
    const azure = base.national.azure!;
    const head: Estate = { ...base, national: { ...base.national, azure: { ...azure, tenantId: '00000000-0000-47e7-8000-0000000000ff' } } };
    const expected = planToJson(await planAzureEstate(head));
    expect(expected).not.toBe(fresh);
    const c = new Counting(new DiskPlanCache(dir));
    expect(planToJson(await planAzureEstate(head, { cache: c }))).toBe(expected);
    expect(c.sets).toHaveLength(8);
    expect(planToJson(await planAzureEstate(head, { cache: m }))).toBe(expected);
  });

  test('an entry recorded under other code or packages (another salt) is not used', async () => {
    const dir = path.join(tmp, 'salt');
    await seeded(new DiskPlanCache(dir, 'one build'));
    const other = new DiskPlanCache(dir, 'another build');
    await planAzureEstate(base, { cache: other });
    expect(other.hits).toBe(0);
    expect(other.writes).toBe(8);
  });

  test('a damaged or foreign entry is a miss, recorded again and rewritten', async () => {
    const dir = path.join(tmp, 'damaged');
    await seeded(new DiskPlanCache(dir, 's'));
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(8);
    fs.writeFileSync(path.join(dir, files[0]!), '{"key":"x", "plan":');
    const entry = JSON.parse(fs.readFileSync(path.join(dir, files[1]!), 'utf8')) as { key: string; plan: Plan };
    fs.writeFileSync(path.join(dir, files[1]!), JSON.stringify({ key: `${entry.key} `, plan: entry.plan }));
    const again = new DiskPlanCache(dir, 's');
    expect(planToJson(await planAzureEstate(base, { cache: again }))).toBe(fresh);
    expect(again.hits).toBe(6);
    expect(again.writes).toBe(2);
  });
});

describe('the cache checks', () => {
  const plan = (references: string[], read: Record<string, Record<string, unknown>>): Plan => ({
    project: 'p',
    stack: 's',
    resources: [],
    stacks: [
      { name: 'o/p/s', outputs: {}, references, recorded: true },
      ...Object.entries(read).map(([name, outputs]) => ({ name, outputs, references: [], recorded: false })),
    ],
  });

  test('a plan is used only when what it read is what the stacks export now, key order aside', () => {
    const p = plan(['o/nplz/national'], { 'o/nplz/national': { a: 1, b: { c: 2, d: 3 } } });
    expect(planReadsCurrentOutputs(p, { 'o/nplz/national': { b: { d: 3, c: 2 }, a: 1 } })).toBe(true);
    expect(planReadsCurrentOutputs(p, { 'o/nplz/national': { a: 1, b: { c: 2, d: 4 } } })).toBe(false);
    expect(planReadsCurrentOutputs(p, {})).toBe(false);
    // A read the plan does not list as a reference of its own stack (a tampered entry).
    expect(planReadsCurrentOutputs(plan([], { 'o/nplz/national': {} }), { 'o/nplz/national': {} })).toBe(false);
  });

  test("the salt holds the code's text: one changed module changes it", () => {
    const dir = path.join(tmp, 'code');
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a.js'), 'exports.a = 1;');
    fs.writeFileSync(path.join(dir, 'sub', 'b.js'), 'exports.b = 2;');
    fs.writeFileSync(path.join(dir, 'a.d.js'), 'ignored');
    const before = codeDigest(dir, '.js');
    fs.writeFileSync(path.join(dir, 'sub', 'b.js'), 'exports.b = 3;');
    expect(codeDigest(dir, '.js')).not.toBe(before);
    expect(planCacheSalt()).toMatch(/^@pulumi\/pulumi@\d.*\n@pulumi\/azure-native@\d.*\nazure [0-9a-f]{64}\ncore [0-9a-f]{64}$/);
  });
});
