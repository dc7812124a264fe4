/**
 * The ways a rule can name "anywhere on the internet" as a source, on either cloud: the IPv4 and
 * IPv6 default routes, and Azure's wildcard (`*`, shown as `Any`) and `Internet` service tag. The Azure deny policy and every check
 * read this one list, so the policy cannot let through a form the audit flags (or the reverse).
 */
export const INTERNET_SOURCES: readonly string[] = Object.freeze(['*', 'Any', 'Internet', '0.0.0.0/0', '::/0']);

/** True when an address prefix, CIDR or service tag means any internet source (case-insensitive for tags). */
export function isInternetSource(source: unknown): boolean {
  if (typeof source !== 'string') return false;
  const s = source.trim();
  return INTERNET_SOURCES.some((i) => i.toLowerCase() === s.toLowerCase());
}

/** The IPv4 default route: where a spoke's internet-bound traffic goes (to the hub, never straight out). */
export const DEFAULT_ROUTE_IPV4 = '0.0.0.0/0';
/** The default routes of both address families, which the egress checks look for. */
export const DEFAULT_ROUTES: readonly string[] = Object.freeze([DEFAULT_ROUTE_IPV4, '::/0']);
