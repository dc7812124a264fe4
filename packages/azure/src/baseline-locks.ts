import * as pulumi from '@pulumi/pulumi';
import type * as authorization from '@pulumi/azure-native/authorization';
import { deleteLock } from './private/locked-resource-group';
import { formerParentAlias } from './private/moved';

/** A resource a lock can be put on. */
export type LockTarget = pulumi.CustomResource & { readonly id: pulumi.Output<string> };

export interface BaselineLocksArgs {
  /** Tenancy and environment whose baseline the locks keep, e.g. `kent` and `prod`: the locks' notes name them. */
  readonly tenancy: string;
  readonly environment: string;
  /** The security resource group, which holds only the landing zone's own resources: locked whole. */
  readonly securityResourceGroup: LockTarget;
  /** Everything the landing zone creates in or under the security group: its lock waits for all of it. */
  readonly securityResources: readonly pulumi.Resource[];
  readonly routeTable: LockTarget;
  readonly networkSecurityGroup: LockTarget;
  readonly networkWatcher: LockTarget;
  /** What the landing zone creates under the Network Watcher (its flow log): the watcher's lock waits for it. */
  readonly networkWatcherResources: readonly pulumi.Resource[];
  /** Provider pinned to the landing zone's subscription. */
  readonly provider: pulumi.ProviderResource;
  /**
   * Prefix of the logical names of the locks (`<namePrefix>-security-lock`, …).
   * ForceLandingZone passes its own name: the names its locks had before it was split into components.
   * @default - the component's name
   */
  readonly namePrefix?: string;
}

/**
 * CanNotDelete locks on a landing zone's baseline: the security group whole, and in the network
 * group the route table, NSG and Network Watcher one by one. The network group is not locked
 * whole because the spoke VNet holds peerings a collaboration's landing zone creates and deletes,
 * and a lock covers child resources. Each lock depends on everything it covers, so that Pulumi
 * removes the lock before any of it.
 */
export class BaselineLocks extends pulumi.ComponentResource {
  public readonly securityLock: authorization.ManagementLockByScope;
  public readonly routeTableLock: authorization.ManagementLockByScope;
  public readonly networkSecurityGroupLock: authorization.ManagementLockByScope;
  public readonly networkWatcherLock: authorization.ManagementLockByScope;

  constructor(name: string, args: BaselineLocksArgs, opts?: pulumi.ComponentResourceOptions) {
    super('nplz:azure:BaselineLocks', name, {}, opts);
    const prefix = args.namePrefix ?? name;
    const child = { parent: this, provider: args.provider, ...formerParentAlias(opts) };
    const why = `NPLZ baseline resources of ${args.tenancy}/${args.environment}. Remove only through the landing zone.`;

    this.securityLock = deleteLock(`${prefix}-security-lock`, args.securityResourceGroup, args.securityResources, why, child);
    this.routeTableLock = deleteLock(`${prefix}-routes-lock`, args.routeTable, [], why, child);
    this.networkSecurityGroupLock = deleteLock(`${prefix}-nsg-lock`, args.networkSecurityGroup, [], why, child);
    this.networkWatcherLock = deleteLock(`${prefix}-network-watcher-lock`, args.networkWatcher, args.networkWatcherResources, why, child);

    this.registerOutputs({ securityLockId: this.securityLock.id });
  }
}
