import * as pulumi from '@pulumi/pulumi';
import * as monitor from '@pulumi/azure-native/monitor';
import * as network from '@pulumi/azure-native/network';
import * as privatedns from '@pulumi/azure-native/privatedns';
import * as resources from '@pulumi/azure-native/resources';
import type { Provider } from '@pulumi/azure-native/provider';
import { Ipv4Cidr, type Baseline, defined } from '@nplz/core';
import { isSubscriptionId, subscriptionProvider } from './private/provider';
import { deleteLock, resourceGroup } from './private/locked-resource-group';

export interface ConnectivityHubArgs {
  readonly baseline: Baseline;
  /** The national connectivity subscription. */
  readonly subscriptionId: string;
  /** The hub VNet range, e.g. `10.1.0.0/16` (national settings `azure.hubCidr`). */
  readonly hubCidr: string;
  /**
   * Azure location.
   * @default - the baseline home region
   */
  readonly location?: string;
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Resource group name.
   * @default 'nplz-connectivity'
   */
  readonly resourceGroupName?: string;
  /**
   * Resource id of the central Log Analytics workspace that receives the firewall and Bastion logs.
   * @default - no diagnostic settings (the national estate always passes it)
   */
  readonly workspaceId?: pulumi.Input<string>;
}

/** What a spoke needs to know about the hub to peer with it and route through its firewall. */
export interface HubReference {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly virtualNetworkName: pulumi.Input<string>;
  readonly virtualNetworkId: pulumi.Input<string>;
  /** Private IP of the hub firewall: the next hop of every spoke's default route. */
  readonly firewallPrivateIp: string;
  /** Provider for the connectivity subscription, used for the hub side of each peering. */
  readonly provider?: pulumi.ProviderResource;
}

// Azure requires these subnet names and at least a /26 for Azure Firewall and Azure Bastion;
// they are platform requirements, not baseline policy.
const FIREWALL_SUBNET = 'AzureFirewallSubnet';
const BASTION_SUBNET = 'AzureBastionSubnet';
const PLATFORM_SUBNET_PREFIX = 26;
/** Azure keeps the first four addresses of a subnet; the firewall takes the next one. */
const FIRST_USABLE_OFFSET = 4;

/**
 * The national hub: hub VNet, Azure Firewall with a firewall policy, Bastion, and the private
 * DNS zones from the baseline linked to the hub.
 */
export class ConnectivityHub extends pulumi.ComponentResource implements HubReference {
  public readonly provider: Provider;
  public readonly resourceGroup: resources.ResourceGroup;
  public readonly virtualNetwork: network.VirtualNetwork;
  public readonly firewallPolicy: network.FirewallPolicy;
  public readonly firewall: network.AzureFirewall;
  public readonly bastion: network.BastionHost;
  /** DNS zone name → zone. */
  public readonly privateDnsZones: Readonly<Record<string, privatedns.PrivateZone>>;
  public readonly resourceGroupName: pulumi.Output<string>;
  public readonly virtualNetworkName: pulumi.Output<string>;
  public readonly virtualNetworkId: pulumi.Output<string>;
  public readonly firewallPrivateIp: string;

