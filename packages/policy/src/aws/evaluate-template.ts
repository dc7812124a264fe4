import type { Baseline } from '@nplz/core';
import { AWS_RULES, nagRuleId } from './aws-rules';
import type { AwsRule, AwsRuleContext, CfnResourceJson, CfnTemplateJson, RuleOutcome } from './types';

/** One rule's verdict on one resource. */
export interface AwsRuleResult {
  /** cdk-nag rule id, `NplzChecks-<RuleName>`. */
  readonly rule: string;
  readonly control: string;
  readonly logicalId: string;
  /** The construct path (`aws:cdk:path` metadata), else the logical id. */
  readonly path: string;
  readonly resourceType: string;
  readonly status: 'pass' | 'fail';
  readonly message: string;
  /** @see RuleOutcome.about */
  readonly about?: { readonly tenancy: string; readonly environment?: string };
}

/** What `evaluateTemplate` knows about the stack beside its template. */
export interface EvaluateTemplateContext {
  readonly baseline: Baseline;
  readonly stackName: string;
  readonly stackTags?: Record<string, string>;
  /** The stack's region from the cloud assembly manifest, when it is not environment-agnostic. */
  readonly region?: string;
  /** @see AwsRuleContext.logArchiveBucket */
  readonly logArchiveBucket?: string;
  /** @see AwsRuleContext.configArchiveBucket */
  readonly configArchiveBucket?: string;
  /** @see AwsRuleContext.collaborations */
  readonly collaborations?: Readonly<Record<string, readonly string[]>>;
  /** @see AwsRuleContext.tenancyRanges */
  readonly tenancyRanges?: Readonly<Record<string, readonly string[]>>;
  /** @see AwsRuleContext.hubRange */
  readonly hubRange?: string;
  /** The stack's account from the cloud assembly manifest, when it is not environment-agnostic. */
  readonly account?: string;
  /** @see AwsRuleContext.managementAccount */
  readonly managementAccount?: string;
  /** @see AwsRuleContext.socEventBusArn */
  readonly socEventBusArn?: string;
}

/** Types CDK adds for its own bookkeeping: not infrastructure, never checked. */
const BOOKKEEPING_TYPES = ['AWS::CDK::Metadata'];

/** True when the rule looks at this resource type. */
export function ruleApplies(rule: AwsRule, type: string): boolean {
  if (BOOKKEEPING_TYPES.includes(type)) return false;
  return rule.resourceTypes.includes('*') || rule.resourceTypes.includes(type);
}

/** A rule outcome as status and message; undefined for NOT_APPLICABLE. */
export function normalizeOutcome(
  rule: AwsRule,
  outcome: RuleOutcome,
): { status: 'pass' | 'fail'; message: string; about?: { tenancy: string; environment?: string } } | undefined {
  if (outcome === 'NOT_APPLICABLE') return undefined;
  if (outcome === 'COMPLIANT') return { status: 'pass', message: `${rule.name}: compliant` };
  if (outcome === 'NON_COMPLIANT') return { status: 'fail', message: rule.info };
  return {
    status: outcome.status === 'COMPLIANT' ? 'pass' : 'fail',
    message: outcome.status === 'COMPLIANT' ? outcome.message : `${rule.info} ${capitalise(outcome.message)}.`,
    ...(outcome.about ? { about: outcome.about } : {}),
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Run rules over one synthesised template: every rule × every resource of its types. A rule that
 * throws is reported as a failure naming the error, never swallowed. NOT_APPLICABLE gives no result.
 */
export function evaluateTemplate(
  template: CfnTemplateJson,
  ctx: EvaluateTemplateContext,
  rules: readonly AwsRule[] = AWS_RULES,
): AwsRuleResult[] {
  const resources: Record<string, CfnResourceJson> = template.Resources ?? {};
  const out: AwsRuleResult[] = [];
  for (const [logicalId, r] of Object.entries(resources)) {
    const ruleCtx: AwsRuleContext = {
      baseline: ctx.baseline,
      logicalId,
      resources,
      ...(ctx.stackTags ? { stackTags: ctx.stackTags } : {}),
      ...(ctx.region ? { region: ctx.region } : {}),
      ...(ctx.logArchiveBucket ? { logArchiveBucket: ctx.logArchiveBucket } : {}),
      ...(ctx.configArchiveBucket ? { configArchiveBucket: ctx.configArchiveBucket } : {}),
      ...(ctx.collaborations ? { collaborations: ctx.collaborations } : {}),
      ...(ctx.tenancyRanges ? { tenancyRanges: ctx.tenancyRanges } : {}),
      ...(ctx.hubRange ? { hubRange: ctx.hubRange } : {}),
      ...(ctx.account ? { account: ctx.account } : {}),
      ...(ctx.managementAccount ? { managementAccount: ctx.managementAccount } : {}),
      ...(ctx.socEventBusArn ? { socEventBusArn: ctx.socEventBusArn } : {}),
    };
    const path = typeof r.Metadata?.['aws:cdk:path'] === 'string' ? r.Metadata['aws:cdk:path'] : logicalId;
    for (const rule of rules) {
      if (!ruleApplies(rule, r.Type)) continue;
      let verdict: ReturnType<typeof normalizeOutcome>;
      try {
        verdict = normalizeOutcome(rule, rule.evaluate(r, ruleCtx));
      } catch (e) {
        verdict = { status: 'fail', message: `${rule.name} could not evaluate ${logicalId} in ${ctx.stackName}: ${(e as Error).message}` };
      }
      if (!verdict) continue;
      out.push({ rule: nagRuleId(rule), control: rule.control, logicalId, path, resourceType: r.Type, ...verdict });
    }
  }
  return out;
}
