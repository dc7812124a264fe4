import type { AwsRule } from '../types';
import { asArray, fail } from '../private/cfn';

export const GuardrailPolicyAttached: AwsRule = {
  name: 'GuardrailPolicyAttached',
  control: 'NPLZ-GRD-01',
  resourceTypes: ['AWS::Organizations::Policy'],
  info: 'The guardrail policy is attached to nothing.',
  explanation:
    'A service or resource control policy protects only the targets it is attached to. Give it TargetIds (the organisation root or OUs).',
  evaluate(r) {
    const type = r.Properties?.Type;
    if (type !== 'SERVICE_CONTROL_POLICY' && type !== 'RESOURCE_CONTROL_POLICY') return 'NOT_APPLICABLE';
    return asArray(r.Properties?.TargetIds).length ? 'COMPLIANT' : fail('TargetIds is empty');
  },
};
