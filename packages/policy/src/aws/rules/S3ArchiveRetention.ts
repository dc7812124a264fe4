import type { AwsRule, CfnJson } from '../types';
import { asArray, asNumber, fail, isAuditArchiveBucket } from '../private/cfn';

export const S3ArchiveRetention: AwsRule = {
  name: 'S3ArchiveRetention',
  control: 'NPLZ-RET-01',
  resourceTypes: ['AWS::S3::Bucket'],
  info: 'A lifecycle rule of the audit archive expires objects before the baseline security audit retention.',
  explanation:
    'Retention periods are national decisions held in the baseline (logging.securityAuditRetentionDays), never shortened locally. Expire current and noncurrent versions no earlier than that.',
  evaluate(r, ctx) {
    if (!isAuditArchiveBucket(ctx.logicalId, r, ctx)) return 'NOT_APPLICABLE';
    const min = ctx.baseline.logging.securityAuditRetentionDays;
    const short: string[] = [];
    for (const rule of asArray<CfnJson>(r.Properties?.LifecycleConfiguration?.Rules)) {
      if (rule.Status === 'Disabled') continue;
      const name = rule.Id ?? 'unnamed rule';
      const exp = asNumber(rule.ExpirationInDays);
      if (exp !== undefined && exp < min) short.push(`${name}: objects expire after ${exp} days`);
      const nc = asNumber(rule.NoncurrentVersionExpiration?.NoncurrentDays ?? rule.NoncurrentVersionExpirationInDays);
      if (nc !== undefined && nc < min) short.push(`${name}: noncurrent versions expire after ${nc} days`);
    }
    return short.length ? fail(`${short.join('; ')} (baseline keeps ${min} days)`) : 'COMPLIANT';
  },
};
