import type { AwsRule } from '../types';
import { asArray, fail, isFalse } from '../private/cfn';

export const MonitoringRuleHasTarget: AwsRule = {
  name: 'MonitoringRuleHasTarget',
  control: 'NPLZ-MON-05',
  resourceTypes: ['AWS::CloudWatch::Alarm', 'AWS::Events::Rule'],
  info: 'The alarm or event rule tells nobody.',
  explanation:
    'Alarms on root use, unauthorised calls, console sign-in without MFA and changes to policies, trails and network are useful only if they reach someone. Give alarms an AlarmActions entry with actions enabled, and event rules an enabled state and a target.',
  evaluate(r) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::CloudWatch::Alarm') {
      if (isFalse(p.ActionsEnabled)) return fail('ActionsEnabled is false');
      return asArray(p.AlarmActions).length ? 'COMPLIANT' : fail('no AlarmActions');
    }
    if (p.EventPattern === undefined) return 'NOT_APPLICABLE';
    if (p.State === 'DISABLED') return fail('the rule is disabled');
    return asArray(p.Targets).length ? 'COMPLIANT' : fail('no targets');
  },
};
