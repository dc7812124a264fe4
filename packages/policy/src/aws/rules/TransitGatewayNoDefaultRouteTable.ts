import type { AwsRule } from '../types';
import { fail } from '../private/cfn';

export const TransitGatewayNoDefaultRouteTable: AwsRule = {
  name: 'TransitGatewayNoDefaultRouteTable',
  control: 'NPLZ-NET-03',
  resourceTypes: ['AWS::EC2::TransitGateway'],
  info: 'The Transit Gateway joins attachments through its default route table.',
  explanation:
    'With default association and propagation every attachment reaches every other, joining forces on the network. Set DefaultRouteTableAssociation and DefaultRouteTablePropagation to disable (CloudFormation defaults them to enable). Accepting shared attachments automatically is then harmless (an accepted attachment is associated with no route table and reaches nothing until its routing associates it) and necessary: CloudFormation cannot accept an attachment.',
  evaluate(r) {
    const p = r.Properties ?? {};
    const problems: string[] = [];
    if (p.DefaultRouteTableAssociation !== 'disable')
      problems.push(`DefaultRouteTableAssociation is ${p.DefaultRouteTableAssociation ?? 'enable (the default)'}`);
    if (p.DefaultRouteTablePropagation !== 'disable')
      problems.push(`DefaultRouteTablePropagation is ${p.DefaultRouteTablePropagation ?? 'enable (the default)'}`);
    return problems.length ? fail(problems.join('; ')) : 'COMPLIANT';
  },
};
