import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeAwsEstate } from '@nplz/aws';
import { Estate, loadEstateOrThrow, TenancySpec } from '@nplz/core';
import { inapplicableGuardRules } from '@nplz/policy';

/**
 * The Control Tower proactive controls as a national team would meet them: CloudFormation hooks
 * that read the template CloudFormation is given, and nothing the CDK acknowledged. cfn-guard runs
 * the guard rules @cdklabs/cdk-validator-cfnguard ships over the synthesised templates, the fleet
 * StackSets' template bodies included (their stack instances are stacks in every account), with no
 * acknowledgement anywhere. What it reports must be exactly the controls docs/auditing.md lists as
 * not supported, on the resources it names; anything else is a stack a hook would refuse.
 */
const ROOT = path.join(__dirname, '..');
const now = new Date('2026-11-22T00:00:00Z');
const full = loadEstateOrThrow(path.join(ROOT, 'examples/estate'), { now });
const pick = (name: string): TenancySpec => full.tenancies.find((t) => t.spec.name === name)!.spec;
const estate: Estate = { ...full, tenancies: ['kent', 'dorset'].map((n) => ({ spec: pick(n) })) };
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-ct-'));

/** The stock validator's report, as far as this test reads it. */
interface GuardReport {
  readonly violations: readonly {
    readonly ruleName: string;
    readonly violatingResources: readonly { readonly resourceLogicalId: string; readonly templatePath: string }[];
  }[];
}
/** The stock validator, loaded from where @nplz/policy depends on it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CfnGuardValidator } = require(
  require.resolve('@cdklabs/cdk-validator-cfnguard', { paths: [path.join(ROOT, 'packages/policy')] }),
) as {
  CfnGuardValidator: new (props: { controlTowerRulesEnabled: boolean; disabledRules: string[] }) => {
    validate(context: { templatePaths: string[] }): GuardReport;
  };
};

/** One control the estate does not support, on the resources (by CDK path) it fails. */
interface Unsupported {
  readonly control: string;
  readonly rule: string;
  /** The resources, by their `aws:cdk:path` (a StackSet body carries none: by logical id). */
  readonly resource: RegExp;
}

/** The listed exceptions: each is in docs/auditing.md with its reason (checked below). */
const UNSUPPORTED: readonly Unsupported[] = [
  {
    control: 'CT.IAM.PR.2',
    rule: 'iam_managed_policy_no_statements_with_admin_access_check',
    resource: /\/Tenancy\/LocalAssetsBoundary\/Resource$/,
  },
  {
    control: 'CT.IAM.PR.3',
    rule: 'iam_managed_policy_no_statements_with_full_access_check',
    resource: /\/Tenancy\/LocalAssetsBoundary\/Resource$/,
  },
  { control: 'CT.S3.PR.2', rule: 's3_bucket_logging_enabled_check', resource: /^Nplz-LogArchive\/LogArchive\/AccessLogs\/Resource$/ },
  {
    control: 'CT.S3.PR.10',
    rule: 's3_bucket_default_encryption_kms_check',
    resource: /^Nplz-LogArchive\/LogArchive\/AccessLogs\/Resource$/,
  },
  {
    control: 'CT.S3.PR.9',
    rule: 's3_bucket_object_lock_enabled_check',
    resource: /^Nplz-LogArchive\/LogArchive\/(ConfigBucket|AccessLogs)\/Resource$/,
  },
  {
    control: 'CT.EC2.PR.6',
    rule: 'ec2_transit_gateway_auto_vpc_attach_disabled_check',
    resource: /^Nplz-Network\/NetworkHub\/TransitGateway$/,
  },
  {
    control: 'CT.LAMBDA.PR.3',
    rule: 'lambda_inside_vpc_check',
    resource: /(AccountSettings|DefaultSecurityGroupClosed\/Handler)(\/Resource|[0-9A-F]{8})$/,
  },
];

interface Found {
  readonly rule: string;
  readonly template: string;
  readonly resource: string;
}

