import { requiredTagValues, type Baseline, type TagValues } from '@nplz/core';

/**
 * Every required tag of the baseline (values from @nplz/core, the same as on AWS), plus the spec's
 * own tags. NPLZ values win over spec values.
 */
export function requiredTags(baseline: Baseline, values: TagValues): Record<string, string> {
  return sortKeys({ ...values.spec, ...requiredTagValues(baseline, values) });
}

export function sortKeys(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The TLS version name Azure uses for a baseline minimum, e.g. `1.2` → `TLS1_2`. */
export function azureTlsVersion(v: string): string {
  return `TLS${v.replace('.', '_')}`;
}
