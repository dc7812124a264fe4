import {
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
  aws_accessanalyzer as accessanalyzer,
  aws_cloudtrail as cloudtrail,
  aws_config as config,
  aws_events as events,
  aws_events_targets as targets,
  aws_guardduty as guardduty,
  aws_iam as iam,
  aws_kms as kms,
  aws_logs as logs,
  aws_securityhub as securityhub,
  aws_sns as sns,
  aws_sns_subscriptions as subs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Baseline, NplzError, SEVERITIES } from '@nplz/core';
import { restrictGrantsToAwsServices } from './private/acknowledge';
import { names } from './private/names';
import { retentionDays } from './private/retention';

export interface SecurityToolingProps {
  /** The baseline whose standards, rules, retention and alerting threshold apply. */
  readonly baseline: Baseline;
  /** AWS Organizations id. */
  readonly organizationId: string;
  /** Name of the object-locked log archive bucket (in the log archive account) the trail delivers to. */
  readonly logArchiveBucketName: string;
  /** Name of the Config archive bucket (`LogArchive.configBucket`) the audit account's Config delivers to. */
  readonly configArchiveBucketName: string;
  /** Where the national security operations centre receives alerts. */
  readonly socEmail: string;
  /**
   * Accounts with no AWS Config recorder, left out of the organisation Config rules (a rule needs a
   * recorder in every account it reaches, the management account included).
   * @default - none
   */
  readonly configRuleExcludedAccounts?: readonly string[];
}

/**
 * Security tooling in the audit account (delegated administrator): the organisation trail,
 * AWS Config recorder, aggregator and organisation rules, GuardDuty, Security Hub with the
 * baseline's standards, IAM Access Analyzer, and routing of findings at or above the
 * baseline's SOC severity to the national security operations centre.
 */
export class SecurityTooling extends Construct {
  public readonly trail: cloudtrail.CfnTrail;
  public readonly key: kms.Key;
  public readonly socTopic: sns.Topic;
  /** The audit account's Security Hub, enabled before the account is designated administrator. */
  public readonly hub: securityhub.CfnHub;

