import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, NestedStack, Stack, Stage, Tags, Validations, aws_s3 as s3, aws_sns as sns } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import { BASELINE_2026_11 } from '@nplz/core';
import { NplzChecks, StackCachedPack } from '../../src/aws';

// CDK's own CloudFormation validation costs seconds per app and is not what these tests are about.
process.env.CDK_VALIDATION = 'false';

const ENV = { account: '111111111111', region: 'eu-west-2' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-stack-cached-pack-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;

interface Shape {
  /** Stack ids, in order; each holds an unencrypted bucket and a topic without SSL enforcement. */
  readonly stacks?: readonly string[];
  /** `<stack>` whose bucket gets versioning, changing its template. */
  readonly versioned?: string;
  /** `<stack>:<rule id>` acknowledged on that stack's bucket. */
  readonly acknowledge?: readonly string[];
  /** A stack holding a nested stack with a bucket of its own. */
  readonly nested?: boolean;
  /** The buckets' construct id (their logical id stays `Bucket`), and whether templates carry construct paths. */
  readonly bucketId?: string;
  readonly pathMetadata?: boolean;
  /** `<stack>` → its region (else eu-west-2). */
  readonly regions?: Readonly<Record<string, string>>;
  /** A stack tag on every stack, kept off its resources (so the template does not change). */
  readonly stackTag?: string;
  /** Stacks inside a Stage, as `nplz synth` builds them. */
  readonly stage?: boolean;
  /** `<stack>` holding only its topic (no bucket). */
  readonly topicOnly?: string;
  /** `<stack>` whose bucket is a plain CfnResource of the same type (same template). */
  readonly plainBucket?: string;
  /** A rule id acknowledged on the app, above every stack. */
  readonly acknowledgeOnApp?: string;
}

/**
 * An app whose stacks each break several AwsSolutions and NplzChecks rules, with the same rules
 * broken in every stack (so a rule's resources come from several stacks) and acknowledgements in
 * some: the case where a per-stack report could differ from the pack's own.
 */
function build(shape: Shape, packs: (app: App) => NagPack[], wrap?: (p: NagPack) => StackCachedPack) {
  const outdir = path.join(tmp, `app-${n++}`);
  // As `nplz synth` builds its app: no creation stack traces (they would name this file's lines).
  const app = new App({
    outdir,
    stackTraces: false,
    context: {
      '@aws-cdk/core:failSynthOnValidationErrors': false,
      'aws:cdk:enable-path-metadata': shape.pathMetadata ?? true,
      'aws:cdk:disable-creation-stack-traces': true,
    },
  });
  const parent: Construct = shape.stage ? new Stage(app, 'Estate') : app;
  if (shape.acknowledgeOnApp)
    Validations.of(app).acknowledge({ id: shape.acknowledgeOnApp, reason: 'an approved exception, for the test' });
  for (const id of shape.stacks ?? ['Force-a-prod', 'Force-b-prod', 'Force-c-prod']) {
    const stack = new Stack(parent, id, { env: { ...ENV, region: shape.regions?.[id] ?? ENV.region } });
    if (shape.stackTag) Tags.of(stack).add('owner', shape.stackTag, { excludeResourceTypes: ['AWS::S3::Bucket', 'AWS::SNS::Topic'] });
    if (shape.topicOnly === id) {
      new sns.CfnTopic(stack, 'Topic', {});
      continue;
    }
    const props = shape.versioned === id ? { versioningConfiguration: { status: 'Enabled' } } : {};
    const bucket =
      shape.plainBucket === id
        ? new CfnResource(stack, shape.bucketId ?? 'Bucket', { type: 'AWS::S3::Bucket', properties: props })
        : new s3.CfnBucket(stack, shape.bucketId ?? 'Bucket', props);
    bucket.overrideLogicalId('Bucket');
    new sns.CfnTopic(stack, 'Topic', {});
    for (const a of shape.acknowledge ?? []) {
      const [at, rule] = a.split(':');
      if (at === id) Validations.of(bucket).acknowledge({ id: rule!, reason: 'an approved exception, for the test' });
    }
  }
  if (shape.nested) {
    const parent = new Stack(app, 'Force-nested-prod', { env: ENV });
    new s3.CfnBucket(new NestedStack(parent, 'Inner'), 'Bucket', {});
  }
  const plain = packs(app);
  const plugins = wrap ? plain.map(wrap) : plain;
  Validations.of(app).addPlugins(...plugins);
  app.synth();
  return { report: fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'), plugins, app };
}

const bothPacks = (app: App): NagPack[] => [new AwsSolutionsChecks(app), new NplzChecks(app, { baseline: BASELINE_2026_11 })];
const packKey = (p: NagPack) => (p instanceof NplzChecks ? p.cacheKey! : p.name);

/** The report of the packs alone, and of the packs through a cache in `dir`, with what the cache did. */
function compare(shape: Shape, dir: string, key: (p: NagPack) => string = packKey) {
  const alone = build(shape, bothPacks).report;
  const cached = build(shape, bothPacks, (p) => new StackCachedPack(p, { cacheDir: dir, packKey: key(p) }));
  const counts = (cached.plugins as StackCachedPack[]).map((p) => ({ hits: p.hits, misses: p.misses }));
  return { alone, cached: cached.report, counts };
}

describe('a pack kept per stack reports what the pack alone reports', () => {
  const dir = path.join(tmp, 'cache-main');

  test('cold, then warm: the same report, byte for byte; warm, every stack is answered from the folder', () => {
    const cold = compare({ acknowledge: ['Force-b-prod:AwsSolutions-S1'] }, dir);
    // The report is worth comparing: a rule's resources span stacks, and one is acknowledged away.
    const report = JSON.parse(cold.alone) as {
      pluginReports: { pluginName: string; violations: { ruleName: string; violatingConstructs: unknown[] }[] }[];
    };
    const aws = report.pluginReports.find((p) => p.pluginName === 'AwsSolutions')!;
    const s1 = aws.violations.find((v) => v.ruleName === 'AwsSolutions-S1')!;
    expect(s1.violatingConstructs).toHaveLength(2);
    expect(aws.violations.find((v) => v.ruleName === 'AwsSolutions-S10')!.violatingConstructs).toHaveLength(3);
    expect(report.pluginReports.find((p) => p.pluginName === 'NplzChecks')!.violations.length).toBeGreaterThan(0);
    expect(cold.cached).toBe(cold.alone);
    expect(cold.counts).toEqual([
      { hits: 0, misses: 3 },
      { hits: 0, misses: 3 },
    ]);
    const warm = compare({ acknowledge: ['Force-b-prod:AwsSolutions-S1'] }, dir);
    expect(warm.cached).toBe(warm.alone);
    expect(warm.cached).toBe(cold.alone);
    expect(warm.counts).toEqual([
      { hits: 3, misses: 0 },
      { hits: 3, misses: 0 },
    ]);
  });

  test('a changed template: that stack is checked again, the others are kept, and the report is the pack\u2019s', () => {
    compare({}, dir);
    const r = compare({ versioned: 'Force-a-prod' }, dir);
    expect(r.cached).toBe(r.alone);
    expect(r.counts).toEqual([
      { hits: 2, misses: 1 },
      { hits: 2, misses: 1 },
    ]);
  });

  test('an acknowledgement added, the template unchanged: that stack is checked again, and the violation goes', () => {
    compare({}, dir);
    const r = compare({ acknowledge: ['Force-c-prod:AwsSolutions-S10'] }, dir);
    expect(r.cached).toBe(r.alone);
    expect(r.counts[0]).toEqual({ hits: 2, misses: 1 });
    const before = compare({}, dir);
    expect(before.cached).not.toBe(r.cached); // the acknowledgement does change the report
  });

  test('stacks in another order: the report follows the walk, as the pack\u2019s does', () => {
    compare({}, dir);
    const r = compare({ stacks: ['Force-c-prod', 'Force-a-prod', 'Force-b-prod'] }, dir);
    expect(r.cached).toBe(r.alone);
    expect(r.counts[0]).toEqual({ hits: 3, misses: 0 });
  });

  test('another pack key, or another salt: nothing is answered from the folder', () => {
    compare({}, dir);
    expect(compare({}, dir, (p) => `${packKey(p)} other`).counts).toEqual([
      { hits: 0, misses: 3 },
      { hits: 0, misses: 3 },
    ]);
    const salted = build({}, bothPacks, (p) => new StackCachedPack(p, { cacheDir: dir, packKey: packKey(p), salt: 'another build' }));
    expect((salted.plugins as StackCachedPack[]).map((p) => p.hits)).toEqual([0, 0]);
  });

  test('a damaged entry is a miss, checked again and rewritten', () => {
    const own = path.join(tmp, 'cache-damaged');
    compare({}, own);
    const entries = fs
      .readdirSync(own, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.json'));
    expect(entries).toHaveLength(6);
    for (const f of entries) fs.writeFileSync(path.join(own, f), '{"violations": [{"ruleName": 1}]}');
    const r = compare({}, own);
    expect(r.cached).toBe(r.alone);
    expect(r.counts).toEqual([
      { hits: 0, misses: 3 },
      { hits: 0, misses: 3 },
    ]);
    expect(compare({}, own).counts[0]).toEqual({ hits: 3, misses: 0 });
  });

  test('a construct moved, its template unchanged (no path metadata): checked again, as the report names it', () => {
    compare({ pathMetadata: false }, dir);
    const r = compare({ pathMetadata: false, bucketId: 'Evidence' }, dir);
    expect(r.cached).toBe(r.alone);
    expect(r.cached).toContain('Force-a-prod/Evidence');
    expect(r.counts[0]).toEqual({ hits: 0, misses: 3 });
  });

  test('a rule first met in a later stack, and acknowledged in the first: grouped as the pack groups it', () => {
    const shape = { topicOnly: 'Force-a-prod', acknowledge: ['Force-b-prod:AwsSolutions-S1'] };
    compare(shape, dir);
    const r = compare(shape, dir);
    expect(r.cached).toBe(r.alone);
    expect(r.counts[0]).toEqual({ hits: 3, misses: 0 });
    const report = JSON.parse(r.alone) as { pluginReports: { pluginName: string; violations: { ruleName: string }[] }[] };
    const rules = report.pluginReports.find((p) => p.pluginName === 'AwsSolutions')!.violations.map((v) => v.ruleName);
    // The topic's rule, met in the first stack, comes first; the buckets' rules, met in the second, after it.
    expect(rules[0]).toBe('AwsSolutions-SNS3');
    expect(rules).toContain('AwsSolutions-S1');
  });

  test('the stack\u2019s region, its tags, a construct\u2019s class, an acknowledgement above it: each a miss, and the pack\u2019s report', () => {
    const template = (a: App, id: string) => fs.readFileSync(path.join(a.outdir, `${id}.template.json`), 'utf8');
    const cases: [Shape, number][] = [
      [{ regions: { 'Force-b-prod': 'us-west-1' } }, 1],
      [{ stackTag: 'kent' }, 3],
      [{ plainBucket: 'Force-c-prod' }, 1],
      [{ acknowledgeOnApp: 'AwsSolutions-S1' }, 3],
    ];
    for (const [shape, misses] of cases) {
      compare({}, dir);
      // Every template is as before: only the key can tell the stacks apart.
      const base = build({}, bothPacks).app;
      const changed = build(shape, bothPacks).app;
      for (const id of ['Force-a-prod', 'Force-b-prod', 'Force-c-prod'])
        expect({ shape, id, same: template(changed, id) === template(base, id) }).toEqual({ shape, id, same: true });
      const r = compare(shape, dir);
      expect({ shape, counts: r.counts[1] }).toEqual({ shape, counts: { hits: 3 - misses, misses } });
      expect(r.cached).toBe(r.alone);
    }
    // The region and the acknowledgement do change the verdicts, so a hit would have been wrong.
    const plain = build({}, bothPacks).report;
    expect(build({ regions: { 'Force-b-prod': 'us-west-1' } }, bothPacks).report).not.toBe(plain);
    expect(build({ acknowledgeOnApp: 'AwsSolutions-S1' }, bothPacks).report).not.toBe(plain);
  });

  test('stacks inside a Stage are kept too', () => {
    const own = path.join(tmp, 'cache-stage');
    compare({ stage: true }, own);
    const r = compare({ stage: true }, own);
    expect(r.cached).toBe(r.alone);
    expect(r.counts).toEqual([
      { hits: 3, misses: 0 },
      { hits: 3, misses: 0 },
    ]);
  });

  test('a stack holding a nested stack is checked every run', () => {
    const own = path.join(tmp, 'cache-nested');
    compare({ stacks: ['Force-a-prod'], nested: true }, own);
    const r = compare({ stacks: ['Force-a-prod'], nested: true }, own);
    expect(r.cached).toBe(r.alone);
    expect(r.counts[0]).toEqual({ hits: 1, misses: 1 });
    expect(r.alone).toContain('Force-nested-prod/Inner');
  });
});

describe('NplzChecks.cacheKey', () => {
  const app = new App();
  test('the props that decide verdicts, as text; none when a prop is code', () => {
    const a = new NplzChecks(app, { baseline: BASELINE_2026_11 }).cacheKey;
    expect(a).toBeDefined();
    expect(new NplzChecks(app, { baseline: BASELINE_2026_11 }).cacheKey).toBe(a);
    expect(new NplzChecks(app, { baseline: BASELINE_2026_11, collaborations: { kent: ['essex'] } }).cacheKey).not.toBe(a);
    expect(new NplzChecks(app, { baseline: BASELINE_2026_11, logArchiveBucket: 'nplz-log-archive-x' }).cacheKey).not.toBe(a);
    expect(new NplzChecks(app, { baseline: BASELINE_2026_11, rules: [] }).cacheKey).toBeUndefined();
    expect(new NplzChecks(app, { baseline: BASELINE_2026_11, baselineFor: () => undefined }).cacheKey).toBeUndefined();
  });
});
