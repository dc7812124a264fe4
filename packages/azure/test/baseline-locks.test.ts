import type * as pulumi from '@pulumi/pulumi';
import * as network from '@pulumi/azure-native/network';
import * as resources from '@pulumi/azure-native/resources';
import * as storage from '@pulumi/azure-native/storage';
import { BaselineLocks } from '../src';
import { aliasesUnderParent, named, ofType, plan, testProvider } from './mocks';

const LOCK = 'azure-native:authorization:ManagementLockByScope';

/** Locks over a minimal landing zone baseline: a security group with an account in it, a route table, an NSG and a watcher with a flow log. */
const locks = (name: string, opts?: pulumi.ComponentResourceOptions) => {
  const rg = 'nplz-kent-prod-network';
  const group = new resources.ResourceGroup(`${name}-security`, { resourceGroupName: 'nplz-kent-prod-security' });
  const account = new storage.StorageAccount(`${name}-audit`, {
    resourceGroupName: 'nplz-kent-prod-security',
    kind: 'StorageV2',
    sku: { name: 'Standard_ZRS' },
  });
  const watcher = new network.NetworkWatcher(`${name}-network-watcher`, {
    resourceGroupName: rg,
    networkWatcherName: 'NetworkWatcher_uksouth',
  });
  const flowLog = new network.FlowLog(`${name}-flow-log`, {
    resourceGroupName: rg,
    networkWatcherName: watcher.name,
    targetResourceId: 'vnet',
    storageId: account.id,
  });
  return new BaselineLocks(
    name,
    {
      tenancy: 'kent',
      environment: 'prod',
      securityResourceGroup: group,
      securityResources: [account],
      routeTable: new network.RouteTable(`${name}-routes`, { resourceGroupName: rg }),
      networkSecurityGroup: new network.NetworkSecurityGroup(`${name}-nsg`, { resourceGroupName: rg }),
      networkWatcher: watcher,
      networkWatcherResources: [flowLog],
      provider: testProvider(`${name}-provider`),
      namePrefix: 'kent-prod',
    },
    opts,
  );
};

describe('BaselineLocks', () => {
  test('locks the security group whole, and the route table, NSG and Network Watcher one by one, all CanNotDelete', async () => {
    const p = await plan(() => {
      locks('z');
    });
    const scopes = Object.fromEntries(ofType(p, LOCK).map((l) => [l.name, l.inputs.scope]));
    expect(scopes).toEqual({
      'kent-prod-security-lock': named(p, 'z-security').id,
      'kent-prod-routes-lock': named(p, 'z-routes').id,
      'kent-prod-nsg-lock': named(p, 'z-nsg').id,
      'kent-prod-network-watcher-lock': named(p, 'z-network-watcher').id,
    });
    for (const l of ofType(p, LOCK)) {
      expect(l.inputs).toMatchObject({
        lockName: 'nplz-do-not-delete',
        level: 'CanNotDelete',
        notes: 'NPLZ baseline resources of kent/prod. Remove only through the landing zone.',
      });
      expect(l.provider).toContain('z-provider');
    }
  });

  test('each lock depends on what it covers, so that Pulumi removes the lock first', async () => {
    const p = await plan(() => {
      locks('z');
    });
    expect(named(p, 'kent-prod-security-lock').dependencies).toEqual(
      expect.arrayContaining([named(p, 'z-security').urn, named(p, 'z-audit').urn]),
    );
    expect(named(p, 'kent-prod-network-watcher-lock').dependencies).toEqual(
      expect.arrayContaining([named(p, 'z-network-watcher').urn, named(p, 'z-flow-log').urn]),
    );
    expect(named(p, 'kent-prod-routes-lock').dependencies).toEqual([named(p, 'z-routes').urn]);
  });

  test('its locks alias the parent it is created under, where ForceLandingZone created them before', async () => {
    const { parent, moved } = await aliasesUnderParent((parent) => locks('z', { parent }));
    expect(moved).toHaveLength(4);
    for (const { aliasParents } of moved) expect(aliasParents).toEqual([parent.urn]);
  });
});
