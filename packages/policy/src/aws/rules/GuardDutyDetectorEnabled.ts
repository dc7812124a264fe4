import type { AwsRule } from '../types';
import { fail, isTrue } from '../private/cfn';

export const GuardDutyDetectorEnabled: AwsRule = {
  name: 'GuardDutyDetectorEnabled',
  control: 'NPLZ-MON-01',
  resourceTypes: ['AWS::GuardDuty::Detector'],
  info: 'The GuardDuty detector is disabled.',
  explanation: 'GuardDuty detects compromise that configuration controls cannot prevent. Set Enable: true.',
  evaluate(r) {
    return isTrue(r.Properties?.Enable) ? 'COMPLIANT' : fail('Enable is not true');
  },
};
