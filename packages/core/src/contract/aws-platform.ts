import { AWS_NAMES } from './names';

/**
 * Facts about AWS that both the AWS renderer and the AWS checks must agree on. They describe AWS,
 * not a policy choice, so they are platform constants rather than baseline values.
 */

/**
 * The units AWS Budgets accepts in a COST budget's `BudgetLimit.Unit`. Budgets compute cost in USD
 * whatever currency the payer is invoiced in, and refuse any other unit at create time
 * ("GBP is not in the supported unit set: [USD]", InvalidParameterException).
 */
export const AWS_BUDGET_UNITS: readonly string[] = Object.freeze(['USD']);

/**
 * The planning rate at which a baseline's or tenancy's monthly figure in GBP becomes a USD budget
 * limit, for baselines that carry no rate of their own. A budget alerts at percentages of its
 * limit, so a drift of the market rate moves the alert points by the same fraction; review the
 * rate with each baseline. The rendered limit is rounded up to a whole dollar.
 */
export const AWS_BUDGET_USD_PER_GBP = 1.27;

/** A monthly figure in GBP as the USD limit AWS Budgets accepts, at `rate` USD per GBP. */
export function gbpToBudgetUsd(gbp: number, rate: number = AWS_BUDGET_USD_PER_GBP): number {
  return Math.ceil(gbp * rate);
}

/**
 * The one deployment NPLZ makes outside the baseline's allowed regions, so that the region
 * guardrail can allow exactly it and nothing more.
 *
 * CloudTrail delivers the events of global services (IAM, AWS Organizations, console sign-in) to
 * EventBridge in us-east-1, so the account baseline's CIS rules for them, which live in the home
 * region, would never fire. STS is no longer one of them: AWS now serves requests to its global
 * endpoint in the caller's Region when that Region is enabled by default, and in us-east-1 only
 * from opt-in Regions or through non-AWS DNS resolvers (IAM User Guide, "AWS STS global endpoint
 * changes"), so a break-glass AssumeRole is caught by the home-region rule or, when served in
 * us-east-1, by the rule here. The `nplz-global-events` StackSet puts, in
 * us-east-1 of every account it reaches, one rule per global CIS monitor (named under
 * `nplz-baseline-global-`) forwarding the matching events straight to the national SOC's event bus
 * (`nplz-soc`, audit account, home region), and the IAM role EventBridge forwards with (IAM is
 * global, so the role is outside the region guardrail anyway). At run time EventBridge only puts
 * the events on that bus, a request in the home region.
 *
 * Service-managed StackSets deploy with the `stacksets-exec-*` role in each target account; these
 * are the regional actions that role performs in us-east-1 for this StackSet's stacks and rules.
 */
export const AWS_GLOBAL_EVENTS_DEPLOYMENT = Object.freeze({
  /** Where CloudTrail delivers global service events to EventBridge. */
  region: 'us-east-1',
  /** The StackSet that deploys the forwarders. */
  stackSetName: 'nplz-global-events',
  /** The principal that deploys them in every target account (the StackSets execution role). */
  principalArn: 'arn:aws:iam::*:role/stacksets-exec-*',
  /** The regional actions that principal needs in `region`, and nothing else. */
  actions: Object.freeze([
    'cloudformation:CreateStack',
    'cloudformation:UpdateStack',
    'cloudformation:DeleteStack',
    'cloudformation:DescribeStacks',
    'cloudformation:DescribeStackEvents',
    'cloudformation:DescribeStackResource',
    'cloudformation:DescribeStackResources',
    'cloudformation:GetTemplate',
    'cloudformation:ListStackResources',
    'events:PutRule',
    'events:DeleteRule',
    'events:DescribeRule',
    'events:EnableRule',
    'events:DisableRule',
    'events:PutTargets',
    'events:RemoveTargets',
    'events:ListTargetsByRule',
    'events:TagResource',
    'events:UntagResource',
    'events:ListTagsForResource',
  ] as const),
  /** The resources those actions touch there: the StackSet's stacks and the forwarding rules. */
  resources: Object.freeze([
    'arn:aws:cloudformation:us-east-1:*:stack/StackSet-nplz-global-events-*',
    'arn:aws:events:us-east-1:*:rule/nplz-baseline-global-*',
  ] as const),
  /** Prefix of the forwarding rules' names (under the baseline's protected rule prefix). */
  rulePrefix: 'nplz-baseline-global-',
  /** The IAM role EventBridge forwards with (under the protected `nplz-` prefix). */
  forwarderRole: 'nplz-global-events-forwarder',
} as const);

