import { collaborates, DEFAULT_ROUTE_IPV4, Ipv4Cidr } from '@nplz/core';
import type { AzurePlanResource } from '../plan';
import { arr, obj, str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/**
 * NPLZ-NET-03: no user-defined route in a tenancy's route table names another tenancy's address
 * space, unless the two share a declared collaboration. A spoke's UDRs send the default route to
 * the hub firewall (NPLZ-NET-04 checks that); a more specific route to another force's range,
 * whatever its next hop, is a path between forces the estate did not declare. The tenancies'
 * ranges are the address spaces of their VNets in the plan; the hub's VNet is the hub's.
 */
export const spokeRoutesIsolated = definePlanCheck({
  name: 'spoke-routes-isolated',
  control: 'NPLZ-NET-03',
  description: "No UDR names another tenancy's range outside a declared collaboration",
  check({ index, collaborations }, emit) {
    const spaces: { tenancy: string; range: Ipv4Cidr; text: string }[] = [];
    const hub: Ipv4Cidr[] = [];
    for (const v of index.ofType(T.vnet)) {
      for (const p of arr(obj(v.inputs.addressSpace)?.addressPrefixes)) {
        const text = str(p);
        const c = text ? Ipv4Cidr.tryParse(text) : undefined;
        if (!c || typeof c === 'string') continue;
        if (v.tenancy) spaces.push({ tenancy: v.tenancy, range: c, text: text as string });
        else hub.push(c);
      }
    }
    const routesOf = (table: AzurePlanResource): { name: string; props: Record<string, unknown> }[] => [
      ...arr(table.inputs.routes).map((r) => ({ name: str(obj(r)?.name) ?? '(unnamed)', props: obj(r) ?? {} })),
      ...index
        .ofType(T.route)
        .filter((r) => r.inputs.routeTableName === index.azureName(table) && index.resourceGroupKey(r) === index.resourceGroupKey(table))
        .map((r) => ({ name: str(r.inputs.routeName) ?? r.name, props: r.inputs })),
    ];
    for (const table of index.ofType(T.routeTable)) {
      const tenancy = table.tenancy;
      if (!tenancy) continue;
      const problems: string[] = [];
      for (const route of routesOf(table)) {
        const prefix = str(route.props.addressPrefix);
        if (!prefix || prefix === DEFAULT_ROUTE_IPV4) continue;
        const dest = Ipv4Cidr.tryParse(prefix);
        if (typeof dest === 'string') continue;
        if (hub.some((h) => h.contains(dest))) continue;
        const reached = spaces.filter(
          (s) => s.tenancy !== tenancy && !collaborates(tenancy, s.tenancy, collaborations) && s.range.overlaps(dest),
        );
        if (reached.length)
          problems.push(
            `route ${route.name} sends ${prefix} to ${str(route.props.nextHopType) ?? '?'} ${str(route.props.nextHopIpAddress) ?? ''}`.trimEnd() +
              `, and it reaches ${[...new Set(reached.map((s) => `${s.tenancy} (${s.text})`))].join(', ')}; allowed: the default route via the hub firewall, the hub's range, and the ranges of a declared collaboration`,
          );
      }
      emit(table, problems, `no route of ${index.azureName(table)} names another tenancy's range outside a declared collaboration`);
    }
  },
});
