import type { Estate } from '@nplz/core';
import { AZURE_STACKS, azureStacks, runAzureStack } from './azure-stacks';
import { mergeStackPlans, recordPlan, type Plan } from './plan-recorder';

/**
 * Record the plan of the whole Azure estate offline, stack by stack as it deploys (`azureStacks`):
 * the national stack, each tenancy environment's stack (collaborations after their members), then
 * the national peerings stack, each under the plan recorder as its own run, a StackReference
 * resolving to the outputs of the stack recorded before it. The result is one plan (project `nplz`,
 * stack `estate`) in which every resource names its stack and `stacks` lists each stack's outputs
 * and references. `nplz synth` writes it to `<out>/azure/plan.json`.
 */
export async function planAzureEstate(
  estate: Estate,
  opts: {
    readonly onTenancy?: (tenancy: string, environment: string) => void;
    /** See NationalLandingZoneArgs.budgetStartDate. @default - each zone's baseline release month, so the plan is deterministic */
    readonly budgetStartDate?: string;
  } = {},
): Promise<Plan> {
  const organization = AZURE_STACKS.organization;
  const outputs: Record<string, Record<string, unknown>> = {};
  const plans: Plan[] = [];
  for (const unit of azureStacks(estate, organization)) {
    const plan = await recordPlan(
      () =>
        runAzureStack(estate, unit, {
          organization,
          ...(opts.budgetStartDate ? { budgetStartDate: opts.budgetStartDate } : {}),
        }),
      { project: unit.project, stack: unit.stack, organization, stackReferences: outputs },
    );
    outputs[unit.name] = plan.stacks?.find((s) => s.recorded)?.outputs ?? {};
    plans.push(plan);
    if (unit.tenancy && unit.environment) opts.onTenancy?.(unit.tenancy, unit.environment);
  }
  return mergeStackPlans(plans, AZURE_STACKS.nationalProject, 'estate');
}
