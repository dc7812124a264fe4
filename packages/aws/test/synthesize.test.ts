import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, IPolicyValidationPlugin } from 'aws-cdk-lib';
import { NationalLandingZone, synthesizeAwsEstate } from '@nplz/aws';
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
    expect(r).toMatchObject({ assemblyDir: dir, stacks: 5 + 1 + 2, reportFile: undefined });
    expect(r.resources).toBeGreaterThan(150);
    expect(fs.existsSync(path.join(dir, 'Force-kent-prod.template.json'))).toBe(true);
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

describe('NationalLandingZone limits', () => {
  test('fails if one routing stack would hold every tenancy environment of the full estate with its attachments', () => {
    const estate = sampleEstate();
    const attachments: Record<string, string> = {};
    for (const t of estate.tenancies)
      for (const e of t.spec.environments) attachments[`${t.spec.name}/${e}`] = `tgw-attach-${t.spec.name}-${e}`;
    const app = new App({
      builtinCloudFormationValidation: false,
      stackTraces: false,
      outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-aws-limit-')),
    });
    new NationalLandingZone(app, 'NationalLandingZone', { estate, spokeAttachments: attachments, routingShardSize: 1000 });
    // 87 environments x (table, 3 routes, association, propagation to inspection) + 4 collaboration propagations.
    expect(() => app.synth()).toThrow(
      /Stack Nplz-NetworkRouting-1 has 526 resources; CloudFormation allows at most 500 per stack\. Split it into more stacks\./,
    );
  });
});
