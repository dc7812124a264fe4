import type { AwsRule } from '../types';
import { asArray, fail, pointsAt, resourcesOfType } from '../private/cfn';

export const VpcFlowLogEnabled: AwsRule = {
  name: 'VpcFlowLogEnabled',
  control: 'NPLZ-LOG-04',
  resourceTypes: ['AWS::EC2::VPC'],
  info: 'The VPC has no flow log.',
  explanation:
    'Flow records are needed to investigate lateral movement and exfiltration. Add an AWS::EC2::FlowLog for the VPC in the same stack.',
  evaluate(r, ctx) {
    const logged = resourcesOfType(ctx, 'AWS::EC2::FlowLog').some(([, f]) => {
      const p = f.Properties ?? {};
      return (
        (p.ResourceType ?? 'VPC') === 'VPC' &&
        (pointsAt(p.ResourceId, ctx.logicalId) || asArray(p.ResourceIds).some((x) => pointsAt(x, ctx.logicalId)))
      );
    });
    return logged ? 'COMPLIANT' : fail('no flow log for this VPC in the stack');
  },
};
