import { findBaseline, LATEST_BASELINE, NPLZ_TAGS, type Baseline } from '@nplz/core';
import type { AzurePlan, AzurePlanResource } from './plan';
import { tagsOf } from './private/props';

export interface AzureEvaluationOptions {
  /**
   * The baseline for resources whose own baseline cannot be told.
   * @default - the latest published baseline
   */
  readonly baseline?: Baseline;
  /**
   * The baseline a resource is checked against.
   * @default - the baseline its `nplz:baseline` tag names, else the one tagged on its tenancy's
   * resources, else `baseline`
   */
  readonly baselineFor?: (resource: AzurePlanResource) => Baseline;
  /**
   * Collaboration tenancy name → member force ids, so NPLZ-NET-03 can allow a member's spoke to
   * peer with its collaboration.
   * @default - no collaborations: any peering between two tenancies fails
   */
  readonly collaborations?: Readonly<Record<string, readonly string[]>>;
  /**
   * Tenancy name → the resource groups its spec declares for its own assets
   * (`localAssets.resourceGroups`). The landing zone creates them unlocked on purpose: they are
   * the force's, so NPLZ-GRD-02 does not require NPLZ's delete locks on them.
   * @default - none: every resource group an NPLZ component creates must be locked
   */
  readonly localResourceGroups?: Readonly<Record<string, readonly string[]>>;
}

/** The resolver the options describe, with the default described on `baselineFor`. */
export function baselineResolver(plan: Pick<AzurePlan, 'resources'>, opts: AzureEvaluationOptions): (r: AzurePlanResource) => Baseline {
  if (opts.baselineFor) return opts.baselineFor;
  const fallback = opts.baseline ?? LATEST_BASELINE;
  const byTenancy = new Map<string, Baseline>();
  for (const r of plan.resources) {
    if (!r.tenancy || byTenancy.has(r.tenancy)) continue;
    const b = findBaseline(tagsOf(r.inputs)[NPLZ_TAGS.baseline] ?? '');
    if (b) byTenancy.set(r.tenancy, b);
  }
  return (r) => findBaseline(tagsOf(r.inputs)[NPLZ_TAGS.baseline] ?? '') ?? (r.tenancy ? byTenancy.get(r.tenancy) : undefined) ?? fallback;
}

/** Accepts a bare baseline where options are expected. */
export function toOptions(v: Baseline | AzureEvaluationOptions | undefined): AzureEvaluationOptions {
  if (!v) return {};
  return 'version' in v && 'controls' in v ? { baseline: v } : v;
}
