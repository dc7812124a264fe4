import type { Policies, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from '@pulumi/policy';
import { BASELINES, findBaseline, LATEST_BASELINE, type Baseline, NPLZ_TAGS } from '@nplz/core';
import { AZURE_POLICIES } from './azure-policies';
import type { AzurePolicyFactory } from './define-policy';
import { tagsOf } from './private/props';
import { azureStackPolicies } from './stack-policies';

/**
 * One resource policy for every published baseline: it validates each resource with the instance
 * of the baseline the resource's `nplz:baseline` tag names, else the stack's `nplz:baseline` tag,
 * else the latest baseline. Name, description and enforcement level are the latest instance's.
 */
export function baselineDispatchingPolicy(
  factory: AzurePolicyFactory,
  baselines: readonly Baseline[] = BASELINES,
): ResourceValidationPolicy {
  const instances = new Map(baselines.map((b) => [b.version, factory(b).policy]));
  const latest = factory(LATEST_BASELINE).policy;
  return {
    ...latest,
    description: latest.description.replace(/, baseline [^)]+\)$/, ')'),
    async validateResource(args: ResourceValidationArgs, reportViolation: ReportViolation) {
      const version = tagsOf(args.props ?? {})[NPLZ_TAGS.baseline] ?? args.stackTags?.get(NPLZ_TAGS.baseline) ?? '';
      const policy = (findBaseline(version) && instances.get(version)) || latest;
      const validations =
        policy.validateResource === undefined
          ? []
          : Array.isArray(policy.validateResource)
            ? policy.validateResource
            : [policy.validateResource];
      for (const v of validations) await v(args, reportViolation);
    },
  };
}

/** The policies of the real `nplz-azure` PolicyPack: every resource policy, then every plan check as a stack policy. */
export function azurePackPolicies(): Policies {
  return [...AZURE_POLICIES.map((f) => baselineDispatchingPolicy(f)), ...azureStackPolicies()];
}
