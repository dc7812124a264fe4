import { collaborates, Ipv4Cidr } from '@nplz/core';
import type { AwsRuleContext } from '../types';

/**
 * Which other tenancies a route from `tenancy`'s table to `destination` reaches, against the
 * estate's declared ranges: every tenancy range the destination overlaps, other than the
 * tenancy's own and those of tenancies it collaborates with. The default route and routes inside
 * the national hub range lead to the hub's inspection, which other rules check (NPLZ-NET-04).
 * Undefined when the estate's ranges are not known or the destination is not a literal CIDR.
 */
export function foreignRangesReached(
  tenancy: string,
  destination: unknown,
  ctx: AwsRuleContext,
): { tenancy: string; range: string }[] | undefined {
  if (!ctx.tenancyRanges || typeof destination !== 'string') return undefined;
  const dest = Ipv4Cidr.tryParse(destination);
  if (typeof dest === 'string') return undefined;
  if (dest.prefix === 0) return [];
  const hub = ctx.hubRange ? Ipv4Cidr.tryParse(ctx.hubRange) : undefined;
  if (hub && typeof hub !== 'string' && hub.contains(dest)) return [];
  const out: { tenancy: string; range: string }[] = [];
  for (const [other, ranges] of Object.entries(ctx.tenancyRanges)) {
    if (other === tenancy || collaborates(tenancy, other, ctx.collaborations ?? {})) continue;
    for (const r of ranges) {
      const c = Ipv4Cidr.tryParse(r);
      if (typeof c !== 'string' && c.overlaps(dest)) out.push({ tenancy: other, range: r });
    }
  }
  return out;
}

/**
 * When the estate's ranges are known, a route whose destination is not a literal IPv4 CIDR (an
 * intrinsic, a prefix list, an IPv6 range) cannot be compared with them, so it cannot be shown to
 * stay inside the tenancy: what it is, for the failure; undefined when the destination is literal
 * or the ranges are not known (the synth-time pack).
 */
export function uncheckableDestination(props: Record<string, unknown> | undefined, ctx: AwsRuleContext): string | undefined {
  if (!ctx.tenancyRanges) return undefined;
  if (props?.DestinationPrefixListId !== undefined) return `a prefix list (${JSON.stringify(props.DestinationPrefixListId)})`;
  if (props?.DestinationIpv6CidrBlock !== undefined) return `an IPv6 range (${JSON.stringify(props.DestinationIpv6CidrBlock)})`;
  const d = props?.DestinationCidrBlock;
  if (typeof d !== 'string') return `a value known only at deploy time (${JSON.stringify(d) ?? 'none'})`;
  return typeof Ipv4Cidr.tryParse(d) === 'string' ? `${d}, which is not an IPv4 CIDR` : undefined;
}
