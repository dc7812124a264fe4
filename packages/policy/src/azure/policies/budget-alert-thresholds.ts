import { defineAzurePolicy } from '../define-policy';
import { num, obj } from '../private/props';
import { T } from '../private/types';

/** NPLZ-GOV-03: a budget has an amount and alerts at every threshold the baseline lists. */
export const budgetAlertThresholds = defineAzurePolicy({
  name: 'budget-alert-thresholds',
  control: 'NPLZ-GOV-03',
  resourceTypes: [T.budget],
  description: 'Budgets alert at every threshold of the baseline',
  validate(props, { baseline }, report) {
    const amount = num(props.amount);
    if (amount === undefined || amount <= 0) report(`amount is ${JSON.stringify(props.amount)}; allowed: a positive monthly amount`);
    const notes = Object.values(obj(props.notifications) ?? {})
      .map(obj)
      .filter((n) => n?.enabled !== false);
    const have = notes.map((n) => num(n?.threshold)).filter((t): t is number => t !== undefined);
    const missing = baseline.budgets.alertThresholds.filter((t) => !have.includes(t));
    if (missing.length)
      report(
        `notifications lack thresholds ${missing.join(', ')}%; allowed: enabled notifications at ${baseline.budgets.alertThresholds.join(', ')}% (baseline ${baseline.version} budgets.alertThresholds)`,
      );
  },
});
