import type { AwsRule } from '../types';
import { fail } from '../private/cfn';

export const TransitGatewayNoDefaultRouteTable: AwsRule = {
  name: 'TransitGatewayNoDefaultRouteTable',
  control: 'NPLZ-NET-03',
  resourceTypes: ['AWS::EC2::TransitGateway'],
  info: 'The Transit Gateway joins attachments through its default route table or accepts shared attachments automatically.',
  explanation:
    'With default association and propagation every attachment reaches every other, joining forces on the network. Set DefaultRouteTableAssociation and DefaultRouteTablePropagation to disable (CloudFormation defaults them to enable) and AutoAcceptSharedAttachments to disable.',
  evaluate(r) {
    const p = r.Properties ?? {};
    const problems: string[] = [];
    if (p.DefaultRouteTableAssociation !== 'disable')
      problems.push(`DefaultRouteTableAssociation is ${p.DefaultRouteTableAssociation ?? 'enable (the default)'}`);
    if (p.DefaultRouteTablePropagation !== 'disable')
      problems.push(`DefaultRouteTablePropagation is ${p.DefaultRouteTablePropagation ?? 'enable (the default)'}`);
    if (p.AutoAcceptSharedAttachments === 'enable') problems.push('AutoAcceptSharedAttachments is enable');
    return problems.length ? fail(problems.join('; ')) : 'COMPLIANT';
  },
};
