import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template as CdkTemplate } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AWS_GLOBAL_EVENTS_DEPLOYMENT, getBaseline } from '@nplz/core';
import { addNationalLandingZone, GLOBAL_CIS_MONITOR_IDS, SecurityHubOrganization } from '@nplz/aws';
// The offline IAM evaluator (iam-simulate) the audit uses; not part of @nplz/policy's public API.
import { AccessEvaluator, resolvePolicy, type AccessRequest } from '../../policy/src/aws/access';
import { subEstate } from './estate-helpers';

/**
 * The national security services as the landing zone wires them: who gets the account baseline,
 * where the global services' alerts fire, Security Hub's central configuration, the trail's data
 * events, and who may publish to the SOC.
 */
interface Res {
  Type: string;
  Properties: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  DependsOn?: string[];
}
type Template = { Resources: Record<string, Res> };

const estate = subEstate(['kent', 'essex']);
const aws = estate.national.aws!;
const ORG = aws.organizationId;
let assembly: CloudAssembly;
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-aws-security-'));
beforeAll(() => {
  const app = new App({ builtinCloudFormationValidation: false, stackTraces: false, outdir });
  addNationalLandingZone(app, { estate });
  assembly = app.synth();
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const template = (id: string) => assembly.getStackArtifact(id).template as Template;
const ofType = (t: Template, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);
const stackSets = () =>
  ofType(template('Nplz-Organization'), 'AWS::CloudFormation::StackSet').map(([id, r]) => ({
    id,
    props: r.Properties,
    body: JSON.parse(r.Properties.TemplateBody as string) as Template,
    dependsOn: r.DependsOn ?? [],
  }));
const ouRef = (name: string) => {
  const [id] = ofType(template('Nplz-Organization'), 'AWS::Organizations::OrganizationalUnit').find(([, r]) => r.Properties.Name === name)!;
  return { 'Fn::GetAtt': [id, 'Id'] };
};

describe('every account gets the account baseline', () => {
  test('the fleet StackSet targets every OU under the guardrails: the national accounts, forces, collaborations and sandboxes', () => {
    const baseline = stackSets().find((s) => s.props.StackSetName === 'nplz-account-baseline')!;
    const targets = baseline.props.StackInstancesGroup[0].DeploymentTargets.OrganizationalUnitIds;
    expect(targets).toEqual(['Security', 'Infrastructure', 'Forces', 'Collaborations', 'Sandbox'].map(ouRef));
  });

  test('the organisation Config rules exclude only the management account, and deploy after the recorders', () => {
    const sec = template('Nplz-Security');
    const rules = ofType(sec, 'AWS::Config::OrganizationConfigRule');
    expect(rules.length).toBeGreaterThan(0);
    for (const [, r] of rules) expect(r.Properties.ExcludedAccounts).toEqual([aws.managementAccount]);
    // One recorder per account and region: the audit account's comes from the StackSet.
    expect(ofType(sec, 'AWS::Config::ConfigurationRecorder')).toHaveLength(0);
    expect(assembly.getStackArtifact('Nplz-Security').dependencies.map((d) => d.id)).toContain('Nplz-Organization');
  });
});

describe("the global services' alerts fire in us-east-1", () => {
  test('a second StackSet deploys, in us-east-1 only, one rule per global monitor forwarding to the SOC bus', () => {
    const set = stackSets().find((s) => s.props.StackSetName === AWS_GLOBAL_EVENTS_DEPLOYMENT.stackSetName)!;
    expect(set.props.StackInstancesGroup).toEqual([
      { DeploymentTargets: stackSets()[0]!.props.StackInstancesGroup[0].DeploymentTargets, Regions: ['us-east-1'] },
    ]);
    const rules = ofType(set.body, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    expect(rules.map((r) => r.Name).sort()).toEqual(
      GLOBAL_CIS_MONITOR_IDS.map((id) => `${AWS_GLOBAL_EVENTS_DEPLOYMENT.rulePrefix}${id}`).sort(),
    );
    expect(GLOBAL_CIS_MONITOR_IDS).toEqual(expect.arrayContaining(['IamPolicyChanges', 'OrganizationChanges', 'ConsoleWithoutMfa']));
    const bus = `arn:aws:events:eu-west-2:${aws.auditAccount}:event-bus/nplz-soc`;
    for (const r of rules) expect(r.Targets).toEqual([expect.objectContaining({ Arn: bus, RoleArn: expect.anything() })]);
    // The same patterns as the home region's rules: the IAM rule matches source aws.iam.
    const home = ofType(stackSets()[0]!.body, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    const iam = (list: Record<string, any>[]) => list.find((r) => String(r.Name).endsWith('IamPolicyChanges'))!.EventPattern; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(iam(rules)).toEqual(iam(home));
  });

  // A service-managed StackSet never deploys to the management account, whose IAM, Organizations
  // and console sign-in events still arrive on its own us-east-1 default bus.
  test('the management account gets the same rules in us-east-1 from a stack of its own, after the SOC bus exists', () => {
    const id = 'Nplz-ManagementGlobalEvents';
    const artifact = assembly.getStackArtifact(id);
    expect(artifact.environment).toMatchObject({ account: aws.managementAccount, region: 'us-east-1' });
    expect(artifact.dependencies.map((d) => d.id)).toContain('Nplz-Security');
    const t = template(id);
    const set = stackSets().find((s) => s.props.StackSetName === AWS_GLOBAL_EVENTS_DEPLOYMENT.stackSetName)!;
    const names = (x: Template) =>
      ofType(x, 'AWS::Events::Rule')
        .map(([, r]) => r.Properties.Name as string)
        .sort();
    expect(names(t)).toEqual(names(set.body));
    const bus = `arn:aws:events:eu-west-2:${aws.auditAccount}:event-bus/nplz-soc`;
    for (const [, r] of ofType(t, 'AWS::Events::Rule'))
      expect(r.Properties.Targets).toEqual([expect.objectContaining({ Arn: bus, RoleArn: expect.anything() })]);
    const types = new Set(Object.values(t.Resources).map((r) => r.Type));
    expect([...types].sort()).toEqual(['AWS::Events::Rule', 'AWS::IAM::Policy', 'AWS::IAM::Role']);
  });

  test('it deploys nothing but its rules and their role, so the region guardrail can allow exactly AWS_GLOBAL_EVENTS_DEPLOYMENT', () => {
    const set = stackSets().find((s) => s.props.StackSetName === AWS_GLOBAL_EVENTS_DEPLOYMENT.stackSetName)!;
    const types = new Set(Object.values(set.body.Resources).map((r) => r.Type));
    expect([...types].sort()).toEqual(['AWS::Events::Rule', 'AWS::IAM::Policy', 'AWS::IAM::Role']);
    const regional = AWS_GLOBAL_EVENTS_DEPLOYMENT.actions.map((a) => a.split(':')[0]);
    expect([...new Set(regional)].sort()).toEqual(['cloudformation', 'events']);
    for (const [, r] of ofType(set.body, 'AWS::IAM::Role')) expect(r.Properties.RoleName).toBe(AWS_GLOBAL_EVENTS_DEPLOYMENT.forwarderRole);
    // After the account baseline, whose IAM role names are global too.
    expect(set.dependsOn).toEqual([stackSets()[0]!.id]);
  });
});

describe('Security Hub central configuration', () => {
  test('the organisation is CENTRAL, with one policy of the baseline standards on the root; a single-region aggregator is a deploy step', () => {
    const t = template('Nplz-SecurityOrganization');
    const [[orgId, org]] = ofType(t, 'AWS::SecurityHub::OrganizationConfiguration') as [[string, Res]];
    expect(org.Properties).toEqual({ AutoEnable: false, AutoEnableStandards: 'NONE', ConfigurationType: 'CENTRAL' });
    // 2026.11 allows eu-west-2 alone: no region to link, and CloudFormation has no NO_REGIONS mode.
    expect(ofType(t, 'AWS::SecurityHub::FindingAggregator')).toEqual([]);
    const [[policyId, policy]] = ofType(t, 'AWS::SecurityHub::ConfigurationPolicy') as [[string, Res]];
    const standards = getBaseline(estate.national.baseline).guardrails.aws.securityHubStandards;
    const place = { account: aws.auditAccount, region: 'eu-west-2', resources: t.Resources as never };
    expect(resolvePolicy(policy.Properties.ConfigurationPolicy.SecurityHub, place)).toEqual({
      ServiceEnabled: true,
      EnabledStandardIdentifiers: standards.map((s) => `arn:aws:securityhub:eu-west-2::${s}`),
      SecurityControlsConfiguration: { DisabledSecurityControlIdentifiers: [] },
    });
    expect(policy.DependsOn).toContain(orgId);
    const association = ofType(t, 'AWS::SecurityHub::PolicyAssociation').find(([, r]) => r.Properties.TargetType === 'ROOT')![1];
    expect(association.Properties).toEqual({
      ConfigurationPolicyId: { 'Fn::GetAtt': [policyId, 'Id'] },
      TargetType: 'ROOT',
      TargetId: aws.rootId,
    });
  });

  // Once centrally managed, the audit account takes its configuration from the delegated administrator's
  // policies only: standards declared by Nplz-Security as well would be a second, conflicting source.
  test("no template declares an AWS::SecurityHub::Standard; the policy enables exactly the baseline's standards", () => {
    const declared = assembly.stacks.flatMap((s) => {
      const t = s.template as Template;
      const bodies = ofType(t, 'AWS::CloudFormation::StackSet').map(([, r]) => JSON.parse(r.Properties.TemplateBody as string) as Template);
      return [t, ...bodies].flatMap((x) => ofType(x, 'AWS::SecurityHub::Standard').map(([id]) => `${s.stackName}/${id}`));
    });
    expect(declared).toEqual([]);
    // The hub itself stays in Nplz-Security: it must exist before the audit account is designated.
    expect(ofType(template('Nplz-Security'), 'AWS::SecurityHub::Hub')).toHaveLength(1);
    const [[, policy]] = ofType(template('Nplz-SecurityOrganization'), 'AWS::SecurityHub::ConfigurationPolicy') as [[string, Res]];
    const place = { account: aws.auditAccount, region: 'eu-west-2', resources: template('Nplz-SecurityOrganization').Resources as never };
    const enabled = resolvePolicy(policy.Properties.ConfigurationPolicy.SecurityHub.EnabledStandardIdentifiers, place) as string[];
    const standards = getBaseline(estate.national.baseline).guardrails.aws.securityHubStandards;
    expect(enabled).toEqual(standards.map((s) => `arn:aws:securityhub:eu-west-2::${s}`));
  });

  // A root association reaches every account, the management account too, which no StackSet gives
  // a Config recorder: Security Hub there would run the standards' controls with nothing recorded.
  test('the management account is associated self-managed, before the root association, so the policy never reaches it', () => {
    const t = template('Nplz-SecurityOrganization');
    const associations = ofType(t, 'AWS::SecurityHub::PolicyAssociation');
    expect(associations.map(([, r]) => r.Properties.TargetType).sort()).toEqual(['ACCOUNT', 'ROOT']);
    const [selfId, self] = associations.find(([, r]) => r.Properties.TargetType === 'ACCOUNT')!;
    expect(self.Properties).toEqual({
      ConfigurationPolicyId: 'SELF_MANAGED_SECURITY_HUB',
      TargetType: 'ACCOUNT',
      TargetId: aws.managementAccount,
    });
    const [, root] = associations.find(([, r]) => r.Properties.TargetType === 'ROOT')!;
    expect(root.DependsOn).toContain(selfId);
  });
});

test('with a second allowed region, the aggregator links it in the template, before the organisation configuration', () => {
  const stack = new Stack(new App(), 'S', { env: { account: aws.auditAccount, region: 'eu-west-2' } });
  const base = getBaseline(estate.national.baseline);
  const baseline = { ...base, regions: { ...base.regions, aws: { ...base.regions.aws, allowed: ['eu-west-2', 'eu-west-1'] } } };
  new SecurityHubOrganization(stack, 'Org', { baseline, rootId: aws.rootId });
  const t = CdkTemplate.fromStack(stack).toJSON() as Template;
  const [[aggId, agg]] = ofType(t, 'AWS::SecurityHub::FindingAggregator') as [[string, Res]];
  expect(agg.Properties).toEqual({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['eu-west-1'] });
  expect(ofType(t, 'AWS::SecurityHub::OrganizationConfiguration')[0]![1].DependsOn).toEqual([aggId]);
});

describe('the organisation trail', () => {
  test('records every read of an archive object, and every archive write but the deliveries, besides management events', () => {
    const sec = template('Nplz-Security');
    const [[, trail]] = ofType(sec, 'AWS::CloudTrail::Trail') as [[string, Res]];
    const place = { account: aws.auditAccount, region: 'eu-west-2', resources: sec.Resources as never };
    const selectors = resolvePolicy(trail.Properties.AdvancedEventSelectors, place) as {
      Name: string;
      FieldSelectors: Record<string, unknown>[];
    }[];
    expect(selectors[0]).toEqual({ Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] });
    const archives = [`nplz-log-archive-${aws.logArchiveAccount}-eu-west-2`, `nplz-config-archive-${aws.logArchiveAccount}-eu-west-2`];
    const reads = selectors.find((s) => s.Name === 'Archive reads')!;
    expect(reads.FieldSelectors).toEqual(
      expect.arrayContaining([
        { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        { Field: 'resources.ARN', StartsWith: archives.map((b) => `arn:aws:s3:::${b}/`) },
        { Field: 'readOnly', Equals: ['true'] },
      ]),
    );
    const writes = selectors.find((s) => s.Name === 'Archive writes other than deliveries')!;
    expect(writes.FieldSelectors).toEqual(expect.arrayContaining([{ Field: 'eventName', NotEquals: ['PutObject'] }]));
  });
});

describe('the national SOC', () => {
  test('the SOC mailbox subscribes once in the whole estate, and no account baseline subscribes it', () => {
    const bodies = stackSets().map((s) => s.body);
    const all = [...assembly.stacks.map((s) => s.template as Template), ...bodies];
    const emails = all.flatMap((t) => ofType(t, 'AWS::SNS::Subscription').map(([, r]) => r.Properties));
    expect(emails.filter((e) => e.Endpoint === estate.national.soc.email)).toHaveLength(1);
    // Every account's alert rules forward to the SOC bus as well as their own topic.
    const rules = ofType(bodies[0]!, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    for (const r of rules)
      expect(r.Targets).toEqual(
        expect.arrayContaining([expect.objectContaining({ Arn: `arn:aws:events:eu-west-2:${aws.auditAccount}:event-bus/nplz-soc` })]),
      );
  });

  const policyOf = (t: Template, type: string) => {
    const [, r] = ofType(t, type)[0]!;
    const place = { account: aws.auditAccount, region: 'eu-west-2', resources: t.Resources as never };
    return resolvePolicy(type === 'AWS::Events::EventBusPolicy' ? r.Properties.Statement : r.Properties.PolicyDocument, place);
  };
  const ask = async (o: {
    principal: string;
    account: string;
    action: string;
    resource: string;
    policy: unknown;
    context: Record<string, string>;
    identity?: unknown;
  }): Promise<string> => {
    const req: AccessRequest = {
      rule: 'SocPublish',
      control: 'NPLZ-MON-01',
      what: `${o.principal}: ${o.action}`,
      principal: {
        label: o.principal,
        arn: o.principal,
        account: o.account,
        identity: o.identity ? [{ name: 'identity policy', source: o.principal, document: o.identity }] : [],
        levels: [],
      },
      action: o.action,
      resource: o.resource,
      resourceAccount: aws.auditAccount,
      resourceLevels: [],
      resourcePolicy: { name: 'resource policy', source: o.resource, document: o.policy },
      region: 'eu-west-2',
      context: o.context,
      expect: 'allow',
      tenancy: 'national',
      at: o.resource,
    };
    const answer = await new AccessEvaluator(ORG).answer(req);
    if (process.env.DEBUG_ACCESS) console.log(answer.message);
    return answer.verdict;
  };

  test('only the SOC rules of the audit account publish to the SOC topic', async () => {
    const sec = template('Nplz-Security');
    const policy = policyOf(sec, 'AWS::SNS::TopicPolicy');
    const topic = `arn:aws:sns:eu-west-2:${aws.auditAccount}:SocTopic`;
    const rule = (account: string, name: string) => `arn:aws:events:eu-west-2:${account}:rule/${name}`;
    const publish = (sourceArn: string, sourceAccount: string) =>
      ask({
        principal: 'events.amazonaws.com',
        account: sourceAccount,
        action: 'sns:Publish',
        resource: (policy as { Statement: { Resource: string }[] }).Statement[0]!.Resource,
        policy,
        context: {
          'aws:PrincipalIsAWSService': 'true',
          'aws:PrincipalServiceName': 'events.amazonaws.com',
          'aws:SourceArn': sourceArn,
          'aws:SourceAccount': sourceAccount,
        },
      });
    expect(topic).toContain(aws.auditAccount);
    expect(await publish(rule(aws.auditAccount, 'nplz-soc-findings'), aws.auditAccount)).toBe('Allowed');
    expect(await publish(rule(aws.auditAccount, 'nplz-soc/nplz-soc-alerts'), aws.auditAccount)).toBe('Allowed');
    // A rule in a force account aimed at the topic, and another rule of the audit account, are refused.
    expect(await publish(rule('200000000171', 'anything'), '200000000171')).not.toBe('Allowed');
    expect(await publish(rule(aws.auditAccount, 'someone-elses-rule'), aws.auditAccount)).not.toBe('Allowed');
  });

  test("only NPLZ's forwarding roles of the organisation put events on the SOC bus", async () => {
    const sec = template('Nplz-Security');
    const [, bus] = ofType(sec, 'AWS::Events::EventBusPolicy')[0] ?? ofType(sec, 'AWS::Events::EventBus')[0]!;
    const place = { account: aws.auditAccount, region: 'eu-west-2', resources: sec.Resources as never };
    const document =
      bus.Type === 'AWS::Events::EventBus'
        ? resolvePolicy(bus.Properties.Policy, place)
        : { Version: '2012-10-17', Statement: [resolvePolicy(bus.Properties.Statement, place)] };
    const busArn = `arn:aws:events:eu-west-2:${aws.auditAccount}:event-bus/nplz-soc`;
    const put = (roleArn: string, orgId = ORG) =>
      ask({
        principal: roleArn,
        account: roleArn.split(':')[4]!,
        action: 'events:PutEvents',
        resource: busArn,
        policy: document,
        context: { 'aws:PrincipalOrgID': orgId },
        // Between accounts both sides must allow: every caller here may put events anywhere, so the bus policy decides.
        identity: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: '*' }] },
      });
    expect(await put('arn:aws:iam::200000000171:role/nplz-soc-forwarder')).toBe('Allowed');
    expect(await put('arn:aws:iam::200000000171:role/nplz-global-events-forwarder')).toBe('Allowed');
    expect(await put(`arn:aws:iam::${aws.managementAccount}:role/nplz-global-events-forwarder`)).toBe('Allowed');
    expect(await put('arn:aws:iam::200000000171:role/force-admin')).not.toBe('Allowed');
    expect(await put('arn:aws:iam::999999999999:role/nplz-soc-forwarder', 'o-elsewhere00')).not.toBe('Allowed');
  });
});
