import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, IPolicyValidationPlugin, Stack, Validations, aws_s3 as s3 } from 'aws-cdk-lib';
import { createAwsEstate } from '@nplz/aws';
import { Estate, loadEstateOrThrow, TenancySpec } from '@nplz/core';

/**
 * cdk-nag's NIST 800-53 R5 pack (a validation plugin, not NPLZ's) over the estate: one force and
 * the national stacks, one synthesis. Every rule it reports must be explained as not applicable in
 * docs/auditing.md; the explained list is data here, and a rule firing on a resource it does not
 * name fails the test.
 */
const ROOT = path.join(__dirname, '..');
/** cdk-nag's NIST 800-53 R5 pack, loaded from where @nplz/policy depends on cdk-nag. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NIST80053R5Checks } = require(require.resolve('cdk-nag', { paths: [path.join(ROOT, 'packages/policy')] })) as {
  NIST80053R5Checks: new (app: App) => IPolicyValidationPlugin;
};
const full = loadEstateOrThrow(path.join(ROOT, 'examples/estate'), { now: new Date('2026-11-22T00:00:00Z') });
const pick = (name: string): TenancySpec => full.tenancies.find((t) => t.spec.name === name)!.spec;
const estate: Estate = { ...full, tenancies: ['kent'].map((n) => ({ spec: pick(n) })) };

/** Explained as not applicable (docs/auditing.md, "NIST 800-53 R5 findings that are not applicable"): rule and the resources by CDK path. */
const NIST_NOT_APPLICABLE: readonly { readonly rule: string; readonly resource: RegExp }[] = [
  { rule: 'NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess', resource: /\/Tenancy\/LocalAssetsBoundary\/Resource$/ },
  { rule: 'NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess', resource: /\/Tenancy\/LocalAssetsBoundary\/Resource$/ },
  {
    rule: 'NIST.800.53.R5-S3BucketReplicationEnabled',
    resource: /^Nplz-LogArchive\/LogArchive\/(AccessLogs|Bucket|ConfigBucket)\/Resource$/,
  },
  { rule: 'NIST.800.53.R5-S3DefaultEncryptionKMS', resource: /^Nplz-LogArchive\/LogArchive\/AccessLogs\/Resource$/ },
  { rule: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', resource: /^Nplz-Network\/NetworkHub\/PublicDefault\d+$/ },
  { rule: 'NIST.800.53.R5-IAMNoInlinePolicy', resource: /\/DefaultPolicy\/Resource$/ },
  {
    rule: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
    resource: /^(Force-[a-z-]+\/Tenancy\/Vpc|Nplz-Network\/NetworkHub\/InspectionVpc)$/,
  },
  { rule: 'NIST.800.53.R5-LambdaConcurrency', resource: /\/DefaultSecurityGroupClosed\/Handler\/Resource$/ },
  { rule: 'NIST.800.53.R5-LambdaDLQ', resource: /\/DefaultSecurityGroupClosed\/Handler\/Resource$/ },
  { rule: 'NIST.800.53.R5-LambdaInsideVPC', resource: /\/DefaultSecurityGroupClosed\/Handler\/Resource$/ },
];

interface Finding {
  readonly rule: string;
  readonly resource: string;
}

function findings(outdir: string): Finding[] {
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'policy-validation-report.json'), 'utf8')) as {
    pluginReports?: { violations?: { ruleName: string; violatingResources?: { constructPath?: string }[] }[] }[];
  };
  return (report.pluginReports ?? []).flatMap((p) =>
    (p.violations ?? []).flatMap((v) => (v.violatingResources ?? []).map((r) => ({ rule: v.ruleName, resource: String(r.constructPath) }))),
  );
}
const unexplained = (found: readonly Finding[]) =>
  found.filter((f) => !NIST_NOT_APPLICABLE.some((n) => n.rule === f.rule && n.resource.test(f.resource)));

test('NIST 800-53 R5 reports nothing on the estate that docs/auditing.md does not explain', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-nist-'));
  createAwsEstate(estate, { outdir: out, pluginFactories: [(app) => new NIST80053R5Checks(app)] }).app.synth();
  const found = findings(out);
  expect(found.length).toBeGreaterThan(0);
  expect(unexplained(found).map((f) => `${f.rule} @ ${f.resource}`)).toEqual([]);
  const doc = fs.readFileSync(path.join(ROOT, 'docs/auditing.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### NIST 800-53 R5 findings that are not applicable'));
  for (const n of NIST_NOT_APPLICABLE) expect(section).toContain(`\`${n.rule}\``);
}, 600_000);

test('a bucket a careless change adds (no KMS key, no logging) is a finding nothing explains', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-nist-bad-'));
  const app = new App({
    outdir: out,
    context: { '@aws-cdk/core:failSynthOnValidationErrors': false, '@aws-cdk/core:validationReportJson': true },
  });
  const stack = new Stack(app, 'Force-kent-prod');
  new s3.CfnBucket(stack, 'CaseFiles', {});
  Validations.of(app).addPlugins(new NIST80053R5Checks(app));
  app.synth();
  expect(unexplained(findings(out)).map((f) => f.rule)).toEqual(expect.arrayContaining(['NIST.800.53.R5-S3DefaultEncryptionKMS']));
});
