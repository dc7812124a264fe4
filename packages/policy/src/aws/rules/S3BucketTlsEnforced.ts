import type { AwsRule } from '../types';
import { conditionValues, fail, pointsAt, resourcesOfType, statements } from '../private/cfn';

export const S3BucketTlsEnforced: AwsRule = {
  name: 'S3BucketTlsEnforced',
  control: 'NPLZ-ENC-04',
  resourceTypes: ['AWS::S3::Bucket'],
  info: 'The S3 bucket accepts requests over plain HTTP.',
  explanation:
    'Storage must refuse plain-text connections. Attach a bucket policy that denies every action when aws:SecureTransport is false (enforceSSL: true).',
  evaluate(r, ctx) {
    const policies = resourcesOfType(ctx, 'AWS::S3::BucketPolicy').filter(([, p]) => pointsAt(p.Properties?.Bucket, ctx.logicalId));
    const denies = policies.some(([, p]) =>
      statements(p.Properties?.PolicyDocument).some(
        (s) => s.Effect === 'Deny' && conditionValues(s, 'Bool', 'aws:SecureTransport').some((v) => v.toLowerCase() === 'false'),
      ),
    );
    if (denies) return 'COMPLIANT';
    return fail(
      policies.length
        ? 'the bucket policy does not deny requests where aws:SecureTransport is false'
        : 'no bucket policy in the template denies insecure transport',
    );
  },
};
