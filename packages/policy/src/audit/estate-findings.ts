import { ESTATE_RULE_CONTROLS, evaluateEstateRules, type Estate, type Finding } from '@nplz/core';
import { controlFinding } from './finding';

/** The estate checks the audit reports: rule id → the control it implements (the rules live in @nplz/core). */
export const ESTATE_CHECKS: Readonly<Record<string, string>> = ESTATE_RULE_CONTROLS;

/**
 * The estate controls, as findings for every tenancy: the results of the one estate-rule engine
 * (`evaluateEstateRules` in @nplz/core, whose failures `nplz validate` shows as problems) that name
 * a control. Each tenancy gets a pass or a fail per control, so the matrix is complete.
 */
export function estateFindings(estate: Estate, now: Date): Finding[] {
  return evaluateEstateRules(estate, now).flatMap((r) => {
    if (!r.control || !r.tenancy) return [];
    const finding = controlFinding({
      control: r.control,
      status: r.status,
      cloud: 'estate',
      tenancy: r.tenancy,
      resource: `${r.file ?? r.tenancy}#${r.path}`,
      rule: r.rule,
      message: r.message,
    });
    return [r.exception ? { ...finding, exception: r.exception } : finding];
  });
}
