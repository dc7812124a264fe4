/**
 * The recorded Pulumi plan the Azure checks read (`plan.json`, format `nplz-pulumi-plan/v1`,
 * written by the offline recorder in @nplz/azure). The shape is restated here structurally so the
 * policy package reads any plan file without loading the Pulumi program that wrote it.
 */

/** One registered resource: a cloud resource (`custom: true`), a component or a provider. */
export interface AzurePlanResource {
  readonly urn: string;
  /** Type token, e.g. `azure-native:storage:StorageAccount`, `nplz:azure:ForceLandingZone`. */
  readonly type: string;
  readonly name: string;
  readonly parent: string | null;
  readonly custom: boolean;
  /** Mock (or Azure-shaped) id; other resources' inputs refer to this resource by it. */
  readonly id?: string;
  /** `<provider urn>::<provider id>` when the resource has an explicit or inherited provider. */
  readonly provider?: string;
  /** Inputs: keys sorted, secrets `"[secret]"`, unknowns `"[unknown]"`, resource references as URNs. */
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly dependencies: readonly string[];
  readonly protect?: true;
  readonly retainOnDelete?: true;
  /** Tenancy of the ForceLandingZone the resource sits under. */
  readonly tenancy?: string;
  /** Environment of the ForceLandingZone the resource sits under. */
  readonly environment?: string;
}

export interface AzurePlan {
  readonly tool?: string;
  readonly format?: string;
  readonly project: string;
  readonly stack: string;
  readonly resources: readonly AzurePlanResource[];
}

/** The plan format this package reads. */
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
