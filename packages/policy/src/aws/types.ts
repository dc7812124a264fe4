import type { Baseline } from '@nplz/core';

/** One resource of a CloudFormation template, as JSON (what `cdk synth` writes and `nplz audit` reads). */
/**
 * A CloudFormation JSON value as written in a template: untyped by nature (properties, intrinsic
 * functions, nested structures). Rules read it defensively and narrow what they use; this alias is
 * the one place the package admits `any`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CfnJson = Record<string, any>;

export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: CfnJson;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Metadata?: CfnJson;
}

/** A CloudFormation template, as far as the checks need it. */
export interface CfnTemplateJson {
  readonly Resources?: Record<string, CfnResourceJson>;
}

/** Everything a rule may look at besides the resource itself. */
export interface AwsRuleContext {
  /** The baseline the resource was rendered from: every number and list a rule compares with. */
  readonly baseline: Baseline;
  readonly logicalId: string;
  /** All resources of the same template, for checks that join resources (`Ref` / `Fn::GetAtt` resolve to these keys). */
  readonly resources: Record<string, CfnResourceJson>;
  /** Stack tags (CloudFormation stack tags or CDK `Tags.of(stack)`), if known. `nplz:force` = `national` marks the national platform. */
  readonly stackTags?: Record<string, string>;
  /** The stack's region, when it is known (not an environment-agnostic token). */
  readonly region?: string;
  /** The stack's account, when it is known (not an environment-agnostic token). */
  readonly account?: string;
  /**
   * The estate's AWS management account: the only account whose national stack may deploy the
   * global-events footprint outside the allowed regions (`StackInAllowedRegion`).
   * @default - unknown: nothing outside the allowed regions passes
   */
  readonly managementAccount?: string;
  /**
   * The national SOC's event bus ARN (`nplz-soc`, audit account, home region), the only target the
   * global-events rules may have.
   * @default - unknown: nothing outside the allowed regions passes
   */
  readonly socEventBusArn?: string;
  /**
   * Name of the national log archive bucket.
   * @default - any bucket named `nplz-log-archive-*` (the name `LogArchive` gives by default)
   */
  readonly logArchiveBucket?: string;
  /**
   * Name of the national AWS Config archive bucket (Config cannot deliver to the object-locked archive).
   * @default - any bucket named `nplz-config-archive-*` (the name `LogArchive` gives by default)
   */
  readonly configArchiveBucket?: string;
  /**
   * Collaboration tenancy name → the member tenancy names that consented to it (from the estate's specs).
   * @default - collaborations are recognised only by the `nplz:force` = `collaboration` tag on a route table
   */
  readonly collaborations?: Readonly<Record<string, readonly string[]>>;
  /**
   * Tenancy name → its declared AWS address ranges (every environment), and the national hub's, from
   * the estate: what a route's destination is compared with.
   * @default - routes are not compared with the estate's ranges
   */
  readonly tenancyRanges?: Readonly<Record<string, readonly string[]>>;
  /** The national AWS hub range. @default - none */
  readonly hubRange?: string;
}

export type RuleStatus = 'COMPLIANT' | 'NON_COMPLIANT';

/** What a rule concluded about one resource. A status with a message explains the conclusion to the auditor. */
export type RuleOutcome =
  | RuleStatus
  | 'NOT_APPLICABLE'
  | {
      readonly status: RuleStatus;
      readonly message: string;
      /**
       * The tenancy (and environment) the outcome is about, when it is not the stack's: a route in a
       * national routing stack that belongs to one force's route table.
       */
      readonly about?: { readonly tenancy: string; readonly environment?: string };
    };

/**
 * A check on one CloudFormation resource. Pure: the same resource and context give the same
 * outcome, so one rule serves both the cdk-nag pack (at synthesis) and `nplz audit` (on templates).
 */
export interface AwsRule {
  /** Rule name and file name, e.g. `S3BucketPublicAccessBlocked`; the cdk-nag id is `NplzChecks-<name>`. */
  readonly name: string;
  /** Catalog control id the rule implements, e.g. `NPLZ-NET-01`. */
  readonly control: string;
  /** CloudFormation types the rule looks at; `*` means every type. */
  readonly resourceTypes: readonly string[];
  /** What is wrong when the rule fails, in one sentence. */
  readonly info: string;
  /** Why the rule exists and how to comply. */
  readonly explanation: string;
  evaluate(r: CfnResourceJson, ctx: AwsRuleContext): RuleOutcome;
}
