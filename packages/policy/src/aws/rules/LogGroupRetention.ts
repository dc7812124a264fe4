import type { AwsRule } from '../types';
import { asNumber, fail } from '../private/cfn';

export const LogGroupRetention: AwsRule = {
  name: 'LogGroupRetention',
  control: 'NPLZ-RET-01',
  resourceTypes: ['AWS::Logs::LogGroup'],
  info: 'The log group keeps logs for less than the baseline operational retention.',
  explanation:
    'Log retention is a national decision (logging.operationalRetentionDays in the baseline). Set RetentionInDays to at least that, or leave it unset to keep logs indefinitely.',
  evaluate(r, ctx) {
    const days = asNumber(r.Properties?.RetentionInDays);
    const min = ctx.baseline.logging.operationalRetentionDays;
    if (days === undefined) return 'COMPLIANT';
    return days >= min ? 'COMPLIANT' : fail(`retention of ${days} days is shorter than the baseline ${min}`);
  },
};
