import { z } from 'zod';
import type { Problem } from './errors';
import { isoDate, isReservedTenancyName } from './fields';
import { isForceId, suggestForce } from './forces';
import { fail } from './private/zod-problems';

/**
 * Mergers: two or more forces becoming one successor force. The national settings declare each
 * (`mergers`); from then on the successor owns the tenancies the merged forces owned. A tenancy
 * keeps its name, its accounts and subscriptions, its stacks and its data: only its owner changes
 * (`force: <successor>`), its groups become the successor's, and its accounts and subscriptions move
 * to the successor's OU and management group. The merged forces' OUs and management groups stay,
 * empty, so nothing is deleted. The successor is a new force id, or a registry force that absorbs
 * the others (`successor: kent`, `forces: [surrey]`).
 */

const SUCCESSOR_ALLOWED =
  'a force id: lowercase letters, digits and single hyphens, 3–32 characters, starting with a letter; a new id, or a registry force that absorbs the others; not national, collaboration or nplz-*';

/** Values the `nplz:force` tag and the audit give a meaning of their own: never a force. */
const RESERVED_FORCE_IDS: ReadonlySet<string> = new Set(['national', 'collaboration', 'suspended', 'sandbox', 'decommissioned']);

/** True for an id no force may take (the tag values and names the platform reserves). */
export function isReservedForceId(v: string): boolean {
  return RESERVED_FORCE_IDS.has(v) || isReservedTenancyName(v);
}

export const MergerSchema = z
  .strictObject({
    successor: z
      .string()
      .describe(SUCCESSOR_ALLOWED)
      .superRefine((v, ctx) => {
        if (v.length < 3 || v.length > 32 || !/^[a-z][a-z0-9-]*[a-z0-9]$/.test(v) || v.includes('--'))
          fail(ctx, `${JSON.stringify(v.slice(0, 60))} is not a usable force id`, { allowed: SUCCESSOR_ALLOWED });
        else if (isReservedForceId(v))
          fail(
            ctx,
            `${JSON.stringify(v)} is reserved: the platform gives it a meaning of its own (the nplz:force tag, a group or OU name)`,
            {
              allowed: SUCCESSOR_ALLOWED,
            },
          );
      }),
    name: z.string().min(1).max(120).describe('the successor force’s name, e.g. "Wessex Police"'),
    forces: z
      .array(z.string().min(1))
      .min(1)
      .describe('the forces that merge into the successor (registry ids, or an earlier merger’s successor); not the successor itself'),
    since: isoDate.describe('the day the successor took over the merged forces’ tenancies, YYYY-MM-DD (not in the future)'),
    approvedBy: z.string().min(1).optional().describe('who decided the merger (an email address or a decision reference)'),
  })
  .describe('forces becoming one successor force (a new force, or a registry force that absorbs the others)');
export type Merger = z.infer<typeof MergerSchema>;

type LooseMerger = { readonly [K in keyof Merger]?: K extends 'forces' ? readonly (string | undefined)[] : Merger[K] };

/** The successor ids the mergers declare, in order. */
export function successorIds(mergers: readonly LooseMerger[] | undefined): string[] {
  return (mergers ?? []).map((m) => m?.successor).filter((s): s is string => typeof s === 'string');
}

/** The merger that merged `force` into a successor, and its index; undefined for a force in service. */
export function mergerOf(force: string, mergers: readonly Merger[] | undefined): { merger: Merger; index: number } | undefined {
  const index = (mergers ?? []).findIndex((m) => m.forces.includes(force));
  const merger = mergers?.[index];
  return merger ? { merger, index } : undefined;
}

/**
 * The force that now owns what `force` owned: `force` itself when it has not merged, else the last
 * successor of its chain (a successor may merge again).
 */
export function currentForce(force: string, mergers: readonly Merger[] | undefined): string {
  let id = force;
  for (let hops = 0; hops <= (mergers?.length ?? 0); hops++) {
    const m = mergerOf(id, mergers);
    if (!m) return id;
    id = m.merger.successor;
  }
  return id; // a cycle, refused by checkMergers
}

/** Every force a merger retired (merged into a successor): their OUs and management groups stay, empty. */
export function mergedForces(mergers: readonly Merger[] | undefined): string[] {
  return [...new Set((mergers ?? []).flatMap((m) => m.forces))].sort();
}

