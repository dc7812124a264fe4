import type { AwsRule } from '../types';
import { fail, scopeOf } from '../private/cfn';

export const SpokeNoVpcPeering: AwsRule = {
  name: 'SpokeNoVpcPeering',
  control: 'NPLZ-NET-03',
  resourceTypes: ['AWS::EC2::VPCPeeringConnection'],
  info: 'A force tenancy peers its VPC directly with another VPC.',
  explanation:
    'Peering bypasses the hub, its isolation route tables and its firewall. Forces reach each other only through a collaboration routed by the hub Transit Gateway.',
  evaluate(r, ctx) {
    return scopeOf(r, ctx) === 'tenancy' ? fail('VPC peering connection in a force tenancy') : 'NOT_APPLICABLE';
  },
};
