import type { Estate } from '@nplz/core';
import { NationalLandingZone } from './national-landing-zone';
import { recordPlan, type Plan } from './plan-recorder';

/**
 * Record the plan of the whole Azure estate offline: a NationalLandingZone named `nplz` under
 * the plan recorder (project `nplz`, stack `estate`). `nplz synth` writes it to `<out>/azure/plan.json`.
 */
export function planAzureEstate(
  estate: Estate,
  opts: {
    readonly onTenancy?: (tenancy: string, environment: string) => void;
    /** See NationalLandingZoneArgs.budgetStartDate. @default - each zone's baseline release month, so the plan is deterministic */
    readonly budgetStartDate?: string;
  } = {},
): Promise<Plan> {
  return recordPlan(
    () => {
      new NationalLandingZone('nplz', {
        estate,
        onTenancy: opts.onTenancy,
        ...(opts.budgetStartDate ? { budgetStartDate: opts.budgetStartDate } : {}),
      });
    },
    { project: 'nplz', stack: 'estate' },
  );
}
