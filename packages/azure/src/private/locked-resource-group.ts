import * as pulumi from '@pulumi/pulumi';
import * as authorization from '@pulumi/azure-native/authorization';
import * as resources from '@pulumi/azure-native/resources';

/** Name of the delete lock NPLZ puts on every baseline resource group. */
export const BASELINE_LOCK_NAME = 'nplz-do-not-delete';

/**
 * A resource group and, for baseline resources, a CanNotDelete lock on it (`<name>-lock`), so
 * nothing in it can be deleted outside the platform that owns it. `why` goes into the lock's notes.
 */
export function resourceGroup(
  name: string,
  args: {
    readonly resourceGroupName: string;
    readonly location: pulumi.Input<string>;
    readonly tags: Record<string, string>;
    readonly lockNotes?: string;
  },
  opts: pulumi.CustomResourceOptions,
): resources.ResourceGroup {
  const group = new resources.ResourceGroup(
    name,
    { resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags },
    opts,
  );
  if (args.lockNotes) {
    new authorization.ManagementLockByScope(
      `${name}-lock`,
      { scope: group.id, lockName: BASELINE_LOCK_NAME, level: 'CanNotDelete', notes: args.lockNotes },
      opts,
    );
  }
  return group;
}
