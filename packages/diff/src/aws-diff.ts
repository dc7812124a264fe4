import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { isStatefulType } from '@nplz/core';
import { maskAwsBookkeeping } from './bookkeeping';
import { differingPaths } from './json-paths';
import type { BreakingChange, ChangeAction, ResourceChange } from './types';

/** A CloudFormation template as synthesised. */
export interface CfnTemplate {
  readonly Resources?: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown>; [k: string]: unknown }
  >;
  readonly [k: string]: unknown;
}

export interface StackContext {
  readonly tenancy: string;
  readonly environment?: string;
  readonly stack: string;
}

/** Resource changes between two templates of one stack, using the CDK's own diff engine for impact. */
export function diffAwsTemplates(from: CfnTemplate, to: CfnTemplate, ctx: StackContext): ResourceChange[] {
  const diff = fullDiff(from, to);
  const out: ResourceChange[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    if (!change.isDifferent) return;
    const type = change.newResourceType ?? change.oldResourceType ?? 'unknown';
    const value = change.newValue ?? change.oldValue;
    const path = (value?.Metadata?.['aws:cdk:path'] as string | undefined) ?? logicalId;
    let action: ChangeAction;
    if (change.isAddition) action = 'add';
    else if (change.isRemoval) action = 'remove';
    else if (change.changeImpact === ResourceImpact.WILL_REPLACE || change.changeImpact === ResourceImpact.MAY_REPLACE) action = 'replace';
    else action = 'modify';
    const updated = action === 'modify' || action === 'replace';
    const [was, now] = [stripMetadata(change.oldValue), stripMetadata(change.newValue)];
    const raw = updated ? differingPaths(was, now) : [];
    if (updated && raw.length === 0) return; // metadata-only change
    // The paths that change what the resource does; when there are none, only bookkeeping changed.
    const real = updated ? differingPaths(maskAwsBookkeeping(was), maskAwsBookkeeping(now)) : [];
    const bookkeeping = action === 'modify' && real.length === 0;
    const paths = bookkeeping ? raw : real;
    out.push({
      cloud: 'aws',
      tenancy: ctx.tenancy,
      environment: ctx.environment,
      stack: ctx.stack,
      resource: path,
      type,
      action,
      paths,
      stateful: isStatefulType('aws', type) || keptOnDelete(change.oldValue ?? change.newValue),
      bookkeeping,
    });
  });
  return out.sort((a, b) => a.resource.localeCompare(b.resource));
}

/**
 * The template itself keeps the resource when it leaves the stack: whatever its type, the renderer
 * decided that losing it loses something, so replacing or deleting it is as breaking as for a type
 * the contract lists.
 */
function keptOnDelete(r: unknown): boolean {
  const policy = r && typeof r === 'object' ? (r as { DeletionPolicy?: unknown }).DeletionPolicy : undefined;
  return policy === 'Retain' || policy === 'RetainExceptOnCreate' || policy === 'Snapshot';
}

function stripMetadata(r: unknown): unknown {
  if (!r || typeof r !== 'object') return r;
  const { Metadata: _m, ...rest } = r as Record<string, unknown>;
  return rest;
}

interface Statement {
  Sid?: string;
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function policyStatements(resource: { Properties?: Record<string, unknown> } | undefined): Statement[] {
  const content = resource?.Properties?.Content;
  const doc = typeof content === 'string' ? safeJson(content) : content;
  const st = (doc as { Statement?: Statement | Statement[] } | undefined)?.Statement;
  return st === undefined ? [] : Array.isArray(st) ? st : [st];
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/**
 * Ways a guardrail (service or resource control policy) got weaker between two templates:
 * a policy removed or detached from a target, a deny statement removed, more actions exempted
 * (NotAction grows), or more regions allowed (the region condition list grows).
 */
export function awsGuardrailLoosening(from: CfnTemplate, to: CfnTemplate, ctx: StackContext): BreakingChange[] {
  const out: BreakingChange[] = [];
  const oldRes = from.Resources ?? {};
  const newRes = to.Resources ?? {};
  for (const [id, before] of Object.entries(oldRes)) {
    if (before.Type !== 'AWS::Organizations::Policy') continue;
    const path = (before.Metadata?.['aws:cdk:path'] as string | undefined) ?? id;
    const add = (message: string) =>
      out.push({ kind: 'guardrail-loosened', cloud: 'aws', tenancy: ctx.tenancy, resource: path, type: before.Type, message });
    const after = newRes[id];
    if (!after) {
      add(`guardrail policy ${path} is removed`);
      continue;
    }
    const lostTargets = list(before.Properties?.TargetIds as string[]).filter(
      (t) => !list(after.Properties?.TargetIds as string[]).some((n) => JSON.stringify(n) === JSON.stringify(t)),
    );
    if (lostTargets.length) add(`guardrail policy ${path} is detached from ${lostTargets.map((t) => JSON.stringify(t)).join(', ')}`);
    const newStatements = policyStatements(after);
    for (const [i, s] of policyStatements(before).entries()) {
      if (s.Effect !== 'Deny') continue;
      const twin = newStatements.find((n) => (s.Sid ? n.Sid === s.Sid : JSON.stringify(n.Action) === JSON.stringify(s.Action)));
      const name = s.Sid ?? `statement ${i}`;
      if (!twin || twin.Effect !== 'Deny') {
        add(`deny ${name} is removed from ${path}`);
        continue;
      }
      const exempted = list(twin.NotAction).filter((a) => !list(s.NotAction).includes(a));
      if (exempted.length) add(`deny ${name} in ${path} now exempts ${exempted.join(', ')}`);
      const dropped = list(s.Action).filter((a) => !list(twin.Action).includes(a));
      if (dropped.length && list(s.Action).length) add(`deny ${name} in ${path} no longer denies ${dropped.join(', ')}`);
      for (const [op, conds] of Object.entries(s.Condition ?? {})) {
        for (const [key, values] of Object.entries(conds)) {
          if (!/RequestedRegion/i.test(key) || !/NotEquals/i.test(op)) continue;
          const added = list(twin.Condition?.[op]?.[key]).filter((r) => !list(values).includes(r));
          if (added.length) add(`deny ${name} in ${path} now allows region(s) ${added.join(', ')}`);
        }
      }
    }
  }
  return out;
}

/** Replacements and deletions of stateful resources in a set of changes. */
export function statefulBreaking(changes: readonly ResourceChange[]): BreakingChange[] {
  return changes
    .filter((c) => c.stateful && (c.action === 'replace' || c.action === 'remove'))
    .map((c) => ({
      kind: c.action === 'replace' ? 'stateful-replace' : 'stateful-delete',
      cloud: c.cloud,
      tenancy: c.tenancy,
      resource: c.resource,
      type: c.type,
      message: `${c.type} ${c.resource} would be ${c.action === 'replace' ? 'replaced' : 'deleted'}${c.paths.length ? ` (changing ${c.paths.join(', ')})` : ''}: its data would be lost`,
    }));
}