/** The forces a successor was made from, earlier mergers' included (a successor of a successor). */
export function predecessorsOf(successor: string, mergers: readonly Merger[] | undefined): string[] {
  const out: string[] = [];
  const visit = (id: string, depth: number) => {
    const m = mergers?.find((x) => x.successor === id);
    if (!m || depth > (mergers?.length ?? 0)) return;
    for (const f of m.forces) {
      if (out.includes(f)) continue;
      out.push(f);
      visit(f, depth + 1);
    }
  };
  visit(successor, 0);
  return out;
}

/** The national-settings rules of `mergers`. Each runs when the fields it reads are there. */
export function checkMergers(mergers: readonly (LooseMerger | undefined)[] | undefined): Problem[] {
  const problems: Problem[] = [];
  const list = mergers ?? [];
  const successors = new Map<string, number>();
  list.forEach((m, i) => {
    const s = m?.successor;
    if (typeof s !== 'string') return;
    const prior = successors.get(s);
    if (prior !== undefined)
      problems.push({
        path: `mergers[${i}].successor`,
        received: s,
        message: `successor "${s}" is already declared by mergers[${prior}]`,
        allowed: 'one merger per successor',
      });
    else successors.set(s, i);
  });
  const mergedBy = new Map<string, number>();
  list.forEach((m, i) => {
    const forces = m?.forces ?? [];
    forces.forEach((f, j) => {
      if (typeof f !== 'string') return;
      const path = `mergers[${i}].forces[${j}]`;
      if (!isForceId(f) && !successors.has(f))
        problems.push({
          path,
          received: f,
          message: `unknown force id "${f}"`,
          allowed: 'a force id from the registry (run `nplz forces`) or the successor of another merger',
          ...(suggestForce(f) ? { hint: suggestForce(f) } : {}),
        });
      if (f === m?.successor)
        problems.push({ path, received: f, message: `a force cannot merge into itself`, allowed: 'forces other than the successor' });
      if (forces.indexOf(f) !== j)
        problems.push({ path, received: f, message: `force "${f}" is listed twice`, allowed: 'distinct force ids' });
      const prior = mergedBy.get(f);
      if (prior !== undefined && prior !== i)
        problems.push({
          path,
          received: f,
          message: `force "${f}" already merges into "${list[prior]?.successor}" (mergers[${prior}])`,
          allowed: 'a force in one merger only',
        });
      else mergedBy.set(f, i);
    });
  });
  // A successor merges again only after it began (a merger in the future is the estate rules', which know today).
  list.forEach((m, i) => {
    if (typeof m?.since !== 'string') return;
    for (const f of m.forces ?? []) {
      const earlier = list.find((x) => x?.successor === f);
      if (typeof earlier?.since === 'string' && earlier.since > m.since)
        problems.push({
          path: `mergers[${i}].since`,
          received: m.since,
          message: `${f} merges into ${m.successor} on ${m.since}, before ${f} itself began on ${earlier.since}`,
          allowed: `a date no earlier than ${earlier.since}`,
        });
    }
  });
  // A chain of successors must end: a successor that is (through other mergers) its own predecessor never does.
  const valid = list.filter((m) => typeof m?.successor === 'string' && Array.isArray(m.forces)) as Merger[];
  list.forEach((m, i) => {
    if (typeof m?.successor === 'string' && predecessorsOf(m.successor, valid).includes(m.successor))
      problems.push({
        path: `mergers[${i}].forces`,
        received: m.forces,
        message: `successor "${m.successor}" would be its own predecessor through the other mergers`,
        allowed: 'mergers that form no cycle',
      });
  });
  return problems;
}

/**
 * The forces that get an OU (AWS) or a management group (Azure) on a cloud: each owner of a force
 * tenancy there, and each force merged into one of them, whose group stays, empty, as it was
 * before the merger (deleting it would be a removal the national team never asked for).
 */
export function forcesWithGroups(owners: readonly string[], mergers: readonly Merger[] | undefined): string[] {
  const present = new Set(owners);
  const kept = mergedForces(mergers).filter((f) => present.has(currentForce(f, mergers)));
  return [...new Set([...owners, ...kept])].sort();
}
