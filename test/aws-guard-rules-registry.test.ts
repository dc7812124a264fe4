import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeAwsEstate } from '@nplz/aws';
import { Estate, loadEstateOrThrow, TenancySpec } from '@nplz/core';

/**
 * The AWS Guard Rules Registry (github.com/aws-cloudformation/aws-guard-rules-registry, not on npm)
 * over the estate: every `.guard` file under its `rules/` folder, run by the cfn-guard binary
 * @cdklabs/cdk-validator-cfnguard ships, over the synthesised templates and the StackSet bodies, with
 * no suppression. Every failure must be explained in docs/auditing.md ("AWS Guard Rules Registry
 * findings"); the explained list is data here. A failure it does not explain fails the test, and so
 * does an explained entry that no longer fails (the list stays honest), and a rule file cfn-guard
 * cannot parse (cfn-guard only warns on stderr and carries on, which would hide its rules).
 *
 * CI reaches only npm, so the registry is not there: point NPLZ_GUARD_RULES_REGISTRY at a checkout
 * (`NPLZ_GUARD_RULES_REGISTRY=/path npx jest test/aws-guard-rules-registry.test.ts`).
 */
const ROOT = path.join(__dirname, '..');
const REGISTRY = process.env.NPLZ_GUARD_RULES_REGISTRY;
const now = new Date('2026-11-22T00:00:00Z');

/** The cfn-guard binary @cdklabs/cdk-validator-cfnguard ships, found as its plugin finds it. */
function cfnGuard(): string {
  const pkg = path.dirname(
    require.resolve('@cdklabs/cdk-validator-cfnguard/package.json', { paths: [path.join(ROOT, 'packages/policy')] }),
  );
  const platform = os.platform() === 'darwin' ? 'macos' : 'ubuntu';
  const arch = os.arch() === 'arm64' ? 'aarch64' : 'x86_64';
  return path.join(pkg, 'bin', platform, arch, 'cfn-guard');
}

/** One failure explained in docs/auditing.md: the rule and the resources (by CDK path; a StackSet body carries none: by logical id). */
interface Explained {
  readonly rule: string;
  readonly resource: RegExp;
}

/** Explained in docs/auditing.md ("AWS Guard Rules Registry findings"), each with its reason. */
const EXPLAINED: readonly Explained[] = [
  { rule: 'IAM_MANAGEDPOLICY_NO_STATEMENTS_WITH_FULL_ACCESS', resource: /^Force-[a-z-]+\/Tenancy\/LocalAssetsBoundary\/Resource$/ },
  {
    rule: 'IAM_POLICYDOCUMENT_NO_WILDCARD_RESOURCE',
    resource:
      /^(Force-[a-z-]+\/Tenancy\/LocalAssetsBoundary\/Resource|(Force-[a-z-]+\/Tenancy|Nplz-Network\/NetworkHub)\/DefaultSecurityGroupClosed\/Role\/DefaultPolicy\/Resource|AccountBaselineAccountSettingsRoleDefaultPolicy[0-9A-F]{8})$/,
  },
  {
    rule: 'CFN_NO_EXPLICIT_RESOURCE_NAMES',
    resource:
      /^(Force-[a-z-]+\/Tenancy\/LocalAssetsBoundary\/Resource|Nplz-ManagementGlobalEvents\/GlobalEvents\/SocForwarderRole\/Resource|AccountBaseline(AccountSettings|Backup|BreakGlass|ConfigRecorder|SocForwarder)Role[0-9A-F]{8}|GlobalEventsSocForwarderRole[0-9A-F]{8})$/,
  },
  {
    rule: 'S3_BUCKET_REPLICATION_ENABLED',
    resource: /^Nplz-LogArchive\/LogArchive\/(AccessLogs|Bucket|ConfigBucket)\/Resource$/,
  },
  { rule: 'S3_BUCKET_LOGGING_ENABLED', resource: /^Nplz-LogArchive\/LogArchive\/AccessLogs\/Resource$/ },
  { rule: 'S3_BUCKET_DEFAULT_LOCK_ENABLED', resource: /^Nplz-LogArchive\/LogArchive\/(AccessLogs|ConfigBucket)\/Resource$/ },
  { rule: 'S3_BUCKET_NO_PUBLIC_RW_ACL', resource: /^Nplz-LogArchive\/LogArchive\/(AccessLogs|Bucket|ConfigBucket)\/Resource$/ },
  // The rule names no resource: it fails the template (no bucket policy with a deny it recognises).
  { rule: 'S3_BUCKET_SSL_REQUESTS_ONLY', resource: /^<Nplz-LogArchive\.template\.json>$/ },
  { rule: 'CLOUD_TRAIL_ENCRYPTION_ENABLED', resource: /^Nplz-Security\/SecurityTooling\/Trail$/ },
  { rule: 'CLOUDTRAIL_S3_DATAEVENTS_ENABLED', resource: /^Nplz-Security\/SecurityTooling\/Trail$/ },
  { rule: 'NO_UNRESTRICTED_ROUTE_TO_IGW', resource: /^Nplz-Network\/NetworkHub\/PublicDefault\d+$/ },
  { rule: 'SECURITY_GROUP_INGRESS_CIDR_NON_32_RULE', resource: /^Nplz-Network\/NetworkHub\/ResolverSecurityGroup$/ },
  {
    rule: 'LAMBDA_CONCURRENCY_CHECK',
    resource:
      /^((Force-[a-z-]+\/Tenancy|Nplz-Network\/NetworkHub)\/DefaultSecurityGroupClosed\/Handler\/Resource|AccountBaselineAccountSettings[0-9A-F]{8})$/,
  },
  {
    rule: 'LAMBDA_DLQ_CHECK',
    resource:
      /^((Force-[a-z-]+\/Tenancy|Nplz-Network\/NetworkHub)\/DefaultSecurityGroupClosed\/Handler\/Resource|AccountBaselineAccountSettings[0-9A-F]{8})$/,
  },
  {
    rule: 'LAMBDA_INSIDE_VPC',
    resource:
      /^((Force-[a-z-]+\/Tenancy|Nplz-Network\/NetworkHub)\/DefaultSecurityGroupClosed\/Handler\/Resource|AccountBaselineAccountSettings[0-9A-F]{8})$/,
  },
];

