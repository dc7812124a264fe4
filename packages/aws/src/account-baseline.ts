import {
  CustomResource,
  Duration,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
  aws_events as events,
  aws_events_targets as targets,
  aws_config as config,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_sns as sns,
  aws_sns_subscriptions as subs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AWS_GLOBAL_EVENT_PATTERNS, AWS_GLOBAL_EVENTS_DEPLOYMENT, Baseline, NplzError, type AwsEventPattern } from '@nplz/core';
import { AccountBackupVault } from './backup-vault';
import { ACCOUNT_SETTINGS_HANDLER } from './private/account-settings-handler';
import { acknowledgeGuardRule, defaultChildOf, restrictGrantsToAwsServices } from './private/acknowledge';
import { names } from './private/names';
import { retentionDays } from './private/retention';

export interface AccountBaselineProps {
  /** The baseline whose encryption and retention settings apply. */
  readonly baseline: Baseline;
  /** The management account: the only account whose MFA-authenticated principals may assume the break-glass role. */
  readonly managementAccount: string;
  /** The national Config archive bucket (in the log archive account, `LogArchive.configBucket`): AWS Config delivers the account's configuration history there. */
  readonly configArchiveBucketName: string;
  /**
   * Who receives account alerts (CIS monitoring, break-glass use).
   * @default - no email subscription; subscribe to `alertsTopic` elsewhere
   */
  readonly alertEmails?: readonly string[];
  /**
   * The national SOC's event bus (`nplz-soc` in the audit account, home region): every alert rule
   * also forwards there, so the SOC mailbox subscribes once, centrally, not in every account.
   * @default - alerts reach only the account's own topic
   */
  readonly socEventBusArn?: string;
}

/**
 * The break-glass session: IAM's minimum, so emergency access is renewed deliberately. A named
 * constant, not a baseline figure: the baseline's roles are Identity Center permission sets, and
 * none of them is the break-glass role (their shortest session is four hours).
 */
const BREAK_GLASS_SESSION = Duration.hours(1);

/**
 * CIS monitoring events. The organisation trail delivers every account's management events to
 * that account's EventBridge bus, so these rules need no per-account trail or metric filters.
 */
interface Monitor {
  readonly id: string;
  readonly description: string;
  readonly pattern: events.EventPattern;
}

/**
 * A pattern of the contract (the template's JSON, `detail-type`) as the CDK takes it (`detailType`),
 * field for field and in the same order, so the rule renders it as the contract holds it.
 */
function cdkPattern(pattern: AwsEventPattern): events.EventPattern {
  return Object.fromEntries(Object.entries(pattern).map(([k, v]) => [k === 'detail-type' ? 'detailType' : k, v]));
}

/**
 * The monitors whose events (or some of them) are of global services: their patterns are the
 * contract's {@link AWS_GLOBAL_EVENT_PATTERNS}, and each is repeated in us-east-1
 * ({@link GlobalEventForwarders}).
 */
const GLOBAL = AWS_GLOBAL_EVENT_PATTERNS;

