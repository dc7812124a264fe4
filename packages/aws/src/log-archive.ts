import { Duration, RemovalPolicy, Stack, Validations, aws_iam as iam, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Baseline, NplzError } from '@nplz/core';
import { acknowledgeGuardRule, restrictGrantsToAwsServices } from './private/acknowledge';
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
}

/**
 * The central, KMS-encrypted, object-locked archive for CloudTrail, Config and VPC flow logs.
 * Retention, cold-storage transition and lock mode come from the baseline. The bucket policy
 * admits only the organisation's log-writing services and denies deletion to everyone.
 */
export class LogArchive extends Construct {
  public readonly bucket: s3.Bucket;
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
    const accessLogsResource = this.accessLogsBucket.node.defaultChild!;
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

    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName ?? names.logArchiveBucket(stack.account, stack.region),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      objectLockEnabled: true,
      objectLockDefaultRetention:
        log.immutabilityMode === 'COMPLIANCE'
          ? s3.ObjectLockRetention.compliance(Duration.days(log.immutabilityDays))
          : s3.ObjectLockRetention.governance(Duration.days(log.immutabilityDays)),
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
    (this.bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
      destinationBucketName: this.accessLogsBucket.bucketName,
      logFilePrefix: 'log-archive/',
    };
    this.accessLogsBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'S3ServerAccessLogs',
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.accessLogsBucket.arnForObjects('log-archive/*')],
        conditions: { ArnLike: { 'aws:SourceArn': this.bucket.bucketArn }, StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    acknowledgeGuardRule(
      this.bucket.node.defaultChild!,
      's3_event_notifications_enabled_check',
      'Archive access is watched by GuardDuty S3 protection and the organisation trail; objects are write-once, so there is no change to notify.',
    );

    const orgWriters = { StringEquals: { 'aws:SourceOrgID': props.organizationId } };
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LogWritersCheckAcl',
        principals: logServices.map((s) => new iam.ServicePrincipal(s)),
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: orgWriters,
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LogWritersPut',
        principals: logServices.map((s) => new iam.ServicePrincipal(s)),
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: orgWriters,
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyDeletion',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:DeleteBucket', 's3:DeleteBucketPolicy', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
      }),
    );
  }
}
