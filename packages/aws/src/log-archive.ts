import { Duration, RemovalPolicy, Stack, Validations, aws_iam as iam, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Baseline, NplzError } from '@nplz/core';
import { acknowledgeGuardRule, defaultChildOf, restrictGrantsToAwsServices } from './private/acknowledge';
import { names } from './private/names';

export interface LogArchiveProps {
  /** The baseline whose retention, immutability and encryption settings apply. */
  readonly baseline: Baseline;
  /** AWS Organizations id: only the organisation's log writers may write. */
  readonly organizationId: string;
  /**
   * Archive bucket name.
   * @default - `nplz-log-archive-<account>-<region>`, so forces can name it without an export
   */
  readonly bucketName?: string;
  /**
   * AWS Config's archive bucket name.
   * @default - `nplz-config-archive-<account>-<region>`
   */
  readonly configBucketName?: string;
  /**
   * The organisation trail's ARNs: the only trails CloudTrail may deliver for. AWS names an
   * organisation trail by the management account, which owns every organisation resource, even
   * when a delegated administrator created it; pass both forms while the trail is created by the
   * audit account.
   * @default - any trail named `nplz-organization-trail` (`arn:aws:cloudtrail:*:*:trail/nplz-organization-trail`)
   */
  readonly organizationTrailArns?: readonly string[];
  /**
   * The management account: an organisation trail delivers the management account's own events
   * under `AWSLogs/<management account>/`, beside `AWSLogs/<organisation id>/<account>/`.
   * @default - CloudTrail writes only under `AWSLogs/<organisation id>/`
   */
  readonly managementAccount?: string;
}

/**
 * The IAM policy variable for the account a service acts for. Global condition keys serve as policy
 * variables in requests between AWS services (IAM User Guide, "Policy elements: variables and tags"),
 * so one statement confines every account's delivery to that account's own folder.
 */
const SOURCE_ACCOUNT = '$' + '{aws:SourceAccount}';

/**
 * The key prefixes under which NPLZ's log deliveries write to the archive, by service, before the
 * service's own `AWSLogs/<account>/` part. Each service may write only there, and only under the
 * account the delivery is for (`${aws:SourceAccount}`), so one account's delivery cannot write, or
 * overwrite, under another account's logs.
 */
export const ARCHIVE_DELIVERY_PREFIXES = Object.freeze({
  /** VPC flow logs (force spokes and the inspection VPC): `flow-logs/AWSLogs/<account>/vpcflowlogs/...`. */
  flowLogs: 'flow-logs/',
  /** Network Firewall flow and alert logs: `network-firewall/<type>/AWSLogs/<account>/network-firewall/...`. */
  networkFirewall: ['network-firewall/flow/', 'network-firewall/alert/'],
  /** Route 53 Resolver query logs, delivered with no prefix: `AWSLogs/<account>/vpcdnsquerylogs/...`. */
  resolverQueryLogs: '',
  /** AWS Config (its delivery channel's `s3KeyPrefix`): `config/AWSLogs/<account>/Config/...`. */
  config: 'config/',
} as const);

/**
 * The central, KMS-encrypted archive of the organisation's logs: one object-locked bucket for
 * CloudTrail, VPC flow logs and Network Firewall logs, and one for AWS Config, which cannot deliver
 * to a bucket with Object Lock enabled. Retention, cold-storage transition and lock mode come from
 * the baseline. Each bucket policy admits only the organisation's services that write there and
 * denies deletion to everyone; the guardrails (`nplz-protect-baseline`) deny changing either
 * bucket's policy, versioning, lifecycle, lock or encryption to everyone but NPLZ's deploy roles.
 */
export class LogArchive extends Construct {
  /** The object-locked archive: CloudTrail, VPC flow logs, Network Firewall logs. */
  public readonly bucket: s3.Bucket;
  /** AWS Config's delivery bucket (configuration history and snapshots). */
  public readonly configBucket: s3.Bucket;
  public readonly key: kms.Key;
  public readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    const { baseline } = props;
    const log = baseline.logging;
    if (log.immutabilityDays > log.securityAuditRetentionDays) {
      throw NplzError.of({
        path: 'baseline.logging.immutabilityDays',
        received: log.immutabilityDays,
        message: 'objects would be locked longer than they are kept',
        allowed: `at most securityAuditRetentionDays (${log.securityAuditRetentionDays})`,
      });
    }
    const stack = Stack.of(this);
    const logServices = ['cloudtrail.amazonaws.com', 'config.amazonaws.com', 'delivery.logs.amazonaws.com'];

