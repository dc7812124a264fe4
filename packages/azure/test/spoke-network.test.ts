import type * as pulumi from '@pulumi/pulumi';
import { Ipv4Cidr } from '@nplz/core';
import { SPOKE_SUBNETS, SpokeNetwork, type SpokeNetworkArgs } from '../src';
import { aliasesUnderParent, baseline as b, named, ofType, plan, TEST_HUB, testProvider } from './mocks';

const TAGS = { 'nplz:tenancy': 'kent', 'nplz:environment': 'prod' };
const PEERING = 'azure-native:network:VirtualNetworkPeering';
const spoke = (name: string, args: Partial<SpokeNetworkArgs> = {}, opts?: pulumi.ComponentResourceOptions) =>
  new SpokeNetwork(
    name,
    {
      baseline: b,
      tenancy: 'kent',
      environment: 'prod',
      addressSpace: Ipv4Cidr.parse('10.80.0.0/22'),
      resourceGroupName: 'nplz-kent-prod-network',
      location: 'uksouth',
      tags: TAGS,
      hub: TEST_HUB,
      ...args,
      provider: args.provider ?? testProvider(`${name}-provider`),
    },
    opts,
  );

describe('SpokeNetwork', () => {
  test('a VNet on its range with one subnet of the baseline size per spoke subnet, each behind the NSG and the route table, DNS from the hub firewall', async () => {
    const p = await plan(() => {
      spoke('kent-prod');
    });
    const vnet = named(p, 'kent-prod-spoke');
    expect(vnet.inputs).toMatchObject({
      resourceGroupName: 'nplz-kent-prod-network',
      virtualNetworkName: 'nplz-kent-prod',
      addressSpace: { addressPrefixes: ['10.80.0.0/22'] },
      dhcpOptions: { dnsServers: [TEST_HUB.firewallPrivateIp] },
      tags: TAGS,
    });
    const prefix = b.network.azure.spokeSubnetPrefix;
    expect(vnet.inputs.subnets).toEqual(
      SPOKE_SUBNETS.map((name, i) => ({
        name,
        addressPrefix: Ipv4Cidr.parse('10.80.0.0/22').subnets(prefix)[i]!.toString(),
        networkSecurityGroup: { id: named(p, 'kent-prod-nsg').id },
        routeTable: { id: named(p, 'kent-prod-routes').id },
        defaultOutboundAccess: false,
      })),
    );
    expect(vnet.provider).toContain('kent-prod-provider');
  });

  test('every route leaves through the hub firewall, and the management ports are closed to the internet', async () => {
    const p = await plan(() => {
      spoke('kent-prod');
    });
    expect(named(p, 'kent-prod-routes').inputs).toMatchObject({
      routeTableName: 'nplz-kent-prod',
      disableBgpRoutePropagation: true,
      routes: [
        {
          name: 'default-via-hub-firewall',
          addressPrefix: '0.0.0.0/0',
          nextHopType: 'VirtualAppliance',
          nextHopIpAddress: TEST_HUB.firewallPrivateIp,
        },
      ],
    });
    expect(named(p, 'kent-prod-nsg').inputs.securityRules).toEqual([
      expect.objectContaining({
        name: 'deny-internet-management-ports',
        direction: 'Inbound',
        access: 'Deny',
        sourceAddressPrefix: 'Internet',
        destinationPortRanges: b.guardrails.network.denyInternetManagementPorts.map(String),
      }),
    ]);
  });

  test('a baseline that denies no management ports gives the NSG no rules', async () => {
    const p = await plan(() => {
      spoke('kent-prod', {
        baseline: { ...b, guardrails: { ...b.guardrails, network: { ...b.guardrails.network, denyInternetManagementPorts: [] } } },
      });
    });
    expect(named(p, 'kent-prod-nsg').inputs.securityRules).toEqual([]);
  });

  test("the subscription's one Network Watcher for the region, where and as Azure would create it (NetworkWatcherRG/NetworkWatcher_<region>), tagged, before the VNet", async () => {
    const p = await plan(() => {
      spoke('kent-prod');
    });
    const watcher = named(p, 'kent-prod-network-watcher');
    // Azure allows one watcher per subscription and region: one in another group conflicts with the one it creates for any VNet there.
    expect(named(p, 'kent-prod-network-watcher-rg').inputs).toEqual({
      resourceGroupName: 'NetworkWatcherRG',
      location: 'uksouth',
      tags: TAGS,
    });
    expect(watcher.inputs).toEqual({
      resourceGroupName: 'NetworkWatcherRG',
      networkWatcherName: 'NetworkWatcher_uksouth',
      location: 'uksouth',
      tags: TAGS,
    });
    expect(named(p, 'kent-prod-spoke').dependencies).toContain(watcher.urn);
  });

  test('peers with the hub both ways; the hub side through the hub provider', async () => {
    const p = await plan(() => {
      spoke('kent-prod', { hub: { ...TEST_HUB, provider: testProvider('hub-provider') } });
    });
    expect(ofType(p, PEERING).map((x) => x.name)).toEqual(['kent-prod-from-hub', 'kent-prod-to-hub']);
    const to = named(p, 'kent-prod-to-hub');
    expect(to.inputs).toMatchObject({
      virtualNetworkName: 'nplz-kent-prod',
      virtualNetworkPeeringName: 'to-hub',
      remoteVirtualNetwork: { id: TEST_HUB.virtualNetworkId },
      allowForwardedTraffic: true,
      useRemoteGateways: false,
    });
    expect(to.provider).toContain('kent-prod-provider');
    const from = named(p, 'kent-prod-from-hub');
    expect(from.inputs).toMatchObject({
      resourceGroupName: TEST_HUB.resourceGroupName,
      virtualNetworkName: TEST_HUB.virtualNetworkName,
      virtualNetworkPeeringName: 'to-kent-prod',
      remoteVirtualNetwork: { id: named(p, 'kent-prod-spoke').id },
      allowGatewayTransit: false,
    });
    expect(from.provider).toContain('hub-provider');
  });

  test('without a hub provider, the hub side is not put in the spoke subscription', async () => {
    const p = await plan(() => {
      spoke('kent-prod');
    });
    expect(named(p, 'kent-prod-from-hub').provider ?? '').not.toContain('kent-prod-provider');
  });

  test("a collaboration's spoke is peered with the hub only, never with a member's spoke: it reaches members through the hub firewall", async () => {
    const p = await plan(() => {
      const member = spoke('kent-prod');
      spoke('its-prod', {
        tenancy: 'kent-essex-its',
        addressSpace: Ipv4Cidr.parse('10.90.0.0/22'),
        resourceGroupName: 'nplz-kent-essex-its-prod-network',
        collaborationMembers: [
          {
            zoneName: 'kent-prod',
            tenancy: 'kent',
            environment: 'prod',
            provider: testProvider('kent-prod-member-provider'),
            networkResourceGroup: { name: 'nplz-kent-prod-network' },
            virtualNetwork: member.virtualNetwork,
          },
        ],
      });
    });
    const peerings = ofType(p, 'azure-native:network:VirtualNetworkPeering');
    // Each spoke: to-hub and from-hub; nothing between the two spokes.
    expect(peerings.map((x) => x.name).sort()).toEqual(['its-prod-from-hub', 'its-prod-to-hub', 'kent-prod-from-hub', 'kent-prod-to-hub']);
    for (const x of peerings.filter((y) => y.name.endsWith('-to-hub')))
      expect(x.inputs.remoteVirtualNetwork).toEqual({ id: TEST_HUB.virtualNetworkId });
    // So the member's range matches only the 0.0.0.0/0 route, to the hub firewall.
    expect(named(p, 'its-prod-routes').inputs.routes).toEqual([
      expect.objectContaining({
        addressPrefix: '0.0.0.0/0',
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: TEST_HUB.firewallPrivateIp,
      }),
    ]);
  });

  test('names its resources from namePrefix, else from its own name', async () => {
    const p = await plan(() => {
      spoke('kent-prod-spoke-network', { namePrefix: 'kent-prod' });
      spoke('other', { tenancy: 'essex' });
    });
    expect(named(p, 'kent-prod-spoke').parent).toBe(named(p, 'kent-prod-spoke-network', 'nplz:azure:SpokeNetwork').urn);
    expect(named(p, 'other-spoke').parent).toBe(named(p, 'other', 'nplz:azure:SpokeNetwork').urn);
  });

  test('its resources alias the parent it is created under, where ForceLandingZone created them before', async () => {
    const { parent, moved } = await aliasesUnderParent((parent) =>
      spoke('z', { hub: { ...TEST_HUB, provider: testProvider('hub-provider') } }, { parent }),
    );
    expect(moved.map((m) => m.resource.name).sort()).toEqual([
      'z-from-hub',
      'z-network-watcher',
      'z-network-watcher-rg',
      'z-nsg',
      'z-routes',
      'z-spoke',
      'z-to-hub',
    ]);
    for (const { aliasParents } of moved) expect(aliasParents).toEqual([parent.urn]);
  });
});
