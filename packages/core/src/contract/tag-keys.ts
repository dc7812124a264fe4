/**
 * The tag keys NPLZ writes and reads, each defined once. The baselines' required tags use these
 * keys, the renderers write them and the checks read them; nothing else spells them.
 */
export const NPLZ_TAGS = Object.freeze({
  force: 'nplz:force',
  tenancy: 'nplz:tenancy',
  environment: 'nplz:environment',
  classification: 'nplz:classification',
  baseline: 'nplz:baseline',
  /** On AWS permission sets: whether the role can change infrastructure or read all data. */
  privileged: 'nplz:privileged',
} as const);

/** Tag keys with this prefix are NPLZ's own; a spec may not set them (in any letter case). */
export const RESERVED_TAG_PREFIX = 'nplz:';

/** True when a tag key is reserved for NPLZ. Azure tag names are case-insensitive, so the test is too. */
export function isReservedTagKey(key: string): boolean {
  return key.toLowerCase().startsWith(RESERVED_TAG_PREFIX);
}