    this.key = new kms.Key(this, 'Key', {
      description: 'NPLZ log archive: CloudTrail, Config and flow logs',
      alias: names.logArchiveKeyAlias,
      enableKeyRotation: baseline.encryption.keyRotation,
      pendingWindow: Duration.days(baseline.encryption.keyDeletionWindowDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    restrictGrantsToAwsServices(this.key);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OrganizationLogWriters',
        principals: logServices.map((s) => new iam.ServicePrincipal(s)),
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceOrgID': props.organizationId } },
      }),
    );

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      bucketName: names.accessLogBucket(stack.account, stack.region),
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          expiration: Duration.days(log.operationalRetentionDays),
          noncurrentVersionExpiration: Duration.days(log.operationalRetentionDays),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const accessLogsResource = defaultChildOf(this.accessLogsBucket);
    Validations.of(accessLogsResource).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log target of the log archive; logging it to itself would loop.',
    });
    acknowledgeGuardRule(
      accessLogsResource,
      's3_bucket_logging_enabled_check',
      'This is the server access log target of the log archive; logging it to itself would loop.',
    );
    acknowledgeGuardRule(
      accessLogsResource,
      's3_bucket_default_encryption_kms_check',
      'S3 server access logging delivers only to SSE-S3 target buckets; SSE-KMS is not supported for the target.',
    );
    // Object events to EventBridge (CT.S3.PR.4), set on the CloudFormation resource: the L2's notifications add a Lambda.
    (accessLogsResource as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    acknowledgeGuardRule(
      accessLogsResource,
      's3_bucket_object_lock_enabled_check',
      'Server access logs are operational logs with a lifecycle expiry; Object Lock marks the archives, which the audit holds to the security audit retention.',
    );

    const lockRetention =
      log.immutabilityMode === 'COMPLIANCE'
        ? s3.ObjectLockRetention.compliance(Duration.days(log.immutabilityDays))
        : s3.ObjectLockRetention.governance(Duration.days(log.immutabilityDays));
    this.bucket = this.archiveBucket('Bucket', {
      bucketName: props.bucketName ?? names.logArchiveBucket(stack.account, stack.region),
      accessLogPrefix: 'log-archive/',
      writers: ['cloudtrail.amazonaws.com', 'delivery.logs.amazonaws.com'],
      puts: [this.trailWrites(props), this.logDeliveryWrites(props.organizationId)],
      defaultRetention: lockRetention,
      organizationId: props.organizationId,
      log,
    });
    this.configBucket = this.archiveBucket('ConfigBucket', {
      bucketName: props.configBucketName ?? names.configArchiveBucket(stack.account, stack.region),
      accessLogPrefix: 'config-archive/',
      writers: ['config.amazonaws.com'],
      puts: [this.configWrites(props.organizationId)],
      organizationId: props.organizationId,
      log,
    });
  }

  /**
   * CloudTrail: only for the organisation trail (`aws:SourceArn`), under the organisation's and the
   * management account's `AWSLogs/` folders, with the bucket owner in full control (CloudTrail's
   * documented organisation trail bucket policy).
   */
  private trailWrites(props: LogArchiveProps): (bucket: s3.Bucket) => iam.PolicyStatement {
    const trails = props.organizationTrailArns?.length
      ? { StringEquals: { 'aws:SourceArn': [...props.organizationTrailArns] } }
      : { ArnLike: { 'aws:SourceArn': `arn:aws:cloudtrail:*:*:trail/${names.organizationTrail}` } };
    return (bucket) =>
      new iam.PolicyStatement({
        sid: 'OrganizationTrailPut',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [
          bucket.arnForObjects(`AWSLogs/${props.organizationId}/*`),
          ...(props.managementAccount ? [bucket.arnForObjects(`AWSLogs/${props.managementAccount}/*`)] : []),
        ],
        conditions: {
          ...trails,
          StringEquals: {
            ...('StringEquals' in trails ? trails.StringEquals : {}),
            's3:x-amz-acl': 'bucket-owner-full-control',
            'aws:SourceOrgID': props.organizationId,
          },
        },
      });
  }

  /**
   * The CloudWatch Logs delivery service (VPC flow logs, Network Firewall and Resolver query logs):
   * only under NPLZ's prefixes and the delivering account's own `AWSLogs/<account>/`: the
   * service's documented `aws:SourceAccount` key, as a policy variable in the resource, binds the
   * folder to the account whose log source delivers.
   */
  private logDeliveryWrites(organizationId: string): (bucket: s3.Bucket) => iam.PolicyStatement {
    const p = ARCHIVE_DELIVERY_PREFIXES;
    const prefixes = [p.flowLogs, ...p.networkFirewall, p.resolverQueryLogs];
    return (bucket) =>
      new iam.PolicyStatement({
        sid: 'LogDeliveryPut',
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}AWSLogs/${SOURCE_ACCOUNT}/*`)),
        conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceOrgID': organizationId } },
      });
  }

  /** AWS Config: only under `config/AWSLogs/<its own account>/Config/` (Config's documented cross-account delivery policy). */
  private configWrites(organizationId: string): (bucket: s3.Bucket) => iam.PolicyStatement {
    return (bucket) =>
      new iam.PolicyStatement({
        sid: 'ConfigPut',
        principals: [new iam.ServicePrincipal('config.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`${ARCHIVE_DELIVERY_PREFIXES.config}AWSLogs/${SOURCE_ACCOUNT}/Config/*`)],
        conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceOrgID': organizationId } },
      });
  }

  /** An archive bucket: the archive key, versioned, access-logged, kept for the baseline retention, never deleted. */
  private archiveBucket(
    id: string,
    opts: {
      readonly bucketName: string;
      readonly accessLogPrefix: string;
      readonly writers: readonly string[];
      /** Each writer's PutObject statement, each confined to that writer's own prefixes. */
      readonly puts: readonly ((bucket: s3.Bucket) => iam.PolicyStatement)[];
      /** The object lock; absent for AWS Config's bucket, which Config cannot deliver to with Object Lock on. */
      readonly defaultRetention?: s3.ObjectLockRetention;
      readonly organizationId: string;
      readonly log: Baseline['logging'];
    },
  ): s3.Bucket {
    const { log } = opts;
    const stack = Stack.of(this);
    const bucket = new s3.Bucket(this, id, {
      bucketName: opts.bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      ...(opts.defaultRetention ? { objectLockEnabled: true, objectLockDefaultRetention: opts.defaultRetention } : {}),
      lifecycleRules: [
        {
          transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(log.archiveTransitionDays) }],
          expiration: Duration.days(log.securityAuditRetentionDays),
          noncurrentVersionExpiration: Duration.days(log.securityAuditRetentionDays),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Server access logging by bucket policy (not ACLs), whatever the app's feature flags say.
    (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
      destinationBucketName: this.accessLogsBucket.bucketName,
      logFilePrefix: opts.accessLogPrefix,
    };
    this.accessLogsBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `S3ServerAccessLogs${id}`,
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.accessLogsBucket.arnForObjects(`${opts.accessLogPrefix}*`)],
        conditions: { ArnLike: { 'aws:SourceArn': bucket.bucketArn }, StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    if (!opts.defaultRetention) {
      acknowledgeGuardRule(
        defaultChildOf(bucket),
        's3_bucket_object_lock_enabled_check',
        'AWS Config cannot deliver to a bucket with Object Lock enabled. This bucket is versioned, denies deletion in its policy, and the guardrails deny changing its policy, versioning, lifecycle or encryption.',
      );
    }
    // Object events to EventBridge (CT.S3.PR.4), on the CloudFormation resource: the L2's notifications add a Lambda.
    (defaultChildOf(bucket) as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };

    const orgWriters = { StringEquals: { 'aws:SourceOrgID': opts.organizationId } };
    const writers = opts.writers.map((s) => new iam.ServicePrincipal(s));
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LogWritersCheckAcl',
        principals: writers,
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: orgWriters,
      }),
    );
    for (const put of opts.puts) bucket.addToResourcePolicy(put(bucket));
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyDeletion',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:DeleteBucket', 's3:DeleteBucketPolicy', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: [bucket.bucketArn, bucket.arnForObjects('*')],
      }),
    );
    return bucket;
  }
}
