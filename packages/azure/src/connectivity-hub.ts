import * as pulumi from '@pulumi/pulumi';
import * as monitor from '@pulumi/azure-native/monitor';
import * as network from '@pulumi/azure-native/network';
import * as privatedns from '@pulumi/azure-native/privatedns';
import * as resources from '@pulumi/azure-native/resources';
import type { Provider } from '@pulumi/azure-native/provider';
import { Ipv4Cidr, type Baseline, type TenancySpec, defined, isCollaboration, linkedTenancies } from '@nplz/core';
import { isSubscriptionId, subscriptionProvider } from './private/provider';
import { deleteLock, resourceGroup } from './private/locked-resource-group';
import { regionNetworkWatcher } from './private/network-watcher';
import { VnetFlowLog } from './vnet-flow-log';

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
  /**
   * Import the connectivity subscription's existing NetworkWatcherRG and NetworkWatcher_<location>
   * (Azure made them for an earlier VNet) instead of creating them: the stack config
   * `nplz:adoptNetworkWatcher` on the first apply (docs/deploying.md).
   * @default false
   */
  readonly adoptNetworkWatcher?: boolean;
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
  /**
   * Every tenancy of the estate. The firewall policy allows traffic between a collaboration's
   * environment and the same environment of each linked member (consent on both sides), and
   * nothing else between spokes: spokes are not peered with each other, so that is the only path.
   * @default - no traffic between spokes
   */
  readonly tenancies?: readonly TenancySpec[];
  /**
   * Resource id of the national audit storage account (the management platform's archive): the
   * hub's VNet flow log writes there, with traffic analytics to `workspaceId`. Same region as the hub.
   * @default - no hub flow log
   */
  readonly flowLogStorageId?: pulumi.Input<string>;
}

/** The RFC 1918 private blocks. A standard, not a policy choice. */
const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/**
 * Azure Firewall target FQDNs for one baseline egress domain. The baseline uses AWS Network
 * Firewall's notation, where `.example.com` is the domain and every name under it; an Azure
 * application rule's `*.example.com` matches only names under it, so the domain itself is listed too.
 */
export function azureTargetFqdns(domain: string): string[] {
  return domain.startsWith('.') ? [domain.slice(1), `*${domain}`] : [domain];
}

/** Priorities of the hub policy's rule collection group and its collections (100–65000; lower first). */
const RULES_PRIORITY = { group: 200, collaborations: 100, platform: 150, egress: 200 } as const;

/**
 * Endpoints Azure itself requires of a workload behind forced tunnelling, allowed by the hub
 * firewall whatever the baseline's egress allow-list says (a platform requirement, as the subnet
 * names below are): Windows activation of Azure's images against Azure's KMS, `azkms.core.windows.net`
 * (and the older `kms.core.windows.net`) on TCP 1688, which is not HTTP(S) and so needs a network
 * rule. Its FQDNs resolve through the firewall's DNS proxy, which every spoke uses as its DNS server.
 */
