import type { AwsRule } from '../types';
import { asArray, fail, isTrue } from '../private/cfn';

export const ConfigAggregatorOrganizationWide: AwsRule = {
  name: 'ConfigAggregatorOrganizationWide',
  control: 'NPLZ-MON-03',
  resourceTypes: ['AWS::Config::ConfigurationAggregator'],
  info: 'The Config aggregator does not cover the whole organisation in every allowed region.',
  explanation:
    "Configuration is aggregated centrally so one place holds every account's history. Use OrganizationAggregationSource with AllAwsRegions, or AwsRegions covering regions.aws.allowed (baseline).",
  evaluate(r, ctx) {
    const src = r.Properties?.OrganizationAggregationSource;
    if (!src) return fail('no OrganizationAggregationSource: the aggregator covers named accounts only');
    if (isTrue(src.AllAwsRegions)) return 'COMPLIANT';
    const regions = asArray<string>(src.AwsRegions);
    const missing = ctx.baseline.regions.aws.allowed.filter((x) => !regions.includes(x));
    return missing.length ? fail(`region(s) not aggregated: ${missing.join(', ')}`) : 'COMPLIANT';
  },
};
