import { lockedUrns } from '../private/locks';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/**
 * NPLZ-GRD-02: every resource group an NPLZ component creates (the national platform and each force
 * landing zone's baseline) carries a CanNotDelete or ReadOnly lock. Resource groups a force creates
 * for its own assets are not NPLZ components' children and are not required to.
 */
export const baselineResourceGroupLocks = definePlanCheck({
  name: 'baseline-resource-group-locks',
  control: 'NPLZ-GRD-02',
  description: 'Resource groups of NPLZ baseline components carry a delete lock',
  check({ index }, emit) {
    const locked = lockedUrns(index);
    for (const rg of index.ofType(T.resourceGroup)) {
      const parent = index.get(rg.parent);
      if (!parent?.type.startsWith('nplz:azure:')) continue;
      emit(
        rg,
        locked.has(rg.urn)
          ? []
          : [
              `resource group ${index.azureName(rg)} (created by ${parent.type}) has no CanNotDelete or ReadOnly lock; allowed: a management lock on it`,
            ],
        'delete lock present',
      );
    }
  },
});
