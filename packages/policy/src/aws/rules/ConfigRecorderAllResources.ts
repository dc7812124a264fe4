import type { AwsRule } from '../types';
import { fail, isTrue } from '../private/cfn';

export const ConfigRecorderAllResources: AwsRule = {
  name: 'ConfigRecorderAllResources',
  control: 'NPLZ-MON-03',
  resourceTypes: ['AWS::Config::ConfigurationRecorder'],
  info: 'The Config recorder does not record every supported resource type, including global ones.',
  explanation:
    'A configuration history of every resource is needed for investigation and audit. Set RecordingGroup.AllSupported and IncludeGlobalResourceTypes to true.',
  evaluate(r) {
    const g = r.Properties?.RecordingGroup;
    // No recording group means AWS records all supported types.
    if (g === undefined) return 'COMPLIANT';
    const problems: string[] = [];
    if (!isTrue(g.AllSupported)) problems.push('AllSupported is not true');
    if (!isTrue(g.IncludeGlobalResourceTypes)) problems.push('IncludeGlobalResourceTypes is not true');
    return problems.length ? fail(problems.join('; ')) : 'COMPLIANT';
  },
};
