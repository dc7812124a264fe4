import { Ipv4Cidr, DEFAULT_ROUTE_IPV4 } from '@nplz/core';
import type { AzurePlanResource } from '../plan';
import { PLATFORM_SUBNETS, spokeVnets, subnetsOf } from '../private/network';
import { arr, obj, str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

function contains(range: string, ip: string): boolean {
  const r = Ipv4Cidr.tryParse(range);
  const a = Ipv4Cidr.tryParse(`${ip}/32`);
  return typeof r !== 'string' && typeof a !== 'string' && r.contains(a);
}

/**
 * NPLZ-NET-04: every workload subnet of every spoke has a route table whose default route goes to a
 * virtual appliance; when the plan holds the hub, that appliance's address is in the hub's
 * AzureFirewallSubnet.
 */
export const spokeEgressViaFirewall = definePlanCheck({
  name: 'spoke-egress-via-firewall',
  control: 'NPLZ-NET-04',
  description: 'Every spoke subnet routes 0.0.0.0/0 to the hub firewall',
  check({ index }, emit) {
    const firewallRanges = index
      .ofType(T.vnet)
      .filter((v) => !v.tenancy)
      .flatMap((v) => subnetsOf(index, v))
      .filter((s) => s.name === 'AzureFirewallSubnet')
      .map((s) => str(s.props.addressPrefix))
      .filter((p): p is string => !!p);
    const routesOf = (table: AzurePlanResource) => [
      ...arr(table.inputs.routes).map((r) => obj(r) ?? {}),
      ...index
        .ofType(T.route)
        .filter((r) => r.inputs.routeTableName === index.azureName(table) && index.resourceGroupKey(r) === index.resourceGroupKey(table))
        .map((r) => r.inputs),
    ];
    for (const vnet of spokeVnets(index)) {
      const problems: string[] = [];
      const subnets = subnetsOf(index, vnet).filter((s) => !PLATFORM_SUBNETS.includes(s.name));
      for (const s of subnets) {
        const table = index.resolve(s.props.routeTable);
        if (!table || table.type !== T.routeTable) {
          problems.push(`subnet ${s.name} has no route table from the plan; allowed: a route table with 0.0.0.0/0 → the hub firewall`);
          continue;
        }
        // Any route straight to the internet bypasses the firewall, whatever its prefix: 0.0.0.0/1 and
        // 128.0.0.0/1 together cover everything and win over 0.0.0.0/0 as longer prefixes.
        for (const r of routesOf(table).filter((x) => str(x.nextHopType)?.toLowerCase() === 'internet'))
          problems.push(
            `subnet ${s.name}: route table ${index.azureName(table)} sends ${str(r.addressPrefix) ?? '?'} to Internet; allowed: no route with nextHopType Internet (egress only through the hub firewall)`,
          );
        const def = routesOf(table).find((r) => r.addressPrefix === DEFAULT_ROUTE_IPV4);
        const hop = str(def?.nextHopIpAddress);
        if (!def || def.nextHopType !== 'VirtualAppliance' || !hop) {
          problems.push(
            `subnet ${s.name}: route table ${index.azureName(table)} sends 0.0.0.0/0 to ${def ? `${str(def.nextHopType)} ${hop ?? ''}`.trim() : 'the default system route'}; allowed: VirtualAppliance at the hub firewall`,
          );
        } else if (firewallRanges.length && !firewallRanges.some((range) => contains(range, hop))) {
          problems.push(
            `subnet ${s.name}: default route next hop ${hop} is outside the hub AzureFirewallSubnet ${firewallRanges.join(', ')}; allowed: the hub firewall's private address`,
          );
        }
      }
      if (!subnets.length)
        problems.push(`VNet ${index.azureName(vnet)} has no subnets in the plan; allowed: subnets routed through the hub firewall`);
      emit(vnet, problems, `every subnet routes 0.0.0.0/0 to the hub firewall`);
    }
  },
});