export const AZURE_PLATFORM_NETWORK_RULES = Object.freeze([
  Object.freeze({
    name: 'windows-activation-kms',
    description: 'Azure platform: Windows activation against Azure KMS (TCP 1688)',
    ipProtocols: Object.freeze(['TCP'] as const),
    destinationFqdns: Object.freeze(['azkms.core.windows.net', 'kms.core.windows.net']),
    destinationPorts: Object.freeze(['1688']),
  }),
]);

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
  /** The policy's rules: collaboration traffic (network rules) and the baseline's egress allow-list (application rules). */
  public readonly firewallRules: network.FirewallPolicyRuleCollectionGroup;
  /** The connectivity subscription's Network Watcher for the hub's region (`NetworkWatcherRG`/`NetworkWatcher_<location>`), tagged; the hub VNet waits for it. */
  public readonly networkWatcher: network.NetworkWatcher;
  /** `NetworkWatcherRG`: the watcher's group, where the hub's flow log and its identity go too. */
  public readonly networkWatcherResourceGroup: resources.ResourceGroup;
  /** The hub's VNet flow log into the national audit archive (when `flowLogStorageId` and `workspaceId` are given). */
  public readonly flowLog?: VnetFlowLog;
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

    // As in each spoke: Azure creates an untagged NetworkWatcher_<location> in NetworkWatcherRG when
    // a VNet appears in a region without one, and allows one watcher per subscription and region;
    // the hub's is that one (same group and name), tagged, and the VNet waits for it.
    const watcher = regionNetworkWatcher(
      name,
      { location, tags, ...(args.adoptNetworkWatcher ? { adopt: { subscriptionId: args.subscriptionId } } : {}) },
      child,
    );
    this.networkWatcherResourceGroup = watcher.resourceGroup;
    this.networkWatcher = watcher.watcher;

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
      { ...child, dependsOn: [this.networkWatcher] },
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

    // Collaboration traffic and the egress allow-list. Network rules are processed before application
    // rules; whatever no rule allows is denied. Spokes route everything (0.0.0.0/0) to the firewall.
    const tenancies = args.tenancies ?? [];
    const azureRanges = (t: TenancySpec, env: string) => (t.azure?.network[env] ? [t.azure.network[env]] : []);
    const collaborationRules = tenancies.filter(isCollaboration).flatMap((collab) =>
      collab.environments.flatMap((env) => {
        const own = azureRanges(collab, env);
        const members = linkedTenancies(collab, tenancies).flatMap((m) => (m.environments.includes(env) ? azureRanges(m, env) : []));
        if (!own.length || !members.length) return [];
        const rule = (name: string, from: string[], to: string[]) => ({
          ruleType: 'NetworkRule' as const,
          name,
          description: `NPLZ: collaboration ${collab.name} and its linked members, ${env}`,
          ipProtocols: ['Any'],
          sourceAddresses: from,
          destinationAddresses: to,
          destinationPorts: ['*'],
        });
        return [rule(`${collab.name}-${env}-to-members`, own, members), rule(`${collab.name}-${env}-from-members`, members, own)];
      }),
    );
    const spokeRanges = tenancies.flatMap((t) => Object.values(t.azure?.network ?? {}));
    const sources = spokeRanges.length
      ? RFC1918.filter((block) => spokeRanges.some((r) => Ipv4Cidr.parse(block).contains(Ipv4Cidr.parse(r))))
      : [...RFC1918];
    const egressFqdns = b.egress.allowedFqdns.flatMap(azureTargetFqdns);
    this.firewallRules = new network.FirewallPolicyRuleCollectionGroup(
      `${name}-firewall-rules`,
      {
        resourceGroupName: this.resourceGroup.name,
        firewallPolicyName: this.firewallPolicy.name,
        ruleCollectionGroupName: 'nplz-baseline',
        priority: RULES_PRIORITY.group,
        ruleCollections: [
          ...(collaborationRules.length
            ? [
                {
                  ruleCollectionType: 'FirewallPolicyFilterRuleCollection' as const,
                  name: 'collaborations',
                  priority: RULES_PRIORITY.collaborations,
                  action: { type: 'Allow' },
                  rules: collaborationRules,
                },
              ]
            : []),
          {
            ruleCollectionType: 'FirewallPolicyFilterRuleCollection' as const,
            name: 'azure-platform',
            priority: RULES_PRIORITY.platform,
            action: { type: 'Allow' },
            rules: AZURE_PLATFORM_NETWORK_RULES.map((r) => ({
              ruleType: 'NetworkRule' as const,
              name: r.name,
              description: r.description,
              ipProtocols: [...r.ipProtocols],
              sourceAddresses: [...sources, args.hubCidr],
              destinationFqdns: [...r.destinationFqdns],
              destinationPorts: [...r.destinationPorts],
            })),
          },
          ...(egressFqdns.length
            ? [
                {
                  ruleCollectionType: 'FirewallPolicyFilterRuleCollection' as const,
                  name: 'egress-allow-list',
                  priority: RULES_PRIORITY.egress,
                  action: { type: 'Allow' },
                  rules: [
                    {
                      ruleType: 'ApplicationRule' as const,
                      name: 'baseline-domains',
                      description: `NPLZ baseline ${b.version}: the egress allow-list (HTTPS by SNI, HTTP by Host)`,
                      sourceAddresses: [...sources, args.hubCidr],
                      protocols: [
                        { protocolType: 'Https', port: 443 },
                        { protocolType: 'Http', port: 80 },
                      ],
                      targetFqdns: egressFqdns,
                    },
                  ],
                },
              ]
            : []),
        ],
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
      // After the rule collection group: Azure refuses a rule collection group PUT while its policy is
      // "Updating" because a firewall is attaching to it, so the two must not be created in parallel.
      { ...child, dependsOn: [this.virtualNetwork, this.firewallRules] },
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

    if (args.flowLogStorageId && args.workspaceId) {
      this.flowLog = new VnetFlowLog(
        `${name}-flow-log`,
        {
          baseline: b,
          tenancy: 'national',
          environment: 'hub',
          subscriptionId: args.subscriptionId,
          resourceGroupName: this.networkWatcherResourceGroup.name,
          location,
          tags,
          networkWatcherName: this.networkWatcher.name,
          virtualNetworkId: this.virtualNetwork.id,
          auditStorageId: args.flowLogStorageId,
          workspaceId: args.workspaceId,
          provider: this.provider,
        },
        { parent: this },
      );
      deleteLock(`${name}-network-watcher-lock`, this.networkWatcher, [this.flowLog.flowLog], why, child);
    }

    this.registerOutputs({ virtualNetworkId: this.virtualNetworkId, firewallPrivateIp: this.firewallPrivateIp });
  }
}
