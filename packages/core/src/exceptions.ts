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

/** Where an exception might apply: a cloud, an environment, a resource. */
export interface ScopeLocation {
  readonly cloud: 'aws' | 'azure';
  readonly environment?: string;
  /** Construct path or Pulumi resource name / URN. */
  readonly resource?: string;
  /**
   * The question is about every resource of the environment at once (an Azure policy exemption,
   * which cannot name resources), so a resource pattern does not narrow it.
   * @default false
   */
  readonly anyResource?: boolean;
}

/**
 * The one exception-scope predicate: true when the location is within the exception's cloud,
 * environment and resource pattern. The audit, the AWS acknowledgements and the Azure exemptions
 * all decide scope with it.
 */
export function exceptionInScope(ex: ControlException, at: ScopeLocation): boolean {
  if (ex.scope.cloud !== at.cloud) return false;
  if (ex.scope.environment && ex.scope.environment !== at.environment) return false;
  if (ex.scope.resource && !at.anyResource) {
    if (!at.resource) return false;
    // A pattern may name the resource by its full path or by any suffix of it.
    if (!globToRegExp(ex.scope.resource).test(at.resource) && !globToRegExp(`*${ex.scope.resource}`).test(at.resource)) return false;
  }
  return true;
}

/** True when the exception covers the location (same control, and within its scope). */
export function exceptionCovers(ex: ControlException, at: FindingLocation): boolean {
  return ex.control === at.control && exceptionInScope(ex, at);
}

/** True on `now` and until the end of the exception's expiry date. */
export function exceptionLive(ex: ControlException, now: Date = new Date()): boolean {
  return daysBetween(todayUtc(now), ex.expires) >= 0;
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
