import { NPLZ_TAGS } from '@nplz/core';
import { fail, pass, scopeOf } from '../private/cfn';
import { foreignRangesReached, uncheckableDestination } from '../private/routes';
import type { AwsRule } from '../types';

export const SpokeRouteToTransitGatewayIsolated: AwsRule = {
  name: 'SpokeRouteToTransitGatewayIsolated',
  control: 'NPLZ-NET-03',
  resourceTypes: ['AWS::EC2::Route'],
  info: "A spoke VPC route to the Transit Gateway names another tenancy's range, and no collaboration joins them.",
  explanation:
    "A force's VPC sends everything to the hub by its default route; a more specific route to another tenancy's range (one it shares no collaboration with) asks the Transit Gateway to carry traffic between forces. Route only the default route, the hub range, or a declared collaboration's ranges to the Transit Gateway. Compared with the estate's declared ranges, so checked by `nplz audit`.",
  evaluate(r, ctx) {
    if (scopeOf(r, ctx) !== 'tenancy' || r.Properties?.TransitGatewayId === undefined) return 'NOT_APPLICABLE';
    const tenancy = ctx.stackTags?.[NPLZ_TAGS.tenancy];
    if (!tenancy) return 'NOT_APPLICABLE';
    const unknown = uncheckableDestination(r.Properties, ctx);
    if (unknown)
      return fail(
        `${tenancy}'s VPC routes ${unknown} to the Transit Gateway, which cannot be checked against the estate's ranges; allowed: a literal IPv4 CIDR`,
      );
    const reached = foreignRangesReached(tenancy, r.Properties?.DestinationCidrBlock, ctx);
    if (reached === undefined) return 'NOT_APPLICABLE';
    const destination = String(r.Properties?.DestinationCidrBlock);
    return reached.length
      ? fail(
          `${tenancy}'s VPC routes ${destination} to the Transit Gateway, and it reaches ${reached.map((x) => `${x.tenancy} (${x.range})`).join(', ')}`,
        )
      : pass(
          `${tenancy}'s route to ${destination} through the Transit Gateway reaches no other tenancy's range outside a declared collaboration`,
        );
  },
};
