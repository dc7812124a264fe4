import { SNAPSHOT_DELETION_TYPES, STATEFUL_RESOURCE_TYPES } from '@nplz/core';
import type { AwsRule } from '../types';
import { fail } from '../private/cfn';

/** Deletion policies that keep the data when the resource leaves the template. */
const KEEPS_DATA = ['Retain', 'RetainExceptOnCreate'];

export const StatefulResourceRetained: AwsRule = {
  name: 'StatefulResourceRetained',
  control: 'NPLZ-RET-02',
  resourceTypes: STATEFUL_RESOURCE_TYPES.aws,
  info: 'The stateful resource is deleted when it is removed from the template.',
  explanation:
    'Removing code must not remove data. Set DeletionPolicy (and UpdateReplacePolicy) to Retain (removalPolicy: RemovalPolicy.RETAIN); databases, volumes and caches that CloudFormation can snapshot may use Snapshot.',
  evaluate(r) {
    if (r.Type === 'AWS::RDS::DBInstance' && r.Properties?.DBClusterIdentifier !== undefined) return 'NOT_APPLICABLE';
    const ok = [...KEEPS_DATA, ...(SNAPSHOT_DELETION_TYPES.includes(r.Type) ? ['Snapshot'] : [])];
    const problems: string[] = [];
    if (!ok.includes(r.DeletionPolicy ?? 'Delete')) problems.push(`DeletionPolicy is ${r.DeletionPolicy ?? 'Delete (the default)'}`);
    if (r.UpdateReplacePolicy !== undefined && !ok.includes(r.UpdateReplacePolicy))
      problems.push(`UpdateReplacePolicy is ${r.UpdateReplacePolicy}`);
    return problems.length ? fail(problems.join('; ')) : 'COMPLIANT';
  },
};
