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

/**
 * A subscription's Network Watcher for one region, as Azure itself would create it
 * (`NetworkWatcherRG`/`NetworkWatcher_<region>`) but tagged, for NPLZ to create before its VNet.
 * Azure allows one watcher per subscription and region: a watcher elsewhere, under another name
 * or group, conflicts with the one Azure creates (or already created) for any VNet there. For the
 * same reason a replacement deletes the old watcher first (`deleteBeforeReplace`): two cannot
 * exist at once.
 */
export function regionNetworkWatcher(
  prefix: string,
  args: { readonly location: string; readonly tags: Record<string, string> },
  opts: pulumi.CustomResourceOptions,
): { readonly resourceGroup: resources.ResourceGroup; readonly watcher: network.NetworkWatcher } {
  const group = resourceGroup(
    `${prefix}-network-watcher-rg`,
    { resourceGroupName: NETWORK_WATCHER_RESOURCE_GROUP, location: args.location, tags: args.tags },
    opts,
  );
  const watcher = new network.NetworkWatcher(
    `${prefix}-network-watcher`,
    { resourceGroupName: group.name, networkWatcherName: networkWatcherName(args.location), location: args.location, tags: args.tags },
    { ...opts, deleteBeforeReplace: true },
  );
  return { resourceGroup: group, watcher };
}
