import type { AzurePlanResource } from '../plan';
import type { PlanIndex } from '../private/plan-index';
import { arr, at, obj, str } from '../private/props';
import { REMEDIATION_TYPES, T } from '../private/types';
import { definePlanCheck } from './define-check';

/** Where a plan is switched on nationally: the assignment and the initiative member that deploys it. */
interface NationalPlan {
  readonly assignment: AzurePlanResource;
  readonly referenceId?: string;
}

/**
 * Plans switched on nationally: an enforced assignment at a management group of an initiative from
 * the plan whose references deploy (DeployIfNotExists) `Microsoft.Security/pricings` for a plan name.
 */
function nationallyDeployedPlans(index: PlanIndex): Map<string, NationalPlan[]> {
  const out = new Map<string, NationalPlan[]>();
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
      if (plan && effect === 'DeployIfNotExists' && deploys) {
        const referenceId = str(ref?.policyDefinitionReferenceId);
        out.set(plan, [...(out.get(plan) ?? []), { assignment: a, ...(referenceId ? { referenceId } : {}) }]);
      }
    }
  }
  return out;
}

/**
 * NPLZ-MON-01: every tenancy subscription has every Defender plan the baseline lists on the
 * Standard tier: set in the subscription itself, or deployed by a national DeployIfNotExists
 * initiative the plan assigns together with a remediation task in the subscription for that plan's
 * initiative member. DeployIfNotExists alone acts only on resources created or changed after the
 * assignment, so a subscription placed later would stay without the plan.
 */
export const tenancyDefenderPlans = definePlanCheck({
  name: 'tenancy-defender-plans',
  control: 'NPLZ-MON-01',
  description:
    'Every tenancy environment has the baseline Defender for Cloud plans on the Standard tier (set in it, or deployed nationally and remediated in it)',
  check({ index, baselineFor }, emit) {
    const national = nationallyDeployedPlans(index);
    for (const g of index.tenancyGroups()) {
      const b = baselineFor(g.subject);
      const own = g.resources
        .filter((r) => r.type === T.pricing && r.inputs.pricingTier === 'Standard')
        .map((r) => str(r.inputs.pricingName));
      const remediations = g.resources.filter((r) => REMEDIATION_TYPES.includes(r.type));
      const remediated = (n: NationalPlan) =>
        remediations.some(
          (r) =>
            index.refersTo(r.inputs.policyAssignmentId, n.assignment) &&
            (n.referenceId === undefined || r.inputs.policyDefinitionReferenceId === n.referenceId),
        );
      const problems: string[] = [];
      const missing = b.guardrails.azure.defenderPlans.filter((p) => !own.includes(p) && !national.has(p));
      if (missing.length)
        problems.push(
          `tenancy ${g.tenancy} environment ${g.environment} lacks Defender plans ${missing.join(', ')} on Standard; allowed: every plan of baseline ${b.version} guardrails.azure.defenderPlans, set in the subscription or deployed by a national DeployIfNotExists initiative`,
        );
      const unremediated = b.guardrails.azure.defenderPlans.filter((p) => {
        const deployed = national.get(p);
        return !own.includes(p) && deployed !== undefined && !deployed.some(remediated);
      });
      if (unremediated.length)
        problems.push(
          `tenancy ${g.tenancy} environment ${g.environment} has no remediation task for the national Defender plans ${unremediated.join(', ')}; allowed: a ${T.remediationAtSubscription} per plan naming the assignment and the plan's policyDefinitionReferenceId (DeployIfNotExists does not reach a subscription placed after the assignment)`,
        );
      emit(g.subject, problems, `Defender plans ${b.guardrails.azure.defenderPlans.join(', ')} on Standard`);
    }
  },
});