  constructor(scope: Construct, id: string, props: SecurityToolingProps) {
    super(scope, id);
    const { baseline } = props;
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.socEmail)) {
      throw NplzError.of({
        path: 'SecurityTooling.socEmail',
        received: props.socEmail,
        message: 'socEmail is not an email address',
        allowed: 'an address like soc@example.police.uk',
      });
    }
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'Key', {
      description: 'NPLZ security tooling: organisation trail and SOC alerts',
      enableKeyRotation: baseline.encryption.keyRotation,
      pendingWindow: Duration.days(baseline.encryption.keyDeletionWindowDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    restrictGrantsToAwsServices(this.key);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SecurityServices',
        principals: ['cloudtrail.amazonaws.com', 'events.amazonaws.com', `logs.${stack.region}.amazonaws.com`].map(
          (s) => new iam.ServicePrincipal(s),
        ),
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt'],
        resources: ['*'],
      }),
    );

    // Organisation trail: every account, every region, validated files, KMS, and a copy in CloudWatch Logs.
    const trailLogs = new logs.LogGroup(this, 'TrailLogs', {
      retention: retentionDays(baseline.logging.operationalRetentionDays),
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const trailRole = new iam.Role(this, 'TrailLogsRole', { assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com') });
    trailRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${trailLogs.logGroupArn}`] }),
    );
    this.trail = new cloudtrail.CfnTrail(this, 'Trail', {
      trailName: names.organizationTrail,
      isLogging: true,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: this.key.keyArn,
      s3BucketName: props.logArchiveBucketName,
      cloudWatchLogsLogGroupArn: trailLogs.logGroupArn,
      cloudWatchLogsRoleArn: trailRole.roleArn,
    });
    this.trail.node.addDependency(trailRole);

    // AWS Config: recorder, delivery to the archive, organisation aggregator and rules.
    const recorder = new config.CfnConfigurationRecorder(this, 'ConfigRecorder', {
      roleArn: `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    const channel = new config.CfnDeliveryChannel(this, 'ConfigDelivery', {
      s3BucketName: props.configArchiveBucketName,
      s3KeyPrefix: 'config',
    });
    channel.addResourceDependency(recorder);
    const aggregatorRole = new iam.Role(this, 'AggregatorRole', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSConfigRoleForOrganizations')],
    });
    Validations.of(aggregatorRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSConfigRoleForOrganizations]',
      reason: 'AWS publishes and maintains this policy as the exact permission set an organisation Config aggregator needs.',
    });
    new config.CfnConfigurationAggregator(this, 'Aggregator', {
      configurationAggregatorName: 'nplz-organization',
      organizationAggregationSource: { roleArn: aggregatorRole.roleArn, allAwsRegions: true },
    });
    for (const rule of baseline.guardrails.aws.configRules) {
      new config.CfnOrganizationConfigRule(this, `Rule-${rule}`, {
        organizationConfigRuleName: `nplz-${rule.toLowerCase().replace(/_/g, '-')}`,
        organizationManagedRuleMetadata: { ruleIdentifier: rule },
        ...(props.configRuleExcludedAccounts?.length ? { excludedAccounts: [...props.configRuleExcludedAccounts] } : {}),
      });
    }

    // Detection services.
    new guardduty.CfnDetector(this, 'GuardDuty', {
      enable: true,
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      dataSources: { s3Logs: { enable: true }, malwareProtection: { scanEc2InstanceWithFindings: { ebsVolumes: true } } },
    });
    // The detector and the hub are created here, before the audit account is made the delegated
    // administrator: designating an account enables GuardDuty and Security Hub in it, and a template
    // that then declares them fails ("a detector already exists", "already subscribed"). Designating
    // an account that already has them adopts them. The organisation configuration, which only the
    // administrator may create, is SecurityHubOrganization in a later stack.
    const hub = new securityhub.CfnHub(this, 'SecurityHub', { enableDefaultStandards: false, autoEnableControls: true });
    this.hub = hub;
    for (const std of baseline.guardrails.aws.securityHubStandards) {
      new securityhub.CfnStandard(this, `Standard-${std.split('/')[1]}`, {
        standardsArn: `arn:${stack.partition}:securityhub:${stack.region}::${std}`,
      }).addResourceDependency(hub);
    }
    new accessanalyzer.CfnAnalyzer(this, 'AccessAnalyzer', { type: 'ORGANIZATION', analyzerName: 'nplz-organization' });

    // Findings at or above the SOC threshold go to the national SOC.
    this.socTopic = new sns.Topic(this, 'SocTopic', { displayName: 'NPLZ national SOC alerts', masterKey: this.key, enforceSSL: true });
    this.socTopic.addSubscription(new subs.EmailSubscription(props.socEmail));
    // SEVERITIES runs critical → low: the threshold and everything more severe, as Security Hub labels them.
    const threshold = SEVERITIES.indexOf(baseline.alerting.socMinimumSeverity);
    if (threshold < 0) {
      throw NplzError.of({
        path: 'SecurityTooling.baseline.alerting.socMinimumSeverity',
        received: baseline.alerting.socMinimumSeverity,
        message: 'the SOC severity threshold is not a catalog severity',
        allowed: SEVERITIES.join(', '),
      });
    }
    const labels = SEVERITIES.slice(0, threshold + 1)
      .map((s) => s.toUpperCase())
      .reverse();
    new events.Rule(this, 'SocFindings', {
      description: `Security Hub findings at ${labels.join(' or ')} severity to the national SOC`,
      eventPattern: {
        source: ['aws.securityhub'],
        detailType: ['Security Hub Findings - Imported'],
        detail: { findings: { Severity: { Label: labels } } },
      },
      targets: [new targets.SnsTopic(this.socTopic)],
    });
  }
}

export interface SecurityHubDelegationProps {
  /** The audit account: the Security Hub delegated administrator. */
  readonly auditAccount: string;
}

/**
 * In the management account: designates the audit account as the Security Hub delegated
 * administrator (`AWS::SecurityHub::DelegatedAdmin`, which only the management account may create).
 * Deploy it after the audit account's hub exists ({@link SecurityTooling}) and before
 * {@link SecurityHubOrganization}.
 */
export class SecurityHubDelegation extends Construct {
  public readonly delegatedAdmin: securityhub.CfnDelegatedAdmin;
  constructor(scope: Construct, id: string, props: SecurityHubDelegationProps) {
    super(scope, id);
    this.delegatedAdmin = new securityhub.CfnDelegatedAdmin(this, 'DelegatedAdmin', { adminAccountId: props.auditAccount });
  }
}

/**
 * In the audit account, once it is the Security Hub delegated administrator
 * ({@link SecurityHubDelegation}): the organisation configuration, which only the administrator can
 * create, enabling Security Hub in every member account.
 */
export class SecurityHubOrganization extends Construct {
  public readonly configuration: securityhub.CfnOrganizationConfiguration;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.configuration = new securityhub.CfnOrganizationConfiguration(this, 'Configuration', {
      autoEnable: true,
      autoEnableStandards: 'NONE',
      configurationType: 'LOCAL',
    });
  }
}
