import { ALLOWED_CLASSIFICATIONS } from '@nplz/core';
import { defineAzurePolicy } from '../define-policy';
import { show, tagsOf } from '../private/props';
import { isTaggable } from './required-tags';

/** The required tag that carries the classification (source `classification` in the baseline). */
function classificationKey(tags: readonly { key: string; source: string }[]): string | undefined {
  return tags.find((t) => t.source === 'classification')?.key;
}

/** NPLZ-CLS-02: tenancy resources carry a classification a public-cloud tenancy may hold. */
export const classificationTag = defineAzurePolicy({
  name: 'classification-tag',
  control: 'NPLZ-CLS-02',
  resourceTypes: ['azure-native:*'],
  description: 'Tenancy resources are tagged with an allowed classification',
  validate(props, { args, baseline, placement }, report) {
    if (!placement.tenancy || !isTaggable(args.type, props)) return;
    const key = classificationKey(baseline.requiredTags);
    if (!key) return;
    const value = tagsOf(props)[key];
    if (!value || !(ALLOWED_CLASSIFICATIONS as readonly string[]).includes(value)) {
      report(`tags["${key}"] is ${show(value)}; allowed: one of ${ALLOWED_CLASSIFICATIONS.join(', ')}`);
    }
  },
});
