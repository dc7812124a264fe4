import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, IPolicyValidationPlugin, Stack, Stage } from 'aws-cdk-lib';
import { isNplzError } from '@nplz/core';
import { addNationalLandingZone, createAwsEstate, ForceTenancyStack, synthesizeAwsEstate } from '@nplz/aws';
import { sampleEstate, subEstate } from './estate-helpers';

/** A plugin that flags every template: stands in for a pack that finds something. */
const alwaysViolates: IPolicyValidationPlugin = {
  name: 'AlwaysViolates',
  validate: (ctx) => ({
    success: false,
    violations: [
      {
        ruleName: 'AV-1',
        description: 'always',
        severity: 'error',
        violatingResources: ctx.templatePaths
          .slice(0, 1)
          .map((templatePath) => ({ templatePath, resourceLogicalId: 'Any', locations: ['/Resources'] })),
      },
    ],
  }),
};

describe('synthesizeAwsEstate', () => {
  const estate = subEstate(['kent']);
  const made: string[] = [];
  const out = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-aws-synth-'));
    made.push(dir);
    return dir;
  };
  afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('writes a cloud assembly and counts stacks and resources', () => {
    const dir = out();
    const r = synthesizeAwsEstate(estate, { outdir: dir });
    expect(r).toMatchObject({ assemblyDir: dir, stacks: 9 + 1 + 2, reportFile: undefined });
    expect(r.resources).toBeGreaterThan(150);
    expect(fs.existsSync(path.join(dir, 'Force-kent-prod.template.json'))).toBe(true);
  });

  // A creation stack per element costs a stack capture each (about 0.8 s of CPU for the sample
  // estate) and a third of the assembly's bytes. (aws-cdk-lib still traces each acknowledgement.)
  test('the assembly records no creation stack of any element', () => {
    const dir = out();
    synthesizeAwsEstate(estate, { outdir: dir });
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      expect({ f, creationStack: text.includes('aws:cdk:creationStack') }).toEqual({ f, creationStack: false });
    }
  });

  test('a plugin violation does not throw: the assembly is complete and the report is readable', () => {
    const dir = out();
    const r = synthesizeAwsEstate(estate, { outdir: dir, plugins: [alwaysViolates] });
    const report = JSON.parse(fs.readFileSync(r.reportFile!, 'utf8')) as {
      pluginReports: { summary: { pluginName: string; status: string }; violations: { ruleName: string }[] }[];
    };
    expect(r.reportFile).toBe(path.join(dir, 'policy-validation-report.json'));
    expect(report.pluginReports.map((p) => [p.summary.pluginName, p.summary.status, p.violations.map((v) => v.ruleName)])).toEqual([
      ['AlwaysViolates', 'failure', ['AV-1']],
    ]);
    expect(fs.existsSync(path.join(dir, 'manifest.json'))).toBe(true);
  });

  test('with failOnViolations, synthesis throws after writing the report', () => {
    const dir = out();
    expect(() => synthesizeAwsEstate(estate, { outdir: dir, plugins: [alwaysViolates], failOnViolations: true })).toThrow(/AV-1/);
    expect(fs.existsSync(path.join(dir, 'policy-validation-report.json'))).toBe(true);
  });
});

const testApp = () =>
  new App({
    builtinCloudFormationValidation: false,
    stackTraces: false,
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-aws-zone-')),
  });

