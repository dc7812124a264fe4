import { str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/** NPLZ-MON-01: every tenancy subscription switches on every Defender plan the baseline lists. */
export const tenancyDefenderPlans = definePlanCheck({
  name: 'tenancy-defender-plans',
  control: 'NPLZ-MON-01',
  description: 'Every tenancy environment enables the baseline Defender for Cloud plans on the Standard tier',
  check({ index, baselineFor }, emit) {
    for (const g of index.tenancyGroups()) {
      const b = baselineFor(g.subject);
      const on = g.resources.filter((r) => r.type === T.pricing && r.inputs.pricingTier === 'Standard').map((r) => str(r.inputs.pricingName));
      const missing = b.guardrails.azure.defenderPlans.filter((p) => !on.includes(p));
      emit(g.subject, missing.length ? [`tenancy ${g.tenancy} environment ${g.environment} lacks Defender plans ${missing.join(', ')} on Standard; allowed: every plan of baseline ${b.version} guardrails.azure.defenderPlans`] : [], `Defender plans ${b.guardrails.azure.defenderPlans.join(', ')} on Standard`);
    }
  },
});
