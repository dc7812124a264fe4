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
}

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
    acknowledgeGuardRule(
      accessLogsResource,
      's3_event_notifications_enabled_check',
      'Access logs need no event notifications; access to them is itself logged by the organisation trail.',
    );
    acknowledgeGuardRule(
      accessLogsResource,
      's3_bucket_object_lock_enabled_check',
      'Server access logs are operational logs with a lifecycle expiry; the security audit record is the object-locked archive bucket.',
    );

    const lockRetention =
      log.immutabilityMode === 'COMPLIANCE'
        ? s3.ObjectLockRetention.compliance(Duration.days(log.immutabilityDays))
        : s3.ObjectLockRetention.governance(Duration.days(log.immutabilityDays));
    this.bucket = this.archiveBucket('Bucket', {
      bucketName: props.bucketName ?? names.logArchiveBucket(stack.account, stack.region),
      accessLogPrefix: 'log-archive/',
      writers: ['cloudtrail.amazonaws.com', 'delivery.logs.amazonaws.com'],
      defaultRetention: lockRetention,
      organizationId: props.organizationId,
      log,
    });
    this.configBucket = this.archiveBucket('ConfigBucket', {
      bucketName: props.configBucketName ?? names.configArchiveBucket(stack.account, stack.region),
      accessLogPrefix: 'config-archive/',
      writers: ['config.amazonaws.com'],
      organizationId: props.organizationId,
      log,
    });
  }

  /** An archive bucket: the archive key, versioned, access-logged, kept for the baseline retention, never deleted. */
  private archiveBucket(
    id: string,
    opts: {
      readonly bucketName: string;
      readonly accessLogPrefix: string;
      readonly writers: readonly string[];
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
    acknowledgeGuardRule(
      defaultChildOf(bucket),
      's3_event_notifications_enabled_check',
      'Archive access is watched by GuardDuty S3 protection and the organisation trail; objects are only ever added, never changed, so there is no change to notify.',
    );

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
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LogWritersPut',
        principals: writers,
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects('*')],
        conditions: orgWriters,
      }),
    );
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
