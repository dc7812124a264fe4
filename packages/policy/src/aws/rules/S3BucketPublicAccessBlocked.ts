import type { AwsRule } from '../types';
import { fail, isTrue } from '../private/cfn';

const SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;

export const S3BucketPublicAccessBlocked: AwsRule = {
  name: 'S3BucketPublicAccessBlocked',
  control: 'NPLZ-NET-01',
  resourceTypes: ['AWS::S3::Bucket'],
  info: 'The S3 bucket does not block all public access.',
  explanation:
    'Public buckets are the commonest cause of cloud data breaches. Set all four PublicAccessBlockConfiguration settings to true (s3.BlockPublicAccess.BLOCK_ALL).',
  evaluate(r) {
    const pab = r.Properties?.PublicAccessBlockConfiguration ?? {};
    const off = SETTINGS.filter((k) => !isTrue(pab[k]));
    return off.length ? fail(`public access block settings not true: ${off.join(', ')}`) : 'COMPLIANT';
  },
};
