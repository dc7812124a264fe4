import type { AwsRule } from '../types';
import { fail, flatText, resourcesOfType } from '../private/cfn';

export const SecurityHubStandardsEnabled: AwsRule = {
  name: 'SecurityHubStandardsEnabled',
  control: 'NPLZ-MON-02',
  resourceTypes: ['AWS::SecurityHub::Hub'],
  info: 'Security Hub is enabled without every standard the baseline requires.',
  explanation:
    'Security Hub standards give continuous assurance against published benchmarks. Add an AWS::SecurityHub::Standard for each entry of guardrails.aws.securityHubStandards (baseline) beside the hub.',
  evaluate(_r, ctx) {
    const arns = resourcesOfType(ctx, 'AWS::SecurityHub::Standard').map(([, s]) => flatText(s.Properties?.StandardsArn));
    const missing = ctx.baseline.guardrails.aws.securityHubStandards.filter((std) => !arns.some((a) => a.endsWith(std)));
    return missing.length ? fail(`standard(s) not enabled: ${missing.join(', ')}`) : 'COMPLIANT';
  },
};
