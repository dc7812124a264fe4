import { Match, Template } from 'aws-cdk-lib/assertions';
import { BASELINE_2026_11 } from '@nplz/core';
import { LogArchive } from '@nplz/aws';
import { baselineWith, testStack } from './helpers';

describe('LogArchive', () => {
  const render = () => {
    const stack = testStack('100000000002');
    new LogArchive(stack, 'LogArchive', { baseline: BASELINE_2026_11, organizationId: 'o-nplzsample01' });
    return Template.fromStack(stack);
  };

  test('GIVEN the baseline WHEN rendered THEN the archive is object-locked, KMS-encrypted and kept for the baseline retention', () => {
    const log = BASELINE_2026_11.logging;
    render().hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'nplz-log-archive-100000000002-eu-west-2',
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: log.immutabilityMode, Days: log.immutabilityDays } },
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }],
      },
      LoggingConfiguration: { LogFilePrefix: 'log-archive/' },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            ExpirationInDays: log.securityAuditRetentionDays,
            Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: log.archiveTransitionDays }],
          }),
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  test('AWS Config has its own archive without object lock (Config cannot deliver to one), with the same key, versioning and lifecycle', () => {
    const t = render();
    const log = BASELINE_2026_11.logging;
    const buckets = t.findResources('AWS::S3::Bucket', { Properties: { BucketName: 'nplz-config-archive-100000000002-eu-west-2' } });
    const config = Object.values(buckets)[0]!.Properties;
    expect(config.ObjectLockEnabled).toBeUndefined();
    expect(config.ObjectLockConfiguration).toBeUndefined();
    expect(config.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(config.LoggingConfiguration).toMatchObject({ LogFilePrefix: 'config-archive/' });
    expect(config.LifecycleConfiguration.Rules[0]).toMatchObject({ ExpirationInDays: log.securityAuditRetentionDays });
    expect(config.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
  });

  test('each archive admits only the services that write to it: Config only to its own, trails and flow logs only to the locked one', () => {
    const t = render();
    const policies = Object.values(t.findResources('AWS::S3::BucketPolicy')).map((r) => r.Properties);
    const byBucket = Object.entries(t.findResources('AWS::S3::Bucket')).map(([id, r]) => ({ id, name: String(r.Properties.BucketName) }));
    const idOf = (name: string) => byBucket.find((b) => b.name.startsWith(name))!.id;
    const servicesFor = (name: string) => {
      const policy = policies.find((x) => JSON.stringify(x.Bucket) === JSON.stringify({ Ref: idOf(name) }))!;
      const puts = policy.PolicyDocument.Statement.filter((st: { Action?: string }) => st.Action === 's3:PutObject');
      return puts.flatMap((put: { Principal: { Service: string } }) => [put.Principal.Service].flat()).sort();
    };
    expect(servicesFor('nplz-log-archive-')).toEqual(['cloudtrail.amazonaws.com', 'delivery.logs.amazonaws.com']);
    expect(servicesFor('nplz-config-archive-')).toEqual(['config.amazonaws.com']);
  });

  test('the key rotates and waits the baseline deletion window', () => {
    render().hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      PendingWindowInDays: BASELINE_2026_11.encryption.keyDeletionWindowDays,
    });
  });

  test('the bucket policy admits only organisation log writers and denies deletion to everyone', () => {
    const t = render();
    const policies = Object.values(t.findResources('AWS::S3::BucketPolicy')).map((r) => JSON.stringify(r.Properties));
    const archive = policies.find((p) => p.includes('LogDeliveryPut'))!;
    expect(archive).toContain('"aws:SourceOrgID":"o-nplzsample01"');
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DenyDeletion',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['s3:DeleteBucket', 's3:DeleteBucketPolicy', 's3:DeleteObject', 's3:DeleteObjectVersion'],
          }),
        ]),
      },
    });
  });

  test('every stateful resource is retained on delete', () => {
    const t = render();
    for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key']) {
      const all = t.findResources(type);
      expect(Object.keys(all).length).toBeGreaterThan(0);
      for (const r of Object.values(all)) expect([r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    }
  });

  test('fails if objects would be locked longer than they are kept', () => {
    const b = baselineWith((x) => ({ ...x, logging: { ...x.logging, immutabilityDays: 4000 } }));
    expect(() => new LogArchive(testStack(), 'LogArchive', { baseline: b, organizationId: 'o-nplzsample01' })).toThrow(
      'baseline.logging.immutabilityDays: objects would be locked longer than they are kept\n    received: 4000\n    allowed:  at most securityAuditRetentionDays (2557)',
    );
  });
});
