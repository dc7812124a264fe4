import type { AwsRule } from '../types';
import { fail } from '../private/cfn';

export const IamNoUsersOrAccessKeys: AwsRule = {
  name: 'IamNoUsersOrAccessKeys',
  control: 'NPLZ-IAM-01',
  resourceTypes: ['AWS::IAM::User', 'AWS::IAM::AccessKey'],
  info: 'The template creates an IAM user or access key.',
  explanation:
    'Workforce access is federated through IAM Identity Center; IAM users and access keys are standing secrets that leak and are never rotated. Use roles.',
  evaluate(r) {
    return fail(r.Type === 'AWS::IAM::User' ? 'IAM user' : 'long-lived access key');
  },
};
