import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/** NPLZ-GOV-03: every tenancy environment (force subscription) has a budget. */
export const tenancyBudget = definePlanCheck({
  name: 'tenancy-budget',
  control: 'NPLZ-GOV-03',
  description: 'Every tenancy environment has a consumption budget',
  check({ index }, emit) {
    for (const g of index.tenancyGroups()) {
      const budgets = g.resources.filter((r) => r.type === T.budget);
      emit(
        g.subject,
        budgets.length
          ? []
          : [
              `tenancy ${g.tenancy} environment ${g.environment} has no ${T.budget}; allowed: a budget on its subscription with the baseline alert thresholds`,
            ],
        `budget ${budgets.map((b) => b.name).join(', ')}`,
      );
    }
  },
});
