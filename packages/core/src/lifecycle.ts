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
        "the earliest day the tenancy's evidence may go, YYYY-MM-DD; no earlier than `since` plus the baseline's evidence retention (the default). The evidence is kept until the later of this day and `writesStoppedOn` plus the retention",
      ),
    writesStoppedOn: isoDate
      .optional()
      .describe(
        "the day the last evidence of the tenancy was written, YYYY-MM-DD (not in the future, not before `since`); each record is kept for the baseline's evidence retention from when it was written, so the evidence may go that long after this day. Leave it out until writing has stopped (the accounts are in the Suspended OU and the subscriptions' diagnostic settings write no more)",
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
 * What keeps writing a decommissioning tenancy's evidence after `since`, so that NPLZ cannot know
 * the day of the last record: said wherever the retention end is not yet a date.
 */
export const EVIDENCE_WRITERS =
  "the organisation trail, the flow logs and the Azure diagnostic settings keep writing after `since`: at least until the accounts are in the Suspended OU and the subscriptions' diagnostic settings write no more (and the trail records calls in the accounts, refused ones included, while they stay in the organisation); record the day of the last write as lifecycle.writesStoppedOn";

/** How long a decommissioning tenancy's evidence is kept, as far as NPLZ can tell. */
export interface EvidenceRetention {
  /** The baseline's evidence retention, in days from when each record is written. */
  readonly days: number;
  /** The earliest the evidence may go: `retainUntil`, or `since` plus {@link days}. */
  readonly notBefore: string;
  /**
   * The day the evidence may go, once `writesStoppedOn` is recorded: the later of `retainUntil`
   * and `writesStoppedOn` plus {@link days}. Undefined while writing has not stopped.
   */
  readonly until?: string;
  /**
   * The same as a phrase that reads after "kept until" and "may go on": the date, or "the day
   * N days after its last write, no earlier than YYYY-MM-DD".
   */
  readonly text: string;
}

/**
 * How long a decommissioning tenancy's evidence is kept. Each record (a trail or flow-log object, a
 * diagnostic blob) is locked and kept for the retention from when it was written, and records keep
 * arriving after `since` ({@link EVIDENCE_WRITERS}); so the end is known only once
 * `writesStoppedOn` is. Undefined for a tenancy in service.
 */
export function evidenceRetention(spec: { readonly lifecycle?: Lifecycle }, baseline: Baseline): EvidenceRetention | undefined {
  const l = spec.lifecycle;
  if (l?.state !== 'decommissioning') return undefined;
  const days = evidenceRetentionDays(baseline);
  const notBefore = l.retainUntil ?? addDays(l.since, days);
  if (l.writesStoppedOn === undefined)
    return { days, notBefore, text: `the day ${days} days after its last write, no earlier than ${notBefore}` };
  const fromLastWrite = addDays(l.writesStoppedOn, days);
  const until = daysBetween(notBefore, fromLastWrite) > 0 ? fromLastWrite : notBefore;
  return { days, notBefore, until, text: until };
}

/**
 * When a decommissioning tenancy's evidence may go, as a phrase that reads after "kept until"
 * ({@link EvidenceRetention.text}): a date once `writesStoppedOn` is recorded, else "the day N days
 * after its last write, no earlier than …". Undefined for a tenancy in service.
 */
export function retentionEnd(spec: { readonly lifecycle?: Lifecycle }, baseline: Baseline): string | undefined {
  return evidenceRetention(spec, baseline)?.text;
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
  if (l.writesStoppedOn !== undefined && daysBetween(today, l.writesStoppedOn) > 0)
    problems.push({
      path: 'lifecycle.writesStoppedOn',
      received: l.writesStoppedOn,
      message: `the last write cannot be in the future (today is ${today}): the evidence would be let go before records still to come are`,
      allowed: `a date no later than ${today}`,
      hint: 'record the day once the accounts are suspended and the diagnostic settings write no more; leave it out until then',
    });
  if (l.writesStoppedOn !== undefined && l.since !== undefined && daysBetween(l.since, l.writesStoppedOn) < 0)
    problems.push({
      path: 'lifecycle.writesStoppedOn',
      received: l.writesStoppedOn,
      message: `the tenancy's evidence was still being written when decommissioning started on ${l.since}`,
      allowed: `a date from ${l.since} (lifecycle.since) to ${today}`,
      hint: 'the day the last record was written, which is on or after the day decommissioning started',
    });
  if (baseline && l.since !== undefined && l.retainUntil !== undefined) {
    const earliest = addDays(l.since, evidenceRetentionDays(baseline));
    if (daysBetween(earliest, l.retainUntil) < 0)
      problems.push({
        path: 'lifecycle.retainUntil',
        received: l.retainUntil,
        message: `the evidence would go before its retention ends: baseline ${baseline.version} keeps each record ${evidenceRetentionDays(baseline)} days from when it is written, and records are still written on ${l.since} (lifecycle.since)`,
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
