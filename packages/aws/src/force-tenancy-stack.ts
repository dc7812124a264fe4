import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ForceTenancy, ForceTenancyProps } from './force-tenancy';
import { names } from './private/names';
import { tenancyEnvironment } from './private/tenancy-environment';

export interface ForceTenancyStackProps extends ForceTenancyProps, Omit<StackProps, 'env'> {
  /**
   * A description of the stack.
   * @default - `NPLZ tenancy <tenancy> (<environment>), baseline <baseline>`
   */
  readonly description?: string;
}

/**
 * The stack of one force tenancy environment: `Force-<tenancy>-<environment>`, in the
 * environment's account (the spec's `aws.accounts`) and region (the spec's `aws.region`, else the
 * baseline's AWS home region), holding its {@link ForceTenancy} as `Tenancy`.
 *
 * The id, account and region come from the spec, not from the caller: the stack id is the artifact
 * id the national estate and the audit use for this tenancy environment, and construct paths below
 * it (`Force-kent-prod/Tenancy/...`) are where exceptions and findings point. A force's own app is
 *
 * ```ts
 * const { tenancy } = new ForceTenancyStack(app, { spec, environment: 'prod', services });
 * new s3.Bucket(tenancy.localAssets, 'Evidence', { encryptionKey: tenancy.dataKey });
 * ```
 *
 * The national estate builds its tenancy stacks with this class too, so both are the same stack.
 */
export class ForceTenancyStack extends Stack {
  public readonly tenancy: ForceTenancy;

  constructor(scope: Construct, props: ForceTenancyStackProps) {
    // The tenancy's props go to the tenancy; the rest are the stack's.
    const { spec, environment, services: _s, includeAccountBaseline: _i, alertEmails: _a, ...stackProps } = props;
    // Before super(): the Stack needs its env, and a bad spec should fail naming the field rather than as a stack without an account.
    const { account, region } = tenancyEnvironment(`ForceTenancyStack(${spec.name})`, spec, environment);
    super(scope, names.forceStack(spec.name, environment), {
      ...stackProps,
      description: props.description ?? `NPLZ tenancy ${spec.name} (${environment}), baseline ${spec.baseline}`,
      env: { account, region },
    });
    this.tenancy = new ForceTenancy(this, 'Tenancy', props);
  }
}
