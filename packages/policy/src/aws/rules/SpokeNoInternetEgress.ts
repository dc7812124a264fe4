import type { AwsRule } from '../types';
import { fail, scopeOf } from '../private/cfn';

export const SpokeNoInternetEgress: AwsRule = {
  name: 'SpokeNoInternetEgress',
  control: 'NPLZ-NET-04',
  resourceTypes: ['AWS::EC2::InternetGateway', 'AWS::EC2::EgressOnlyInternetGateway', 'AWS::EC2::NatGateway'],
  info: 'A force tenancy has its own path to the internet.',
  explanation:
    'All traffic leaving a spoke passes through the national hub firewall, where it is logged and filtered. Remove internet, egress-only and NAT gateways from spokes; egress goes through the Transit Gateway.',
  evaluate(r, ctx) {
    if (scopeOf(r, ctx) !== 'tenancy') return 'NOT_APPLICABLE';
    return fail(`${r.Type.split('::')[2]} in a force tenancy bypasses the hub firewall`);
  },
};
