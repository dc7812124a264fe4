import type { AzurePlanResource } from '../plan';
import type { PlanIndex } from './plan-index';
import { T } from './types';

const PROTECTIVE: readonly unknown[] = ['CanNotDelete', 'ReadOnly'];

/** URNs of the resources a protective management lock in the plan covers directly. */
export function lockedUrns(index: PlanIndex): Set<string> {
  const out = new Set<string>();
  const add = (r: AzurePlanResource | undefined) => r && out.add(r.urn);
  for (const lock of index.ofType(T.lockByScope, T.lockAtResourceGroup, T.lockAtResource)) {
    if (!PROTECTIVE.includes(lock.inputs.level)) continue;
    if (lock.type === T.lockByScope) {
      add(index.resolve(lock.inputs.scope));
    } else if (lock.type === T.lockAtResourceGroup) {
      add(index.resourceGroupOf(lock));
    } else {
      const key = index.resourceGroupKey(lock);
      const candidates =
        key === undefined ? index.resources.filter((r) => index.resourceGroupKey(r) === undefined) : index.inResourceGroup(key);
      add(candidates.find((r) => r.custom && index.azureName(r) === lock.inputs.resourceName));
    }
  }
  return out;
}