describe('addNationalLandingZone', () => {
  test('adds the stacks at the top of the stage, with no construct of its own, and returns them', () => {
    const app = testApp();
    const zone = addNationalLandingZone(app, { estate: subEstate(['kent', 'essex', 'kent-essex-its']) });
    const ids = [
      'Nplz-Organization',
      'Nplz-Identity',
      // Each AWS tenancy's Identity Center assignments, in estate order.
      'Nplz-Identity-essex',
      'Nplz-Identity-kent-essex-its',
      'Nplz-Identity-kent',
      'Nplz-LogArchive',
      'Nplz-Security',
      'Nplz-SecurityAdmin',
      'Nplz-SecurityOrganization',
      'Nplz-ManagementGlobalEvents',
      'Nplz-Network',
      'Nplz-NetworkRouting-1',
    ];
    // In estate order (tenancies sorted by name), each tenancy's environments in its spec's order.
    const forces = ['Force-essex-prod', 'Force-essex-nonprod', 'Force-kent-essex-its-prod', 'Force-kent-prod', 'Force-kent-nonprod'];
    // The stack ids are the artifact ids of the assembly, so every child of the app is one of these stacks.
    expect(app.node.children.map((c) => [c.node.id, Stack.isStack(c)])).toEqual([...ids, ...forces].map((id) => [id, true]));
    expect(zone.nationalStacks.map((s) => s.node.id)).toEqual(ids);
    expect([...zone.tenancyStacks.keys()]).toEqual(forces);
    expect([...zone.tenancyStacks.values()].every((s) => s instanceof ForceTenancyStack && s.node.scope === app)).toBe(true);
    expect(zone.tenancies.get('Force-essex-prod')).toBe(zone.tenancyStacks.get('Force-essex-prod')!.tenancy);
    expect(zone.baseline.version).toBe('2026.11');
  });

  test("in a Stage, the stacks are that stage's", () => {
    const app = testApp();
    const stage = new Stage(app, 'Prod');
    const zone = addNationalLandingZone(stage, { estate: subEstate(['kent']) });
    expect(zone.tenancyStacks.get('Force-kent-prod')!.node.path).toBe('Prod/Force-kent-prod');
    expect(app.node.children.map((c) => c.node.id)).toEqual(['Prod']);
  });

  test('fails if one routing stack would hold every tenancy environment of the full estate with its attachments', () => {
    const estate = sampleEstate();
    const attachments: Record<string, string> = {};
    for (const t of estate.tenancies)
      for (const e of t.spec.environments) attachments[`${t.spec.name}/${e}`] = `tgw-attach-${t.spec.name}-${e}`;
    const app = testApp();
    addNationalLandingZone(app, { estate, spokeAttachments: attachments, routingShardSize: 1000 });
    // 87 environments x (table, 3 routes, association, propagation to inspection) + 4 collaboration propagations.
    expect(() => app.synth()).toThrow(
      /Stack Nplz-NetworkRouting-1 has 526 resources; CloudFormation allows at most 500 per stack\. Split it into more stacks\./,
    );
  });

  test('one environment per routing stack is allowed: a stack per environment', () => {
    const zone = addNationalLandingZone(testApp(), { estate: subEstate(['kent']), routingShardSize: 1 });
    expect(zone.nationalStacks.map((s) => s.node.id).filter((id) => id.startsWith('Nplz-NetworkRouting'))).toEqual([
      'Nplz-NetworkRouting-1',
      'Nplz-NetworkRouting-2',
    ]);
  });

  // 0 used to loop forever and 0.5 to make a routing stack per half environment.
  test.each<[number, string]>([
    [0, '0'],
    [-1, '-1'],
    [0.5, '0.5'],
    [NaN, '"NaN"'],
    [Infinity, '"Infinity"'],
  ])('rejects routingShardSize %p before adding any stack', (routingShardSize, received) => {
    const app = testApp();
    let error: unknown;
    try {
      addNationalLandingZone(app, { estate: subEstate(['kent']), routingShardSize });
    } catch (e) {
      error = e;
    }
    expect(isNplzError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'addNationalLandingZone.routingShardSize: routingShardSize is not a whole number of tenancy environments per routing stack\n' +
        `    received: ${received}\n` +
        '    allowed:  an integer of at least 1 (default 40)',
    );
    expect(app.node.children).toEqual([]);
  });
});

describe('createAwsEstate', () => {
  test('returns the app and its stacks, and reports each tenancy environment once, in order', () => {
    const seen: string[] = [];
    const { app, landingZone } = createAwsEstate(subEstate(['kent', 'essex']), { onTenancy: (t, e) => seen.push(`${t}/${e}`) });
    expect(seen).toEqual(['essex/prod', 'essex/nonprod', 'kent/prod', 'kent/nonprod']);
    expect(landingZone.tenancyStacks.get('Force-kent-prod')!.node.root).toBe(app);
  });
});
