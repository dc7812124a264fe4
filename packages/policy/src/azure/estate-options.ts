import { consentedMembers, getBaseline, type Estate } from '@nplz/core';
import type { AzureEvaluationOptions } from './evaluation-options';

/**
 * Evaluation options for a plan of a whole estate: the national baseline as the fallback, and the
 * consenting member tenancies of every collaboration (for NPLZ-NET-03, from the contract's
 * membership rules, as on AWS). Resources tagged `nplz:baseline` are still checked against their
 * own tenancy's pinned baseline.
 */
export function azureEvaluationOptionsFor(estate: Estate): AzureEvaluationOptions {
  return {
    baseline: getBaseline(estate.national.baseline),
    collaborations: consentedMembers(estate.tenancies.map((t) => t.spec)),
    localResourceGroups: localResourceGroupsOf(estate),
  };
}

/** Tenancy name → the resource groups its spec declares for its own assets (see AzureEvaluationOptions.localResourceGroups). */
export function localResourceGroupsOf(estate: Pick<Estate, 'tenancies'>): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const { spec } of estate.tenancies) if (spec.localAssets?.resourceGroups?.length) out[spec.name] = spec.localAssets.resourceGroups;
  return out;
}
