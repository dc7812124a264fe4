import type { Plan, PlanResource } from '@nplz/azure';

/**
 * The recorded Pulumi plan the Azure checks read (`plan.json`, format `nplz-pulumi-plan/v1`), as
 * the offline recorder in @nplz/azure defines it. Only the types are imported: reading a plan never
 * loads the Pulumi program that wrote it.
 */
export type AzurePlanResource = PlanResource;

export interface AzurePlan extends Plan {
  readonly tool?: string;
  readonly format?: string;
}

/** The plan format this package reads (the recorder's `PLAN_FORMAT`; a test keeps them equal). */
export const AZURE_PLAN_FORMAT = 'nplz-pulumi-plan/v1';

/** Pass or fail of one policy or plan check on one resource. */
export interface AzurePolicyResult {
  /** Policy or plan-check name (kebab-case), the `rule` of a finding. */
  readonly policy: string;
  /** Control id the policy implements, e.g. `NPLZ-NET-01`. */
  readonly control: string;
  /** URN of the resource the result is about. */
  readonly urn: string;
  readonly name: string;
  readonly type: string;
  readonly tenancy?: string;
  readonly environment?: string;
  readonly status: 'pass' | 'fail';
  readonly message: string;
}