const CIS_MONITORS: readonly Monitor[] = [
  { id: 'RootUse', description: 'CIS: root user activity', pattern: cdkPattern(GLOBAL.RootUse) },
  // IAM users only, as CIS filters it (the contract's pattern says why).
  { id: 'ConsoleWithoutMfa', description: 'CIS: console sign-in without MFA', pattern: cdkPattern(GLOBAL.ConsoleWithoutMfa) },
  { id: 'ConsoleFailures', description: 'CIS: failed console sign-in', pattern: cdkPattern(GLOBAL.ConsoleFailures) },
  { id: 'IamPolicyChanges', description: 'CIS: IAM policy changes', pattern: cdkPattern(GLOBAL.IamPolicyChanges) },
  {
    id: 'TrailChanges',
    description: 'CIS: CloudTrail configuration changes',
    pattern: {
      source: ['aws.cloudtrail'],
      detail: { eventName: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'] },
    },
  },
  {
    id: 'KeyDeletion',
    description: 'CIS: customer managed keys disabled or scheduled for deletion',
    pattern: { source: ['aws.kms'], detail: { eventName: ['DisableKey', 'ScheduleKeyDeletion'] } },
  },
  {
    id: 'BucketPolicyChanges',
    description: 'CIS: S3 bucket policy changes',
    pattern: {
      source: ['aws.s3'],
      detail: {
        eventName: [
          'PutBucketAcl',
          'PutBucketPolicy',
          'PutBucketCors',
          'PutBucketLifecycle',
          'PutBucketReplication',
          'DeleteBucketPolicy',
          'DeleteBucketCors',
          'DeleteBucketLifecycle',
          'DeleteBucketReplication',
        ],
      },
    },
  },
  {
    id: 'ConfigChanges',
    description: 'CIS: AWS Config changes',
    pattern: {
      source: ['aws.config'],
      detail: { eventName: ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'] },
    },
  },
  {
    id: 'SecurityGroupChanges',
    description: 'CIS: security group changes',
    pattern: {
      source: ['aws.ec2'],
      detail: {
        eventName: [
          'AuthorizeSecurityGroupIngress',
          'AuthorizeSecurityGroupEgress',
          'RevokeSecurityGroupIngress',
          'RevokeSecurityGroupEgress',
          'CreateSecurityGroup',
          'DeleteSecurityGroup',
        ],
      },
    },
  },
  {
    id: 'NaclChanges',
    description: 'CIS: network ACL changes',
    pattern: {
      source: ['aws.ec2'],
      detail: {
        eventName: [
          'CreateNetworkAcl',
          'CreateNetworkAclEntry',
          'DeleteNetworkAcl',
          'DeleteNetworkAclEntry',
          'ReplaceNetworkAclEntry',
          'ReplaceNetworkAclAssociation',
        ],
      },
    },
  },
  {
    id: 'GatewayChanges',
    description: 'CIS: network gateway changes',
    pattern: {
      source: ['aws.ec2'],
      detail: {
        eventName: [
          'CreateCustomerGateway',
          'DeleteCustomerGateway',
          'AttachInternetGateway',
          'CreateInternetGateway',
          'DeleteInternetGateway',
          'DetachInternetGateway',
        ],
      },
    },
  },
  {
    id: 'RouteTableChanges',
    description: 'CIS: route table changes',
    pattern: {
      source: ['aws.ec2'],
      detail: {
        eventName: [
          'CreateRoute',
          'CreateRouteTable',
          'ReplaceRoute',
          'ReplaceRouteTableAssociation',
          'DeleteRouteTable',
          'DeleteRoute',
          'DisassociateRouteTable',
        ],
      },
    },
  },
  {
    id: 'VpcChanges',
    description: 'CIS: VPC changes',
    pattern: {
      source: ['aws.ec2'],
      detail: {
        eventName: [
          'CreateVpc',
          'DeleteVpc',
          'ModifyVpcAttribute',
          'AcceptVpcPeeringConnection',
          'CreateVpcPeeringConnection',
          'DeleteVpcPeeringConnection',
          'RejectVpcPeeringConnection',
          'AttachClassicLinkVpc',
          'DetachClassicLinkVpc',
          'DisableVpcClassicLink',
          'EnableVpcClassicLink',
        ],
      },
    },
  },
  { id: 'OrganizationChanges', description: 'CIS: AWS Organizations changes', pattern: cdkPattern(GLOBAL.OrganizationChanges) },
];

const BREAK_GLASS_USE = 'Break-glass role assumed';

/**
 * The account baseline every force account carries: EBS encryption by default, the S3
 * account-level public access block, an AWS Config recorder delivering to the national archive,
 * CIS monitoring alerts, and a break-glass role whose use raises an alert. It uses no assets, so
 * it also serves as the fleet StackSet template.
 */
export class AccountBaseline extends Construct {
  public readonly alertsTopic: sns.Topic;
  public readonly alertsKey: kms.Key;
  public readonly breakGlassRole: iam.Role;
  /** The vault, key and role the organisation backup policy's plans use in the account. */
  public readonly backup: AccountBackupVault;

  constructor(scope: Construct, id: string, props: AccountBaselineProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.configArchiveBucketName) && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.configArchiveBucketName)) {
      throw NplzError.of({
        path: 'AccountBaseline.configArchiveBucketName',
        received: props.configArchiveBucketName,
        message: 'configArchiveBucketName is not an S3 bucket name',
        allowed: '3 to 63 lower-case letters, digits, dots and hyphens',
      });
    }
    if (!/^\d{12}$/.test(props.managementAccount)) {
      throw NplzError.of({
        path: 'AccountBaseline.managementAccount',
        received: props.managementAccount,
        message: 'managementAccount is not an AWS account id',
        allowed: '12 digits',
      });
    }
    const { baseline } = props;
    const stack = Stack.of(this);

    this.alertsKey = new kms.Key(this, 'AlertsKey', {
      description: 'NPLZ account alerts',
      alias: names.forceAlertsKeyAlias,
      enableKeyRotation: baseline.encryption.keyRotation,
      pendingWindow: Duration.days(baseline.encryption.keyDeletionWindowDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    restrictGrantsToAwsServices(this.alertsKey);
    this.alertsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlertingServices',
        principals: ['events.amazonaws.com', 'budgets.amazonaws.com', `logs.${stack.region}.amazonaws.com`].map(
          (s) => new iam.ServicePrincipal(s),
        ),
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey'],
        resources: ['*'],
      }),
    );
    this.alertsTopic = new sns.Topic(this, 'AlertsTopic', {
      topicName: names.accountAlertsTopic,
      displayName: 'NPLZ account alerts',
      masterKey: this.alertsKey,
      enforceSSL: true,
    });
    for (const email of props.alertEmails ?? []) this.alertsTopic.addSubscription(new subs.EmailSubscription(email));
    this.alertsTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'BudgetsPublish',
        principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alertsTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    const toSoc = props.socEventBusArn ? socTarget(this, names.socForwarderRole, props.socEventBusArn) : undefined;
    const alertTargets = [new targets.SnsTopic(this.alertsTopic), ...(toSoc ? [toSoc] : [])];
    for (const m of CIS_MONITORS) {
      new events.Rule(this, `Cis${m.id}`, {
        ruleName: `${names.baselineAlertRulePrefix}${m.id}`,
        description: m.description,
        eventPattern: m.pattern,
        targets: alertTargets,
      });
    }

    this.breakGlassRole = new iam.Role(this, 'BreakGlassRole', {
      roleName: names.breakGlassRole,
      description: 'Emergency access when Identity Center is unavailable. Every use alerts.',
      assumedBy: new iam.AccountPrincipal(props.managementAccount).withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
      maxSessionDuration: BREAK_GLASS_SESSION,
    });
    Validations.of(this.breakGlassRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]',
      reason:
        'Break-glass access must be able to repair anything; it is MFA-only, one hour, trusted only from the management account and alerts on every use.',
    });
    new events.Rule(this, 'BreakGlassUse', {
      ruleName: `${names.baselineAlertRulePrefix}BreakGlassUse`,
      description: BREAK_GLASS_USE,
      eventPattern: {
        source: ['aws.sts'],
        detail: { eventName: ['AssumeRole'], requestParameters: { roleArn: [this.breakGlassRole.roleArn] } },
      },
      targets: alertTargets,
    });

    this.backup = new AccountBackupVault(this, 'Backup', { baseline });

    // AWS Config: the organisation aggregator and rules in the audit account see only accounts that record.
    const recorderRole = new iam.Role(this, 'ConfigRecorderRole', {
      roleName: names.configRecorderRole,
      description: 'AWS Config records every resource of the account',
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
    });
    Validations.of(recorderRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]',
      reason:
        'AWS publishes and maintains this policy as the exact read permissions a Config recorder needs for every supported resource type.',
    });
    const recorder = new config.CfnConfigurationRecorder(this, 'ConfigRecorder', {
      roleArn: recorderRole.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    // The archive is in another account: Config falls back to its service principal, which the archive admits for the organisation.
    new config.CfnDeliveryChannel(this, 'ConfigDelivery', {
      s3BucketName: props.configArchiveBucketName,
      s3KeyPrefix: 'config',
    }).addResourceDependency(recorder);

    const handlerLogs = new logs.LogGroup(this, 'AccountSettingsLogs', {
      retention: retentionDays(baseline.logging.operationalRetentionDays),
      encryptionKey: this.alertsKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Named under the protected prefix: the guardrails deny s3:PutAccountPublicAccessBlock to every other principal.
    const handlerRole = new iam.Role(this, 'AccountSettingsRole', {
      roleName: names.accountSettingsRole,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    handlerRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [handlerLogs.logGroupArn] }),
    );
    handlerRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['ec2:EnableEbsEncryptionByDefault', 's3:PutAccountPublicAccessBlock'], resources: ['*'] }),
    );
    Validations.of(defaultChildOf(handlerRole.node.findChild('DefaultPolicy'))).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'EnableEbsEncryptionByDefault and PutAccountPublicAccessBlock are account-level actions that support no resource ARN.',
    });
    const handler = new lambda.Function(this, 'AccountSettings', {
      description: 'NPLZ: EBS encryption by default and the S3 account public access block',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(ACCOUNT_SETTINGS_HANDLER),
      timeout: Duration.minutes(1),
      role: handlerRole,
      logGroup: handlerLogs,
    });
    handler.node.addDependency(handlerRole);
    acknowledgeGuardRule(
      defaultChildOf(handler),
      'lambda_inside_vpc_check',
      'Runs only during deployment to call two account-level AWS APIs; the account baseline is applied before (and independently of) any VPC in the account, including through the StackSet.',
    );
    new CustomResource(this, 'AccountSettingsResource', {
      serviceToken: handler.functionArn,
      resourceType: 'Custom::NplzAccountSettings',
      properties: { AccountId: stack.account, Baseline: baseline.version },
    });
  }
}

