import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AWS_GLOBAL_EVENT_PATTERNS, AWS_GLOBAL_EVENTS_DEPLOYMENT, AWS_NAMES, getBaseline } from '@nplz/core';
import { addNationalLandingZone } from '@nplz/aws';
import { evaluateTemplate } from '../../policy/src/aws/evaluate-template';
import { globalEventsContext, StackInAllowedRegion } from '../../policy/src/aws/rules/StackInAllowedRegion';
import { subEstate } from './estate-helpers';

/**
 * `Nplz-ManagementGlobalEvents`, the one stack outside the allowed regions: what the region check
 * accepts of it, how it deploys without a CDK bootstrap in us-east-1, and that its break-glass
 * rule can fire.
 */
type Res = { Type: string; Properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
type Template = { Resources: Record<string, Res> };

const ID = 'Nplz-ManagementGlobalEvents';
const estate = subEstate(['kent', 'essex']);
const aws = estate.national.aws!;
const home = getBaseline(estate.national.baseline).regions.aws.home;
let assembly: CloudAssembly;
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-aws-mge-'));
beforeAll(() => {
  const app = new App({ builtinCloudFormationValidation: false, stackTraces: false, outdir });
  addNationalLandingZone(app, { estate });
  assembly = app.synth();
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const artifact = () => assembly.getStackArtifact(ID);
const template = (id = ID) => assembly.getStackArtifact(id).template as Template;
const rules = (t: Template) => Object.values(t.Resources).filter((r) => r.Type === 'AWS::Events::Rule');
/** The body of one of the organisation's StackSets, as synthesised. */
const stackSetBody = (name: string) => {
  const set = Object.values(template('Nplz-Organization').Resources).find(
    (r) => r.Type === 'AWS::CloudFormation::StackSet' && r.Properties.StackSetName === name,
  )!;
  return JSON.parse(set.Properties.TemplateBody as string) as Template;
};
/** The rendered event patterns of a template's rules named under `prefix`, by the rest of the name. */
const patternsUnder = (t: Template, prefix: string) =>
  Object.fromEntries(
    rules(t)
      .filter((r) => (r.Properties.Name as string).startsWith(prefix))
      .map((r) => [(r.Properties.Name as string).slice(prefix.length), r.Properties.EventPattern]),
  );

/**
 * EventBridge's `wildcard` operator: `*` matches zero or more characters, everything else matches
 * itself (docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
 */
const wildcardMatches = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(value);

describe('the region check holds the stack to exactly its footprint', () => {
  test("every resource of the rendered stack passes StackInAllowedRegion, with the estate's management account and SOC bus", () => {
    const results = evaluateTemplate(
      template(),
      {
        baseline: getBaseline(estate.national.baseline),
        stackName: ID,
        stackTags: artifact().tags,
        region: artifact().environment.region,
        account: artifact().environment.account,
        ...globalEventsContext(estate.national),
      },
      [StackInAllowedRegion],
    );
    expect(results.length).toBe(Object.keys(template().Resources).length);
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
  });

  // The renderer and the check both read AWS_GLOBAL_EVENT_PATTERNS; what holds them together is
  // that the synthesised templates carry exactly those patterns (the CDK renames detailType and
  // resolves nothing in them), rule for rule, in the stack and in the member accounts' StackSet.
  test("the rendered rules' event patterns are exactly the contract's AWS_GLOBAL_EVENT_PATTERNS, rule for rule", () => {
    const prefix = AWS_GLOBAL_EVENTS_DEPLOYMENT.rulePrefix;
    expect(rules(template()).length).toBe(Object.keys(AWS_GLOBAL_EVENT_PATTERNS).length);
    expect(patternsUnder(template(), prefix)).toStrictEqual(AWS_GLOBAL_EVENT_PATTERNS);
    expect(patternsUnder(stackSetBody(AWS_GLOBAL_EVENTS_DEPLOYMENT.stackSetName), prefix)).toStrictEqual(AWS_GLOBAL_EVENT_PATTERNS);
  });

  test("the account baseline's home-region rules for the global services' events carry the same patterns", () => {
    const home = patternsUnder(stackSetBody('nplz-account-baseline'), AWS_NAMES.baselineAlertRulePrefix);
    // Only BreakGlassUse differs at home: it names the account's own role (a reference), not any account's.
    const { BreakGlassUse, ...cis } = AWS_GLOBAL_EVENT_PATTERNS;
    expect(Object.keys(cis)).toHaveLength(Object.keys(AWS_GLOBAL_EVENT_PATTERNS).length - 1);
    for (const [id, pattern] of Object.entries(cis)) expect([id, home[id]]).toStrictEqual([id, pattern]);
    expect(home.BreakGlassUse).not.toStrictEqual(BreakGlassUse);
  });

  test('the SOC bus the check expects is the one the rules target', () => {
    const bus = globalEventsContext(estate.national)!.socEventBusArn;
    for (const r of rules(template())) expect(r.Properties.Targets.map((t: { Arn: string }) => t.Arn)).toEqual([bus]);
  });
});

describe('it deploys without a CDK bootstrap in us-east-1', () => {
  // A bootstrapless stack carries no template asset: the CLI passes the template inline, which
  // CloudFormation accepts up to 51,200 bytes (larger, the CLI needs the bootstrap bucket).
  test('no asset manifest, no template asset, no bootstrap version check: the home-region bootstrap roles deploy it', () => {
    const a = artifact();
    expect(a.stackTemplateAssetObjectUrl).toBeUndefined();
    expect(a.dependencies.map((d) => d.id).filter((d) => d.endsWith('.assets'))).toEqual([]);
    expect(a.requiresBootstrapStackVersion).toBeUndefined();
    expect(a.assumeRoleArn).toBe(
      `arn:\${AWS::Partition}:iam::${aws.managementAccount}:role/cdk-hnb659fds-deploy-role-${aws.managementAccount}-${home}`,
    );
    expect(a.cloudFormationExecutionRoleArn).toBe(
      `arn:\${AWS::Partition}:iam::${aws.managementAccount}:role/cdk-hnb659fds-cfn-exec-role-${aws.managementAccount}-${home}`,
    );
    expect(template().Resources).not.toHaveProperty('CDKMetadata.Properties.BootstrapVersion');
  });

  test('its template stays under the 51,200 bytes CloudFormation takes inline', () => {
    const bytes = fs.statSync(path.join(outdir, artifact().templateFile)).size;
    expect(bytes).toBeLessThan(51_200);
  });
});

describe('its break-glass rule can fire', () => {
  // The management account holds no break-glass role: its principals are the only ones trusted to
  // assume the role the account baseline gives every other account.
  test("it matches the management account's AssumeRole of the break-glass role the account baseline creates in another account", () => {
    const baselineSet = Object.values(template('Nplz-Organization').Resources).find(
      (r) => r.Type === 'AWS::CloudFormation::StackSet' && r.Properties.StackSetName === 'nplz-account-baseline',
    )!;
    const body = JSON.parse(baselineSet.Properties.TemplateBody as string) as Template;
    const role = Object.values(body.Resources).find(
      (r) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === AWS_NAMES.breakGlassRole,
    )!;
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain(aws.managementAccount);
    const member = `arn:aws:iam::${aws.logArchiveAccount}:role/${role.Properties.RoleName as string}`;
    const rule = rules(template()).find((r) => r.Properties.Name === `${AWS_GLOBAL_EVENTS_DEPLOYMENT.rulePrefix}BreakGlassUse`)!;
    const roleArns = rule.Properties.EventPattern.detail.requestParameters.roleArn as unknown[];
    const fires = (arn: string) =>
      roleArns.some((p) =>
        typeof p === 'string'
          ? p === arn
          : typeof p === 'object' && p !== null && 'wildcard' in p && wildcardMatches(String(p.wildcard), arn),
      );
    expect(fires(member)).toBe(true);
    expect(fires(`arn:aws:iam::${aws.logArchiveAccount}:role/force-admin`)).toBe(false);
  });
});
