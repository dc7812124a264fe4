import type { Estate } from '@nplz/core';
import { NationalLandingZone } from './national-landing-zone';
import { recordPlan, type Plan } from './plan-recorder';

/**
 * Record the plan of the whole Azure estate offline: a NationalLandingZone named `nplz` under
 * the plan recorder (project `nplz`, stack `estate`). `nplz synth` writes it to `<out>/azure/plan.json`.
 */
export function planAzureEstate(estate: Estate): Promise<Plan> {
  return recordPlan(
    () => {
      new NationalLandingZone('nplz', { estate });
    },
    { project: 'nplz', stack: 'estate' },
  );
}
