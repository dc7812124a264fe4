import { z } from 'zod';
import type { Baseline } from './baselines';
import type { Problem } from './errors';
import { isoDate } from './fields';
import { daysBetween, todayUtc } from './time';

/** The lifecycle states a tenancy can be put in (a tenancy without `lifecycle` is active). */
export const LIFECYCLE_STATES = ['decommissioning'] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/** `lifecycle` in a tenancy spec: the tenancy is being taken out of service. */
export const LifecycleSchema = z
  .strictObject({
    state: z
      .enum(LIFECYCLE_STATES)
      .describe(
        'decommissioning: the accounts move to the Suspended OU and the subscriptions to the decommissioned management group, workforce access is removed, and the data is kept under its locks',
      ),
    since: isoDate.describe('the day decommissioning started, YYYY-MM-DD (not in the future)'),
    retainUntil: isoDate
      .optional()
      .describe(
        "the day the tenancy's evidence may go, YYYY-MM-DD; no earlier than `since` plus the baseline's security-audit retention (the default)",
      ),
    approvedBy: z.string().min(1).optional().describe('who decided to decommission the tenancy (an email address or a decision reference)'),
  })
  .describe('the tenancy’s lifecycle; omit it for a tenancy in service');
export type Lifecycle = z.infer<typeof LifecycleSchema>;

/** The day `days` days after `isoDay`. */
function addDays(isoDay: string, days: number): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** How long a decommissioned tenancy's evidence must be kept: the longer of the audit retention and the lock. */
export function evidenceRetentionDays(baseline: Baseline): number {
  return Math.max(baseline.logging.securityAuditRetentionDays, baseline.logging.immutabilityDays);
}

/** True for a tenancy marked for decommissioning. */
export function isDecommissioning(spec: { readonly lifecycle?: Lifecycle }): boolean {
  return spec.lifecycle?.state === 'decommissioning';
}

/**
 * The day a decommissioning tenancy's evidence may go: its `retainUntil`, or `since` plus the
 * baseline's evidence retention. Undefined for a tenancy in service.
 */
export function retentionEnd(spec: { readonly lifecycle?: Lifecycle }, baseline: Baseline): string | undefined {
  const l = spec.lifecycle;
  if (l?.state !== 'decommissioning') return undefined;
  return l.retainUntil ?? addDays(l.since, evidenceRetentionDays(baseline));
}

type LooseLifecycle = { readonly [K in keyof Lifecycle]?: Lifecycle[K] };

/** The lifecycle rules that need the baseline, "today" or other fields of the spec. */
export function checkLifecycle(
  spec: { readonly lifecycle?: LooseLifecycle; readonly collaborations?: readonly (string | undefined)[] },
  baseline: Baseline | undefined,
  now: Date,
): Problem[] {
  const l = spec.lifecycle;
  if (!l || l.state !== 'decommissioning') return [];
  const problems: Problem[] = [];
  const today = todayUtc(now);
  if (l.since !== undefined && daysBetween(today, l.since) > 0)
    problems.push({
      path: 'lifecycle.since',
      received: l.since,
      message: `decommissioning cannot start in the future (today is ${today})`,
      allowed: `a date no later than ${today}`,
      hint: 'mark the tenancy in the pull request that starts its decommissioning',
    });
  if (baseline && l.since !== undefined && l.retainUntil !== undefined) {
    const earliest = addDays(l.since, evidenceRetentionDays(baseline));
    if (daysBetween(earliest, l.retainUntil) < 0)
      problems.push({
        path: 'lifecycle.retainUntil',
        received: l.retainUntil,
        message: `the evidence would go before its retention ends: baseline ${baseline.version} keeps security audit evidence ${evidenceRetentionDays(baseline)} days from ${l.since}`,
        allowed: `a date no earlier than ${earliest}`,
        hint: 'leave retainUntil out to keep the evidence exactly as long as the baseline requires',
      });
  }
  const joined = (spec.collaborations ?? []).filter((c): c is string => typeof c === 'string');
  if (joined.length)
    problems.push({
      path: 'collaborations',
      received: joined,
      message: 'a decommissioning tenancy joins no collaboration (a collaboration would keep a network path and shared access to it)',
      allowed: 'no collaborations',
      hint: `remove ${joined.join(', ')} here and this force from each collaboration's forces`,
    });
  return problems;
}
