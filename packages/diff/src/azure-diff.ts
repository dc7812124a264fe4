import { maskAzureBookkeeping } from './bookkeeping';
import { differingPaths } from './json-paths';
import { isStatefulType, type Plan, type PlanResource, NATIONAL_TENANCY } from '@nplz/core';
import { AZURE_RETAINED_REPLACE_IS_MOVE, isAzureReplaceKey } from './stateful';
import type { BreakingChange, ChangeAction, ResourceChange } from './types';

/** The parts of a recorded plan resource the diff reads. */
export type DiffablePlanResource = Pick<
  PlanResource,
  'urn' | 'type' | 'name' | 'custom' | 'inputs' | 'tenancy' | 'environment' | 'protect' | 'retainOnDelete'
>;

/** The parts of a recorded plan the diff reads. */
export interface DiffablePlan extends Pick<Plan, 'project' | 'stack'> {
  readonly resources: readonly DiffablePlanResource[];
}

/** Resource changes between two recorded plans, matched by URN. Components are skipped. */
export function diffAzurePlans(from: DiffablePlan, to: DiffablePlan): ResourceChange[] {
  const before = new Map(from.resources.filter((r) => r.custom).map((r) => [r.urn, r]));
  const after = new Map(to.resources.filter((r) => r.custom).map((r) => [r.urn, r]));
  const out: ResourceChange[] = [];
  const stack = `${to.project}/${to.stack}`;
  // Stateful: a type the contract lists, or one the renderer protects or keeps on delete (the audit
  // key's identity and its role grant, for example, without which the evidence cannot be read).
  const stateful = (r: DiffablePlanResource) => isStatefulType('azure', r.type) || r.protect === true || r.retainOnDelete === true;
  const push = (
    r: DiffablePlanResource,
    action: ChangeAction,
    paths: string[],
    was: DiffablePlanResource = r,
    bookkeeping = false,
    holdsData = stateful(was),
  ) =>
    out.push({
      cloud: 'azure',
      tenancy: r.tenancy ?? NATIONAL_TENANCY,
      environment: r.environment,
      stack,
      resource: r.urn,
      type: r.type,
      action,
      paths,
      stateful: holdsData,
      bookkeeping,
    });
  for (const [urn, b] of before) {
    const a = after.get(urn);
    if (!a) {
      push(b, 'remove', []);
      continue;
    }
    const raw = differingPaths(b.inputs, a.inputs);
    if (raw.length === 0) continue;
    const real = differingPaths(maskAzureBookkeeping(b.type, b.inputs), maskAzureBookkeeping(a.type, a.inputs));
    const action = real.some((k) => isAzureReplaceKey(k, a.type)) ? 'replace' : 'modify';
    // A retained placement replaced is a move, not a loss: the new one is created, the old one's delete skipped.
    const move = action === 'replace' && b.retainOnDelete === true && AZURE_RETAINED_REPLACE_IS_MOVE.has(a.type);
    push(a, action, real.length ? real : raw, b, real.length === 0, move ? false : stateful(b));
  }
  for (const [urn, a] of after) if (!before.has(urn)) push(a, 'add', []);
  return out.sort((x, y) => x.resource.localeCompare(y.resource));
}

const ASSIGNMENT = 'azure-native:authorization:PolicyAssignment';

/**
 * Ways an Azure guardrail got weaker: a policy assignment removed, switched to DoNotEnforce, a deny
 * effect weakened, an allowed list (locations, SKUs) grown, or a denied list (ports) shrunk.
 */
export function azureGuardrailLoosening(from: DiffablePlan, to: DiffablePlan): BreakingChange[] {
  const out: BreakingChange[] = [];
  const after = new Map(to.resources.map((r) => [r.urn, r]));
  for (const b of from.resources) {
    if (b.type !== ASSIGNMENT) continue;
    const add = (message: string) =>
      out.push({
        kind: 'guardrail-loosened',
        cloud: 'azure',
        tenancy: b.tenancy ?? NATIONAL_TENANCY,
        resource: b.urn,
        type: b.type,
        message,
      });
    const a = after.get(b.urn);
    if (!a) {
      add(`policy assignment ${b.name} is removed`);
      continue;
    }
    if (b.inputs.enforcementMode !== 'DoNotEnforce' && a.inputs.enforcementMode === 'DoNotEnforce')
      add(`policy assignment ${b.name} is no longer enforced`);
    const pb = (b.inputs.parameters ?? {}) as Record<string, { value?: unknown }>;
    const pa = (a.inputs.parameters ?? {}) as Record<string, { value?: unknown }>;
    for (const [key, { value: was } = {}] of Object.entries(pb)) {
      const now = pa[key]?.value;
      if (/effect/i.test(key) && typeof was === 'string' && was !== now && rank(String(now)) < rank(was)) {
        add(`policy assignment ${b.name}: ${key} weakened from ${was} to ${String(now)}`);
      }
      if (Array.isArray(was)) {
        const nowList = Array.isArray(now) ? now : [];
        if (/allowed|permitted/i.test(key)) {
          const grown = nowList.filter((v) => !was.includes(v));
          if (grown.length) add(`policy assignment ${b.name}: ${key} now also allows ${grown.join(', ')}`);
        } else if (/den(y|ied)|block|ports/i.test(key)) {
          const shrunk = was.filter((v) => !nowList.includes(v));
          if (shrunk.length) add(`policy assignment ${b.name}: ${key} no longer covers ${shrunk.join(', ')}`);
        }
      }
    }
  }
  return out;
}

/** Strength of a policy effect: a move to a lower rank loosens the guardrail. */
function rank(effect: string): number {
  const order = ['disabled', 'audit', 'auditifnotexists', 'modify', 'deployifnotexists', 'append', 'deny', 'denyaction'];
  const i = order.indexOf(effect.toLowerCase());
  return i < 0 ? 0 : i;
}
