import {
  CfnParameter,
  Duration,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
  aws_budgets as budgets,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_kms as kms,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  Baseline,
  Ipv4Cidr,
  isCollaboration,
  NPLZ_TAGS,
  NplzError,
  TenancySpec,
  DEFAULT_ROUTE_IPV4,
  gbpToBudgetUsd,
  defined,
} from '@nplz/core';
import { AccountBaseline } from './account-baseline';
import { NationalServices } from './national-services';
import { acknowledgeGuardRule, restrictGrantsToAwsServices } from './private/acknowledge';
import { DefaultSecurityGroupClosed } from './private/default-security-group';
import { availabilityZones, names } from './private/names';
import { tagStack, tenancyTags } from './private/tags';
import { tenancyEnvironment } from './private/tenancy-environment';

export interface ForceTenancyProps {
  /** The validated tenancy spec (from @nplz/core). */
  readonly spec: TenancySpec;
  /** Which of the spec's environments this is. */
  readonly environment: string;
  /** The national services the tenancy connects to. */
  readonly services: NationalServices;
  /**
   * Include the account baseline (EBS encryption, S3 public access block, Config recorder, CIS alerts, break-glass role).
   * Off by default: the national fleet StackSet rolls it out to every account in the Forces and
   * Collaborations OUs, and there the guardrails deny anyone but the StackSet creating the
   * baseline's `nplz-*` roles. Turn on only for an account outside those OUs.
   * @default false
   */
  readonly includeAccountBaseline?: boolean;
  /**
   * Who receives budget and account alerts.
   * @default - the spec's budget alert emails
   */
  readonly alertEmails?: readonly string[];
}

/**
 * One environment of a force (or collaboration) tenancy on AWS: the account baseline, a budget,
 * KMS keys, a spoke VPC attached to the national hub with flow logs to the national archive,
 * and a scope for the force's own local assets in which every role carries a permissions
 * boundary that keeps the national baseline intact.
 */
export class ForceTenancy extends Construct {
  /** The tenancy this is one environment of. */
  public readonly spec: TenancySpec;
  public readonly environment: string;
  public readonly baseline: Baseline;
  /** The spoke VPC as rendered. For CDK constructs that take a VPC, use {@link vpc}. */
  public readonly cfnVpc: ec2.CfnVPC;
  /** The workload tier, one subnet per zone: where the force's own resources go (the transit tier holds only the hub attachment). */
  public readonly workloadSubnets: readonly ec2.CfnSubnet[];
  /** The workload tier's route table: its default route is the hub, through inspection. */
  public readonly workloadRouteTable: ec2.CfnRouteTable;
  public readonly attachment: ec2.CfnTransitGatewayVpcAttachment;
  /**
   * Customer managed key for the force's own data. A `kms.Key`, so any construct that takes a
   * `kms.IKey` (an `encryptionKey`) accepts it.
   */
  public readonly dataKey: kms.Key;
  public readonly accountBaseline?: AccountBaseline;
  /** Add the force's own assets under this scope: roles created here get {@link localAssetsBoundary}. */
  public readonly localAssets: Construct;
  public readonly localAssetsBoundary: iam.ManagedPolicy;
  private readonly vpcAttributes: ec2.VpcAttributes;
  private vpcReference?: ec2.IVpc;

