import type { AwsRule } from '../types';
import { fail, isTrue } from '../private/cfn';

export const SubnetNoPublicIpOnLaunch: AwsRule = {
  name: 'SubnetNoPublicIpOnLaunch',
  control: 'NPLZ-NET-05',
  resourceTypes: ['AWS::EC2::Subnet'],
  info: 'The subnet gives instances public IP addresses on launch.',
  explanation: 'Workloads are reached through the hub; public addresses bypass inspection. Set MapPublicIpOnLaunch: false.',
  evaluate(r) {
    return isTrue(r.Properties?.MapPublicIpOnLaunch) ? fail('MapPublicIpOnLaunch is true') : 'COMPLIANT';
  },
};
