import type { AwsRule } from '../types';
import { asNumber, fail } from '../private/cfn';

/** What KMS uses when PendingWindowInDays is not given (an AWS default, not policy). */
const KMS_DEFAULT_PENDING_WINDOW_DAYS = 30;

export const KmsKeyDeletionWindow: AwsRule = {
  name: 'KmsKeyDeletionWindow',
  control: 'NPLZ-ENC-05',
  resourceTypes: ['AWS::KMS::Key'],
  info: 'The KMS key deletion waiting period is shorter than the baseline.',
  explanation:
    'Deleting a key destroys the data it protects; deletion waits encryption.keyDeletionWindowDays (baseline) so a mistake or an attack can be undone. Set PendingWindowInDays to at least that.',
  evaluate(r, ctx) {
    const days = asNumber(r.Properties?.PendingWindowInDays) ?? KMS_DEFAULT_PENDING_WINDOW_DAYS;
    const min = ctx.baseline.encryption.keyDeletionWindowDays;
    return days >= min ? 'COMPLIANT' : fail(`PendingWindowInDays is ${days}, the baseline requires at least ${min}`);
  },
};
