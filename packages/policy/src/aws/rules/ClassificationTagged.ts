import { tagKeyFor } from '@nplz/core';
import { ALLOWED_CLASSIFICATIONS } from '@nplz/core';
import type { AwsRule } from '../types';
import { effectiveTags, fail } from '../private/cfn';
import { isTaggable } from '../private/taggable';

export const ClassificationTagged: AwsRule = {
  name: 'ClassificationTagged',
  control: 'NPLZ-CLS-02',
  resourceTypes: ['*'],
  info: 'The resource does not carry a valid classification tag.',
  explanation: `The classification travels with the resource so handling rules can be enforced and audited. Tag it with the baseline's classification key and one of: ${ALLOWED_CLASSIFICATIONS.join(', ')}.`,
  evaluate(r, ctx) {
    if (!isTaggable(r)) return 'NOT_APPLICABLE';
    const key = tagKeyFor(ctx.baseline, 'classification');
    const value = effectiveTags(r, ctx)[key];
    if (!value) return fail(`no ${key} tag`);
    return (ALLOWED_CLASSIFICATIONS as readonly string[]).includes(value)
      ? 'COMPLIANT'
      : fail(`${key} is ${value}; allowed: ${ALLOWED_CLASSIFICATIONS.join(', ')}`);
  },
};