/** One failure: the rule, the template's file name, and the resource by CDK path, logical id, or `<template>` when the rule names none. */
interface Found {
  readonly rule: string;
  readonly template: string;
  readonly resource: string;
}
interface Run {
  readonly ruleFiles: number;
  /** Rule names cfn-guard reported on (pass, fail or not applicable). */
  readonly rules: ReadonlySet<string>;
  readonly found: readonly Found[];
  /** Rule files cfn-guard could not parse, with its message. */
  readonly unparsable: readonly { readonly file: string; readonly error: string }[];
}
interface GuardResult {
  readonly name: string;
  readonly compliant: readonly string[];
  readonly not_applicable: readonly string[];
  readonly not_compliant: readonly { readonly Rule: { readonly name: string; readonly checks: unknown } }[];
}

function ruleFilesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? ruleFilesUnder(path.join(dir, e.name)) : e.name.endsWith('.guard') ? [path.join(dir, e.name)] : []));
}

function guard(ruleFiles: readonly string[], templates: readonly string[]) {
  const r = childProcess.spawnSync(
    cfnGuard(),
    [
      'validate',
      ...ruleFiles.flatMap((f) => ['--rules', f]),
      ...templates.flatMap((t) => ['--data', t]),
      '--structured',
      '--output-format',
      'json',
      '--show-summary',
      'none',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.trim() };
}

/** The logical ids a failed check points at (`/Resources/<id>/...` in its traversal). */
function logicalIds(node: unknown, acc = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => logicalIds(n, acc));
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      const m = k === 'path' && typeof v === 'string' ? /^\/Resources\/([^/]+)/.exec(v) : null;
      if (m?.[1]) acc.add(m[1]);
      else logicalIds(v, acc);
    }
  return acc;
}

/** Every rule file under `rulesDir` over `templates`, in one cfn-guard run. */
function registry(rulesDir: string, templates: readonly string[]): Run {
  const ruleFiles = ruleFilesUnder(rulesDir);
  const run = guard(ruleFiles, templates);
  // 0: all pass or skip; 19: some fail. cfn-guard reports a rule file it cannot parse on stderr and
  // evaluates the others, so each file is parsed alone to name the ones it could not.
  if (run.status !== 0 && run.status !== 19 && run.stdout.trim() === '') throw new Error(`cfn-guard exited ${run.status}: ${run.stderr}`);
  const unparsable =
    run.stderr === ''
      ? []
      : ruleFiles.flatMap((file) => {
          const alone = guard([file], templates.slice(0, 1));
          return alone.stderr === '' ? [] : [{ file: path.relative(rulesDir, file), error: alone.stderr.split('\n')[0] ?? '' }];
        });
  const results = JSON.parse(run.stdout) as GuardResult[];
  const rules = new Set<string>();
  const found: Found[] = [];
  for (const t of results) {
    t.compliant.forEach((n) => rules.add(n));
    t.not_applicable.forEach((n) => rules.add(n));
    const doc = JSON.parse(fs.readFileSync(t.name, 'utf8')) as { Resources?: Record<string, { Metadata?: Record<string, unknown> }> };
    for (const nc of t.not_compliant) {
      rules.add(nc.Rule.name);
      const ids = [...logicalIds(nc.Rule.checks)];
      const template = path.basename(t.name);
      if (ids.length === 0) found.push({ rule: nc.Rule.name, template, resource: `<${template}>` });
      for (const id of ids) {
        const cdkPath = doc.Resources?.[id]?.Metadata?.['aws:cdk:path'];
        found.push({ rule: nc.Rule.name, template, resource: typeof cdkPath === 'string' ? cdkPath : id });
      }
    }
  }
  return { ruleFiles: ruleFiles.length, rules, found, unparsable };
}

