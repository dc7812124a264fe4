import type { PlanFile, PlanResource } from '@nplz/core';

/** A resource of the recorded Pulumi plan the Azure checks read (the contract's `PlanResource`). */
export type AzurePlanResource = PlanResource;

/** The recorded plan as read from `plan.json` (the contract's `PlanFile`). */
export type AzurePlan = PlanFile;

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