  constructor(scope: Construct, id: string, props: ForceTenancyProps) {
    super(scope, id);
    const { spec, environment, services } = props;
    const where = `ForceTenancy(${spec.name})`;
    const { baseline, account, region, range } = tenancyEnvironment(where, spec, environment);
    this.spec = spec;
    this.environment = environment;
    this.baseline = baseline;
    const stack = Stack.of(this);
    const fail = (path: string, received: unknown, message: string, allowed: string): never => {
      throw NplzError.of({ path: `${where}.${path}`, received, message, allowed });
    };
    if (!Token.isUnresolved(stack.account) && stack.account !== account) {
      fail(
        'stack.account',
        stack.account,
        `the stack is in account ${stack.account} but ${spec.name}/${environment} is account ${account}`,
        `a stack with env.account ${account}`,
      );
    }
    if (!Token.isUnresolved(stack.region) && stack.region !== region) {
      fail(
        'stack.region',
        stack.region,
        `the stack is in region ${stack.region} but the tenancy uses ${region}`,
        `a stack with env.region ${region}`,
      );
    }
    // The stack, and so the force's own assets in it, carries the baseline's required tags.
    tagStack(stack, tenancyTags(baseline, spec, environment));

    const net = baseline.network.aws;
    const cidr = Ipv4Cidr.parse(range);
    const blocks = cidr.prefix <= net.spokeSubnetPrefix ? cidr.subnets(net.spokeSubnetPrefix) : [];
    if (blocks.length < 2 * net.availabilityZones) {
      fail(
        `spec.aws.network.${environment}`,
        range,
        `${range} is too small for two tiers of /${net.spokeSubnetPrefix} subnets in ${net.availabilityZones} zones`,
        `a range holding at least ${2 * net.availabilityZones} /${net.spokeSubnetPrefix} subnets`,
      );
    }

    if (props.includeAccountBaseline ?? false) {
      this.accountBaseline = new AccountBaseline(this, 'AccountBaseline', {
        baseline,
        managementAccount: services.managementAccount,
        configArchiveBucketName: services.configArchiveBucketName,
        alertEmails: props.alertEmails ?? spec.budget?.alertEmails,
      });
    }

    // Budget: alerts at each baseline threshold, to the tenancy's finance contacts and the account alerts topic.
    const alertsTopicArn = `arn:${stack.partition}:sns:${stack.region}:${stack.account}:${names.accountAlertsTopic}`;
    const emails = props.alertEmails ?? spec.budget?.alertEmails ?? [];
    new budgets.CfnBudget(this, 'Budget', {
      budget: {
        budgetName: `nplz-${spec.name}-${environment}`,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        // AWS Budgets accept USD only (AWS_BUDGET_UNITS): the GBP figure is converted at the planning rate.
        budgetLimit: { amount: gbpToBudgetUsd(spec.budget?.monthlyGbp ?? baseline.budgets.defaultMonthlyGbp), unit: 'USD' },
      },
      notificationsWithSubscribers: baseline.budgets.alertThresholds.map((threshold) => ({
        notification: { notificationType: 'ACTUAL', comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE' },
        subscribers: [
          { subscriptionType: 'SNS', address: alertsTopicArn },
          ...emails.map((address) => ({ subscriptionType: 'EMAIL', address })),
        ],
      })),
    });

    this.dataKey = new kms.Key(this, 'DataKey', {
      description: `NPLZ ${spec.name} ${environment}: the force's own data`,
      alias: names.forceDataKeyAlias,
      enableKeyRotation: baseline.encryption.keyRotation,
      pendingWindow: Duration.days(baseline.encryption.keyDeletionWindowDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    restrictGrantsToAwsServices(this.dataKey);

    // Spoke VPC: private subnets only; everything leaves through the hub's inspection VPC.
    const azs = availabilityZones(net.availabilityZones);
    this.cfnVpc = new ec2.CfnVPC(this, 'Vpc', {
      cidrBlock: range,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: [{ key: 'Name', value: `nplz-${spec.name}-${environment}` }],
    });
    new ec2.CfnFlowLog(this, 'FlowLog', {
      resourceId: this.cfnVpc.ref,
      resourceType: 'VPC',
      trafficType: 'ALL',
      logDestinationType: 's3',
      logDestination: `arn:${stack.partition}:s3:::${services.logArchiveBucketName}/flow-logs/`,
      maxAggregationInterval: net.flowLogIntervalSeconds,
    });
    // One subnet per zone in each tier; tier n takes the nth run of azs.length blocks (the range was checked to hold them).
    const tierSubnets = (tier: string, n: number) =>
      azs.map(
        (az, i) =>
          new ec2.CfnSubnet(this, `${tier}Subnet${i + 1}`, {
            vpcId: this.cfnVpc.ref,
            cidrBlock: defined(blocks[n * azs.length + i], `the ${tier} subnet block in ${az.label}`).toString(),
            availabilityZone: az.name,
            mapPublicIpOnLaunch: false,
            tags: [{ key: 'Name', value: `nplz-${spec.name}-${environment}-${tier.toLowerCase()}-${az.label}` }],
          }),
      );
    this.workloadSubnets = tierSubnets('Workload', 0);
    const transitSubnets = tierSubnets('Transit', 1);

    const tgwId =
      services.transitGatewayId ??
      new CfnParameter(this, 'HubTransitGatewayId', {
        type: 'String',
        allowedPattern: '^tgw-[0-9a-f]{8,17}$',
        description: 'The national hub Transit Gateway id (from the national services manifest, known once the network stack is deployed).',
      }).valueAsString;
    this.attachment = new ec2.CfnTransitGatewayVpcAttachment(this, 'HubAttachment', {
      transitGatewayId: tgwId,
      vpcId: this.cfnVpc.ref,
      subnetIds: transitSubnets.map((s) => s.ref),
      options: { DnsSupport: 'enable' },
      tags: [
        { key: 'Name', value: `nplz-${spec.name}-${environment}` },
        { key: NPLZ_TAGS.tenancy, value: spec.name },
        { key: NPLZ_TAGS.environment, value: environment },
      ],
    });
    const routes = new ec2.CfnRouteTable(this, 'WorkloadRouteTable', {
      vpcId: this.cfnVpc.ref,
      tags: [{ key: 'Name', value: `nplz-${spec.name}-${environment}-workload` }],
    });
    this.workloadRouteTable = routes;
    this.workloadSubnets.forEach(
      (s, i) =>
        new ec2.CfnSubnetRouteTableAssociation(this, `WorkloadRouteTableAssociation${i + 1}`, {
          subnetId: s.ref,
          routeTableId: routes.ref,
        }),
    );
    new ec2.CfnRoute(this, 'DefaultToHub', {
      routeTableId: routes.ref,
      destinationCidrBlock: DEFAULT_ROUTE_IPV4,
      transitGatewayId: tgwId,
    }).addResourceDependency(this.attachment);

    // Local assets: the force's own, under a boundary that keeps the baseline intact.
    this.localAssetsBoundary = new iam.ManagedPolicy(this, 'LocalAssetsBoundary', {
      managedPolicyName: names.localAssetsBoundary,
      description: "NPLZ: the most any role of the force's own assets may do",
      statements: [
        new iam.PolicyStatement({ sid: 'AllowWithinBaseline', actions: ['*'], resources: ['*'] }),
        new iam.PolicyStatement({
          sid: 'NoIamUsersOrKeys',
          effect: iam.Effect.DENY,
          actions: ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'NoChangesToNplz',
          effect: iam.Effect.DENY,
          actions: ['iam:*'],
          resources: [
            `arn:${stack.partition}:iam::${stack.account}:role/${names.protectedRolePrefix}*`,
            `arn:${stack.partition}:iam::${stack.account}:policy/${names.localAssetsBoundary}`,
          ],
        }),
        new iam.PolicyStatement({
          sid: 'KeepBoundary',
          effect: iam.Effect.DENY,
          actions: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
          resources: ['*'],
          conditions: {
            StringNotEquals: {
              'iam:PermissionsBoundary': `arn:${stack.partition}:iam::${stack.account}:policy/${names.localAssetsBoundary}`,
            },
          },
        }),
        new iam.PolicyStatement({
          sid: 'NoBoundaryRemoval',
          effect: iam.Effect.DENY,
          actions: ['iam:DeleteRolePermissionsBoundary'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'NoNetworkBypass',
          effect: iam.Effect.DENY,
          actions: [
            'ec2:CreateInternetGateway',
            'ec2:AttachInternetGateway',
            'ec2:CreateVpcPeeringConnection',
            'ec2:AcceptVpcPeeringConnection',
            'ec2:CreateTransitGatewayVpcAttachment',
            'ec2:DeleteFlowLogs',
          ],
          resources: ['*'],
        }),
      ],
    });
    Validations.of(this.localAssetsBoundary).acknowledge({
      id: 'AwsSolutions-IAM5[Action::*]',
      reason:
        'A permissions boundary caps permissions: it allows everything except the explicit denies that protect the national baseline. Roles still need their own policies.',
    });
    Validations.of(this.localAssetsBoundary).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'A permissions boundary caps permissions: it allows everything except the explicit denies that protect the national baseline. Roles still need their own policies.',
    });
    Validations.of(this.localAssetsBoundary).acknowledge({
      id: 'AwsSolutions-IAM5[Action::iam:*]',
      reason: 'This is a Deny on NPLZ-owned roles and the boundary policy itself; a wildcard deny is the safe direction.',
    });
    const boundaryReason =
      'This is a permissions boundary, a ceiling rather than a grant: it allows everything except explicit denies that protect the national baseline; roles inside it still need their own policies.';
    acknowledgeGuardRule(this.localAssetsBoundary, 'iam_managed_policy_no_statements_with_admin_access_check', boundaryReason);
    acknowledgeGuardRule(this.localAssetsBoundary, 'iam_managed_policy_no_statements_with_full_access_check', boundaryReason);
    this.localAssets = new Construct(this, 'LocalAssets');
    iam.PermissionsBoundary.of(this.localAssets).apply(this.localAssetsBoundary);

    // AWS gives every VPC a default security group that admits its members and sends anywhere;
    // CloudFormation cannot change it, so a custom resource removes its rules (Security Hub EC2.2).
    new DefaultSecurityGroupClosed(this, 'DefaultSecurityGroupClosed', { vpc: this.cfnVpc, permissionsBoundary: this.localAssetsBoundary });

    // What `vpc` is made from: the tokens of the L1 resources above, so no lookup and no network.
    this.vpcAttributes = {
      vpcId: this.cfnVpc.ref,
      vpcCidrBlock: range,
      availabilityZones: azs.map((az) => az.name),
      privateSubnetIds: this.workloadSubnets.map((s) => s.ref),
      privateSubnetIpv4CidrBlocks: blocks.slice(0, azs.length).map((b) => b.toString()),
      privateSubnetRouteTableIds: this.workloadSubnets.map(() => routes.ref),
    };

    if (isCollaboration(spec)) this.node.addMetadata('nplz:members', spec.forces.join(','));
  }

  /**
   * The spoke VPC as an `ec2.IVpc`, for any CDK construct that takes a `vpc` (a security group, a
   * Lambda function, an interface endpoint). Its private subnets are the workload tier, which has
   * egress through the hub's inspection and NAT (CDK's `PRIVATE_WITH_EGRESS`); the transit tier,
   * which only holds the hub attachment, is not part of it.
   *
   * A reference to {@link cfnVpc} and its subnets by token, not a lookup: synthesis stays offline
   * and it adds no resource. It is made on first use, as construct `VpcRef` (anything added to
   * it, such as a gateway endpoint, lives under that path), so a tenancy that never asks for it
   * keeps exactly the construct tree it had before this existed.
   */
  public get vpc(): ec2.IVpc {
    this.vpcReference ??= ec2.Vpc.fromVpcAttributes(this, 'VpcRef', this.vpcAttributes);
    return this.vpcReference;
  }
}