/** Run the guard rules over `templates`, with no acknowledgement: one entry per violating resource. */
function proactive(templates: readonly string[]): Found[] {
  const types = new Set<string>();
  const docs = new Map<string, { Resources?: Record<string, { Type: string; Metadata?: Record<string, unknown> }> }>();
  for (const t of templates) {
    const doc = JSON.parse(fs.readFileSync(t, 'utf8'));
    docs.set(path.resolve(t), doc);
    for (const r of Object.values(doc.Resources ?? {}) as { Type: string }[]) types.add(r.Type);
  }
  const report = new CfnGuardValidator({ controlTowerRulesEnabled: true, disabledRules: inapplicableGuardRules(types) }).validate({
    templatePaths: [...templates],
  });
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => {
      const where = docs.get(path.resolve(r.templatePath))?.Resources?.[r.resourceLogicalId];
      const cdkPath = where?.Metadata?.['aws:cdk:path'];
      return {
        rule: v.ruleName,
        template: path.basename(r.templatePath),
        resource: typeof cdkPath === 'string' ? cdkPath : r.resourceLogicalId,
      };
    }),
  );
}

const unexplained = (found: readonly Found[]) =>
  found.filter((f) => !UNSUPPORTED.some((u) => u.rule === f.rule && u.resource.test(f.resource)));
const templatesIn = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => path.join(dir, f));

let found: Found[] = [];
beforeAll(() => {
  // As `nplz synth` writes it: the assembly, and each StackSet's template body as a template of its own.
  synthesizeAwsEstate(estate, { outdir: out });
  found = proactive(templatesIn(out));
}, 600_000);

test('the guard rules, run as written with no acknowledgement, fail only the listed unsupported controls', () => {
  expect(unexplained(found).map((f) => `${f.rule} ${f.template} ${f.resource}`)).toEqual([]);
  // The list stays honest: every control it calls unsupported still fails somewhere.
  for (const u of UNSUPPORTED)
    expect([u.control, found.some((f) => f.rule === u.rule && u.resource.test(f.resource))]).toEqual([u.control, true]);
  // The StackSet's template body is among what they read (its stack instances meet the hooks too).
  expect(templatesIn(out).some((t) => t.endsWith('.stackset.template.json'))).toBe(true);
  // The boundary fails twice per force environment (CT.IAM.PR.2 and .3), as the issue counted.
  const boundary = found.filter((f) => f.template.startsWith('Force-') && f.resource.endsWith('/Tenancy/LocalAssetsBoundary/Resource'));
  expect(boundary).toHaveLength(2 * 4);
});

test('the access-log and archive buckets now pass the event-notification control (events to EventBridge)', () => {
  const buckets = found.filter((f) => f.template === 'Nplz-LogArchive.template.json');
  expect(buckets.filter((f) => f.rule === 's3_event_notifications_enabled_check')).toEqual([]);
  expect(buckets.filter((f) => f.rule === 's3_bucket_object_lock_enabled_check').map((f) => f.resource)).toEqual([
    'Nplz-LogArchive/LogArchive/AccessLogs/Resource',
    'Nplz-LogArchive/LogArchive/ConfigBucket/Resource',
  ]);
});

test('every unsupported control is listed in docs/auditing.md with its rule', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/auditing.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### Control Tower proactive controls the estate does not support'));
  expect(section.length).toBeGreaterThan(0);
  for (const u of UNSUPPORTED) expect(section).toContain(`**${u.control}** (\`${u.rule}\`)`);
  // ...and the table lists nothing else.
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| Control')));
  expect([...table.matchAll(/^\| \*\*(CT\.[A-Z0-9.-]+)\*\*/gm)].map((m) => m[1]).sort()).toEqual(UNSUPPORTED.map((u) => u.control).sort());
});

test('a bucket a careless change leaves without event notifications is a failure nothing explains', () => {
  const dir = fs.mkdtempSync(path.join(out, 'damaged-'));
  const file = path.join(dir, 'Nplz-LogArchive.template.json');
  const t = JSON.parse(fs.readFileSync(path.join(out, 'Nplz-LogArchive.template.json'), 'utf8'));
  for (const r of Object.values(t.Resources) as { Type: string; Properties?: Record<string, unknown> }[])
    if (r.Type === 'AWS::S3::Bucket') delete r.Properties?.NotificationConfiguration;
  fs.writeFileSync(file, JSON.stringify(t));
  expect(unexplained(proactive([file])).map((f) => `${f.rule} ${f.resource}`)).toEqual(
    expect.arrayContaining([
      's3_event_notifications_enabled_check Nplz-LogArchive/LogArchive/AccessLogs/Resource',
      's3_event_notifications_enabled_check Nplz-LogArchive/LogArchive/Bucket/Resource',
    ]),
  );
}, 300_000);