/** A rule target forwarding to the national SOC bus (another account, maybe another region) with a named role, as EventBridge requires between accounts of an organisation. */
function socTarget(scope: Construct, roleName: string, busArn: string): events.IRuleTarget {
  const role = new iam.Role(scope, 'SocForwarderRole', {
    roleName,
    description: 'EventBridge forwards baseline alerts to the national SOC event bus',
    assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
  });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [busArn] }));
  return new targets.EventBus(events.EventBus.fromEventBusArn(scope, 'SocBus', busArn), { role });
}

/** The monitors repeated in us-east-1 ({@link GlobalEventForwarders}): the ids of {@link AWS_GLOBAL_EVENT_PATTERNS}, in rendering order. */
export const GLOBAL_CIS_MONITOR_IDS: readonly string[] = Object.keys(AWS_GLOBAL_EVENT_PATTERNS);

export interface GlobalEventForwardersProps {
  /** The national SOC's event bus in the home region (`nplz-soc` in the audit account). */
  readonly socEventBusArn: string;
}

/**
 * In us-east-1 of every account (the `nplz-global-events` StackSet, and `Nplz-ManagementGlobalEvents`
 * for the management account): one rule per pattern of {@link AWS_GLOBAL_EVENT_PATTERNS}, each
 * forwarding what it matches to the national SOC bus in the home region, directly: EventBridge does
 * not pass an event on across a second bus, so a relay through the account's home-region bus would
 * stop there. Nothing else is deployed outside the allowed regions ({@link AWS_GLOBAL_EVENTS_DEPLOYMENT}).
 *
 * A rule sees only the events of its own region. CloudTrail records IAM's events (and CloudFront's
 * and STS's) in us-east-1 (AWS CloudTrail User Guide, "Using the update-trail command to update a
 * trail"), and IAM, AWS Organizations and AWS Account Management deliver their events to EventBridge
 * in us-east-1 only (AWS re:Post Knowledge Center, "use-eventbridge-rule-across-regions"): the root-use,
 * console sign-in, IAM policy and Organizations monitors are repeated here for them. STS is not
 * us-east-1 only: its events arrive where the request was served, and AWS serves a request to STS's
 * global endpoint in the caller's region when that region is enabled by default, in us-east-1 only
 * from opt-in regions or through non-AWS DNS resolvers (IAM User Guide, "AWS STS Regions and
 * endpoints", section "AWS STS global endpoint changes"); a regional endpoint serves it in its own
 * region. So the break-glass rule here catches an AssumeRole served in us-east-1 and the account
 * baseline's home-region rule one served in the home region; one served in any other region is
 * caught by neither.
 */