const explains = (e: Explained, f: Found) => e.rule === f.rule && e.resource.test(f.resource);
const unexplained = (found: readonly Found[]) => found.filter((f) => !EXPLAINED.some((e) => explains(e, f)));
const templatesIn = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => path.join(dir, f));

// jest.config.js runs this suite only when the variable is set (CI reaches npm only, and the
// registry is not on npm): a run without it is an error, never a pass or a skip.
if (!REGISTRY)
  throw new Error('NPLZ_GUARD_RULES_REGISTRY is unset: give the path of a checkout of the AWS Guard Rules Registry (docs/auditing.md)');
{
  const rulesDir = path.join(REGISTRY, 'rules');

  test('a bucket a careless change adds (no encryption, no logging) and a rule file cfn-guard cannot parse are both reported', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-gr-bad-'));
    fs.writeFileSync(
      path.join(dir, 'Force-kent-prod.template.json'),
      JSON.stringify({
        Resources: {
          CaseFiles: { Type: 'AWS::S3::Bucket', Properties: {}, Metadata: { 'aws:cdk:path': 'Force-kent-prod/CaseFiles/Resource' } },
        },
      }),
    );
    const bad = unexplained(registry(rulesDir, templatesIn(dir)).found).map((f) => `${f.rule} @ ${f.resource}`);
    expect(bad).toEqual(
      expect.arrayContaining([
        'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED @ Force-kent-prod/CaseFiles/Resource',
        'S3_BUCKET_LOGGING_ENABLED @ Force-kent-prod/CaseFiles/Resource',
      ]),
    );
    // A rule file this cfn-guard cannot parse: cfn-guard warns and evaluates the rest.
    const rules = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-gr-rules-'));
    fs.copyFileSync(ruleFilesUnder(rulesDir)[0]!, path.join(rules, 'good.guard'));
    fs.writeFileSync(path.join(rules, 'broken.guard'), 'rule BROKEN {\n  Resources.*[ Type ==\n');
    expect(registry(rules, templatesIn(dir)).unparsable.map((u) => u.file)).toEqual(['broken.guard']);
  }, 120_000);

  test('every rule of the registry reports nothing on the estate that docs/auditing.md does not explain', () => {
    // Two forces and the national stacks: between them every resource type the 44-tenancy sample
    // estate renders (62, measured), and the StackSet bodies as `nplz synth` writes them.
    // NPLZ_GUARD_RULES_FULL_ESTATE=1 runs the whole sample estate instead (about 80 s).
    const full = loadEstateOrThrow(path.join(ROOT, 'examples/estate'), { now });
    const pick = (name: string): TenancySpec => full.tenancies.find((t) => t.spec.name === name)!.spec;
    const estate: Estate =
      process.env.NPLZ_GUARD_RULES_FULL_ESTATE === '1' ? full : { ...full, tenancies: ['kent', 'dorset'].map((n) => ({ spec: pick(n) })) };
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-gr-'));
    synthesizeAwsEstate(estate, { outdir: out });
    const templates = templatesIn(out);
    expect(templates.some((t) => t.endsWith('.stackset.template.json'))).toBe(true);

    const run = registry(rulesDir, templates);
    expect(run.ruleFiles).toBeGreaterThan(100);
    expect(run.rules.size).toBeGreaterThanOrEqual(run.ruleFiles);
    expect(run.unparsable).toEqual([]);
    expect(unexplained(run.found).map((f) => `${f.rule} ${f.template} ${f.resource}`)).toEqual([]);
    // An explained entry that no longer fails is taken out of the list and the docs.
    expect(EXPLAINED.filter((e) => !run.found.some((f) => explains(e, f))).map((e) => e.rule)).toEqual([]);

    const doc = fs.readFileSync(path.join(ROOT, 'docs/auditing.md'), 'utf8');
    const section = doc.slice(doc.indexOf('### AWS Guard Rules Registry findings'));
    expect(section.length).toBeLessThan(doc.length);
    for (const e of EXPLAINED) expect(section).toContain(`\`${e.rule}\``);
  }, 600_000);
}
