import type { ControlException, TenancySpec } from './tenancy-spec';
import { daysBetween, todayUtc } from './time';

/** Where a finding sits, for matching it against declared exceptions. */
export interface FindingLocation {
  readonly control: string;
  readonly cloud: 'aws' | 'azure';
  readonly environment?: string;
  /** Construct path or Pulumi resource name / URN. */
  readonly resource?: string;
}

export interface ExceptionMatch {
  readonly exception: ControlException;
  /** Days until expiry; negative once expired. */
  readonly daysLeft: number;
  readonly expired: boolean;
}

/** `*` matches any run of characters; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/** True when the exception covers the location (same control and cloud, and within its environment and resource pattern). */
export function exceptionCovers(ex: ControlException, at: FindingLocation): boolean {
  if (ex.control !== at.control || ex.scope.cloud !== at.cloud) return false;
  if (ex.scope.environment && at.environment && ex.scope.environment !== at.environment) return false;
  if (ex.scope.environment && !at.environment) return false;
  if (ex.scope.resource) {
    if (!at.resource) return false;
    const re = globToRegExp(ex.scope.resource);
    // A pattern may name the resource by its full path or by any suffix of it.
    if (!re.test(at.resource) && !globToRegExp(`*${ex.scope.resource}`).test(at.resource)) return false;
  }
  return true;
}

/** The first declared exception covering a location, with its expiry state on `now`. */
export function matchException(
  spec: Pick<TenancySpec, 'exceptions'>,
  at: FindingLocation,
  now: Date = new Date(),
): ExceptionMatch | undefined {
  const ex = (spec.exceptions ?? []).find((e) => exceptionCovers(e, at));
  if (!ex) return undefined;
  const daysLeft = daysBetween(todayUtc(now), ex.expires);
  return { exception: ex, daysLeft, expired: daysLeft < 0 };
}
