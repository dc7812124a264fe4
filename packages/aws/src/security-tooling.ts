import {
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
  aws_accessanalyzer as accessanalyzer,
  aws_cloudtrail as cloudtrail,
  aws_config as config,
  aws_events as events,
  aws_guardduty as guardduty,
  aws_iam as iam,
  aws_kms as kms,
  aws_logs as logs,
  aws_securityhub as securityhub,
  aws_sns as sns,
  aws_sns_subscriptions as subs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AWS_GLOBAL_EVENTS_DEPLOYMENT, AWS_NAMES, Baseline, NplzError, SEVERITIES } from '@nplz/core';
import { restrictGrantsToAwsServices } from './private/acknowledge';
import { names } from './private/names';
import { retentionDays } from './private/retention';

/** The roles accounts forward their baseline alerts to the SOC bus with: from the home region, and from us-east-1 (global services). */
export const SOC_FORWARDER_ROLES: readonly string[] = [AWS_NAMES.socForwarderRole, AWS_GLOBAL_EVENTS_DEPLOYMENT.forwarderRole];

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
  /**
   * Whether this stack records AWS Config in the audit account. An account and region has one
   * recorder: when the fleet StackSet gives the audit account its account baseline (and so its
   * recorder), this must be false.
   * @default true
   */
  readonly recordConfig?: boolean;
  /**
   * Who enables the baseline's Security Hub standards in the audit account. `account`: this stack,
   * one `AWS::SecurityHub::Standard` each. `central-configuration`: the organisation's configuration
   * policy ({@link SecurityHubOrganization}); once the audit account is centrally managed only the
   * delegated administrator's policies configure it, so this stack declares the hub and no standard.
   * @default 'account'
   */
  readonly standards?: 'account' | 'central-configuration';
}

/**
 * Security tooling in the audit account (delegated administrator): the organisation trail,
 * AWS Config recorder, aggregator and organisation rules, GuardDuty, Security Hub (with the
 * baseline's standards unless central configuration enables them), IAM Access Analyzer, and routing of findings at or above the
 * baseline's SOC severity to the national security operations centre.
 */
