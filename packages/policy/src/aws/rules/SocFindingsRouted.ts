import { SEVERITIES } from '@nplz/core';
import type { AwsRule, CfnJson } from '../types';
import { asArray, fail, flatText, resolveRef } from '../private/cfn';

/** Event sources that carry security findings. */
const FINDING_SOURCES = ['aws.securityhub', 'aws.guardduty'];

export const SocFindingsRouted: AwsRule = {
  name: 'SocFindingsRouted',
  control: 'NPLZ-MON-04',
  resourceTypes: ['AWS::Events::Rule'],
  info: 'A findings rule drops severities the national SOC must see, or sends them nowhere.',
  explanation:
    'Findings at or above alerting.socMinimumSeverity (baseline) are routed to the national SOC. A rule on Security Hub or GuardDuty findings matches every severity label at or above it and targets an SNS topic.',
  evaluate(r, ctx) {
    const p = r.Properties ?? {};
    const pattern = p.EventPattern ?? {};
    const sources = asArray<string>(pattern.source);
    if (!sources.some((s) => FINDING_SOURCES.includes(s))) return 'NOT_APPLICABLE';
    const problems: string[] = [];
    // Severities are ordered critical → low in the catalog; the SOC needs the threshold and everything above it.
    const threshold = SEVERITIES.indexOf(ctx.baseline.alerting.socMinimumSeverity);
    // An unknown threshold would need nothing and pass every rule: fail closed instead.
    if (threshold < 0)
      return fail(`the baseline's SOC severity "${ctx.baseline.alerting.socMinimumSeverity}" is not one of ${SEVERITIES.join(', ')}`);
    const need = SEVERITIES.slice(0, threshold + 1).map((s) => s.toUpperCase());
    const labels = pattern.detail?.findings?.Severity?.Label;
    if (labels !== undefined) {
      const have = asArray<string>(labels).map((l) => String(l).toUpperCase());
      const missing = need.filter((l) => !have.includes(l));
      if (missing.length) problems.push(`severity label(s) not routed: ${missing.join(', ')}`);
    }
    if (p.State === 'DISABLED') problems.push('the rule is disabled');
    const toSns = asArray<CfnJson>(p.Targets).some(
      (t) => resolveRef(t.Arn, ctx)?.resource.Type === 'AWS::SNS::Topic' || /:sns:/.test(flatText(t.Arn)),
    );
    if (!toSns) problems.push('no SNS topic target');
    return problems.length ? fail(problems.join('; ')) : 'COMPLIANT';
  },
};
