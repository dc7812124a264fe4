import { isInternetSource } from '@nplz/core';
import type { AwsRule, AwsRuleContext, CfnJson } from '../types';
import { asArray, asNumber, fail } from '../private/cfn';

function openPorts(rule: CfnJson, ports: readonly number[]): number[] {
  if (!isInternetSource(rule.CidrIp) && !isInternetSource(rule.CidrIpv6)) return [];
  const proto = String(rule.IpProtocol ?? '').toLowerCase();
  if (proto === '-1' || proto === 'all') return [...ports];
  if (!['tcp', '6', 'udp', '17'].includes(proto)) return [];
  const from = asNumber(rule.FromPort) ?? 0;
  const to = asNumber(rule.ToPort) ?? 65535;
  // -1 / unset ranges mean all ports.
  if (from === -1 || to === -1) return [...ports];
  return ports.filter((p) => p >= from && p <= to);
}

function managementPorts(ctx: AwsRuleContext): readonly number[] {
  return ctx.baseline.guardrails.network.denyInternetManagementPorts;
}

export const SecurityGroupNoPublicManagementPorts: AwsRule = {
  name: 'SecurityGroupNoPublicManagementPorts',
  control: 'NPLZ-NET-02',
  resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'],
  info: 'The security group opens a management port (SSH, RDP) to the internet.',
  explanation:
    'SSH and RDP open to 0.0.0.0/0 or ::/0 are scanned and brute-forced within minutes; administration goes through Session Manager or the hub. Remove the rule or restrict the source.',
  evaluate(r, ctx) {
    const rules = r.Type === 'AWS::EC2::SecurityGroup' ? asArray<CfnJson>(r.Properties?.SecurityGroupIngress) : [r.Properties ?? {}];
    const open = [...new Set(rules.flatMap((x) => openPorts(x, managementPorts(ctx))))];
    return open.length ? fail(`port(s) ${open.join(', ')} open to the internet`) : 'COMPLIANT';
  },
};
