import {
  AWS_GLOBAL_EVENT_PATTERNS,
  AWS_GLOBAL_EVENTS_DEPLOYMENT,
  AWS_NAMES,
  NATIONAL_TAG_VALUE,
  nationalArchiveNames,
  type AwsEventPattern,
  type NationalSettings,
} from '@nplz/core';
import type { AwsRule, AwsRuleContext, CfnJson, CfnResourceJson, RuleOutcome } from '../types';
import { asArray, fail, forceTagKey, refTarget, statements } from '../private/cfn';

/**
 * The event patterns of the global-events rules (`nplz-baseline-global-<id>`): the contract's
 * table, which `GlobalEventForwarders` (@nplz/aws) renders. A rule under the prefix with any other
 * pattern is not the footprint.
 * @deprecated Read `AWS_GLOBAL_EVENT_PATTERNS` from @nplz/core; this name only re-exports it.
 */
export const GLOBAL_EVENT_PATTERNS: Readonly<Record<string, AwsEventPattern>> = AWS_GLOBAL_EVENT_PATTERNS;

/** The contract's patterns by rule id, for a lookup by any name. */
const PATTERNS: Readonly<Record<string, AwsEventPattern>> = AWS_GLOBAL_EVENT_PATTERNS;

/** What the audit and the cdk-nag pack pass the rule about the estate: who may deploy the footprint, and where it sends. */
export interface GlobalEventsContext {
  readonly managementAccount: string;
  readonly socEventBusArn: string;
}

/** The management account and SOC bus of an estate's national settings, as the landing zone renders them. */
export function globalEventsContext(national: NationalSettings): GlobalEventsContext | undefined {
  const names = nationalArchiveNames(national);
  const aws = national.aws;
  if (!aws || !names) return undefined;
  return {
    managementAccount: aws.managementAccount,
    socEventBusArn: `arn:aws:events:${names.region}:${aws.auditAccount}:event-bus/${AWS_NAMES.socEventBus}`,
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return sameJson(ka, kb) && ka.every((k) => sameJson((a as CfnJson)[k], (b as CfnJson)[k]));
  }
  return a === b;
}

const onlyKeys = (o: CfnJson, keys: readonly string[]) => Object.keys(o).every((k) => keys.includes(k));

/** Why the role is not the forwarder EventBridge assumes, or undefined when it is. */
function forwarderRoleProblem(r: CfnResourceJson | undefined): string | undefined {
  if (r?.Type !== 'AWS::IAM::Role') return 'not an IAM role';
  const p = r.Properties ?? {};
  if (p.RoleName !== AWS_GLOBAL_EVENTS_DEPLOYMENT.forwarderRole)
    return `role name ${String(p.RoleName)} is not ${AWS_GLOBAL_EVENTS_DEPLOYMENT.forwarderRole}`;
  const trust = statements(p.AssumeRolePolicyDocument);
  const eventsOnly = (s: CfnJson) =>
    s.Effect === 'Allow' &&
    sameJson(asArray(s.Action), ['sts:AssumeRole']) &&
    s.Principal &&
    typeof s.Principal === 'object' &&
    onlyKeys(s.Principal, ['Service']) &&
    sameJson(asArray(s.Principal.Service), ['events.amazonaws.com']) &&
    onlyKeys(s, ['Sid', 'Effect', 'Action', 'Principal']);
  if (trust.length === 0 || !trust.every(eventsOnly)) return 'its trust policy allows more than events.amazonaws.com to assume it';
  const extra = ['ManagedPolicyArns', 'Policies', 'PermissionsBoundary'].filter(
    (k) => asArray(p[k]).length > 0 || (k === 'PermissionsBoundary' && p[k] !== undefined),
  );
  if (extra.length) return `it carries ${extra.join(', ')} (its one permission is the forwarder policy)`;
  return undefined;
}

