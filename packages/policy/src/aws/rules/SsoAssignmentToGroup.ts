import type { AwsRule } from '../types';
import { fail } from '../private/cfn';

export const SsoAssignmentToGroup: AwsRule = {
  name: 'SsoAssignmentToGroup',
  control: 'NPLZ-IAM-02',
  resourceTypes: ['AWS::SSO::Assignment'],
  info: 'An IAM Identity Center assignment is made to a user rather than a group.',
  explanation:
    'Access is granted to groups from the national identity service, so joiners, movers and leavers are handled in one place. Set PrincipalType: GROUP.',
  evaluate(r) {
    const t = r.Properties?.PrincipalType;
    return t === 'GROUP' ? 'COMPLIANT' : fail(`PrincipalType is ${t ?? 'unset'}`);
  },
};
