import { getBaseline, isCollaboration, tenancyForces, type Estate } from '@nplz/core';
import type { AzureEvaluationOptions } from './evaluation-options';

/**
 * Evaluation options for a plan of a whole estate: the national baseline as the fallback, and the
 * member forces of every collaboration tenancy (for NPLZ-NET-03). Resources tagged `nplz:baseline`
 * are still checked against their own tenancy's pinned baseline.
 */
export function azureEvaluationOptionsFor(estate: Estate): AzureEvaluationOptions {
  const collaborations: Record<string, readonly string[]> = {};
  for (const { spec } of estate.tenancies) if (isCollaboration(spec)) collaborations[spec.name] = tenancyForces(spec);
  return { baseline: getBaseline(estate.national.baseline), collaborations };
}
