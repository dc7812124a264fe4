import * as pulumi from '@pulumi/pulumi';
import * as authorization from '@pulumi/azure-native/authorization';
import * as resources from '@pulumi/azure-native/resources';

/** Name of the delete lock NPLZ puts on baseline resource groups and resources. */
export const BASELINE_LOCK_NAME = 'nplz-do-not-delete';

/** A resource group (not locked here: see `deleteLock`). */
export function resourceGroup(
  name: string,
  args: {
    readonly resourceGroupName: string;
    readonly location: pulumi.Input<string>;
    readonly tags: Record<string, string>;
  },
  opts: pulumi.CustomResourceOptions,
): resources.ResourceGroup {
  return new resources.ResourceGroup(name, { resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags }, opts);
}

/**
 * A CanNotDelete lock on `target` (a resource group or a resource), so nothing under it can be
 * deleted outside the platform that owns it. `notes` says why.
 *
 * A lock covers everything below its scope, Pulumi's own deletes included. The lock therefore
 * depends on `target` and on every resource it protects (`protects`: what the program creates in
 * or under the target), so that when they are removed — a force offboarded, a resource dropped —
 * Pulumi deletes the lock first. A scope that holds resources other programs or components delete
 * (the hub VNet, which holds every force's `-from-hub` peering) must not be locked as a whole:
 * lock its resources one by one instead.
 */
export function deleteLock(
  name: string,
  target: pulumi.CustomResource & { readonly id: pulumi.Output<string> },
  protects: readonly pulumi.Resource[],
  notes: string,
  opts: pulumi.CustomResourceOptions,
): authorization.ManagementLockByScope {
  return new authorization.ManagementLockByScope(
    name,
    { scope: target.id, lockName: BASELINE_LOCK_NAME, level: 'CanNotDelete', notes },
    { ...opts, dependsOn: [target, ...protects] },
  );
}
