import { App, DefaultStackSynthesizer, Stack, aws_cloudformation as cfn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Baseline, NplzError } from '@nplz/core';
import { AccountBaseline } from './account-baseline';

/** CloudFormation's limit on an inline StackSet template body, in bytes. */
const TEMPLATE_BODY_LIMIT = 51_200;

export interface AccountBaselineStackSetProps {
  readonly baseline: Baseline;
  /** The management account (break-glass trust). */
  readonly managementAccount: string;
  /** The national Config archive bucket (`LogArchive.configBucket`): each account's Config recorder delivers there. */
  readonly configArchiveBucketName: string;
  /** OU ids the StackSet deploys to; accounts that join them later receive it automatically. */
  readonly targetOrganizationalUnitIds: readonly string[];
  /**
   * Who receives account alerts in every account.
   * @default - none
   */
  readonly alertEmails?: readonly string[];
  /**
   * Percentage of accounts deployed in parallel.
   * @default 25
   */
  readonly maxConcurrentPercentage?: number;
}

/**
 * Fleet roll-out of the {@link AccountBaseline} with CloudFormation StackSets: service-managed
 * permissions, automatic deployment to every account in the target OUs (Forces and
 * Collaborations), in the baseline's allowed regions. Stacks are retained when an account
 * leaves an OU so that moving an account never strips its controls.
 */
export class AccountBaselineStackSet extends Construct {
  public readonly stackSet: cfn.CfnStackSet;
  /** The StackSet's name (`nplz-account-baseline`). */
  public readonly stackSetName = 'nplz-account-baseline';
  /** The rendered template (for inspection and tests). */
  public readonly template: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: AccountBaselineStackSetProps) {
    super(scope, id);
    if (props.targetOrganizationalUnitIds.length === 0) {
      throw NplzError.of({
        path: 'AccountBaselineStackSet.targetOrganizationalUnitIds',
        received: [],
        message: 'the StackSet has no target',
        allowed: 'one or more OU ids',
      });
    }
    const pct = props.maxConcurrentPercentage ?? 25;
    if (pct < 1 || pct > 100) {
      throw NplzError.of({
        path: 'AccountBaselineStackSet.maxConcurrentPercentage',
        received: pct,
        message: 'not a percentage',
        allowed: '1 to 100',
      });
    }
    this.template = renderAccountBaselineTemplate(props);
    const body = JSON.stringify(this.template);
    if (body.length > TEMPLATE_BODY_LIMIT) {
      throw new Error(
        `${this.node.path}: account baseline template is ${body.length} bytes; CloudFormation allows at most ${TEMPLATE_BODY_LIMIT} in a StackSet template body`,
      );
    }
    this.stackSet = new cfn.CfnStackSet(this, 'Resource', {
      stackSetName: this.stackSetName,
      description: `NPLZ account baseline ${props.baseline.version}`,
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: true },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      managedExecution: { Active: true },
      operationPreferences: { maxConcurrentPercentage: pct, failureTolerancePercentage: 0, regionConcurrencyType: 'SEQUENTIAL' },
      stackInstancesGroup: [
        {
          deploymentTargets: { organizationalUnitIds: [...props.targetOrganizationalUnitIds] },
          regions: [...props.baseline.regions.aws.allowed],
        },
      ],
      templateBody: body,
    });
  }
}

/** Synthesise the account baseline alone, in memory, into a self-contained template (no assets, no bootstrap). */
function renderAccountBaselineTemplate(props: AccountBaselineStackSetProps): Record<string, unknown> {
  const app = new App({ builtinCloudFormationValidation: false, analyticsReporting: false, treeMetadata: false });
  const stack = new Stack(app, 'AccountBaseline', { synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }) });
  new AccountBaseline(stack, 'AccountBaseline', {
    baseline: props.baseline,
    managementAccount: props.managementAccount,
    configArchiveBucketName: props.configArchiveBucketName,
    alertEmails: props.alertEmails,
  });
  return app.synth().getStackByName(stack.stackName).template as Record<string, unknown>;
}
