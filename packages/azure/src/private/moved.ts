import type * as pulumi from '@pulumi/pulumi';

/**
 * The alias each resource of a component needs when that resource used to be created directly
 * by the component's parent: ForceLandingZone's children create what the landing zone itself
 * created before it was split into components. A resource's URN includes its parent's type, so
 * without the alias `pulumi up` on a stack deployed before the split would delete every such
 * resource and create it again (audit storage, keys and locks among them). Under any other
 * parent the alias names a URN that never existed, which Pulumi ignores.
 */
export function formerParentAlias(opts: pulumi.ComponentResourceOptions | undefined): Pick<pulumi.CustomResourceOptions, 'aliases'> {
  return opts?.parent ? { aliases: [{ parent: opts.parent }] } : {};
}
