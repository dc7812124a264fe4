import { App, Stack } from 'aws-cdk-lib';
import { Baseline, BASELINE_2026_11 } from '@nplz/core';

export const REGION = 'eu-west-2';

/** A stack in its own app, with built-in template validation off (unit tests use Template.fromStack). */
export function testStack(account = '100000000009', id = 'Test'): Stack {
  const app = new App({ builtinCloudFormationValidation: false, analyticsReporting: false, stackTraces: false });
  return new Stack(app, id, { env: { account, region: REGION } });
}

/** The 2026.11 baseline with some fields replaced (baselines are frozen, so this copies). */
export function baselineWith(patch: (b: Baseline) => Baseline): Baseline {
  return patch(JSON.parse(JSON.stringify(BASELINE_2026_11)) as Baseline);
}

/** Run a stack's synthesis-time validations and return their messages. */
export function validationErrors(stack: Stack): string[] {
  try {
    (stack.node.root as App).synth();
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}

/** An IAM glob (`*`, `?`) as a case-insensitive regular expression. */
function glob(pattern: string, caseInsensitive = true): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, caseInsensitive ? 'i' : '');
}

/** A request as an SCP sees it: the action, the resource (default `*`) and context keys such as `aws:PrincipalARN`. */
export interface ScpRequest {
  readonly action: string;
  readonly resource?: string;
  readonly context: Record<string, string>;
}

/**
 * Evaluate one Deny statement of an SCP for a request: true when it denies.
 * Supports what NPLZ guardrails use: Action / NotAction and Resource / NotResource with `*` wildcards, and
 * StringEquals / StringNotEquals / StringLike / ArnLike / ArnNotLike on single context keys
 * (keys compared case-insensitively, as IAM does). A key absent from the request fails every
 * positive operator and passes every negated one, as IAM evaluates it.
 */
export function scpDenies(statement: Record<string, unknown>, request: ScpRequest): boolean {
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : v === undefined ? [] : [v as string]);
  if (statement.Effect !== 'Deny') return false;
  if (statement.Action !== undefined && !list(statement.Action).some((p) => glob(p).test(request.action))) return false;
  if (statement.NotAction !== undefined && list(statement.NotAction).some((p) => glob(p).test(request.action))) return false;
  if (statement.Resource !== undefined) {
    const resources = list(statement.Resource);
    if (request.resource === undefined && !resources.includes('*'))
      throw new Error(`the statement names resources (${resources.join(', ')}); give the request a resource`);
    if (request.resource !== undefined && !resources.some((p) => glob(p, false).test(request.resource!))) return false;
  }
  if (statement.NotResource !== undefined) {
    if (request.resource === undefined) throw new Error('the statement has NotResource; give the request a resource');
    if (list(statement.NotResource).some((p) => glob(p, false).test(request.resource!))) return false;
  }
  const cond = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
  const contextValue = (key: string) => Object.entries(request.context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  for (const [op, kv] of Object.entries(cond)) {
    for (const [key, values] of Object.entries(kv)) {
      const actual = contextValue(key);
      const equal = actual !== undefined && list(values).includes(actual);
      const like = actual !== undefined && list(values).some((p) => glob(p).test(actual));
      if (op === 'StringNotEquals' && equal) return false;
      else if (op === 'StringEquals' && !equal) return false;
      else if ((op === 'StringLike' || op === 'ArnLike') && !like) return false;
      else if (op === 'ArnNotLike' && like) return false;
      else if (!['StringNotEquals', 'StringEquals', 'StringLike', 'ArnLike', 'ArnNotLike'].includes(op))
        throw new Error(`test evaluator does not support ${op}`);
    }
  }
  return true;
}

/** True when any statement of the policy document denies the request. */
export function policyDenies(document: { readonly Statement: readonly Record<string, unknown>[] }, request: ScpRequest): boolean {
  return document.Statement.some((s) => scpDenies(s, request));
}
