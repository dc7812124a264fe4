import { defineAzurePolicy } from '../define-policy';
import { arr, obj, str, type Props } from '../private/props';
import { isInternetSource } from '@nplz/core';
import { T } from '../private/types';

/** Does a port spec (`22`, `20-25`, `*`) cover the port? */
function covers(spec: string, port: number): boolean {
  const s = spec.trim();
  if (s === '*') return true;
  const [lo, hi] = s.split('-').map((x) => Number(x));
  if (lo === undefined || Number.isNaN(lo)) return false;
  return hi === undefined ? lo === port : port >= lo && (Number.isNaN(hi) ? false : port <= hi);
}

/** The management ports an inbound Allow rule from the internet opens, or none. */
export function openManagementPorts(rule: Props, ports: readonly number[]): number[] {
  if (str(rule.access)?.toLowerCase() !== 'allow' || str(rule.direction)?.toLowerCase() !== 'inbound') return [];
  const sources = [str(rule.sourceAddressPrefix), ...arr(rule.sourceAddressPrefixes).map(str)].filter((s): s is string => !!s);
  if (!sources.some(isInternetSource)) return [];
  const specs = [str(rule.destinationPortRange), ...arr(rule.destinationPortRanges).map(str)].filter((s): s is string => !!s);
  return ports.filter((p) => specs.some((spec) => covers(spec, p)));
}

/** NPLZ-NET-02: no NSG rule lets the internet reach a management port the baseline lists. */
export const nsgNoInternetManagementPorts = defineAzurePolicy({
  name: 'nsg-no-internet-management-ports',
  control: 'NPLZ-NET-02',
  resourceTypes: [T.nsg, T.securityRule],
  description: 'Network security groups do not allow inbound management ports from the internet',
  validate(props, { args, baseline }, report) {
    const ports = baseline.guardrails.network.denyInternetManagementPorts;
    const rules =
      args.type === T.securityRule
        ? [{ rule: props, label: 'rule' }]
        : arr(props.securityRules).map((r, i) => ({ rule: obj(r) ?? {}, label: `securityRules[${i}]` }));
    for (const { rule, label } of rules) {
      const open = openManagementPorts(rule, ports);
      if (open.length) {
        const name = str(rule.name) ?? str(rule.securityRuleName);
        report(
          `${label}${name ? ` (${name})` : ''} allows port ${open.join(', ')} inbound from ${str(rule.sourceAddressPrefix) ?? 'the internet'}; allowed: no internet source for ports ${ports.join(', ')} (baseline ${baseline.version}; use Bastion)`,
        );
      }
    }
  },
});
