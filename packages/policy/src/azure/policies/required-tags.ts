import { defineAzurePolicy } from '../define-policy';
import { tagsOf, isUnknown } from '../private/props';
import { UNTAGGABLE_PREFIXES } from '../private/types';

/**
 * Does the resource take tags? Tracked Azure resources (the ones with a location) do; role, policy
 * and Defender settings do not.
 */
export function isTaggable(type: string, props: Readonly<Record<string, unknown>>): boolean {
  return typeof props.location === 'string' && !UNTAGGABLE_PREFIXES.some((p) => type.startsWith(p));
}

/** NPLZ-GRD-03: taggable resources carry every tag the baseline requires, non-empty. */
export const requiredTags = defineAzurePolicy({
  name: 'required-tags',
  control: 'NPLZ-GRD-03',
  resourceTypes: ['azure-native:*'],
  description: 'Taggable resources carry every required tag of the baseline',
  validate(props, { args, baseline }, report) {
    if (!isTaggable(args.type, props)) return;
    if (isUnknown(props.tags)) return;
    const tags = tagsOf(props);
    const missing = baseline.requiredTags.map((t) => t.key).filter((k) => !tags[k]?.trim());
    if (missing.length)
      report(
        `tags lack ${missing.join(', ')}; allowed: every required tag of baseline ${baseline.version} (${baseline.requiredTags.map((t) => t.key).join(', ')})`,
      );
  },
});
