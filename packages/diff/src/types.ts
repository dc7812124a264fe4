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
}

export type BreakingKind = 'stateful-replace' | 'stateful-delete' | 'guardrail-loosened';

/** A change the national team must not ship without a decision: data loss or a weaker guardrail. */
export interface BreakingChange {
  readonly kind: BreakingKind;
  readonly cloud: 'aws' | 'azure';
  readonly tenancy: string;
  readonly resource: string;
  readonly type: string;
  readonly message: string;
}

export interface BaselineDiff {
  readonly from: string;
  readonly to: string;
  /** Baseline changelog entries between the two versions. */
  readonly changelog: readonly string[];
  readonly changes: readonly ResourceChange[];
  readonly breaking: readonly BreakingChange[];
  /** Per tenancy and cloud: counts of each action. */
  readonly summary: readonly { tenancy: string; cloud: 'aws' | 'azure'; add: number; remove: number; modify: number; replace: number }[];
}
