import type { AwsRule } from '../types';
import { fail, isAuditArchiveBucket } from '../private/cfn';

export const S3ArchiveAccessLogged: AwsRule = {
  name: 'S3ArchiveAccessLogged',
  control: 'NPLZ-LOG-05',
  resourceTypes: ['AWS::S3::Bucket'],
  info: 'The audit archive bucket has no server access logging.',
  explanation:
    'Reads of the archive are themselves evidence. Set LoggingConfiguration.DestinationBucketName (serverAccessLogsBucket) to a separate access-log bucket.',
  evaluate(r, ctx) {
    if (!isAuditArchiveBucket(ctx.logicalId, r, ctx)) return 'NOT_APPLICABLE';
    const dest = r.Properties?.LoggingConfiguration?.DestinationBucketName;
    return dest !== undefined && dest !== '' ? 'COMPLIANT' : fail('server access logging is not configured');
  },
};
