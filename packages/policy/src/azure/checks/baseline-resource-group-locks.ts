import { NPLZ_AZURE_COMPONENT_PREFIX } from '@nplz/core';
import { lockedUrns } from '../private/locks';
import { T } from '../private/types';
import { STATEFUL_TYPES } from './stateful-resources-retained';
import { definePlanCheck } from './define-check';

/**
 * What must be locked on its own in a baseline resource group that is not locked whole: the
 * resources that are costly or slow to rebuild, or hold data. A group that holds resources other
 * programs delete (the hub VNet holds every force's `-from-hub` peering; a spoke VNet a
 * collaboration's peerings) cannot be locked whole, because a lock covers child resources and
 * would block those deletes.
 */
const CHILD_TYPES: readonly string[] = [T.key, T.blobContainer, 'azure-native:storage:BlobContainerImmutabilityPolicy'];

export const INDIVIDUALLY_LOCKED_TYPES: readonly string[] = [
  T.firewall,
  T.firewallPolicy,
  T.publicIp,
  T.routeTable,
  T.nsg,
  T.networkWatcher,
  // Stateful types, less those that live inside another resource (a vault's keys, an account's
  // containers and their immutability policies): a lock on the parent already covers them.
  ...STATEFUL_TYPES.filter((t) => !CHILD_TYPES.includes(t)),
];

/**
 * NPLZ-GRD-02: every resource group an NPLZ component creates (the national platform and each force
 * landing zone's baseline) carries a CanNotDelete or ReadOnly lock, or — where it cannot, because
 * it holds resources other landing zones delete — each of its firewalls, firewall policies,
 * public IPs, route tables, NSGs, Network Watchers, storage accounts, vaults and workspaces does.
 * Resource groups that are the force's own are not required to: those it creates itself, and
 * those its spec declares under `localAssets.resourceGroups`, which the landing zone creates for it
 * unlocked (see AzureEvaluationOptions.localResourceGroups). Only a group of that exact name, in a
 * resource attributed to that tenancy, is exempt: any other group the zone creates must be locked.
 */
export const baselineResourceGroupLocks = definePlanCheck({
  name: 'baseline-resource-group-locks',
  control: 'NPLZ-GRD-02',
  description: 'Resource groups of NPLZ baseline components carry a delete lock, or their key resources each do',
  check({ index, localResourceGroups }, emit) {
    const locked = lockedUrns(index);
    for (const rg of index.ofType(T.resourceGroup)) {
      const parent = index.get(rg.parent);
      if (!parent?.type.startsWith(NPLZ_AZURE_COMPONENT_PREFIX)) continue;
      if (rg.tenancy && localResourceGroups[rg.tenancy]?.includes(index.azureName(rg))) continue;
      if (locked.has(rg.urn)) {
        emit(rg, [], 'delete lock present');
        continue;
      }
      const key = index.resourceGroupKey(rg);
      const kept = (
        key === undefined ? index.resources.filter((r) => index.resourceGroupKey(r) === undefined) : index.inResourceGroup(key)
      ).filter((r) => r.custom && INDIVIDUALLY_LOCKED_TYPES.includes(r.type));
      const unlocked = kept.filter((r) => !locked.has(r.urn));
      const problems = !kept.length
        ? [
            `resource group ${index.azureName(rg)} (created by ${parent.type}) has no CanNotDelete or ReadOnly lock; allowed: a management lock on it`,
          ]
        : unlocked.length
          ? [
              `resource group ${index.azureName(rg)} (created by ${parent.type}) is not locked and ${unlocked
                .map((r) => `${r.type.split(':').pop()} ${index.azureName(r)}`)
                .join(
                  ', ',
                )} carry no lock; allowed: a lock on the group, or on each of its firewalls, firewall policies, public IPs, route tables, NSGs, Network Watchers, storage accounts, vaults and workspaces`,
            ]
          : [];
      emit(rg, problems, `delete locks on ${kept.map((r) => index.azureName(r)).join(', ')}`);
    }
  },
});
