import type { AwsRule } from '../types';
import { effectiveTags, fail } from '../private/cfn';
import { isTaggable } from '../private/taggable';

export const RequiredTagsPresent: AwsRule = {
  name: 'RequiredTagsPresent',
  control: 'NPLZ-GRD-03',
  resourceTypes: ['*'],
  info: 'The resource lacks tags the baseline requires.',
  explanation:
    'Tags carry the force, environment, classification and cost centre that audit, billing and incident response depend on. Every taggable resource carries every key in requiredTags (baseline), on the resource or as a stack tag.',
  evaluate(r, ctx) {
    if (!isTaggable(r)) return 'NOT_APPLICABLE';
    const tags = effectiveTags(r, ctx);
    const missing = ctx.baseline.requiredTags.map((t) => t.key).filter((k) => !tags[k]);
    return missing.length ? fail(`missing tag(s): ${missing.join(', ')}`) : 'COMPLIANT';
  },
};
