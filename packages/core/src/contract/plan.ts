/**
 * The recorded Pulumi plan (`plan.json`): what the offline recorder in @nplz/azure writes and what
 * every Azure check and the diff read. Defined here so that reading a plan never loads the Pulumi
 * program, or the SDK, that wrote it.
 */

/** The format tag written into every plan file. Bump it on any breaking change to the shape. */
export const PLAN_FORMAT = 'nplz-pulumi-plan/v1';

/** One resource the program registered, as the Pulumi engine would have received it. */
export interface PlanResource {
  /** The resource URN, built the way the engine builds it (parent type chain, project, stack). */
  readonly urn: string;
  /** Type token, e.g. `azure-native:network:VirtualNetwork` or `nplz:azure:ForceLandingZone`. */
  readonly type: string;
  /** Logical (Pulumi) name. */
  readonly name: string;
  /** URN of the parent resource; null only for the stack itself. */
  readonly parent: string | null;
  /** True for custom (cloud) resources, false for components and the stack. */
  readonly custom: boolean;
  /** Mock id of a custom resource (`/nplz-plan/<type>/<name>` or an Azure-shaped id), used to resolve references. */
  readonly id?: string;
  /** Provider reference (`<provider urn>::<id>`) when one was set explicitly or inherited. */
  readonly provider?: string;
  /**
   * Inputs as sent to the engine: keys sorted, secrets masked as `"[secret]"`, unknown values as
   * `"[unknown]"`, resource references as their URN. Empty for components.
   */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** URNs this resource depends on (explicit `dependsOn` and inputs that are other resources' outputs), sorted. */
  readonly dependencies: readonly string[];
  /** Present and true when the resource is protected from deletion by Pulumi. */
  readonly protect?: true;
  /** Present and true when Pulumi leaves the cloud resource in place on delete. */
  readonly retainOnDelete?: true;
  /** Input properties a deployment leaves as they are once the resource exists (`ignoreChanges`), sorted; absent when none. */
  readonly ignoreChanges?: readonly string[];
  /** The tenancy of the ForceLandingZone the resource sits under, if any. */
  readonly tenancy?: string;
  /** The environment of the ForceLandingZone the resource sits under, if any. */
  readonly environment?: string;
  /**
   * The Pulumi stack that deploys the resource, `<organization>/<project>/<stack>`, in a plan
   * recorded as several stacks (the Azure estate: the national stack, one per tenancy environment,
   * the national peerings). Absent in a plan of one program.
   */
  readonly stack?: string;
}

/** One Pulumi stack of a plan recorded as several: what it exports and which stacks it reads. */
export interface PlanStack {
  /** `<organization>/<project>/<stack>`, as a StackReference names it. */
  readonly name: string;
  /** The stack outputs the program exported (plain values; ids are the plan's mock ids). */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Names of the stacks it reads through `pulumi.StackReference`, sorted. */
  readonly references: readonly string[];
  /** False for a stack the plan does not record, only reads (its outputs are what the references were given). */
  readonly recorded: boolean;
}

/** Every resource a program registered, sorted by URN. */
export interface Plan {
  readonly project: string;
  readonly stack: string;
  readonly resources: readonly PlanResource[];
  /** The stacks of a plan recorded as several (each resource names its own in `stack`), sorted by name. */
  readonly stacks?: readonly PlanStack[];
}

/** A plan as written to disk: the plan with the tool and format that wrote it. */
export interface PlanFile extends Plan {
  readonly tool?: string;
  readonly format?: string;
}

/** The value an unresolved input is recorded as; a check does not fail a resource on it. */
export const PLAN_UNKNOWN = '[unknown]';
/** The value a secret input is recorded as. */
export const PLAN_SECRET = '[secret]';

/** The prefix of every NPLZ Pulumi component type token (`nplz:azure:<Component>`). */
export const NPLZ_AZURE_COMPONENT_PREFIX = 'nplz:azure:';

/**
 * Type tokens of the NPLZ Azure components that the checks recognise by type: the components
 * register under these, and the checks find a force landing zone or a baseline resource group's
 * creator by them.
 */
export const NPLZ_AZURE_COMPONENTS = Object.freeze({
  forceLandingZone: `${NPLZ_AZURE_COMPONENT_PREFIX}ForceLandingZone`,
  nationalLandingZone: `${NPLZ_AZURE_COMPONENT_PREFIX}NationalLandingZone`,
} as const);
