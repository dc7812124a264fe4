import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations, aws_events as events, aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';
import { BASELINE_2026_11 } from '@nplz/core';
import { NplzChecks, evaluateTemplate, nagAcknowledgementIdsFor, nagRuleIdsFor } from '../../src/aws';
import type { AwsRule } from '../../src/aws/types';

// CDK's own CloudFormation validation costs seconds per app and is not what these tests are about.
process.env.CDK_VALIDATION = 'false';

const PUBLIC_BUCKET_RULE = 'NplzChecks-S3BucketPublicAccessBlocked';
const REASON = 'Approved exception NPLZ-NET-01 for a public website bucket, expires 2027-01-31.';

function appWithPublicBucket(opts: { acknowledge?: string; context?: Record<string, unknown> } = {}) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-nag-'));
  const app = new App({ outdir, ...(opts.context ? { context: opts.context } : {}) });
  const stack = new Stack(app, 'Force-kent-prod', { env: { account: '111111111111', region: 'eu-west-2' } });
  const bucket = new s3.CfnBucket(stack, 'PublicBucket', {});
  if (opts.acknowledge) Validations.of(bucket).acknowledge({ id: opts.acknowledge, reason: REASON });
  Validations.of(app).addPlugins(new NplzChecks(app, { baseline: BASELINE_2026_11 }));
  return { app, outdir, stack };
}

/** Synthesise, catching the validation error; read `<outdir>/validation-report.json`, where CDK 2.276 writes the report. */
interface NagViolation {
  ruleName: string;
  description?: string;
  severity?: string;
  violatingConstructs: { constructPath: string }[];
  acknowledgedId?: string;
  reason?: string;
  acknowledgedAt?: string;
}
interface NagPluginReport {
  pluginName: string;
  conclusion: string;
  violations: NagViolation[];
  suppressedViolations?: NagViolation[];
}
/** The parts of aws-cdk-lib's validation-report.json these tests read. */
interface NagReport {
  title: string;
  pluginReports: NagPluginReport[];
}

function synthReport(app: App, outdir: string): { error?: Error; report: NagReport } {
  let error: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    error = e as Error;
  }
  const file = path.join(outdir, 'validation-report.json');
  return { ...(error ? { error } : {}), report: JSON.parse(fs.readFileSync(file, 'utf8')) };
}

const nplzReport = (report: NagReport): NagPluginReport => report.pluginReports.find((p) => p.pluginName === 'NplzChecks')!;
const ruleNames = (violations: readonly { ruleName: string }[] | undefined) => (violations ?? []).map((v) => v.ruleName);