export class SecurityTooling extends Construct {
  public readonly trail: cloudtrail.CfnTrail;
  public readonly key: kms.Key;
  public readonly socTopic: sns.Topic;
  /** The audit account's Security Hub, enabled before the account is designated administrator. */
  public readonly hub: securityhub.CfnHub;
  /** The national SOC's event bus (`nplz-soc`): every account forwards its baseline alerts here. */
  public readonly socBus: events.EventBus;

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
      advancedEventSelectors: archiveEventSelectors(stack.partition, [props.logArchiveBucketName, props.configArchiveBucketName]),
    });
    this.trail.node.addDependency(trailRole);

    // AWS Config: recorder, delivery to the archive, organisation aggregator and rules.
    if (props.recordConfig ?? true) {
      const recorder = new config.CfnConfigurationRecorder(this, 'ConfigRecorder', {
        roleArn: `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      });
      const channel = new config.CfnDeliveryChannel(this, 'ConfigDelivery', {
        s3BucketName: props.configArchiveBucketName,
        s3KeyPrefix: 'config',
      });
      channel.addResourceDependency(recorder);
    }
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
    // Under central configuration the standards are the configuration policy's alone: declared here
    // too, they would be a second, conflicting source for a centrally managed account.
    const ownStandards = (props.standards ?? 'account') === 'account' ? baseline.guardrails.aws.securityHubStandards : [];
    for (const std of ownStandards) {
      new securityhub.CfnStandard(this, `Standard-${std.split('/')[1]}`, {
        standardsArn: `arn:${stack.partition}:securityhub:${stack.region}::${std}`,
      }).addResourceDependency(hub);
    }
    new accessanalyzer.CfnAnalyzer(this, 'AccessAnalyzer', { type: 'ORGANIZATION', analyzerName: 'nplz-organization' });

    // Findings at or above the SOC threshold go to the national SOC. The SOC mailbox subscribes
    // once, here; every account forwards its baseline alerts to the SOC bus, and only this
    // account's two rules may publish to the topic.
    this.socTopic = new sns.Topic(this, 'SocTopic', { displayName: 'NPLZ national SOC alerts', masterKey: this.key, enforceSSL: true });
    this.socTopic.addSubscription(new subs.EmailSubscription(props.socEmail));
    const toSoc: events.IRuleTarget = { bind: () => ({ arn: this.socTopic.topicArn }) };
    this.socBus = new events.EventBus(this, 'SocBus', {
      eventBusName: names.socEventBus,
      description: 'NPLZ: baseline alerts of every account',
    });
    this.socBus.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OrganizationAccountsForward',
        principals: [new iam.AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [this.socBus.eventBusArn],
        // Only NPLZ's forwarding roles (the protected nplz- prefix, which only the exempt may create) forward.
        conditions: {
          StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
          ArnLike: { 'aws:PrincipalArn': SOC_FORWARDER_ROLES.map((r) => `arn:${stack.partition}:iam::*:role/${r}`) },
        },
      }),
    );
    const forwarded = new events.Rule(this, 'SocAlerts', {
      ruleName: 'nplz-soc-alerts',
      eventBus: this.socBus,
      description: 'Baseline alerts forwarded by every account, to the national SOC',
      eventPattern: { account: events.Match.exists() },
      targets: [toSoc],
    });
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
    const findings = new events.Rule(this, 'SocFindings', {
      ruleName: 'nplz-soc-findings',
      description: `Security Hub findings at ${labels.join(' or ')} severity to the national SOC`,
      eventPattern: {
        source: ['aws.securityhub'],
        detailType: ['Security Hub Findings - Imported'],
        detail: { findings: { Severity: { Label: labels } } },
      },
      targets: [toSoc],
    });
    // EventBridge publishes for a rule as events.amazonaws.com; aws:SourceArn names the rule (EventBridge
    // User Guide, "Amazon SNS permissions"), so no rule of another account, or another rule here, can publish.
    this.socTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SocRulesPublish',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.socTopic.topicArn],
        conditions: {
          ArnEquals: { 'aws:SourceArn': [findings.ruleArn, forwarded.ruleArn] },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
  }
}

/**
 * The organisation trail's event selectors: every management event, and the S3 data events of the
 * archive buckets, so that every read of an archived object is on record with who read it. The
 * deliveries themselves (`PutObject` by the log services, hundreds of thousands a day) are left
 * out: they are the record, and logging the trail's own deliveries into the bucket they land in
 * only multiplies objects. Every other write (a retention or legal-hold change, an ACL, a copy, a
 * refused delete) is kept.
 */
function archiveEventSelectors(partition: string, buckets: readonly string[]): cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] {
  const arns = buckets.map((b) => `arn:${partition}:s3:::${b}/`);
  const s3Objects = [
    { field: 'eventCategory', equalTo: ['Data'] },
    { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
    { field: 'resources.ARN', startsWith: arns },
  ];
  return [
    { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] },
    { name: 'Archive reads', fieldSelectors: [...s3Objects, { field: 'readOnly', equalTo: ['true'] }] },
    {
      name: 'Archive writes other than deliveries',
      fieldSelectors: [...s3Objects, { field: 'readOnly', equalTo: ['false'] }, { field: 'eventName', notEquals: ['PutObject'] }],
    },
  ];
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

/** The regions Security Hub central configuration links to the home region: the baseline's other allowed regions. */
export function securityHubLinkedRegions(baseline: Baseline): string[] {
  return baseline.regions.aws.allowed.filter((r) => r !== baseline.regions.aws.home);
}

export interface SecurityHubOrganizationProps {
  /** The baseline whose Security Hub standards every account runs. */
  readonly baseline: Baseline;
  /** The organisation root id (`r-...`): the configuration policy is associated with it, so every account inherits it. */
  readonly rootId: string;
  /**
   * Accounts kept self-managed (`SELF_MANAGED_SECURITY_HUB`), associated before the root so the
   * policy never reaches them: the management account, which no StackSet gives a Config recorder.
   * @default - none
   */
  readonly selfManagedAccounts?: readonly string[];
}

/**
 * In the audit account, once it is the Security Hub delegated administrator
 * ({@link SecurityHubDelegation}): central configuration. A finding aggregator in the home region
 * (central configuration's prerequisite, linking the baseline's other allowed regions; a deploy-plan
 * step when there are none, which CloudFormation cannot express), the
 * organisation configuration switched to `CENTRAL`, and one configuration policy, associated with
 * the organisation root, that enables Security Hub and the baseline's standards in every account
 * and allowed region, present and future, but the self-managed accounts (the management account).
 */
export class SecurityHubOrganization extends Construct {
  public readonly configuration: securityhub.CfnOrganizationConfiguration;
  public readonly policy: securityhub.CfnConfigurationPolicy;
  public readonly association: securityhub.CfnPolicyAssociation;
  /** The self-managed associations of {@link SecurityHubOrganizationProps.selfManagedAccounts}. */
  public readonly selfManaged: readonly securityhub.CfnPolicyAssociation[];
  constructor(scope: Construct, id: string, props: SecurityHubOrganizationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { baseline } = props;
    const home = baseline.regions.aws.home;
    const linked = securityHubLinkedRegions(baseline);
    // Central configuration reaches the home region and the linked regions only; the region
    // guardrail denies the rest. CloudFormation's RegionLinkingMode has no NO_REGIONS (the API's
    // mode for a home region alone), so a single-region baseline's aggregator is a deploy-plan step.
    const aggregator = linked.length
      ? new securityhub.CfnFindingAggregator(this, 'Aggregator', { regionLinkingMode: 'SPECIFIED_REGIONS', regions: linked })
      : undefined;
    // Central configuration requires AutoEnable false and AutoEnableStandards NONE: policies decide instead.
    this.configuration = new securityhub.CfnOrganizationConfiguration(this, 'Configuration', {
      autoEnable: false,
      autoEnableStandards: 'NONE',
      configurationType: 'CENTRAL',
    });
    if (aggregator) this.configuration.addResourceDependency(aggregator);
    this.policy = new securityhub.CfnConfigurationPolicy(this, 'Policy', {
      name: 'nplz-baseline',
      description: `NPLZ baseline ${baseline.version}: Security Hub and the baseline's standards in every account`,
      configurationPolicy: {
        securityHub: {
          serviceEnabled: true,
          enabledStandardIdentifiers: baseline.guardrails.aws.securityHubStandards.map(
            (std) => `arn:${stack.partition}:securityhub:${home}::${std}`,
          ),
          // Every control of the enabled standards, including controls AWS adds later.
          securityControlsConfiguration: { disabledSecurityControlIdentifiers: [] },
        },
      },
    });
    this.policy.addResourceDependency(this.configuration);
    this.association = new securityhub.CfnPolicyAssociation(this, 'Association', {
      configurationPolicyId: this.policy.attrId,
      targetType: 'ROOT',
      targetId: props.rootId,
    });
    // An account's own association overrides what it would inherit from the root; made first, the
    // root's policy never applies to it, even for the time between two resources.
    this.selfManaged = (props.selfManagedAccounts ?? []).map((account) => {
      const a = new securityhub.CfnPolicyAssociation(this, `SelfManaged${account}`, {
        configurationPolicyId: 'SELF_MANAGED_SECURITY_HUB',
        targetType: 'ACCOUNT',
        targetId: account,
      });
      a.addResourceDependency(this.configuration);
      this.association.addResourceDependency(a);
      return a;
    });
  }
}
