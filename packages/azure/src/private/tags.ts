import type { Baseline } from '@nplz/core';

/** The values NPLZ fills in for the required tags; spec-supplied tags come from `specTags`. */
export interface TagContext {
  readonly force: string;
  readonly tenancy: string;
  readonly environment: string;
  readonly classification: string;
  readonly specTags: Readonly<Record<string, string>>;
}

/** Every required tag of the baseline, plus the spec's own tags. NPLZ values win over spec values. */
export function requiredTags(baseline: Baseline, ctx: TagContext): Record<string, string> {
  const tags: Record<string, string> = { ...ctx.specTags };
  for (const t of baseline.requiredTags) {
    switch (t.source) {
      case 'force':
        tags[t.key] = ctx.force;
        break;
      case 'tenancy':
        tags[t.key] = ctx.tenancy;
        break;
      case 'environment':
        tags[t.key] = ctx.environment;
        break;
      case 'classification':
        tags[t.key] = ctx.classification;
        break;
      case 'baseline':
        tags[t.key] = baseline.version;
        break;
      case 'spec':
        break;
    }
  }
  return sortKeys(tags);
}

export function sortKeys(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The TLS version name Azure uses for a baseline minimum, e.g. `1.2` → `TLS1_2`. */
export function azureTlsVersion(v: string): string {
  return `TLS${v.replace('.', '_')}`;
}
