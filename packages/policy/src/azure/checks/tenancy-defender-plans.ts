import type { PlanIndex } from '../private/plan-index';
import { arr, at, obj, str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/**
 * Plans switched on nationally: an enforced assignment at a management group of an initiative from
 * the plan whose references deploy (DeployIfNotExists) `Microsoft.Security/pricings` for a plan name.
 */
function nationallyDeployedPlans(index: PlanIndex): Set<string> {
  const out = new Set<string>();
  const groups = index.ofType(T.managementGroup);
  for (const a of index.ofType(T.policyAssignment)) {
    if (a.inputs.enforcementMode === 'DoNotEnforce' || !groups.some((g) => index.refersTo(a.inputs.scope, g))) continue;
    const set = index.resolve(a.inputs.policyDefinitionId);
    if (set?.type !== T.policySetAtMg) continue;
    for (const ref of arr(set.inputs.policyDefinitions).map(obj)) {
      const params = obj(ref?.parameters) ?? {};
      const plan = str(obj(params.planName)?.value);
      const effect = str(obj(params.effect)?.value) ?? 'DeployIfNotExists';
      const def = index.resolve(ref?.policyDefinitionId);
      const deploys = !def || str(at(def.inputs, 'policyRule.then.details.type')) === 'Microsoft.Security/pricings';
      if (plan && effect === 'DeployIfNotExists' && deploys) out.add(plan);
    }
  }
  return out;
}

/**
 * NPLZ-MON-01: every tenancy subscription has every Defender plan the baseline lists on the
 * Standard tier: set in the subscription itself, or deployed into every subscription by a national
 * DeployIfNotExists initiative the plan assigns.
 */
export const tenancyDefenderPlans = definePlanCheck({
  name: 'tenancy-defender-plans',
  control: 'NPLZ-MON-01',
  description: 'Every tenancy environment has the baseline Defender for Cloud plans on the Standard tier',
  check({ index, baselineFor }, emit) {
    const national = nationallyDeployedPlans(index);
    for (const g of index.tenancyGroups()) {
      const b = baselineFor(g.subject);
      const own = g.resources
        .filter((r) => r.type === T.pricing && r.inputs.pricingTier === 'Standard')
        .map((r) => str(r.inputs.pricingName));
      const missing = b.guardrails.azure.defenderPlans.filter((p) => !own.includes(p) && !national.has(p));
      emit(
        g.subject,
        missing.length
          ? [
              `tenancy ${g.tenancy} environment ${g.environment} lacks Defender plans ${missing.join(', ')} on Standard; allowed: every plan of baseline ${b.version} guardrails.azure.defenderPlans, set in the subscription or deployed by a national DeployIfNotExists initiative`,
            ]
          : [],
        `Defender plans ${b.guardrails.azure.defenderPlans.join(', ')} on Standard`,
      );
    }
  },
});