describe('NplzChecks as a cdk-nag v3 validation plugin', () => {
  test('a public bucket is reported under NplzChecks-S3BucketPublicAccessBlocked, and synthesis throws (jest runs CDK in in-memory mode)', () => {
    const { app, outdir } = appWithPublicBucket();
    const { error, report } = synthReport(app, outdir);
    expect(error?.name).toBe('ValidationFailed');
    expect(error?.message).toContain(`Acknowledge with 'NplzChecks::${PUBLIC_BUCKET_RULE}'`);
    expect(report.title).toBe('Validation Report');
    const plugin = nplzReport(report);
    expect(plugin.conclusion).toBe('failure');
    const violation = plugin.violations.find((v) => v.ruleName === PUBLIC_BUCKET_RULE)!;
    // The message names the control and its NCSC principles, then what is wrong.
    expect(violation).toMatchObject({
      description:
        'NPLZ-NET-01 (NCSC principles 2 Asset protection and resilience; 11 External interface protection): The S3 bucket does not block all public access.',
      severity: 'error',
    });
    expect(violation.violatingConstructs.map((r) => r.constructPath)).toEqual(['Force-kent-prod/PublicBucket']);
  });

  test('an acknowledgement with the namespaced id moves the finding to suppressedViolations, with its reason', () => {
    const [ackId] = nagAcknowledgementIdsFor('NPLZ-NET-01');
    expect(ackId).toBe(`NplzChecks::${PUBLIC_BUCKET_RULE}`);
    const { app, outdir } = appWithPublicBucket({ acknowledge: ackId });
    const plugin = nplzReport(synthReport(app, outdir).report);
    expect(ruleNames(plugin.violations)).not.toContain(PUBLIC_BUCKET_RULE);
    expect(ruleNames(plugin.violations)).toContain('NplzChecks-S3BucketKmsEncrypted');
    const suppressed = plugin.suppressedViolations?.find((v) => v.ruleName === PUBLIC_BUCKET_RULE);
    expect(suppressed).toMatchObject({ acknowledgedId: ackId, reason: REASON, acknowledgedAt: 'Force-kent-prod/PublicBucket' });
  });

  test('an acknowledgement with the plain id silences the rule without a trace', () => {
    const [plain] = nagRuleIdsFor('NPLZ-NET-01');
    const { app, outdir } = appWithPublicBucket({ acknowledge: plain });
    const plugin = nplzReport(synthReport(app, outdir).report);
    expect(ruleNames(plugin.violations)).not.toContain(PUBLIC_BUCKET_RULE);
    expect(ruleNames(plugin.suppressedViolations)).not.toContain(PUBLIC_BUCKET_RULE);
  });

  test('with @aws-cdk/core:failSynthOnValidationErrors false, synthesis completes and the report is still written', () => {
    const { app, outdir } = appWithPublicBucket({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
    const { error, report } = synthReport(app, outdir);
    expect(error).toBeUndefined();
    expect(ruleNames(nplzReport(report).violations)).toContain(PUBLIC_BUCKET_RULE);
    expect(fs.existsSync(path.join(outdir, 'Force-kent-prod.template.json'))).toBe(true);
  });

  test('the pack and evaluateTemplate agree on the same stack', () => {
    const { app, outdir } = appWithPublicBucket({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
    const nag = new NplzChecks(undefined, { baseline: BASELINE_2026_11 })
      .validateScope(app)
      .violations.map((v) => v.ruleName)
      .sort();
    synthReport(app, outdir);
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Force-kent-prod.template.json'), 'utf8'));
    const audit = evaluateTemplate(template, { baseline: BASELINE_2026_11, stackName: 'Force-kent-prod', region: 'eu-west-2' })
      .filter((r) => r.status === 'fail')
      .map((r) => r.rule)
      .sort();
    expect(nag).toEqual(audit);
    expect(nag).toContain(PUBLIC_BUCKET_RULE);
  });

  test('cross-resource rules see the other resources of the stack', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const bucket = new s3.Bucket(stack, 'B', { enforceSSL: true });
    const violations = new NplzChecks(undefined, { baseline: BASELINE_2026_11 }).validateScope(app).violations;
    expect(ruleNames(violations)).not.toContain('NplzChecks-S3BucketTlsEnforced');
    expect(bucket.policy).toBeDefined();
  });

  test('stack tags reach the rules: a tagged stack satisfies the tag rules', () => {
    const app = new App();
    const tags = {
      'nplz:force': 'kent',
      'nplz:tenancy': 'kent',
      'nplz:environment': 'prod',
      'nplz:classification': 'OFFICIAL',
      'nplz:baseline': '2026.11',
      'cost-centre': 'KP-1',
      'data-owner': 'SIRO',
    };
    const stack = new Stack(app, 'S', { tags });
    new s3.CfnBucket(stack, 'B');
    const ids = ruleNames(new NplzChecks(undefined, { baseline: BASELINE_2026_11 }).validateScope(app).violations);
    expect(ids).not.toContain('NplzChecks-RequiredTagsPresent');
    expect(ids).not.toContain('NplzChecks-ClassificationTagged');
  });

  test('the baseline resolver is asked per stack, and the nplz:baseline tag or props.baseline are the fallbacks', () => {
    const app = new App();
    new s3.CfnBucket(new Stack(app, 'A', { env: { region: 'eu-west-1' } }), 'B');
    new s3.CfnBucket(new Stack(app, 'Tagged', { env: { region: 'eu-west-1' }, tags: { 'nplz:baseline': '2026.11' } }), 'B');
    const seen: string[] = [];
    // A fallback baseline that allows eu-west-1: only the untagged stack is judged by it.
    const fallback = {
      ...BASELINE_2026_11,
      regions: { ...BASELINE_2026_11.regions, aws: { ...BASELINE_2026_11.regions.aws, allowed: ['eu-west-1'] } },
    };
    const pack = new NplzChecks(undefined, {
      baseline: fallback,
      baselineFor: (s) => {
        seen.push(s.stackName);
        return undefined;
      },
    });
    const region = pack.validateScope(app).violations.find((v) => v.ruleName === 'NplzChecks-StackInAllowedRegion');
    expect(seen.sort()).toEqual(['A', 'Tagged']);
    expect(region?.violatingResources.map((r) => r.constructPath)).toEqual(['Tagged/B']);
  });
});

// In synthesis the pack reads each stack's template from the file CDK wrote, so its rules see what
// `nplz audit` and CloudFormation see. Resolving each resource again (as it once did) also hands a
// rule the keys a construct set to undefined, which no template carries: an L2 event rule's target
// has several, and the region rule's "only Id, Arn and RoleArn" test failed on them in synth while
// the audit of the same template passed.
describe('NplzChecks sees each resource as its template has it', () => {
  test('a rule is given exactly the JSON of the written template, without keys set to undefined', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-nag-view-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Nplz-Events', { env: { account: '111111111111', region: 'eu-west-2' } });
    const role = new iam.Role(stack, 'Forwarder', { assumedBy: new iam.ServicePrincipal('events.amazonaws.com') });
    const rule = new events.Rule(stack, 'Rule', { eventPattern: { source: ['aws.iam'] } });
    rule.addTarget({ bind: () => ({ arn: 'arn:aws:events:eu-west-2:222222222222:event-bus/soc', role }) });
    const seen = new Map<string, unknown>();
    const capture: AwsRule = {
      name: 'Capture',
      control: 'NPLZ-RES-02',
      resourceTypes: ['*'],
      info: 'records what it was given',
      explanation: 'test only',
      evaluate: (r, ctx) => {
        seen.set(ctx.logicalId, r);
        return 'COMPLIANT';
      },
    };
    Validations.of(app).addPlugins(new NplzChecks(app, { baseline: BASELINE_2026_11, rules: [capture] }));
    app.synth();
    const written = JSON.parse(fs.readFileSync(path.join(outdir, 'Nplz-Events.template.json'), 'utf8')) as {
      Resources: Record<string, unknown>;
    };
    expect(Object.fromEntries(seen)).toStrictEqual(written.Resources);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