/** A field of an EventBridge event pattern: a list of values or matchers, or a nested pattern. */
export type AwsEventPatternValue = readonly unknown[] | AwsEventPattern;

/**
 * An EventBridge event pattern as `AWS::Events::Rule`'s `EventPattern` holds it in a template:
 * JSON, with the top-level field `detail-type` (which the CDK spells `detailType`).
 */
export interface AwsEventPattern {
  readonly [field: string]: AwsEventPatternValue;
}

/** Freezes a JSON value and everything in it, so the one table cannot be changed by either reader. */
function deepFreeze<const T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The event patterns of the rules NPLZ deploys in {@link AWS_GLOBAL_EVENTS_DEPLOYMENT}'s region
 * (`<rulePrefix><id>`), in their rendered (template) form: the account baseline's CIS monitors of
 * global services' events, which the account baseline also renders in the home region, and the
 * break-glass role's use. The AWS renderer (`GlobalEventForwarders` and `AccountBaseline` in
 * @nplz/aws) renders these patterns, and the region check (`StackInAllowedRegion` in @nplz/policy)
 * accepts under the prefix a rule with exactly one of them: a rule with any other pattern is not
 * the footprint. Keys are in rendering order.
 */
export const AWS_GLOBAL_EVENT_PATTERNS = deepFreeze({
  RootUse: { detail: { userIdentity: { type: ['Root'] } } },
  // IAM users only, as CIS filters it: a federated (Identity Center) sign-in always reports MFAUsed No,
  // because MFA happens at the identity provider, so without the filter every engineer's sign-in alerts.
  ConsoleWithoutMfa: {
    'detail-type': ['AWS Console Sign In via CloudTrail'],
    detail: { additionalEventData: { MFAUsed: ['No'] }, userIdentity: { type: ['IAMUser'] } },
  },
  ConsoleFailures: { 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { responseElements: { ConsoleLogin: ['Failure'] } } },
  IamPolicyChanges: {
    source: ['aws.iam'],
    detail: {
      eventName: [
        'DeleteGroupPolicy',
        'DeleteRolePolicy',
        'DeleteUserPolicy',
        'PutGroupPolicy',
        'PutRolePolicy',
        'PutUserPolicy',
        'CreatePolicy',
        'DeletePolicy',
        'CreatePolicyVersion',
        'DeletePolicyVersion',
        'AttachRolePolicy',
        'DetachRolePolicy',
        'AttachUserPolicy',
        'DetachUserPolicy',
        'AttachGroupPolicy',
        'DetachGroupPolicy',
      ],
    },
  },
  OrganizationChanges: { source: ['aws.organizations'] },
  BreakGlassUse: {
    source: ['aws.sts'],
    detail: {
      eventName: ['AssumeRole'],
      // The break-glass role of any account: in a member account the event is about its own role;
      // in the management account, which holds none, about the role in the member account its
      // principals (the only ones the role trusts) assumed. EventBridge's wildcard `*` matches any characters.
      requestParameters: { roleArn: [{ wildcard: `arn:*:iam::*:role/${AWS_NAMES.breakGlassRole}` }] },
    },
  },
} as const) satisfies Readonly<Record<string, AwsEventPattern>>;

/** The ids of the global-events rules, in rendering order. */
export type AwsGlobalEventRuleId = keyof typeof AWS_GLOBAL_EVENT_PATTERNS;
