import type { Estate } from '@nplz/core';
import { AZURE_STACKS, azureStacks, runAzureStack } from './azure-stacks';
import { canonicalJson, planReadsCurrentOutputs, type StackPlanCache } from './plan-cache';
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
    /**
     * Where each stack's plan is kept ({@link StackPlanCache}): a stack whose program, inputs and
     * code are unchanged, and which reads of the stacks before it what they export now, is taken
     * from it instead of recorded. The plan is the same either way (a test holds it byte for byte).
     * @default - every stack is recorded
     */
    readonly cache?: StackPlanCache;
  } = {},
): Promise<Plan> {
  const organization = AZURE_STACKS.organization;
  const outputs: Record<string, Record<string, unknown>> = {};
  const plans: Plan[] = [];
  const budget = opts.budgetStartDate ? { budgetStartDate: opts.budgetStartDate } : {};
  const wholeEstate = opts.cache ? { national: estate.national, tenancies: estate.tenancies.map((t) => t.spec) } : undefined;
  for (const unit of azureStacks(estate, organization)) {
    // A tenancy stack's program reads its own spec and, through StackReferences, the national
    // stack (checked on a hit); the national stacks read the whole estate.
    const key = opts.cache
      ? canonicalJson({
          unit,
          inputs: unit.kind === 'tenancy' ? estate.tenancies.find((t) => t.spec.name === unit.tenancy)?.spec : wholeEstate,
          organization,
          ...budget,
          // Stack config the programs read (nplz:auditImmutabilityState, nplz:adoptNetworkWatcher).
          config: process.env.PULUMI_CONFIG ?? null,
        })
      : '';
    const kept = opts.cache?.get(key);
    const plan =
      kept && planReadsCurrentOutputs(kept, outputs)
        ? kept
        : await recordPlan(() => runAzureStack(estate, unit, { organization, ...budget }), {
            project: unit.project,
            stack: unit.stack,
            organization,
            stackReferences: outputs,
          });
    if (opts.cache && plan !== kept) opts.cache.set(key, plan);
    outputs[unit.name] = plan.stacks?.find((s) => s.recorded)?.outputs ?? {};
    plans.push(plan);
    if (unit.tenancy && unit.environment) opts.onTenancy?.(unit.tenancy, unit.environment);
  }
  return mergeStackPlans(plans, AZURE_STACKS.nationalProject, 'estate');
}
