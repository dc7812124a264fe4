import { tagKeyFor } from '@nplz/core';
import { isTrue, resolveRef, resourceTags, tenancyTagKey, fail, pass } from '../private/cfn';
import { foreignRangesReached, uncheckableDestination } from '../private/routes';
import type { AwsRule } from '../types';

export const TransitGatewayStaticRouteIsolated: AwsRule = {
  name: 'TransitGatewayStaticRouteIsolated',
  control: 'NPLZ-NET-03',
  resourceTypes: ['AWS::EC2::TransitGatewayRoute'],
  info: "A static Transit Gateway route in a tenancy's route table leads to another tenancy's range, and no collaboration joins them.",
  explanation:
    "No route joins two forces unless a collaboration declares it and every member consents. A tenancy's Transit Gateway route table sends the default route and the hub range to the inspection VPC and blackholes the rest of the estate; a static route to a range the estate gives another tenancy (one it shares no collaboration with) is a way round that isolation. Blackhole routes always comply. Compared with the estate's declared ranges, so checked by `nplz audit`.",
  evaluate(r, ctx) {
    const table = resolveRef(r.Properties?.TransitGatewayRouteTableId, ctx);
    const tags = table ? resourceTags(table.resource) : {};
    const tenancy = tags[tenancyTagKey(ctx)];
    const environment = tags[tagKeyFor(ctx.baseline, 'environment')];
    // Route tables without a tenancy tag (the inspection table) belong to the hub, not to a tenancy.
    if (!tenancy) return 'NOT_APPLICABLE';
    if (isTrue(r.Properties?.Blackhole)) return 'COMPLIANT';
    const unknown = uncheckableDestination(r.Properties, ctx);
    if (unknown)
      return {
        status: 'NON_COMPLIANT',
        message: `${tenancy}'s route table has a route to ${unknown}, which cannot be checked against the estate's ranges; allowed: a literal IPv4 CIDR`,
        about: { tenancy, ...(environment ? { environment } : {}) },
      };
    const reached = foreignRangesReached(tenancy, r.Properties?.DestinationCidrBlock, ctx);
    if (reached === undefined) return 'NOT_APPLICABLE';
    const destination = String(r.Properties?.DestinationCidrBlock);
    // The finding is the tenancy's whose table it is, though the routing stack is national.
    const about = { tenancy, ...(environment ? { environment } : {}) };
    const outcome = reached.length
      ? fail(
          `${tenancy}'s route table sends ${destination} on, and it reaches ${reached.map((x) => `${x.tenancy} (${x.range})`).join(', ')}`,
        )
      : pass(`${tenancy}'s static route to ${destination} reaches no other tenancy's range outside a declared collaboration`);
    return typeof outcome === 'object' ? { ...outcome, about } : outcome;
  },
};
