import { type Estate, type Finding, type PlanFile } from '@nplz/core';
import { evaluateEffectiveAccess } from '../azure/checks/effective-access';
import { azurePlanFinding } from './finding';

/**
 * Azure effective access as findings: what each group can do where, from the plan's role
 * assignments, PIM eligibilities and management-group hierarchy (see {@link evaluateEffectiveAccess}),
 * each finding naming the grant's URN.
 */
export function effectiveAccessFindings(plan: Pick<PlanFile, 'resources'>, estate: Estate): Finding[] {
  return evaluateEffectiveAccess(plan, estate).map(azurePlanFinding);
}
