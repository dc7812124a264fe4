import type { PolicyResource, StackValidationPolicy } from '@pulumi/policy';
import { findBaseline, getControl, LATEST_BASELINE, NPLZ_TAGS, NPLZ_AZURE_COMPONENT_PREFIX } from '@nplz/core';
import type { AzurePlanCheck } from './checks/define-check';
import { enforcementLevelFor } from './define-policy';
import type { AzureEvaluationOptions } from './evaluation-options';
import type { AzurePlan, AzurePlanResource } from './plan';
import { AZURE_PLAN_CHECKS, evaluatePlanChecks } from './plan-checks';
import { str, tagsOf } from './private/props';
import { T } from './private/types';

/**
 * The plan a real engine's stack validation describes, so plan checks run unchanged under
 * `pulumi preview --policy-pack`. Props there are outputs (a superset of inputs for azure-native,
 * unknown for resources a preview creates, which the checks then cannot see). Attribution: a
 * resource under a ForceLandingZone takes the `nplz:tenancy` / `nplz:environment` tags of the
 * first tagged resource under the same zone.
 */
export function planFromStack(resources: readonly PolicyResource[]): AzurePlan {
  const zoneOf = (r: PolicyResource): PolicyResource | undefined => {
    let found: PolicyResource | undefined;
    for (let p = r.parent; p; p = p.parent) if (p.type === T.forceLandingZone) found = p;
    return found ?? (r.type === T.forceLandingZone ? r : undefined);
  };
  const attribution = new Map<string, { tenancy: string; environment: string }>();
  for (const r of resources) {
    const zone = zoneOf(r);
    const tags = tagsOf(r.props ?? {});
    const tenancy = tags[NPLZ_TAGS.tenancy];
    const environment = tags[NPLZ_TAGS.environment];
    if (zone && !attribution.has(zone.urn) && tenancy && environment) attribution.set(zone.urn, { tenancy, environment });
  }
  const out = new Map<string, AzurePlanResource>();
  const add = (r: PolicyResource, custom: boolean) => {
    if (out.has(r.urn)) return;
    const zone = zoneOf(r);
    const a = zone ? attribution.get(zone.urn) : undefined;
    const id = str(r.props?.id);
    out.set(r.urn, {
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent?.urn ?? null,
      custom,
      ...(id ? { id } : {}),
      ...(r.provider ? { provider: `${r.provider.urn}::${str(r.provider.props?.id) ?? ''}` } : {}),
      inputs: r.props ?? {},
      dependencies: r.dependencies.map((d) => d.urn),
      ...(r.opts?.protect ? { protect: true as const } : {}),
      ...(a ? { tenancy: a.tenancy, environment: a.environment } : {}),
    });
  };
  for (const r of resources) {
    // Components carry no cloud props; anything outside the nplz/pulumi namespaces is a cloud resource.
    add(r, !r.type.startsWith(NPLZ_AZURE_COMPONENT_PREFIX) && r.type !== 'pulumi:pulumi:Stack');
    if (r.provider && !out.has(r.provider.urn)) {
      out.set(r.provider.urn, {
        urn: r.provider.urn,
        type: r.provider.type,
        name: r.provider.name,
        parent: null,
        custom: true,
        inputs: r.provider.props ?? {},
        dependencies: [],
      });
    }
  }
  return { project: '', stack: '', resources: [...out.values()] };
}

/**
 * A plan check as a `@pulumi/policy` stack policy. The baseline is the one the stack's
 * `nplz:baseline` tag names, else the latest; resources tagged `nplz:baseline` use their own.
 */
export function stackPolicyFor(
  check: AzurePlanCheck,
  options: Omit<AzureEvaluationOptions, 'baseline' | 'baselineFor'> = {},
): StackValidationPolicy {
  const control = getControl(check.control);
  return {
    name: check.name,
    description: `${check.description} (${check.control})`,
    enforcementLevel: enforcementLevelFor(control.severity),
    severity: control.severity,
    tags: [check.control],
    validateStack(args, reportViolation) {
      const baseline = findBaseline(args.stackTags.get(NPLZ_TAGS.baseline) ?? '') ?? LATEST_BASELINE;
      const plan = planFromStack(args.resources);
      for (const r of evaluatePlanChecks(plan, { ...options, baseline }, [check])) {
        if (r.status === 'fail') reportViolation(r.message, r.urn);
      }
    },
  };
}

/** Every plan check as a stack policy. */
export function azureStackPolicies(options?: Omit<AzureEvaluationOptions, 'baseline' | 'baselineFor'>): StackValidationPolicy[] {
  return AZURE_PLAN_CHECKS.map((c) => stackPolicyFor(c, options));
}