export class GlobalEventForwarders extends Construct {
  public readonly rules: readonly events.Rule[];
  constructor(scope: Construct, id: string, props: GlobalEventForwardersProps) {
    super(scope, id);
    const target = socTarget(this, AWS_GLOBAL_EVENTS_DEPLOYMENT.forwarderRole, props.socEventBusArn);
    this.rules = Object.entries(AWS_GLOBAL_EVENT_PATTERNS).map(
      ([monitor, pattern]) =>
        new events.Rule(this, `Global${monitor}`, {
          ruleName: `${AWS_GLOBAL_EVENTS_DEPLOYMENT.rulePrefix}${monitor}`,
          description: `${globalMonitorDescription(monitor)} (global service events, in us-east-1)`,
          eventPattern: cdkPattern(pattern),
          targets: [target],
        }),
    );
  }
}

/** The description of a global monitor: the home-region rule's, which the us-east-1 rule repeats. */
function globalMonitorDescription(monitor: string): string {
  const description = monitor === 'BreakGlassUse' ? BREAK_GLASS_USE : CIS_MONITORS.find((m) => m.id === monitor)?.description;
  if (description === undefined) throw new Error(`AWS_GLOBAL_EVENT_PATTERNS.${monitor} is not an account baseline monitor`);
  return description;
}
