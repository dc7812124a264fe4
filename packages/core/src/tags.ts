import type { Baseline } from './baselines';
import type { NationalSettings } from './national-settings';
import { isCollaboration, TenancySpec } from './tenancy-spec';

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
    force: isCollaboration(spec) ? COLLABORATION_TAG_VALUE : spec.force!,
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