  constructor(name: string, args: ConnectivityHubArgs, opts?: pulumi.ComponentResourceOptions) {
    super('nplz:azure:ConnectivityHub', name, {}, opts);
    const b = args.baseline;
    const location = args.location ?? b.regions.azure.home;
    if (!isSubscriptionId(args.subscriptionId)) {
      throw new pulumi.ResourceError(
        `ConnectivityHub: subscriptionId ${JSON.stringify(args.subscriptionId)} is not a subscription id; allowed: a GUID such as 00000000-0000-0000-0000-000000000000`,
        this,
      );
    }
    if (!b.regions.azure.allowed.includes(location)) {
      throw new pulumi.ResourceError(
        `ConnectivityHub: location ${JSON.stringify(location)} is outside the UK regions baseline ${b.version} allows; allowed: one of ${b.regions.azure.allowed.join(', ')}`,
        this,
      );
    }
    const parsed = Ipv4Cidr.tryParse(args.hubCidr);
    if (typeof parsed === 'string' || !parsed.isPrivate || parsed.prefix > PLATFORM_SUBNET_PREFIX - 1) {
      throw new pulumi.ResourceError(
        `ConnectivityHub: hubCidr ${JSON.stringify(args.hubCidr)} ${typeof parsed === 'string' ? `is invalid (${parsed})` : 'cannot hold the hub'}; allowed: a private IPv4 range of /${PLATFORM_SUBNET_PREFIX - 1} or larger (firewall and Bastion subnets are /${PLATFORM_SUBNET_PREFIX} each)`,
        this,
      );
    }
    // hubCidr is /(PLATFORM_SUBNET_PREFIX - 1) or larger, checked above, so it holds both blocks.
    const [firewallBlock, bastionBlock] = parsed.subnets(PLATFORM_SUBNET_PREFIX);
    const firewallRange = defined(firewallBlock, 'the hub firewall subnet block');
    const bastionRange = defined(bastionBlock, 'the hub Bastion subnet block');
    this.firewallPrivateIp = firewallRange.address(FIRST_USABLE_OFFSET);

    this.provider = subscriptionProvider(`${name}-provider`, args.subscriptionId, location, this);
    const child = { parent: this, provider: this.provider };
    const tags = { ...args.tags };

    this.resourceGroup = resourceGroup(
      `${name}-rg`,
      {
        resourceGroupName: args.resourceGroupName ?? 'nplz-connectivity',
        location,
        tags,
      },
      child,
    );

    this.virtualNetwork = new network.VirtualNetwork(
      `${name}-vnet`,
      {
        resourceGroupName: this.resourceGroup.name,
        virtualNetworkName: 'nplz-hub',
        location,
        addressSpace: { addressPrefixes: [args.hubCidr] },
        subnets: [
          { name: FIREWALL_SUBNET, addressPrefix: firewallRange.toString() },
          { name: BASTION_SUBNET, addressPrefix: bastionRange.toString() },
        ],
        tags,
      },
      child,
    );
    this.resourceGroupName = this.resourceGroup.name;
    this.virtualNetworkName = this.virtualNetwork.name;
    this.virtualNetworkId = this.virtualNetwork.id;
    const subnetId = (subnet: string) => pulumi.interpolate`${this.virtualNetwork.id}/subnets/${subnet}`;

    // The hub is the one place public addresses are allowed: the firewall's egress and Bastion.
    const publicIp = (suffix: string, ipName: string) =>
      new network.PublicIPAddress(
        `${name}-${suffix}`,
        {
          resourceGroupName: this.resourceGroup.name,
          publicIpAddressName: ipName,
          location,
          sku: { name: 'Standard', tier: 'Regional' },
          publicIPAllocationMethod: 'Static',
          tags,
        },
        child,
      );
    const firewallIp = publicIp('firewall-pip', 'nplz-hub-firewall');
    const bastionIp = publicIp('bastion-pip', 'nplz-hub-bastion');

    this.firewallPolicy = new network.FirewallPolicy(
      `${name}-firewall-policy`,
      {
        resourceGroupName: this.resourceGroup.name,
        firewallPolicyName: 'nplz-hub',
        location,
        sku: { tier: b.network.azure.firewallSku },
        threatIntelMode: 'Deny',
        dnsSettings: { enableProxy: true },
        tags,
      },
      child,
    );

    this.firewall = new network.AzureFirewall(
      `${name}-firewall`,
      {
        resourceGroupName: this.resourceGroup.name,
        azureFirewallName: 'nplz-hub',
        location,
        sku: { name: 'AZFW_VNet', tier: b.network.azure.firewallSku },
        firewallPolicy: { id: this.firewallPolicy.id },
        ipConfigurations: [{ name: 'egress', subnet: { id: subnetId(FIREWALL_SUBNET) }, publicIPAddress: { id: firewallIp.id } }],
        tags,
      },
      { ...child, dependsOn: [this.virtualNetwork] },
    );

    this.bastion = new network.BastionHost(
      `${name}-bastion`,
      {
        resourceGroupName: this.resourceGroup.name,
        bastionHostName: 'nplz-hub',
        location,
        sku: { name: 'Standard' },
        enableShareableLink: false,
        ipConfigurations: [{ name: 'bastion', subnet: { id: subnetId(BASTION_SUBNET) }, publicIPAddress: { id: bastionIp.id } }],
        tags,
      },
      { ...child, dependsOn: [this.virtualNetwork] },
    );

    // The hub resource group and VNet are not locked: the VNet holds every force's `-from-hub`
    // peering, which that force's landing zone deletes when it is offboarded, and a lock covers
    // child resources. What is costly or slow to rebuild is locked on its own.
    const why = 'NPLZ baseline resource: the national network hub. Remove only through the national platform.';
    deleteLock(`${name}-firewall-lock`, this.firewall, [], why, child);
    deleteLock(`${name}-firewall-policy-lock`, this.firewallPolicy, [], why, child);
    deleteLock(`${name}-firewall-pip-lock`, firewallIp, [], why, child);
    deleteLock(`${name}-bastion-pip-lock`, bastionIp, [], why, child);

    const zones: Record<string, privatedns.PrivateZone> = {};
    for (const zone of b.network.azure.privateDnsZones) {
      const suffix = zone.replace(/\./g, '-');
      const privateZone = new privatedns.PrivateZone(
        `${name}-dns-${suffix}`,
        {
          resourceGroupName: this.resourceGroup.name,
          privateZoneName: zone,
          location: 'global',
          tags,
        },
        child,
      );
      zones[zone] = privateZone;
      new privatedns.VirtualNetworkLink(
        `${name}-dns-${suffix}-link`,
        {
          resourceGroupName: this.resourceGroup.name,
          privateZoneName: privateZone.name,
          virtualNetworkLinkName: 'nplz-hub',
          location: 'global',
          registrationEnabled: false,
          virtualNetwork: { id: this.virtualNetwork.id },
          tags,
        },
        child,
      );
    }
    this.privateDnsZones = zones;

    if (args.workspaceId) {
      for (const [suffix, target] of [
        ['firewall', this.firewall],
        ['bastion', this.bastion],
      ] as const) {
        new monitor.DiagnosticSetting(
          `${name}-${suffix}-diagnostics`,
          {
            name: 'nplz-central',
            resourceUri: target.id,
            workspaceId: args.workspaceId,
            logAnalyticsDestinationType: 'Dedicated',
            logs: [{ categoryGroup: 'allLogs', enabled: true }],
          },
          child,
        );
      }
    }

    this.registerOutputs({ virtualNetworkId: this.virtualNetworkId, firewallPrivateIp: this.firewallPrivateIp });
  }
}
