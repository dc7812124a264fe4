import type { Baseline, NationalSettings, TenancySpec } from '@nplz/core';
import { isCollaboration } from '@nplz/core';
import { Stack, Tags } from 'aws-cdk-lib';

/** Value of `nplz:force` on national resources. */
export const NATIONAL_FORCE_TAG = 'national';
/** Value of `nplz:force` on collaboration tenancies (the baseline's documented convention). */
export const COLLABORATION_FORCE_TAG = 'collaboration';

/**
 * The baseline's required tags for one environment of a tenancy, in the baseline's order.
 * Every value comes from the spec; `spec`-sourced tags come from `spec.tags`.
 */
export function tenancyTags(baseline: Baseline, spec: TenancySpec, environment: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of baseline.requiredTags) {
    switch (t.source) {
      case 'force':
        out[t.key] = isCollaboration(spec) ? COLLABORATION_FORCE_TAG : spec.force!;
        break;
      case 'tenancy':
        out[t.key] = spec.name;
        break;
      case 'environment':
        out[t.key] = environment;
        break;
      case 'classification':
        out[t.key] = spec.classification;
        break;
      case 'baseline':
        out[t.key] = baseline.version;
        break;
      case 'spec': {
        const v = spec.tags[t.key];
        if (v !== undefined) out[t.key] = v;
        break;
      }
    }
  }
  return out;
}

/** Required tags for national platform resources (tenancy "national", environment "national"). */
export function nationalTags(
  baseline: Baseline,
  national: NationalSettings,
  classification = 'OFFICIAL-SENSITIVE',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of baseline.requiredTags) {
    switch (t.source) {
      case 'force':
      case 'tenancy':
      case 'environment':
        out[t.key] = NATIONAL_FORCE_TAG;
        break;
      case 'classification':
        out[t.key] = classification;
        break;
      case 'baseline':
        out[t.key] = baseline.version;
        break;
      case 'spec': {
        const v = national.tags[t.key];
        if (v !== undefined) out[t.key] = v;
        break;
      }
    }
  }
  return out;
}

/**
 * Resource types that CloudFormation replaces when their tags change. The required tags change
 * with baselines (the `nplz:baseline` value on every upgrade; a new required key, as in 2027.02),
 * so they are kept off these types: the stack carries them, which is where the tag checks look.
 * Otherwise every upgrade would replace every Transit Gateway route table in the estate
 * (found with `nplz diff`).
 */
export const REPLACED_ON_TAG_CHANGE: readonly string[] = [
  'AWS::EC2::TransitGatewayRouteTable',
  'AWS::Route53Resolver::ResolverQueryLoggingConfig',
];

/** Tag a stack with the baseline's required tags, keeping them off replace-on-tag-change types. */
export function tagStack(stack: Stack, tags: Record<string, string>): void {
  for (const [k, v] of Object.entries(tags)) Tags.of(stack).add(k, v, { excludeResourceTypes: [...REPLACED_ON_TAG_CHANGE] });
}
