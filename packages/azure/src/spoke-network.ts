import * as pulumi from '@pulumi/pulumi';
import * as network from '@pulumi/azure-native/network';
import type * as resources from '@pulumi/azure-native/resources';
import { DEFAULT_ROUTE_IPV4, type Baseline, type Ipv4Cidr, defined } from '@nplz/core';
import type { HubReference } from './connectivity-hub';
import { formerParentAlias } from './private/moved';
import { regionNetworkWatcher } from './private/network-watcher';

/** The subnets of every spoke, each of the baseline's `network.azure.spokeSubnetPrefix`. */
export const SPOKE_SUBNETS = ['workloads', 'private-endpoints'] as const;

/** What a collaboration's spoke needs of a member's landing zone to peer with its spoke (a ForceLandingZone is one). */
export interface SpokePeer {
  /** The member landing zone's name, e.g. `kent-prod`: it names the peerings. */
  readonly zoneName: string;
  readonly tenancy: string;
  readonly environment: string;
  /** Provider pinned to the member's subscription, where the peering back is created. */
  readonly provider: pulumi.ProviderResource;
  readonly networkResourceGroup: { readonly name: pulumi.Input<string> };
  readonly virtualNetwork: { readonly id: pulumi.Input<string>; readonly name: pulumi.Input<string> };
}

export interface SpokeNetworkArgs {
  readonly baseline: Baseline;
  /** Tenancy and environment of the spoke, e.g. `kent` and `prod`: they name its resources in Azure. */
  readonly tenancy: string;
  readonly environment: string;
  /** The spoke's range: big enough for one subnet of the baseline's size per `SPOKE_SUBNETS` (ForceLandingZone checks it). */
  readonly addressSpace: Ipv4Cidr;
  /** The network resource group. */
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The national hub the spoke peers with, routes through and takes DNS from. */
  readonly hub: HubReference;
  /**
   * Member landing zones of a collaboration. They are not peered: a collaboration reaches them
   * through the hub firewall, which allows only linked collaboration–member pairs (ConnectivityHub's
   * `tenancies`), as the AWS hub's route tables do.
   * @deprecated Ignored: spokes are never peered with each other.
   */
  readonly collaborationMembers?: readonly SpokePeer[];
  /** Provider pinned to the spoke's subscription. */
  readonly provider: pulumi.ProviderResource;
  /**
   * Also create the hub's side of the peering (through `hub.provider`, in the connectivity
   * subscription). A stack per tenancy environment passes false, so its identity writes only in its
   * own subscription: the national peerings stack creates the hub's side once the spoke exists.
   * @default true
   */
  readonly farSidePeerings?: boolean;
  /**
   * Import the subscription's existing NetworkWatcherRG and NetworkWatcher_<location> (Azure made
   * them for a VNet created before NPLZ) instead of creating them, by the ids Azure gives them in
   * this subscription: the stack config `nplz:adoptNetworkWatcher` on the first apply (docs/deploying.md).
   * @default - created
   */
  readonly adoptNetworkWatcher?: { readonly subscriptionId: string };
  /**
   * Prefix of the logical names of its resources (`<namePrefix>-spoke`, `<namePrefix>-to-hub`, …).
   * ForceLandingZone passes its own name: the names its resources had before it was split into components.
   * @default - the component's name
   */
  readonly namePrefix?: string;
}

/**
 * A landing zone's spoke: a VNet whose subnets send every route through the hub firewall (route
 * table, no default outbound access) behind an NSG that closes the baseline's management ports to
 * the internet, the subscription's tagged Network Watcher for its region, and its peering with the hub, both ways. Spokes
 * never peer with each other: traffic between a collaboration and its members goes through the hub firewall.
 */
export class SpokeNetwork extends pulumi.ComponentResource {
  public readonly virtualNetwork: network.VirtualNetwork;
  public readonly routeTable: network.RouteTable;
  public readonly networkSecurityGroup: network.NetworkSecurityGroup;
  /** The subscription's Network Watcher for the spoke's region (`NetworkWatcherRG`/`NetworkWatcher_<region>`), tagged; VNet flow logs live in it. */
  public readonly networkWatcher: network.NetworkWatcher;
  /** `NetworkWatcherRG`, where Azure puts a region's watcher: the flow log and its identity go there too. */
  public readonly networkWatcherResourceGroup: resources.ResourceGroup;

