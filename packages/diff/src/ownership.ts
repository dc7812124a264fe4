import { type Estate, predecessorsOf, successorIds } from '@nplz/core';
import { productionRemoved } from './production';
import type { BreakingChange } from './types';

interface Place {
  readonly tenancy: string;
  readonly environment: string;
}

/** Where each account (AWS) and subscription (Azure, lower case) sits in an estate. */
function places(estate: Estate): { aws: Map<string, Place>; azure: Map<string, Place> } {
  const aws = new Map<string, Place>();
  const azure = new Map<string, Place>();
  for (const { spec } of estate.tenancies) {
    for (const [environment, id] of Object.entries(spec.aws?.accounts ?? {})) aws.set(id, { tenancy: spec.name, environment });
    for (const [environment, id] of Object.entries(spec.azure?.subscriptions ?? {}))
      azure.set(id.toLowerCase(), { tenancy: spec.name, environment });
  }
  return { aws, azure };
}

/**
 * What the specs change between two estates that is breaking whatever the renderings show: what
 * changes hands (`ownership-changed`), and environments that stop being production
 * (`production-removed`, see {@link productionRemoved}). What changes hands:
 * - an account or subscription that moves to another tenancy or environment. The renderers read
 *   the spec, not the cloud: the new owner's stacks would be created in it from nothing, the old
 *   owner's stay there unmanaged, and the new owner's people gain what the old owner left in it;
 * - a tenancy whose owning force changes, unless a merger the head declares makes the new owner
 *   the successor of the old one.
 */
export function ownershipChanges(base: Estate, head: Estate): BreakingChange[] {
  const out: BreakingChange[] = [];
  const a = places(base);
  const b = places(head);
  for (const cloud of ['aws', 'azure'] as const) {
    const what = cloud === 'aws' ? 'account' : 'subscription';
    for (const [id, was] of a[cloud]) {
      const now = b[cloud].get(id);
      if (!now || (now.tenancy === was.tenancy && now.environment === was.environment)) continue;
      out.push({
        kind: 'ownership-changed',
        cloud,
        tenancy: now.tenancy,
        resource: `${now.tenancy}#${cloud}.${cloud === 'aws' ? 'accounts' : 'subscriptions'}.${now.environment}`,
        type: what,
        message: `${what} ${id} moves from ${was.tenancy}/${was.environment} to ${now.tenancy}/${now.environment}: ${now.tenancy}'s stacks would be created in it from nothing while ${was.tenancy}'s stay there unmanaged, and ${now.tenancy}'s people would reach what ${was.tenancy} left in it`,
      });
    }
  }
  const mergers = head.national.mergers ?? [];
  const successors = new Set(successorIds(mergers));
  const before = new Map(base.tenancies.map((t) => [t.spec.name, t.spec]));
  for (const { spec } of head.tenancies) {
    const was = before.get(spec.name);
    if (!was?.force || !spec.force || was.force === spec.force) continue;
    if (successors.has(spec.force) && predecessorsOf(spec.force, mergers).includes(was.force)) continue;
    out.push({
      kind: 'ownership-changed',
      cloud: spec.aws ? 'aws' : 'azure',
      tenancy: spec.name,
      resource: `${spec.name}#force`,
      type: 'tenancy',
      message: `tenancy ${spec.name} changes owner from ${was.force} to ${spec.force}${successors.has(spec.force) ? `, which no merger makes ${was.force}'s successor (${spec.force}'s merger names ${predecessorsOf(spec.force, mergers).join(', ')})` : ''}: its accounts, subscriptions and data go to another force`,
    });
  }
  return [...out, ...productionRemoved(base, head)];
}
