import { DEFAULT_ROUTES } from '@nplz/core';
import type { AwsRule } from '../types';
import { fail, scopeOf } from '../private/cfn';

export const SpokeDefaultRouteToTransitGateway: AwsRule = {
  name: 'SpokeDefaultRouteToTransitGateway',
  control: 'NPLZ-NET-04',
  resourceTypes: ['AWS::EC2::Route'],
  info: 'A force spoke default route does not go to the Transit Gateway.',
  explanation:
    'Every spoke default route points at the hub Transit Gateway so egress is inspected by the national firewall. Set TransitGatewayId on 0.0.0.0/0 and ::/0 routes.',
  evaluate(r, ctx) {
    if (scopeOf(r, ctx) !== 'tenancy') return 'NOT_APPLICABLE';
    const p = r.Properties ?? {};
    if (!DEFAULT_ROUTES.includes(p.DestinationCidrBlock) && !DEFAULT_ROUTES.includes(p.DestinationIpv6CidrBlock)) return 'NOT_APPLICABLE';
    if (p.TransitGatewayId !== undefined) return 'COMPLIANT';
    const target = [
      'GatewayId',
      'NatGatewayId',
      'EgressOnlyInternetGatewayId',
      'VpcPeeringConnectionId',
      'InstanceId',
      'NetworkInterfaceId',
      'VpcEndpointId',
    ].find((k) => p[k] !== undefined);
    return fail(`default route goes to ${target ?? 'no target'} instead of the Transit Gateway`);
  },
};
