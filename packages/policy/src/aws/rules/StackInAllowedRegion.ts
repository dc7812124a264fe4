import { AWS_GLOBAL_EVENTS_DEPLOYMENT } from '@nplz/core';
import type { AwsRule, CfnResourceJson } from '../types';
import { fail } from '../private/cfn';

/**
 * The one footprint NPLZ deploys outside the allowed regions (`AWS_GLOBAL_EVENTS_DEPLOYMENT`): in
 * us-east-1, the global-events rules (`nplz-baseline-global-*`), their forwarder role (IAM is
 * global) and that role's own policy. The management account's `Nplz-ManagementGlobalEvents` stack
 * is exactly this; anything else there is still out of region.
 */
function isGlobalEventsFootprint(r: CfnResourceJson, resources: Record<string, CfnResourceJson>): boolean {
  const ge = AWS_GLOBAL_EVENTS_DEPLOYMENT;
  const p = r.Properties ?? {};
  const isForwarder = (x: CfnResourceJson | undefined) => x?.Type === 'AWS::IAM::Role' && x.Properties?.RoleName === ge.forwarderRole;
  switch (r.Type) {
    case 'AWS::Events::Rule':
      return typeof p.Name === 'string' && p.Name.startsWith(ge.rulePrefix) && p.EventBusName === undefined;
    case 'AWS::IAM::Role':
      return isForwarder(r);
    case 'AWS::IAM::Policy': {
      const roles = Array.isArray(p.Roles) ? (p.Roles as unknown[]) : [];
      const refs = roles.map((x) => (x && typeof x === 'object' && 'Ref' in x ? (x).Ref : undefined));
      return (
        roles.length > 0 &&
        p.Users === undefined &&
        p.Groups === undefined &&
        refs.every((ref) => typeof ref === 'string' && isForwarder(resources[ref]))
      );
    }
    default:
      return false;
  }
}

export const StackInAllowedRegion: AwsRule = {
  name: 'StackInAllowedRegion',
  control: 'NPLZ-RES-02',
  resourceTypes: ['*'],
  info: 'The resource is deployed to a region the baseline does not allow.',
  explanation:
    'Every tenancy stack is placed in a region the pinned baseline allows (regions.aws.allowed; home is regions.aws.home). Give the stack env.region from the baseline. Environment-agnostic stacks are not checked here.',
  evaluate(r, ctx) {
    if (ctx.region === undefined) return 'NOT_APPLICABLE';
    const { allowed, home } = ctx.baseline.regions.aws;
    if (allowed.includes(ctx.region)) return 'COMPLIANT';
    if (ctx.region === AWS_GLOBAL_EVENTS_DEPLOYMENT.region && isGlobalEventsFootprint(r, ctx.resources)) return 'COMPLIANT';
    return fail(`region ${ctx.region} is not allowed; use ${home} (allowed: ${allowed.join(', ')})`);
  },
};
