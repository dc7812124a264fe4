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

/**
 * Evaluate one Deny statement of an SCP for a request: true when it denies.
 * Supports what NPLZ guardrails use: Action / NotAction with `*` wildcards and
 * StringNotEquals / StringEquals on single context keys.
 */
export function scpDenies(statement: Record<string, unknown>, request: { action: string; context: Record<string, string> }): boolean {
  const matches = (pattern: string) =>
    new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      'i',
    ).test(request.action);
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : v === undefined ? [] : [v as string]);
  if (statement.Effect !== 'Deny') return false;
  if (statement.Action !== undefined && !list(statement.Action).some(matches)) return false;
  if (statement.NotAction !== undefined && list(statement.NotAction).some(matches)) return false;
  const cond = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
  for (const [op, kv] of Object.entries(cond)) {
    for (const [key, values] of Object.entries(kv)) {
      const actual = request.context[key];
      const inList = actual !== undefined && list(values).includes(actual);
      if (op === 'StringNotEquals' && inList) return false;
      if (op === 'StringEquals' && !inList) return false;
      if (op !== 'StringNotEquals' && op !== 'StringEquals') throw new Error(`test evaluator does not support ${op}`);
    }
  }
  return true;
}
