import type { AwsRule } from '../types';
import { fail, pointsAt, resourcesOfType, scopeOf } from '../private/cfn';

export const VpcAttachedToTransitGateway: AwsRule = {
  name: 'VpcAttachedToTransitGateway',
  control: 'NPLZ-NET-04',
  resourceTypes: ['AWS::EC2::VPC'],
  info: 'The force spoke VPC is not attached to the hub Transit Gateway.',
  explanation:
    'A spoke reaches national services and the internet only through the hub. Attach the VPC with AWS::EC2::TransitGatewayVpcAttachment (or TransitGatewayAttachment) in the same stack.',
  evaluate(r, ctx) {
    if (scopeOf(r, ctx) !== 'tenancy') return 'NOT_APPLICABLE';
    const attached = resourcesOfType(ctx, 'AWS::EC2::TransitGatewayVpcAttachment', 'AWS::EC2::TransitGatewayAttachment').some(([, a]) =>
      pointsAt(a.Properties?.VpcId, ctx.logicalId),
    );
    return attached ? 'COMPLIANT' : fail('no Transit Gateway attachment for this VPC in the stack');
  },
};
