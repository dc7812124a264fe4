/**
 * Government Security Classifications a public-cloud landing zone may hold.
 * OFFICIAL-SENSITIVE is a handling caveat on OFFICIAL, not a separate classification,
 * but tenancies declare it because it changes who may be given access.
 */
export const ALLOWED_CLASSIFICATIONS = ['OFFICIAL', 'OFFICIAL-SENSITIVE'] as const;
export type Classification = (typeof ALLOWED_CLASSIFICATIONS)[number];

/** Classifications that exist but may not be handled on public cloud. */
export const REFUSED_CLASSIFICATIONS = ['SECRET', 'TOP SECRET'] as const;

/** Why a refused classification is refused, in words a user can act on. */
export const REFUSAL_REASON =
  'SECRET and TOP SECRET information may not be handled in public cloud; NPLZ tenancies hold OFFICIAL information only (OFFICIAL-SENSITIVE is a handling caveat on OFFICIAL)';

export function isAllowedClassification(v: unknown): v is Classification {
  return typeof v === 'string' && (ALLOWED_CLASSIFICATIONS as readonly string[]).includes(v);
}

/** Normalises spellings people actually type (`TOP_SECRET`, `secret`) so refusals are recognised. */
export function isRefusedClassification(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const norm = v.trim().toUpperCase().replace(/[_-]+/g, ' ');
  return norm === 'SECRET' || norm === 'TOP SECRET';
}