  constructor(name: string, args: SpokeNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('nplz:azure:SpokeNetwork', name, {}, opts);
    const b = args.baseline;
    const { tenancy, environment: env, tags, location, resourceGroupName, hub } = args;
    const prefix = args.namePrefix ?? name;
    const moved = formerParentAlias(opts);
    const child = { parent: this, provider: args.provider, ...moved };

    this.routeTable = new network.RouteTable(
      `${prefix}-routes`,
      {
        resourceGroupName,
        routeTableName: `nplz-${tenancy}-${env}`,
        location,
        disableBgpRoutePropagation: true,
        routes: [
          {
            name: 'default-via-hub-firewall',
            addressPrefix: DEFAULT_ROUTE_IPV4,
            nextHopType: 'VirtualAppliance',
            nextHopIpAddress: hub.firewallPrivateIp,
          },
        ],
        tags,
      },
      child,
    );
    const ports = b.guardrails.network.denyInternetManagementPorts;
    this.networkSecurityGroup = new network.NetworkSecurityGroup(
      `${prefix}-nsg`,
      {
        resourceGroupName,
        networkSecurityGroupName: `nplz-${tenancy}-${env}`,
        location,
        securityRules: ports.length
          ? [
              {
                name: 'deny-internet-management-ports',
                priority: 100,
                direction: 'Inbound',
                access: 'Deny',
                protocol: '*',
                sourceAddressPrefix: 'Internet',
                sourcePortRange: '*',
                destinationAddressPrefix: '*',
                destinationPortRanges: ports.map(String),
              },
            ]
          : [],
        tags,
      },
      child,
    );
    // Azure creates an untagged NetworkWatcher_<location> in NetworkWatcherRG when a VNet appears in
    // a region that has no watcher, and allows one per subscription and region: the spoke's is that
    // one, in that group and under that name, tagged, and the VNet waits for it so Azure finds it.
    const watcher = regionNetworkWatcher(
      prefix,
      { location, tags, ...(args.adoptNetworkWatcher ? { adopt: args.adoptNetworkWatcher } : {}) },
      child,
    );
    this.networkWatcherResourceGroup = watcher.resourceGroup;
    this.networkWatcher = watcher.watcher;
    // ForceLandingZone checked that the range holds a block for each of SPOKE_SUBNETS.
    const subnetRanges = args.addressSpace.subnets(b.network.azure.spokeSubnetPrefix);
    this.virtualNetwork = new network.VirtualNetwork(
      `${prefix}-spoke`,
      {
        resourceGroupName,
        virtualNetworkName: `nplz-${tenancy}-${env}`,
        location,
        addressSpace: { addressPrefixes: [args.addressSpace.toString()] },
        dhcpOptions: { dnsServers: [hub.firewallPrivateIp] },
        subnets: SPOKE_SUBNETS.map((s, i) => ({
          name: s,
          addressPrefix: defined(subnetRanges[i], `the ${s} subnet block`).toString(),
          networkSecurityGroup: { id: this.networkSecurityGroup.id },
          routeTable: { id: this.routeTable.id },
          defaultOutboundAccess: false,
        })),
        tags,
      },
      { ...child, dependsOn: [this.networkWatcher] },
    );

    new network.VirtualNetworkPeering(
      `${prefix}-to-hub`,
      {
        resourceGroupName,
        virtualNetworkName: this.virtualNetwork.name,
        virtualNetworkPeeringName: 'to-hub',
        remoteVirtualNetwork: { id: hub.virtualNetworkId },
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        useRemoteGateways: false,
      },
      child,
    );
    const farSides = args.farSidePeerings ?? true;
    // The hub side lives in the connectivity subscription, through the hub's provider.
    if (farSides)
      new network.VirtualNetworkPeering(
        `${prefix}-from-hub`,
        {
          resourceGroupName: hub.resourceGroupName,
          virtualNetworkName: hub.virtualNetworkName,
          virtualNetworkPeeringName: `to-${tenancy}-${env}`,
          remoteVirtualNetwork: { id: this.virtualNetwork.id },
          allowVirtualNetworkAccess: true,
          allowForwardedTraffic: true,
          allowGatewayTransit: false,
        },
        { parent: this, ...moved, ...(hub.provider ? { provider: hub.provider } : {}) },
      );
    // No spoke peers with another: a collaboration reaches its members through the hub firewall
    // (its 0.0.0.0/0 route), whose policy allows only linked collaboration–member pairs (ConnectivityHub).
    // A direct peering would add a system route to the member's range, more specific than
    // 0.0.0.0/0, so that traffic would bypass the firewall.

    this.registerOutputs({ virtualNetworkId: this.virtualNetwork.id, networkWatcherName: this.networkWatcher.name });
  }
}
