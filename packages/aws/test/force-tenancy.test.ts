import { App, CfnElement, Stack, aws_ec2 as ec2, aws_iam as iam, aws_lambda as lambda, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BASELINE_2026_11, TenancySpec } from '@nplz/core';
import { ForceTenancy, ForceTenancyProps, ForceTenancyStack, NationalServices } from '@nplz/aws';
import { sampleEstate } from './estate-helpers';
import { REGION } from './helpers';

const estate = sampleEstate();
const kent = estate.tenancies.find((t) => t.spec.name === 'kent')!.spec;
const services = NationalServices.fromNationalSettings(estate.national);
const deployed = NationalServices.fromManifest({
  ...services.manifest,
  network: { ...services.manifest.network, transitGatewayId: 'tgw-0123456789abcdef0' },
});

function render(props: Partial<ForceTenancyProps> = {}, account = kent.aws!.accounts.prod!, region = REGION) {
  const app = new App({ builtinCloudFormationValidation: false, stackTraces: false });
  const stack = new Stack(app, 'Force-kent-prod', { env: { account, region } });
  const tenancy = new ForceTenancy(stack, 'Tenancy', { spec: kent, environment: 'prod', services, ...props });
  return { stack, tenancy, t: () => Template.fromStack(stack) };
}

describe('ForceTenancy', () => {
  test('the spoke VPC uses the tenancy range, two tiers of baseline-sized subnets per zone, and no internet gateway', () => {
    const t = render().t();
    const net = BASELINE_2026_11.network.aws;
    t.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: kent.aws!.network.prod });
    t.resourceCountIs('AWS::EC2::Subnet', 2 * net.availabilityZones);
    t.hasResourceProperties('AWS::EC2::Subnet', {
      CidrBlock: '10.33.0.0/24',
      AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      MapPublicIpOnLaunch: false,
    });
    t.resourceCountIs('AWS::EC2::InternetGateway', 0);
    t.hasResourceProperties('AWS::EC2::Route', { DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: Match.anyValue() });
  });

  test("the stack and the force's own assets carry every required tag of the baseline", () => {
    const { stack, tenancy } = render();
    const own = new s3.CfnBucket(tenancy.localAssets, 'Own');
    const t = Template.fromStack(stack);
    const tags = Object.fromEntries(
      (t.toJSON().Resources[stack.getLogicalId(own)] as { Properties: { Tags: { Key: string; Value: string }[] } }).Properties.Tags.map(
        (x) => [x.Key, x.Value],
      ),
    );
    expect(tags).toEqual({
      'nplz:force': 'kent',
      'nplz:tenancy': 'kent',
      'nplz:environment': 'prod',
      'nplz:classification': 'OFFICIAL-SENSITIVE',
      'nplz:baseline': '2026.11',
      'cost-centre': kent.tags['cost-centre'],
      'data-owner': kent.tags['data-owner'],
    });
    expect(stack.tags.tagValues()['nplz:tenancy']).toBe('kent');
  });

  test("the VPC's default security group is closed: a custom resource removes its rules, with a role that can revoke only that group's", () => {
    const t = render().t();
    const resources = t.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const [vpcId] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::EC2::VPC')!;
    const closers = Object.values(resources).filter((r) => r.Type === 'Custom::NplzDefaultSecurityGroupClosed');
    expect(closers.map((c) => c.Properties.GroupId)).toEqual([{ 'Fn::GetAtt': [vpcId, 'DefaultSecurityGroup'] }]);
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement)
      .filter((st) => [st.Action].flat().some((a) => a.startsWith('ec2:RevokeSecurityGroup')));
    expect(statements).toHaveLength(1);
    expect(JSON.stringify(statements[0]!.Resource)).toContain(`"${vpcId}","DefaultSecurityGroup"`);
    // The handler's role is under the local-assets boundary, like every role in a force tenancy.
    t.hasResourceProperties('AWS::IAM::Role', {
      Description: "NPLZ: removes the rules of the VPC's default security group",
      PermissionsBoundary: Match.anyValue(),
    });
  });

  test('flow logs go to the national archive at the baseline interval', () => {
    const t = render().t();
    t.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      MaxAggregationInterval: 60,
    });
    expect(JSON.stringify(t.findResources('AWS::EC2::FlowLog'))).toContain(`:s3:::${services.logArchiveBucketName}/flow-logs/`);
  });

  test('GIVEN no deployed hub WHEN rendered THEN the Transit Gateway id is a parameter; GIVEN a manifest with it THEN it is a value', () => {
    render().t().hasParameter('*', { Type: 'String', AllowedPattern: '^tgw-[0-9a-f]{8,17}$' });
    const t = render({ services: deployed }).t();
    t.hasResourceProperties('AWS::EC2::TransitGatewayVpcAttachment', { TransitGatewayId: 'tgw-0123456789abcdef0' });
    expect(Object.keys(t.findParameters('*')).filter((p) => p.includes('HubTransitGateway'))).toEqual([]);
  });

  test('the budget is the tenancy figure with alerts at the baseline thresholds', () => {
    const t = render().t();
    t.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({ BudgetLimit: { Amount: 10160, Unit: 'USD' }, TimeUnit: 'MONTHLY' }),
    });
    const notes = Object.values(t.findResources('AWS::Budgets::Budget'))[0]!.Properties.NotificationsWithSubscribers as {
      Notification: { Threshold: number };
    }[];
    expect(notes.map((n) => n.Notification.Threshold)).toEqual([...BASELINE_2026_11.budgets.alertThresholds]);
  });

  test('the account baseline, when asked for: EBS encryption and S3 public access block, CIS alerts, a break-glass role that alerts', () => {
    const t = render({ includeAccountBaseline: true }).t();
    t.hasResourceProperties('Custom::NplzAccountSettings', { AccountId: kent.aws!.accounts.prod });
    t.hasResourceProperties('AWS::IAM::Role', { RoleName: 'nplz-break-glass', MaxSessionDuration: 3600 });
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: { source: ['aws.sts'], detail: { eventName: ['AssumeRole'] } } });
    expect(Object.keys(t.findResources('AWS::Events::Rule')).length).toBeGreaterThanOrEqual(14);
    // By default the national fleet StackSet rolls it out, so a force's own app does not.
    render().t().resourceCountIs('Custom::NplzAccountSettings', 0);
  });

  test("roles among the force's local assets carry the permissions boundary", () => {
    const { tenancy, t } = render();
    new iam.Role(tenancy.localAssets, 'AppRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    t().hasResourceProperties('AWS::IAM::Role', { PermissionsBoundary: { Ref: Match.stringLikeRegexp('^TenancyLocalAssetsBoundary') } });
  });

  test('every stateful resource is retained on delete', () => {
    const t = render({ includeAccountBaseline: true }).t();
    for (const type of ['AWS::KMS::Key', 'AWS::Logs::LogGroup']) {
      const all = Object.values(t.findResources(type));
      expect(all.length).toBeGreaterThan(0);
      for (const r of all) expect(r.DeletionPolicy).toBe('Retain');
    }
  });

  const noAws: TenancySpec = { ...kent, aws: undefined };
  test.each<[string, () => unknown, string]>([
    [
      "the environment is not the tenancy's",
      () => render({ environment: 'dev' }),
      'ForceTenancy(kent).environment: "dev" is not one of the tenancy\'s environments\n    received: "dev"\n    allowed:  one of: prod, nonprod',
    ],
    [
      'the stack is in another account',
      () => render({}, '999999999999'),
      'ForceTenancy(kent).stack.account: the stack is in account 999999999999 but kent/prod is account 200000000171\n    received: "999999999999"\n    allowed:  a stack with env.account 200000000171',
    ],
    [
      'the stack is in another region',
      () => render({}, undefined, 'eu-west-1'),
      'ForceTenancy(kent).stack.region: the stack is in region eu-west-1 but the tenancy uses eu-west-2',
    ],
    ['the tenancy has no AWS section', () => render({ spec: noAws }), 'ForceTenancy(kent).spec.aws: tenancy "kent" has no aws section'],
  ])('fails if %s', (_, act, message) => {
    expect(act).toThrow(message);
  });
});

