import type { AwsRule } from '../types';
import { fail } from '../private/cfn';

export const StackInAllowedRegion: AwsRule = {
  name: 'StackInAllowedRegion',
  control: 'NPLZ-RES-02',
  resourceTypes: ['*'],
  info: 'The resource is deployed to a region the baseline does not allow.',
  explanation:
    'Every tenancy stack is placed in a region the pinned baseline allows (regions.aws.allowed; home is regions.aws.home). Give the stack env.region from the baseline. Environment-agnostic stacks are not checked here.',
  evaluate(_r, ctx) {
    if (ctx.region === undefined) return 'NOT_APPLICABLE';
    const { allowed, home } = ctx.baseline.regions.aws;
    return allowed.includes(ctx.region)
      ? 'COMPLIANT'
      : fail(`region ${ctx.region} is not allowed; use ${home} (allowed: ${allowed.join(', ')})`);
  },
};
