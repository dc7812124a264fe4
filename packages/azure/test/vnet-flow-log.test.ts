import type * as pulumi from '@pulumi/pulumi';
import type { Baseline } from '@nplz/core';
import { VnetFlowLog, type VnetFlowLogArgs } from '../src';
import { aliasesUnderParent, baseline as b, named, plan, TEST_SUBSCRIPTION, testProvider, WORKSPACE_ID } from './mocks';

const TAGS = { 'nplz:tenancy': 'kent', 'nplz:environment': 'prod' };
const VNET =
  '/subscriptions/00000000-0000-4b5e-8000-00000000e571/resourceGroups/nplz-kent-prod-network/providers/Microsoft.Network/virtualNetworks/nplz-kent-prod';
const AUDIT =
  '/subscriptions/00000000-0000-4b5e-8000-00000000e571/resourceGroups/nplz-kent-prod-security/providers/Microsoft.Storage/storageAccounts/nplzkentprod';
const flowLog = (name: string, args: Partial<VnetFlowLogArgs> = {}, opts?: pulumi.ComponentResourceOptions) =>
  new VnetFlowLog(
    name,
    {
      baseline: b,
      tenancy: 'kent',
      environment: 'prod',
      subscriptionId: TEST_SUBSCRIPTION,
      resourceGroupName: 'nplz-kent-prod-network',
      location: 'uksouth',
      tags: TAGS,
      networkWatcherName: 'NetworkWatcher_uksouth',
      virtualNetworkId: VNET,
      auditStorageId: AUDIT,
      workspaceId: WORKSPACE_ID,
      ...args,
      provider: args.provider ?? testProvider(`${name}-provider`),
    },
    opts,
  );

describe('VnetFlowLog', () => {
  test('a VNet flow log in the Network Watcher, to the audit account, with traffic analytics to the central workspace', async () => {
    const p = await plan(() => {
      flowLog('kent-prod');
    });
    expect(named(p, 'kent-prod-flow-log').inputs).toMatchObject({
      resourceGroupName: 'nplz-kent-prod-network',
      networkWatcherName: 'NetworkWatcher_uksouth',
      flowLogName: 'nplz-kent-prod',
      targetResourceId: VNET,
      storageId: AUDIT,
      enabled: true,
      format: { type: 'JSON', version: 2 },
      flowAnalyticsConfiguration: {
        networkWatcherFlowAnalyticsConfiguration: {
          enabled: true,
          workspaceResourceId: WORKSPACE_ID,
          trafficAnalyticsInterval: b.logging.azure.trafficAnalyticsIntervalMinutes,
        },
      },
      tags: TAGS,
    });
  });

  test('writes as its own identity, allowed to write blobs to the audit account only, and waits for that grant', async () => {
    const p = await plan(() => {
      flowLog('kent-prod');
    });
    const identity = named(p, 'kent-prod-flow-log-identity');
    expect(identity.inputs).toMatchObject({ resourceGroupName: 'nplz-kent-prod-network', resourceName: 'nplz-kent-prod-flow-log' });
    const access = named(p, 'kent-prod-flow-log-access');
    expect(access.inputs).toMatchObject({
      scope: AUDIT,
      principalId: 'principal-of-kent-prod-flow-log-identity',
      principalType: 'ServicePrincipal',
      // Storage Blob Data Contributor
      roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe',
    });
    expect(access.inputs.roleAssignmentName).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const log = named(p, 'kent-prod-flow-log');
    expect(log.inputs.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: [identity.id] });
    expect(log.dependencies).toContain(access.urn);
  });

  test('keeps flow logs for the audit retention when Azure can (up to 365 days), else for ever (0), leaving deletion to the archive', async () => {
    const short: Baseline = { ...b, logging: { ...b.logging, securityAuditRetentionDays: 365 } };
    const p = await plan(() => {
      flowLog('long');
      flowLog('short', { baseline: short });
    });
    expect(b.logging.securityAuditRetentionDays).toBeGreaterThan(365);
    expect(named(p, 'long-flow-log').inputs.retentionPolicy).toEqual({ enabled: true, days: 0 });
    expect(named(p, 'short-flow-log').inputs.retentionPolicy).toEqual({ enabled: true, days: 365 });
  });

  test('names its resources from namePrefix, else from its own name', async () => {
    const p = await plan(() => {
      flowLog('kent-prod-vnet-flow-log', { namePrefix: 'kent-prod' });
      flowLog('other', { tenancy: 'essex' });
    });
    expect(named(p, 'kent-prod-flow-log').parent).toBe(named(p, 'kent-prod-vnet-flow-log', 'nplz:azure:VnetFlowLog').urn);
    expect(named(p, 'other-flow-log').parent).toBe(named(p, 'other', 'nplz:azure:VnetFlowLog').urn);
  });

  test('its resources alias the parent it is created under, where ForceLandingZone created them before', async () => {
    const { parent, moved } = await aliasesUnderParent((parent) => flowLog('z', {}, { parent }));
    expect(moved.map((m) => m.resource.name).sort()).toEqual(['z-flow-log', 'z-flow-log-access', 'z-flow-log-identity']);
    for (const { aliasParents } of moved) expect(aliasParents).toEqual([parent.urn]);
  });
});
