/**
 * Surrey Police's own Azure assets: the force's file, as in every `nplz init` scaffold
 * (src/local-assets-azure.ts), called by the program for the stack's environment. Resources go in
 * the resource groups the spec declares (`localAssets.resourceGroups`), with the zone as parent and
 * its provider, so they deploy into the force's subscription and are audited with the tenancy.
 */
import type { ForceLandingZone } from '@nplz/azure';

export function addLocalAssets(zone: ForceLandingZone): void {
  // Surrey's analytics resources go in zone.localResourceGroups['surrey-crime-analytics'], e.g.
  //   new storage.StorageAccount('analytics', { resourceGroupName: rg.name, ... }, { parent: zone, provider: zone.provider });
  void zone;
}
