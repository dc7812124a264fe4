import { Validations, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { defined } from '@nplz/core';

/** The namespace aws-cdk-lib gives violations of `@cdklabs/cdk-validator-cfnguard` (its plugin name). */
const CFN_GUARD_NAMESPACE = 'cdk-validator-cfnguard';

/** The CloudFormation resource an L2 construct wraps (its `node.defaultChild`): where rule findings land. */
export function defaultChildOf(construct: IConstruct): IConstruct {
  return defined(construct.node.defaultChild, `the CloudFormation resource of ${construct.node.path}`);
}

/**
 * Acknowledge one Control Tower guard rule (by its rule name, e.g. `s3_bucket_logging_enabled_check`)
 * on one resource. aws-cdk-lib matches acknowledgements to plugin violations by `<plugin>::<rule>`.
 */
export function acknowledgeGuardRule(resource: IConstruct, rule: string, reason: string): void {
  Validations.of(resource).acknowledge({ id: `${CFN_GUARD_NAMESPACE}::${rule}`, reason });
}

/**
 * Only AWS services acting for AWS resources may create grants on the key
 * (Control Tower CT.KMS.PR.3): grants are a way around the key policy otherwise.
 */
export function restrictGrantsToAwsServices(key: kms.Key): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CreateGrantOnlyForAwsServices',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }),
  );
}
