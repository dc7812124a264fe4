import type * as pulumi from '@pulumi/pulumi';
import * as network from '@pulumi/azure-native/network';
import type * as resources from '@pulumi/azure-native/resources';
import { resourceGroup } from './locked-resource-group';

/**
 * The resource group Azure puts the Network Watcher it creates by itself in (when a VNet is created
 * or updated in a region that has none); NPLZ renders its watcher there, under the same name.
 */
export const NETWORK_WATCHER_RESOURCE_GROUP = 'NetworkWatcherRG';

/** The name Azure gives the Network Watcher it creates in a region: `NetworkWatcher_<region>`. */
export function networkWatcherName(location: string): string {
  return `NetworkWatcher_${location}`;
}

/** The Azure ids of a subscription's NetworkWatcherRG and its watcher for a region, as Azure names them. */
export function networkWatcherIds(subscriptionId: string, location: string): { readonly resourceGroup: string; readonly watcher: string } {
  const resourceGroup = `/subscriptions/${subscriptionId}/resourceGroups/${NETWORK_WATCHER_RESOURCE_GROUP}`;
  return { resourceGroup, watcher: `${resourceGroup}/providers/Microsoft.Network/networkWatchers/${networkWatcherName(location)}` };
}

/**
 * A subscription's Network Watcher for one region, as Azure itself would create it
 * (`NetworkWatcherRG`/`NetworkWatcher_<region>`) but tagged, for NPLZ to create before its VNet.
 * Azure allows one watcher per subscription and region: a watcher elsewhere, under another name
 * or group, conflicts with the one Azure creates (or already created) for any VNet there. For the
 * same reason a replacement deletes the old watcher first (`deleteBeforeReplace`): two cannot
 * exist at once.
 *
 * Both are retained on delete: NetworkWatcherRG also holds the watchers Azure made for the
 * subscription's other regions and their flow logs, which a destroy or a replacement must not take
 * with it. The group keeps the location it has (`ignoreChanges: ['location']`): a resource group's
 * location cannot change, and an existing NetworkWatcherRG is where the subscription's first VNet
 * was. With `adopt` (stack config `nplz:adoptNetworkWatcher`), a group and watcher Azure already
 * made are imported (the `import` resource option, by the ids Azure gives them, through the
 * stack's subscription provider) instead of created.
 */
export function regionNetworkWatcher(
  prefix: string,
  args: {
    readonly location: string;
    readonly tags: Record<string, string>;
    /** Import the existing NetworkWatcherRG and NetworkWatcher_<location> of this subscription. */
    readonly adopt?: { readonly subscriptionId: string };
  },
  opts: pulumi.CustomResourceOptions,
): { readonly resourceGroup: resources.ResourceGroup; readonly watcher: network.NetworkWatcher } {
  const ids = args.adopt ? networkWatcherIds(args.adopt.subscriptionId, args.location) : undefined;
  const group = resourceGroup(
    `${prefix}-network-watcher-rg`,
    { resourceGroupName: NETWORK_WATCHER_RESOURCE_GROUP, location: args.location, tags: args.tags },
    { ...opts, retainOnDelete: true, ignoreChanges: ['location'], ...(ids ? { import: ids.resourceGroup } : {}) },
  );
  const watcher = new network.NetworkWatcher(
    `${prefix}-network-watcher`,
    { resourceGroupName: group.name, networkWatcherName: networkWatcherName(args.location), location: args.location, tags: args.tags },
    { ...opts, deleteBeforeReplace: true, retainOnDelete: true, ...(ids ? { import: ids.watcher } : {}) },
  );
  return { resourceGroup: group, watcher };
}
