import type { AwsRule } from '../types';
import { asNumber, fail } from '../private/cfn';

/** AWS's default aggregation interval when none is given. */
const DEFAULT_INTERVAL_SECONDS = 600;

export const FlowLogCapturesAllTraffic: AwsRule = {
  name: 'FlowLogCapturesAllTraffic',
  control: 'NPLZ-LOG-04',
  resourceTypes: ['AWS::EC2::FlowLog'],
  info: 'The flow log does not capture all traffic at the baseline aggregation interval.',
  explanation:
    'Investigations need accepted and rejected flows at the baseline resolution. Set TrafficType: ALL and MaxAggregationInterval to network.aws.flowLogIntervalSeconds (baseline) or less.',
  evaluate(r, ctx) {
    const p = r.Properties ?? {};
    const problems: string[] = [];
    if (p.TrafficType !== 'ALL') problems.push(`TrafficType is ${p.TrafficType ?? 'unset'}`);
    const interval = asNumber(p.MaxAggregationInterval) ?? DEFAULT_INTERVAL_SECONDS;
    const max = ctx.baseline.network.aws.flowLogIntervalSeconds;
    if (interval > max) problems.push(`aggregation interval ${interval}s exceeds the baseline ${max}s`);
    return problems.length ? fail(problems.join('; ')) : 'COMPLIANT';
  },
};
