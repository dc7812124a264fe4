import type { AwsRule, AwsRuleContext, CfnJson, CfnResourceJson, RuleOutcome } from '../types';
import { asArray, fail, flatText, isTrue, pointsAt, resourcesOfType, scopeOf } from '../private/cfn';

/** The baseline standards none of the ARNs (flattened) ends with. */
function missingStandards(arns: readonly string[], ctx: AwsRuleContext): string[] {
  return ctx.baseline.guardrails.aws.securityHubStandards.filter((std) => !arns.some((a) => a.endsWith(std)));
}

/**
 * What keeps a Security Hub configuration policy from enabling the baseline's standards in every
 * account: Security Hub not enabled by it, a standard it leaves out, or no association of it with
 * the organisation root in the same template. Empty when it does.
 */
export function configurationPolicyGaps(r: CfnResourceJson, ctx: AwsRuleContext): string[] {
  const hub = (r.Properties?.ConfigurationPolicy?.SecurityHub ?? {}) as CfnJson;
  const gaps: string[] = [];
  if (!isTrue(hub.ServiceEnabled)) gaps.push('ConfigurationPolicy.SecurityHub.ServiceEnabled is not true');
  const missing = missingStandards(asArray(hub.EnabledStandardIdentifiers).map(flatText), ctx);
  if (missing.length) gaps.push(`standard(s) not in EnabledStandardIdentifiers: ${missing.join(', ')}`);
  const onRoot = resourcesOfType(ctx, 'AWS::SecurityHub::PolicyAssociation').some(
    ([, a]) => a.Properties?.TargetType === 'ROOT' && pointsAt(a.Properties?.ConfigurationPolicyId, ctx.logicalId),
  );
  if (!onRoot) gaps.push('no AWS::SecurityHub::PolicyAssociation of TargetType ROOT refers to the policy');
  return gaps;
}

function evaluateHub(ctx: AwsRuleContext, r: CfnResourceJson): RuleOutcome {
  const arns = resourcesOfType(ctx, 'AWS::SecurityHub::Standard').map(([, s]) => flatText(s.Properties?.StandardsArn));
  // The national platform's hub has no standards of its own: the organisation's configuration policy
  // (another template) enables them, and NplzPresence-SecurityHubStandards requires that policy.
  if (!arns.length && scopeOf(r, ctx) === 'national') return 'NOT_APPLICABLE';
  const missing = missingStandards(arns, ctx);
  return missing.length ? fail(`standard(s) not enabled: ${missing.join(', ')}`) : 'COMPLIANT';
}

export const SecurityHubStandardsEnabled: AwsRule = {
  name: 'SecurityHubStandardsEnabled',
  control: 'NPLZ-MON-02',
  resourceTypes: ['AWS::SecurityHub::Hub', 'AWS::SecurityHub::ConfigurationPolicy'],
  info: 'Security Hub is enabled without every standard the baseline requires.',
  explanation:
    "Security Hub standards give continuous assurance against published benchmarks. Under central configuration, the organisation's AWS::SecurityHub::ConfigurationPolicy enables Security Hub (ServiceEnabled: true) with every entry of guardrails.aws.securityHubStandards (baseline) in EnabledStandardIdentifiers, and an AWS::SecurityHub::PolicyAssociation of TargetType ROOT in the same template applies it; the national platform's hub then declares no standard of its own. A hub outside the national platform needs an AWS::SecurityHub::Standard for each baseline entry beside it.",
  evaluate(r, ctx) {
    if (r.Type === 'AWS::SecurityHub::Hub') return evaluateHub(ctx, r);
    const gaps = configurationPolicyGaps(r, ctx);
    return gaps.length ? fail(gaps.join('; ')) : 'COMPLIANT';
  },
};
