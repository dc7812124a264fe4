import type { AwsRule } from '../types';
import { defaultLockDays, fail, isAuditArchiveBucket, isConfigArchiveBucket, isTrue } from '../private/cfn';

export const S3ArchiveObjectLocked: AwsRule = {
  name: 'S3ArchiveObjectLocked',
  control: 'NPLZ-LOG-03',
  resourceTypes: ['AWS::S3::Bucket'],
  info: 'The audit archive bucket is not object-locked in the baseline mode for at least the baseline immutability period.',
  explanation:
    'Evidence must survive an attacker with administrator rights. Enable object lock with a default retention in the baseline mode (logging.immutabilityMode) for at least logging.immutabilityDays. The AWS Config archive is the exception: Config cannot deliver to a bucket with Object Lock enabled, so the guardrails protect it instead.',
  evaluate(r, ctx) {
    if (!isAuditArchiveBucket(ctx.logicalId, r, ctx)) return 'NOT_APPLICABLE';
    const p = r.Properties ?? {};
    const want = ctx.baseline.logging;
    if (isConfigArchiveBucket(ctx.logicalId, r, ctx)) {
      return isTrue(p.ObjectLockEnabled)
        ? fail(
            'AWS Config delivers here, and Config cannot deliver to a bucket with Object Lock enabled: deliver Config to a bucket without it',
          )
        : 'COMPLIANT';
    }
    if (!isTrue(p.ObjectLockEnabled)) return fail('object lock is not enabled');
    const d = p.ObjectLockConfiguration?.Rule?.DefaultRetention;
    if (p.ObjectLockConfiguration?.ObjectLockEnabled !== 'Enabled' || !d) return fail('no default object lock retention');
    if (d.Mode !== want.immutabilityMode) return fail(`retention mode ${d.Mode} is not the baseline ${want.immutabilityMode}`);
    const days = defaultLockDays(p);
    if (days === undefined || days < want.immutabilityDays)
      return fail(`default retention of ${days ?? 'unknown'} days is shorter than the baseline ${want.immutabilityDays}`);
    return 'COMPLIANT';
  },
};
