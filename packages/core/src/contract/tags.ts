import type { Baseline, RequiredTag } from '../baselines/types';
import type { NationalSettings } from '../national-settings';
import { isCollaboration, TenancySpec } from '../tenancy-spec';
import { NPLZ_TAGS } from './tag-keys';

export * from './tag-keys';

/** Where a required tag's value comes from, other than the spec's own `tags`. */
export type TagSource = Exclude<RequiredTag['source'], 'spec'>;

/**
 * The key a baseline uses for the tag filled from `source`. Every published baseline uses
 * {@link NPLZ_TAGS}; a checker reads the key through this so that it follows the baseline it checks.
 */
export function tagKeyFor(baseline: Baseline, source: TagSource): string {
  return baseline.requiredTags.find((t) => t.source === source)?.key ?? NPLZ_TAGS[source];
}

/** `nplz:force` (and tenancy, environment) value on national platform resources. */
export const NATIONAL_TAG_VALUE = 'national';
/** `nplz:force` value on a collaboration tenancy's resources (it belongs to several forces). */
export const COLLABORATION_TAG_VALUE = 'collaboration';
/** Classification of the national platform: it holds every force's audit evidence. */
export const NATIONAL_CLASSIFICATION = 'OFFICIAL-SENSITIVE';

/** The values NPLZ fills in for a baseline's required tags. */
export interface TagValues {
  readonly force: string;
  readonly tenancy: string;
  readonly environment: string;
  readonly classification: string;
  /** Values of the tags the baseline marks as supplied by the spec. */
  readonly spec: Readonly<Record<string, string>>;
}

/**
 * The baseline's required tags with their values, in the baseline's order. Both clouds render
 * tags from here, so AWS and Azure resources of one tenancy carry the same tags.
 */
export function requiredTagValues(baseline: Baseline, v: TagValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of baseline.requiredTags) {
    const value = t.source === 'spec' ? v.spec[t.key] : t.source === 'baseline' ? baseline.version : v[t.source];
    if (value !== undefined) out[t.key] = value;
  }
  return out;
}

/** Tag values for one environment of a tenancy. */
export function tenancyTagValues(spec: TenancySpec, environment: string): TagValues {
  return {
    force: isCollaboration(spec) ? COLLABORATION_TAG_VALUE : spec.force,
    tenancy: spec.name,
    environment,
    classification: spec.classification,
    spec: spec.tags,
  };
}

/** Tag values for the national platform. */
export function nationalTagValues(national: NationalSettings): TagValues {
  return {
    force: NATIONAL_TAG_VALUE,
    tenancy: NATIONAL_TAG_VALUE,
    environment: NATIONAL_TAG_VALUE,
    classification: NATIONAL_CLASSIFICATION,
    spec: national.tags,
  };
}
