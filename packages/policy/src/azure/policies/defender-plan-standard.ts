import { defineAzurePolicy } from '../define-policy';
import { show, str } from '../private/props';
import { T } from '../private/types';

/** NPLZ-MON-01: a Defender for Cloud plan the baseline lists is on the Standard tier. */
export const defenderPlanStandard = defineAzurePolicy({
  name: 'defender-plan-standard',
  control: 'NPLZ-MON-01',
  resourceTypes: [T.pricing],
  description: 'Defender for Cloud plans the baseline lists are on the Standard tier',
  validate(props, { baseline }, report) {
    const plan = str(props.pricingName);
    if (!plan || !baseline.guardrails.azure.defenderPlans.includes(plan)) return;
    if (props.pricingTier !== 'Standard')
      report(
        `pricingTier of ${plan} is ${show(props.pricingTier)}; allowed: "Standard" (baseline ${baseline.version} guardrails.azure.defenderPlans)`,
      );
  },
});
