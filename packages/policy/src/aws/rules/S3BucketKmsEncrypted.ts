import type { AwsRule, CfnJson } from '../types';
import { asArray, fail, pass, pointsAt } from '../private/cfn';

export const S3BucketKmsEncrypted: AwsRule = {
  name: 'S3BucketKmsEncrypted',
  control: 'NPLZ-ENC-01',
  resourceTypes: ['AWS::S3::Bucket'],
  info: 'The S3 bucket is not encrypted with a customer-managed KMS key.',
  explanation:
    'Customer-managed keys give control over, and an audit trail of, every decryption. Use SSE-KMS (aws:kms or aws:kms:dsse) with KMSMasterKeyID set to a customer-managed key. A bucket that only receives S3 server access logs may use SSE-S3, because S3 log delivery does not support SSE-KMS targets.',
  evaluate(r, ctx) {
    const rules = asArray<CfnJson>(r.Properties?.BucketEncryption?.ServerSideEncryptionConfiguration);
    const sse = rules.map((x) => x?.ServerSideEncryptionByDefault).find((x) => x);
    const algorithm = sse?.SSEAlgorithm;
    if ((algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse') && sse.KMSMasterKeyID !== undefined && sse.KMSMasterKeyID !== '') {
      return 'COMPLIANT';
    }
    const isAccessLogTarget = Object.values(ctx.resources).some(
      (o) => o.Type === 'AWS::S3::Bucket' && pointsAt(o.Properties?.LoggingConfiguration?.DestinationBucketName, ctx.logicalId),
    );
    if (algorithm === 'AES256' && isAccessLogTarget) {
      return pass('server access log target: SSE-S3 is the only encryption S3 log delivery supports');
    }
    if (!algorithm) return fail('no default encryption configured');
    if (algorithm === 'AES256') return fail('encrypted with S3-managed keys (SSE-S3), not a customer-managed KMS key');
    return fail(`${algorithm} without a KMSMasterKeyID: the AWS-managed aws/s3 key is used`);
  },
};