function globalEventsProblem(r: CfnResourceJson, ctx: AwsRuleContext, bus: string): string | undefined {
  const p = r.Properties ?? {};
  switch (r.Type) {
    case 'AWS::Events::Rule': {
      const name = typeof p.Name === 'string' ? p.Name : '';
      const id = name.startsWith(AWS_GLOBAL_EVENTS_DEPLOYMENT.rulePrefix)
        ? name.slice(AWS_GLOBAL_EVENTS_DEPLOYMENT.rulePrefix.length)
        : undefined;
      const expected = id === undefined ? undefined : PATTERNS[id];
      if (!expected)
        return `rule ${name || '(unnamed)'} is not one of the global-events rules (${Object.keys(PATTERNS)
          .map((k) => AWS_GLOBAL_EVENTS_DEPLOYMENT.rulePrefix + k)
          .join(', ')})`;
      if (p.EventBusName !== undefined && p.EventBusName !== 'default')
        return `rule ${name} is on bus ${String(p.EventBusName)}, not the default bus`;
      if (!sameJson(p.EventPattern, expected)) return `rule ${name}'s event pattern is not the baseline's global-event pattern for ${id}`;
      const targets = asArray<CfnJson>(p.Targets);
      const toSoc = (t: CfnJson) =>
        t?.Arn === bus &&
        onlyKeys(t, ['Id', 'Arn', 'RoleArn']) &&
        forwarderRoleProblem(ctx.resources[refTarget(t.RoleArn) ?? '']) === undefined;
      if (targets.length === 0 || !targets.every(toSoc)) return `rule ${name} must target only the SOC bus ${bus}, with the forwarder role`;
      return undefined;
    }
    case 'AWS::IAM::Role':
      return forwarderRoleProblem(r);
    case 'AWS::IAM::Policy': {
      const roles = asArray(p.Roles);
      if (roles.length === 0 || p.Users !== undefined || p.Groups !== undefined)
        return 'the policy must be attached to the forwarder role only';
      if (!roles.every((x) => forwarderRoleProblem(ctx.resources[refTarget(x) ?? '']) === undefined))
        return 'the policy is attached to a role other than the forwarder';
      const st = statements(p.PolicyDocument);
      const putOnly = (s: CfnJson) =>
        s.Effect === 'Allow' &&
        onlyKeys(s, ['Sid', 'Effect', 'Action', 'Resource']) &&
        sameJson(asArray(s.Action), ['events:PutEvents']) &&
        sameJson(asArray(s.Resource), [bus]);
      if (st.length === 0 || !st.every(putOnly)) return `the policy must allow only events:PutEvents on ${bus}`;
      return undefined;
    }
    default:
      return `${r.Type} is not part of the global-events footprint (its rules, their forwarder role and its policy)`;
  }
}

/**
 * The one footprint NPLZ deploys outside the allowed regions (`AWS_GLOBAL_EVENTS_DEPLOYMENT`), and
 * only as the management account's national `Nplz-ManagementGlobalEvents` stack in us-east-1: the
 * global-events rules on the default bus, each with the baseline's pattern and the SOC bus as its only
 * target; the forwarder role, trusted by events.amazonaws.com only; and its policy, events:PutEvents
 * on the SOC bus, attached to that role only. Anything else there, or anywhere else, is out of region.
 */
function globalEventsOutcome(r: CfnResourceJson, ctx: AwsRuleContext): RuleOutcome {
  const where = `region ${ctx.region} is allowed only for the management account's national global-events stack`;
  if (ctx.stackTags?.[forceTagKey(ctx)] !== NATIONAL_TAG_VALUE)
    return fail(`${where}; this stack is not tagged ${forceTagKey(ctx)}=${NATIONAL_TAG_VALUE}`);
  if (!ctx.managementAccount || !ctx.socEventBusArn)
    return fail(`${where}; the estate's management account and SOC bus are not known to the check`);
  if (ctx.account !== ctx.managementAccount)
    return fail(`${where}; this stack is in account ${ctx.account ?? '(unknown)'}, not ${ctx.managementAccount}`);
  const problem = globalEventsProblem(r, ctx, ctx.socEventBusArn);
  return problem === undefined ? 'COMPLIANT' : fail(`${where}: ${problem}`);
}

export const StackInAllowedRegion: AwsRule = {
  name: 'StackInAllowedRegion',
  control: 'NPLZ-RES-02',
  resourceTypes: ['*'],
  info: 'The resource is deployed to a region the baseline does not allow.',
  explanation:
    "Every tenancy stack is placed in a region the pinned baseline allows (regions.aws.allowed; home is regions.aws.home). Give the stack env.region from the baseline. Environment-agnostic stacks are not checked here. The one exception is the management account's national global-events stack in us-east-1, held to exactly its rules, role and policy.",
  evaluate(r, ctx) {
    if (ctx.region === undefined) return 'NOT_APPLICABLE';
    const { allowed, home } = ctx.baseline.regions.aws;
    if (allowed.includes(ctx.region)) return 'COMPLIANT';
    if (ctx.region === AWS_GLOBAL_EVENTS_DEPLOYMENT.region) return globalEventsOutcome(r, ctx);
    return fail(`region ${ctx.region} is not allowed; use ${home} (allowed: ${allowed.join(', ')})`);
  },
};
