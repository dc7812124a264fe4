import { lockedUrns } from '../private/locks';
import { STATEFUL_RESOURCE_TYPES } from '@nplz/core';
import { definePlanCheck } from './define-check';

/** Resources whose deletion destroys data or evidence: the contract's list for Azure. */
export const STATEFUL_TYPES: readonly string[] = STATEFUL_RESOURCE_TYPES.azure;

/**
 * NPLZ-RET-02: removing code does not remove data. Each resource of a stateful type (storage,
 * containers and their immutability policies, vaults and keys, workspaces, backup vaults,
 * management groups) is protected or retained on delete in Pulumi, or locked (itself or its
 * resource group) in Azure.
 */
export const statefulResourcesRetained = definePlanCheck({
  name: 'stateful-resources-retained',
  control: 'NPLZ-RET-02',
  description: 'Stateful resources (storage, vaults, keys, workspaces, management groups) are protected, retained on delete, or locked',
  check({ index }, emit) {
    const locked = lockedUrns(index);
    for (const r of index.ofType(...STATEFUL_TYPES)) {
      const rg = index.resourceGroupOf(r);
      const how = r.retainOnDelete
        ? 'retained on delete'
        : r.protect
          ? 'protected'
          : locked.has(r.urn)
            ? 'locked'
            : rg && locked.has(rg.urn)
              ? `resource group ${index.azureName(rg)} locked`
              : undefined;
      emit(
        r,
        how
          ? []
          : [
              `${r.type.split(':').pop()} ${index.azureName(r)} is neither protected nor retained on delete nor under a delete lock; allowed: retainOnDelete, protect, or a CanNotDelete lock on it or its resource group`,
            ],
        how ?? '',
      );
    }
  },
});
