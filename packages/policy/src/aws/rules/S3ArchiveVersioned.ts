import type { AwsRule } from '../types';
import { fail, isAuditArchiveBucket } from '../private/cfn';

export const S3ArchiveVersioned: AwsRule = {
  name: 'S3ArchiveVersioned',
  control: 'NPLZ-RET-03',
  resourceTypes: ['AWS::S3::Bucket'],
  info: 'The audit archive bucket is not versioned.',
  explanation: 'Versioning keeps overwritten evidence recoverable. Set VersioningConfiguration.Status to Enabled (versioned: true).',
  evaluate(r, ctx) {
    if (!isAuditArchiveBucket(ctx.logicalId, r, ctx)) return 'NOT_APPLICABLE';
    return r.Properties?.VersioningConfiguration?.Status === 'Enabled' ? 'COMPLIANT' : fail('versioning is not enabled');
  },
};