describe('ForceTenancy.vpc', () => {
  test('hands the spoke VPC to L2 constructs: a security group and a Lambda function in the workload subnets', () => {
    const { stack, tenancy } = render();
    const sg = new ec2.SecurityGroup(tenancy.localAssets, 'AppSecurityGroup', { vpc: tenancy.vpc, allowAllOutbound: false });
    new lambda.Function(tenancy.localAssets, 'App', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => "ok";'),
      vpc: tenancy.vpc,
      securityGroups: [sg],
    });
    // Synthesises offline, in the app, with the stack's validations (limits, tags) run.
    const assembly = (stack.node.root as App).synth();
    const t = Template.fromJSON(assembly.getStackByName(stack.stackName).template as Record<string, unknown>);
    const ref = (c: CfnElement) => ({ Ref: stack.getLogicalId(c) });
    t.hasResourceProperties('AWS::EC2::SecurityGroup', { VpcId: ref(tenancy.cfnVpc) });
    t.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: { SubnetIds: tenancy.workloadSubnets.map(ref), SecurityGroupIds: [{ 'Fn::GetAtt': [Match.anyValue(), 'GroupId'] }] },
    });
    expect(assembly.getStackByName(stack.stackName).messages.map((m) => `${m.level} ${m.id}: ${String(m.entry.data)}`)).toEqual([]);
    // A reference, not a second VPC: still one VPC and only the tenancy's subnets.
    t.resourceCountIs('AWS::EC2::VPC', 1);
    t.resourceCountIs('AWS::EC2::Subnet', 2 * BASELINE_2026_11.network.aws.availabilityZones);
  });

  test('its private subnets are the workload tier with its route table; the transit tier is not offered', () => {
    const { stack, tenancy } = render();
    const subnets = tenancy.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnets;
    expect(subnets.map((s) => stack.resolve(s.subnetId))).toEqual(tenancy.workloadSubnets.map((s) => stack.resolve(s.ref)));
    expect(subnets.map((s) => s.ipv4CidrBlock)).toEqual(['10.33.0.0/24', '10.33.1.0/24', '10.33.2.0/24']);
    expect(subnets.map((s) => stack.resolve(s.routeTable.routeTableId))).toEqual(
      subnets.map(() => stack.resolve(tenancy.workloadRouteTable.ref)),
    );
    expect(tenancy.vpc.isolatedSubnets).toEqual([]);
    expect(tenancy.vpc.publicSubnets).toEqual([]);
    expect(tenancy.vpc.vpcCidrBlock).toBe(kent.aws!.network.prod);
  });

  test('is made on first use only, so a tenancy that never uses it keeps its construct tree', () => {
    const { tenancy } = render();
    expect(tenancy.node.tryFindChild('VpcRef')).toBeUndefined();
    expect(tenancy.vpc).toBe(tenancy.vpc);
    expect(tenancy.node.tryFindChild('VpcRef')).toBe(tenancy.vpc);
  });
});

