import type { AwsRule } from '../types';
import { asArray, fail, flatText, mentions, resourcesOfType } from '../private/cfn';

/** Break-glass roles are recognised by name. */
const BREAK_GLASS_NAME = /break-?glass/i;

export const BreakGlassUseAlerted: AwsRule = {
  name: 'BreakGlassUseAlerted',
  control: 'NPLZ-PAM-01',
  resourceTypes: ['AWS::IAM::Role'],
  info: 'Use of the break-glass role raises no alert.',
  explanation:
    "Emergency access must work when federation fails, and every use must be seen. Add an EventBridge rule in the same stack matching sts:AssumeRole on this role's ARN, with a target (the alerts topic).",
  evaluate(r, ctx) {
    if (!BREAK_GLASS_NAME.test(flatText(r.Properties?.RoleName))) return 'NOT_APPLICABLE';
    const alerting = resourcesOfType(ctx, 'AWS::Events::Rule').some(([, e]) => {
      const p = e.Properties ?? {};
      return (
        p.State !== 'DISABLED' &&
        asArray(p.Targets).length > 0 &&
        /AssumeRole/.test(flatText(p.EventPattern)) &&
        (mentions(p.EventPattern, ctx.logicalId) || flatText(p.EventPattern).includes(flatText(r.Properties?.RoleName)))
      );
    });
    return alerting ? 'COMPLIANT' : fail('no enabled EventBridge rule with a target matches AssumeRole on this role');
  },
};
