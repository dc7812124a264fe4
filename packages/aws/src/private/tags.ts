import type { Baseline, NationalSettings, TenancySpec } from '@nplz/core';
import { nationalTagValues, requiredTagValues, tenancyTagValues } from '@nplz/core';
import { Stack, Tags } from 'aws-cdk-lib';

/** The baseline's required tags for one environment of a tenancy (see @nplz/core `requiredTagValues`). */
export function tenancyTags(baseline: Baseline, spec: TenancySpec, environment: string): Record<string, string> {
  return requiredTagValues(baseline, tenancyTagValues(spec, environment));
}

/** Required tags for national platform resources. */
export function nationalTags(baseline: Baseline, national: NationalSettings): Record<string, string> {
  return requiredTagValues(baseline, nationalTagValues(national));
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