describe('ForceTenancyStack', () => {
  const app = () => new App({ builtinCloudFormationValidation: false, stackTraces: false });

  test("takes its id, account and region from the spec and holds the tenancy as 'Tenancy'", () => {
    const a = app();
    const stack = new ForceTenancyStack(a, { spec: kent, environment: 'nonprod', services });
    expect(stack.node.id).toBe('Force-kent-nonprod');
    expect(stack.node.scope).toBe(a);
    expect([stack.account, stack.region]).toEqual([kent.aws!.accounts.nonprod, BASELINE_2026_11.regions.aws.home]);
    expect(stack.templateOptions.description).toBe('NPLZ tenancy kent (nonprod), baseline 2026.11');
    expect(stack.tenancy.node.path).toBe('Force-kent-nonprod/Tenancy');
    expect(stack.tenancy.environment).toBe('nonprod');
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPC', 1);
  });

  test("passes the tenancy's props to the tenancy and the rest to the stack", () => {
    const stack = new ForceTenancyStack(app(), {
      spec: kent,
      environment: 'prod',
      services: deployed,
      includeAccountBaseline: true,
      description: 'Kent Police tenancy (prod) and local assets',
      terminationProtection: true,
    });
    expect(stack.templateOptions.description).toBe('Kent Police tenancy (prod) and local assets');
    expect(stack.terminationProtection).toBe(true);
    expect(stack.tenancy.accountBaseline).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::TransitGatewayVpcAttachment', { TransitGatewayId: 'tgw-0123456789abcdef0' });
  });

  test('a region in the spec wins over the baseline home region', () => {
    const stack = new ForceTenancyStack(app(), {
      spec: { ...kent, aws: { ...kent.aws!, region: 'eu-west-1' } },
      environment: 'prod',
      services,
    });
    expect(stack.region).toBe('eu-west-1');
  });

  test.each<[string, TenancySpec, string, string]>([
    [
      'the tenancy has no AWS section',
      { ...kent, aws: undefined },
      'prod',
      'ForceTenancyStack(kent).spec.aws: tenancy "kent" has no aws section',
    ],
    [
      "the environment is not the tenancy's",
      kent,
      'dev',
      'ForceTenancyStack(kent).environment: "dev" is not one of the tenancy\'s environments',
    ],
    [
      'the environment has no account',
      { ...kent, aws: { ...kent.aws!, accounts: { prod: kent.aws!.accounts.prod! } } },
      'nonprod',
      'ForceTenancyStack(kent).spec.aws.accounts.nonprod: no account for this environment',
    ],
  ])('fails before making a stack if %s', (_, spec, environment, message) => {
    const a = app();
    expect(() => new ForceTenancyStack(a, { spec, environment, services })).toThrow(message);
    expect(a.node.children).toEqual([]);
  });
});
