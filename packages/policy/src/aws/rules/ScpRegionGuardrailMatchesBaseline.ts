import { AWS_GLOBAL_EVENTS_DEPLOYMENT } from '@nplz/core';
import type { AwsRule } from '../types';
import { actionsOf, fail, statements } from '../private/cfn';

const REGION_KEY = 'aws:requestedregion';

export const ScpRegionGuardrailMatchesBaseline: AwsRule = {
  name: 'ScpRegionGuardrailMatchesBaseline',
  control: 'NPLZ-RES-01',
  resourceTypes: ['AWS::Organizations::Policy'],
  info: 'The region guardrail allows a region, or exempts a service, that the baseline does not.',
  explanation:
    'Police data stays in the UK: the guardrail denies every region outside regions.aws.allowed and exempts only the global services in regions.aws.globalServiceActions and, each in its one region, the allowances of regionGuardrail (baseline) and the global-events deployment. Regenerate the policy from the baseline rather than editing it.',
  evaluate(r, ctx) {
    if (r.Properties?.Type !== 'SERVICE_CONTROL_POLICY') return 'NOT_APPLICABLE';
    const allowed = ctx.baseline.regions.aws.allowed;
    const global = ctx.baseline.regions.aws.globalServiceActions.map((a) => a.toLowerCase());
    const ge = AWS_GLOBAL_EVENTS_DEPLOYMENT;
    const allowances = [...ctx.baseline.regionGuardrail.allowances, { region: ge.region, actions: ge.actions }].map((a) => ({
      region: a.region,
      actions: a.actions.map((x) => x.toLowerCase()),
    }));
    const allowanceActions = new Set(allowances.flatMap((a) => a.actions));
    /** A region outside the baseline is allowed to a statement whose every action is an allowance's in that region. */
    const allowanceRegion = (s: (typeof regional)[number], region: string) => {
      const acts = actionsOf(s, 'Action');
      return acts.length > 0 && acts.every((x) => allowances.some((a) => a.region === region && a.actions.includes(x)));
    };
    const regional = statements(r.Properties?.Content).filter((s) =>
      Object.values((s.Condition ?? {}) as Record<string, Record<string, unknown>>).some((b) =>
        Object.keys(b ?? {}).some((k) => k.toLowerCase() === REGION_KEY),
      ),
    );
    if (!regional.length) return 'NOT_APPLICABLE';
    const problems: string[] = [];
    for (const s of regional) {
      if (s.Effect !== 'Deny') continue;
      for (const [op, block] of Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>)) {
        if (!op.startsWith('StringNotEquals') && !op.startsWith('StringNotLike')) continue;
        const regions = Object.entries(block ?? {})
          .filter(([k]) => k.toLowerCase() === REGION_KEY)
          .flatMap(([, v]) => (Array.isArray(v) ? v : [v]))
          .map(String);
        const extra = regions.filter((x) => !allowed.includes(x) && !allowanceRegion(s, x));
        if (extra.length) problems.push(`allows region(s) outside the baseline: ${extra.join(', ')}`);
      }
      const exempt = actionsOf(s, 'NotAction').filter((a) => !global.includes(a) && !allowanceActions.has(a));
      if (exempt.length) problems.push(`exempts services that are not global: ${exempt.join(', ')}`);
    }
    if (!regional.some((s) => s.Effect === 'Deny')) problems.push('no Deny statement on aws:RequestedRegion');
    return problems.length ? fail(problems.join('; ')) : 'COMPLIANT';
  },
};
