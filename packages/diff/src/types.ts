import type { BaselineGains } from './baseline-gains';

/** What happens to one resource when a tenancy moves from one baseline version to another. */
export type ChangeAction = 'add' | 'remove' | 'modify' | 'replace';

export interface ResourceChange {
  readonly cloud: 'aws' | 'azure';
  /** Tenancy name, or `national` for the national platform. */
  readonly tenancy: string;
  readonly environment?: string;
  /** CloudFormation stack name (AWS) or Pulumi project/stack (Azure). */
  readonly stack: string;
  /** Construct path (AWS) or Pulumi URN (Azure). */
  readonly resource: string;
  readonly type: string;
  readonly action: ChangeAction;
  /** Property paths that change, e.g. `Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days`. */
  readonly paths: readonly string[];
  /** True for a resource that holds data (bucket, key, log group, vault, workspace...). */
  readonly stateful: boolean;
  /**
   * True when only NPLZ's bookkeeping changes (the `nplz:baseline` or `nplz:force` tag, a budget's start date):
   * nothing the resource does changes. Reported as a count, listed only with `--details`.
   */
  readonly bookkeeping: boolean;
}

export type BreakingKind =
  'stateful-replace' | 'stateful-delete' | 'guardrail-loosened' | 'access-widened' | 'ownership-changed' | 'production-removed';

/**
 * A change the national team must not ship without a decision: data loss, a weaker guardrail, (in
 * a merger) access that reaches beyond the successor, or an environment that stops being production.
 */
export interface BreakingChange {
  readonly kind: BreakingKind;
  readonly cloud: 'aws' | 'azure';
  readonly tenancy: string;
  readonly resource: string;
  readonly type: string;
  readonly message: string;
}

/**
 * Access someone gains: a role assignment, an Identity Center assignment, a role trusting a new
 * principal, a network path between tenancies (a collaboration link). Listed for review.
 */
export interface AccessGranted {
  readonly cloud: 'aws' | 'azure';
  readonly tenancy: string;
  readonly resource: string;
  readonly type: string;
  readonly message: string;
  /** Who gains it: a group or principal id, or `<kind> <value>` for a role's new trust. */
  readonly principal?: string;
  /** Where: an account id (AWS) or the scope (Azure). */
  readonly target?: string;
  /** For a network path: the two address ranges it joins. */
  readonly network?: { readonly from: string; readonly to: string };
}

/** Per tenancy and cloud: counts of each action (bookkeeping-only changes are counted apart). */
export interface ImpactRow {
  tenancy: string;
  cloud: 'aws' | 'azure';
  add: number;
  remove: number;
  modify: number;
  replace: number;
}

/** What changes between two renderings of an estate, whatever made them differ. */
export interface RenderingDiff {
  readonly changes: readonly ResourceChange[];
  readonly breaking: readonly BreakingChange[];
  readonly access: readonly AccessGranted[];
  /** Per tenancy and cloud: counts of each action, bookkeeping-only changes left out. */
  readonly summary: readonly ImpactRow[];
  /** How many changes are bookkeeping only. */
  readonly bookkeeping: number;
}

export interface BaselineDiff extends RenderingDiff {
  readonly from: string;
  readonly to: string;
  /** Baseline changelog entries between the two versions. */
  readonly changelog: readonly string[];
  /** What the move gives every tenancy, read from the two baselines' data (see `baselineGains`). */
  readonly gains: BaselineGains;
}

/**
 * The one verdict a diff's headline and exit code both come from: `breaking` (data loss or a
 * loosened guardrail), `not-ready` (a tenancy must change its spec first), or `clean`.
 */
export type DiffVerdict = 'breaking' | 'not-ready' | 'clean';
