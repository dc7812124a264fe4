import { Estate, matchException, type Finding } from '@nplz/core';

/**
 * Turn failures covered by a tenancy's declared exception into `excepted` (with reason, approver and
 * days left). A failure covered by an expired exception stays a failure and says so. Estate findings
 * are never excepted.
 */
export function applyExceptions(findings: readonly Finding[], estate: Estate, now: Date): Finding[] {
  const specs = new Map(estate.tenancies.map((t) => [t.spec.name, t.spec]));
  return findings.map((f) => {
    if (f.status !== 'fail' || f.cloud === 'estate') return f;
    const spec = specs.get(f.tenancy);
    if (!spec) return f;
    const m = matchException(spec, { control: f.control, cloud: f.cloud, environment: f.environment, resource: f.resource }, now);
    if (!m) return f;
    const exception = {
      reason: m.exception.reason,
      approvedBy: m.exception.approvedBy,
      expires: m.exception.expires,
      daysLeft: m.daysLeft,
    };
    return m.expired
      ? { ...f, exception, message: `${f.message} (the exception approved by ${m.exception.approvedBy} expired ${-m.daysLeft} day(s) ago)` }
      : { ...f, status: 'excepted', exception };
  });
}
