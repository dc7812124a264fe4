import type { AwsRule, CfnJson } from '../types';
import { asArray, fail, isTrue, scopeOf } from '../private/cfn';

export const SpokeNoPublicAddress: AwsRule = {
  name: 'SpokeNoPublicAddress',
  control: 'NPLZ-NET-05',
  resourceTypes: ['AWS::EC2::EIP', 'AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate'],
  info: 'A force tenancy resource has a public IP address.',
  explanation:
    'Workloads in force spokes are reached through the hub; Elastic IPs and public addresses on instances bypass inspection. Publish services through the hub instead.',
  evaluate(r, ctx) {
    if (scopeOf(r, ctx) !== 'tenancy') return 'NOT_APPLICABLE';
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::EC2::EIP') return fail('Elastic IP address in a force tenancy');
    const nics = asArray<CfnJson>(r.Type === 'AWS::EC2::Instance' ? p.NetworkInterfaces : p.LaunchTemplateData?.NetworkInterfaces);
    return nics.some((n) => isTrue(n.AssociatePublicIpAddress)) ? fail('network interface associates a public IP address') : 'COMPLIANT';
  },
};
