import { AWS_BUDGET_UNITS } from '@nplz/core';
import type { AwsRule } from '../types';
import { fail } from '../private/cfn';

export const BudgetUnitAccepted: AwsRule = {
  name: 'BudgetUnitAccepted',
  control: 'NPLZ-GOV-03',
  resourceTypes: ['AWS::Budgets::Budget'],
  info: 'The cost budget is in a unit AWS Budgets refuses, so the stack fails to create.',
  explanation: `AWS Budgets computes cost in ${AWS_BUDGET_UNITS.join(', ')} whatever the invoice currency, and a COST budget in any other unit fails at create time ("GBP is not in the supported unit set: [USD]"). Render the limit in ${AWS_BUDGET_UNITS.join(', ')}, converting the baseline's GBP figure.`,
  evaluate(r) {
    const b = r.Properties?.Budget;
    if ((b?.BudgetType ?? 'COST') !== 'COST') return 'NOT_APPLICABLE';
    const unit = b?.BudgetLimit?.Unit;
    if (unit === undefined) return 'NOT_APPLICABLE';
    return typeof unit === 'string' && AWS_BUDGET_UNITS.includes(unit) ? 'COMPLIANT' : fail(`unit ${JSON.stringify(unit)}`);
  },
};
