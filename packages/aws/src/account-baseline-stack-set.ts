import { App, DefaultStackSynthesizer, Stack, aws_cloudformation as cfn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AWS_GLOBAL_EVENTS_DEPLOYMENT, Baseline, NplzError } from '@nplz/core';
import { AccountBaseline, GlobalEventForwarders } from './account-baseline';

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
   * The national SOC's event bus (`nplz-soc`, audit account, home region): every account's alerts
   * are forwarded there, and from us-east-1 by the `nplz-global-events` StackSet.
   * @default - no forwarding, and no global events StackSet
   */
  readonly socEventBusArn?: string;
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
  /**
   * The `nplz-global-events` StackSet: the global services' monitors in us-east-1 of the same
   * accounts ({@link GlobalEventForwarders}), when there is a SOC bus to forward to.
   */
  public readonly globalEvents?: cfn.CfnStackSet;
  /** The global events StackSet's template. */
  public readonly globalEventsTemplate?: Record<string, unknown>;

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
    this.template = renderTemplate((stack) => {
      new AccountBaseline(stack, 'AccountBaseline', {
        baseline: props.baseline,
        managementAccount: props.managementAccount,
        configArchiveBucketName: props.configArchiveBucketName,
        alertEmails: props.alertEmails,
        socEventBusArn: props.socEventBusArn,
      });
    });
    const stackSet = (cid: string, name: string, description: string, template: Record<string, unknown>, regions: readonly string[]) => {
      const body = JSON.stringify(template);
      if (body.length > TEMPLATE_BODY_LIMIT) {
        throw new Error(
          `${this.node.path}: ${name} template is ${body.length} bytes; CloudFormation allows at most ${TEMPLATE_BODY_LIMIT} in a StackSet template body`,
        );
      }
      return new cfn.CfnStackSet(this, cid, {
        stackSetName: name,
        description,
        permissionModel: 'SERVICE_MANAGED',
        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: true },
        capabilities: ['CAPABILITY_NAMED_IAM'],
        managedExecution: { Active: true },
        operationPreferences: { maxConcurrentPercentage: pct, failureTolerancePercentage: 0, regionConcurrencyType: 'SEQUENTIAL' },
        stackInstancesGroup: [
          { deploymentTargets: { organizationalUnitIds: [...props.targetOrganizationalUnitIds] }, regions: [...regions] },
        ],
        templateBody: body,
      });
    };
    this.stackSet = stackSet(
      'Resource',
      this.stackSetName,
      `NPLZ account baseline ${props.baseline.version}`,
      this.template,
      props.baseline.regions.aws.allowed,
    );
    if (props.socEventBusArn) {
      const busArn = props.socEventBusArn;
      this.globalEventsTemplate = renderTemplate((stack) => new GlobalEventForwarders(stack, 'GlobalEvents', { socEventBusArn: busArn }));
      this.globalEvents = stackSet(
        'GlobalEvents',
        AWS_GLOBAL_EVENTS_DEPLOYMENT.stackSetName,
        `NPLZ global service event monitors ${props.baseline.version} (us-east-1 only)`,
        this.globalEventsTemplate,
        [AWS_GLOBAL_EVENTS_DEPLOYMENT.region],
      );
      // The forwarders' IAM role names are global: the home-region baseline goes first, in the same accounts.
      this.globalEvents.addResourceDependency(this.stackSet);
    }
  }
}

/** Synthesise one construct alone, in memory, into a self-contained template (no assets, no bootstrap). */
function renderTemplate(build: (stack: Stack) => void): Record<string, unknown> {
  // No stack traces: the template body carries no metadata, and capturing them is most of the cost.
  const app = new App({
    builtinCloudFormationValidation: false,
    analyticsReporting: false,
    treeMetadata: false,
    stackTraces: false,
    context: { 'aws:cdk:disable-creation-stack-traces': true },
  });
  const stack = new Stack(app, 'AccountBaseline', { synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }) });
  build(stack);
  return app.synth().getStackByName(stack.stackName).template as Record<string, unknown>;
}
