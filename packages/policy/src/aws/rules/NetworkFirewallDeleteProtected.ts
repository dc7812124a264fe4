import type { AwsRule } from '../types';
import { fail, isTrue } from '../private/cfn';

export const NetworkFirewallDeleteProtected: AwsRule = {
  name: 'NetworkFirewallDeleteProtected',
  control: 'NPLZ-GRD-02',
  resourceTypes: ['AWS::NetworkFirewall::Firewall'],
  info: 'The hub firewall can be deleted or moved out of its subnets.',
  explanation:
    'Baseline resources are protected from change. Set DeleteProtection and SubnetChangeProtection to true on the national firewall.',
  evaluate(r) {
    const p = r.Properties ?? {};
    const off = ['DeleteProtection', 'SubnetChangeProtection'].filter((k) => !isTrue(p[k]));
    return off.length ? fail(`not set: ${off.join(', ')}`) : 'COMPLIANT';
  },
};
