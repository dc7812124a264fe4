import type { AwsRule, CfnJson } from '../types';
import { asArray, asNumber, fail } from '../private/cfn';

export const BudgetNotifies: AwsRule = {
  name: 'BudgetNotifies',
  control: 'NPLZ-GOV-03',
  resourceTypes: ['AWS::Budgets::Budget'],
  info: 'The budget does not alert someone at every baseline threshold.',
  explanation:
    'Unexpected spend is often the first sign of a compromised account. Give the budget a notification with at least one subscriber at each percentage in budgets.alertThresholds (baseline).',
  evaluate(r, ctx) {
    const notes = asArray<CfnJson>(r.Properties?.NotificationsWithSubscribers).filter((n) => asArray(n.Subscribers).length > 0);
    const thresholds = notes
      .filter((n) => (n.Notification?.ThresholdType ?? 'PERCENTAGE') === 'PERCENTAGE')
      .map((n) => asNumber(n.Notification?.Threshold))
      .filter((x): x is number => x !== undefined);
    const missing = ctx.baseline.budgets.alertThresholds.filter((t) => !thresholds.includes(t));
    return missing.length ? fail(`no notification with subscribers at ${missing.map((m) => `${m}%`).join(', ')}`) : 'COMPLIANT';
  },
};
