import * as path from 'node:path';
import { AZURE_STACKS, azureStacks, recordPlan, runAzureStack, tenancyProject, tenancyStack, type ForceLandingZone } from '@nplz/azure';
import { loadEstateOrThrow } from '@nplz/core';
import { addLocalAssets } from './local-assets-azure';
import { tenancy } from './tenancy';

/** The Pulumi project of this program: the tenancy's, `surrey-landing-zone`, one stack per environment. */
export const PROJECT = tenancyProject(tenancy.name);

/** What the force's stack is told besides its tenancy spec: everything else comes from the national stack. */
export interface ForceStackSettings {
  /** The tenancy environment this stack deploys: the stack's name (`prod`, `nonprod`). */
  readonly environment: string;
  /**
   * Full name of the national stack it reads (StackReference).
   * @default 'organization/nplz/national'
   */
  readonly nationalStack?: string;
  /**
   * First day of the month the budget starts (`YYYY-MM-01`). A real deployment uses the month it
   * first deploys in (Azure refuses an earlier start); the budget ignores the value afterwards.
   * @default - the landing zone's default, the baseline's release month (for the offline plan)
   */
  readonly budgetStartDate?: string;
}

/**
 * The force's program: the tenancy environment stack of its landing zone (`tenancyStack`, the unit
 * the national estate records and `nplz init` scaffolds), which reads the hub, workspace, management
 * group and policy assignments from the national stack and writes only in the force's subscription
 * (the hub side of its peering is the national peerings stack's), plus the force's own assets.
 */
export async function forceProgram(s: ForceStackSettings): Promise<{ zone: ForceLandingZone; outputs: Record<string, unknown> }> {
  const { zone, outputs } = await tenancyStack({
    tenancy,
    environment: s.environment,
    ...(s.nationalStack ? { nationalStack: s.nationalStack } : {}),
    ...(s.budgetStartDate ? { budgetStartDate: s.budgetStartDate } : {}),
  });
  addLocalAssets(zone);
  return { zone, outputs };
}

/** The national stack's full name the program reads by default. */
export const NATIONAL_STACK = `${AZURE_STACKS.organization}/${AZURE_STACKS.nationalProject}/${AZURE_STACKS.national}`;

/**
 * For the offline plan: the national stack's outputs, recorded by the national stack's own program
 * from the sample estate's national settings (examples/estate) with this tenancy in it, as
 * `pulumi up` would find them after the national stack is deployed.
 */
export async function sampleNationalOutputs(): Promise<Record<string, Record<string, unknown>>> {
  const sample = loadEstateOrThrow(path.resolve(__dirname, '..', '..', 'estate'));
  const entry = sample.tenancies.find((t) => t.spec.name === tenancy.name);
  if (!entry) throw new Error(`examples/estate has no tenancy ${tenancy.name}`);
  const estate = { ...sample, tenancies: [{ ...entry, spec: tenancy }] };
  const national = azureStacks(estate).find((s) => s.kind === 'national');
  if (!national) throw new Error('examples/estate has no azure section');
  const plan = await recordPlan(() => runAzureStack(estate, national), { project: national.project, stack: national.stack });
  return { [national.name]: plan.stacks?.find((s) => s.recorded)?.outputs ?? {} };
}
