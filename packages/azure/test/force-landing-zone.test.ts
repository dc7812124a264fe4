import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as pulumi from '@pulumi/pulumi';
import { AZURE_ROLES_ELIGIBLE_ONLY_IN_PRODUCTION, getBaseline } from '@nplz/core';
import { firstOfMonth, ForceLandingZone, type ForceLandingZoneArgs } from '../src';
import { pimRoleDefinitionId } from '../src/private/role-grants';
import {
  aliasRecorder,
  childrenOf,
  descendantsOf,
  named,
  ofType,
  plan,
  sampleTenancy,
  TENANT_ID,
  TEST_HUB,
  tenancyWith,
  WORKSPACE_ID,
} from './mocks';

const kent = sampleTenancy('kent');
const b = getBaseline(kent.baseline);
const SUB = kent.azure!.subscriptions.prod!;
const zone = (name: string, args: Partial<ForceLandingZoneArgs> = {}, opts?: pulumi.ComponentResourceOptions) =>
  new ForceLandingZone(
    name,
    {
      tenancy: kent,
      environment: 'prod',
      tenantId: TENANT_ID,
      managementGroupId: 'nplz-force-kent',
      hub: TEST_HUB,
      workspaceId: WORKSPACE_ID,
      ...args,
    },
    opts,
  );
const COMPONENTS = [
  'AuditArchive',
  'AuditKeyVault',
  'BaselineLocks',
  'LandingZoneBackup',
  'SpokeNetwork',
  'SubscriptionBudget',
  'SubscriptionPolicy',
  'TenancyAccess',
  'VnetFlowLog',
].map((t) => `nplz:azure:${t}`);

describe('ForceLandingZone', () => {
  test('places the subscription under its force group, through a provider pinned to that subscription', async () => {
    const p = await plan(() => {
      zone('kent-prod');
    });
    expect(named(p, 'kent-prod-provider').inputs).toMatchObject({ subscriptionId: SUB, location: 'uksouth' });
    const placement = named(p, 'kent-prod-placement');
    expect(placement.inputs).toEqual({ groupId: 'nplz-force-kent' });
    expect(placement.provider).toContain('kent-prod-provider');
  });

  test('spoke VNet from the tenancy range, subnets of the baseline size, routed through the hub firewall', async () => {
    const p = await plan(() => {
      zone('kent-prod');
    });
    const vnet = named(p, 'kent-prod-spoke').inputs as {
      addressSpace: unknown;
      dhcpOptions: unknown;
      subnets: { addressPrefix: string; routeTable: { id: string }; networkSecurityGroup: { id: string } }[];
    };
    expect(vnet.addressSpace).toEqual({ addressPrefixes: [kent.azure!.network.prod] });
    expect(vnet.dhcpOptions).toEqual({ dnsServers: [TEST_HUB.firewallPrivateIp] });
    for (const s of vnet.subnets) {
      expect(s.addressPrefix.endsWith(`/${b.network.azure.spokeSubnetPrefix}`)).toBe(true);
      expect(s.routeTable.id).toBe(named(p, 'kent-prod-routes').id);
      expect(s.networkSecurityGroup.id).toBe(named(p, 'kent-prod-nsg').id);
    }
    expect(named(p, 'kent-prod-routes').inputs).toMatchObject({
      disableBgpRoutePropagation: true,
      routes: [{ addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: TEST_HUB.firewallPrivateIp }],
    });
    expect(named(p, 'kent-prod-nsg').inputs).toMatchObject({
      securityRules: [
        {
          access: 'Deny',
          direction: 'Inbound',
          sourceAddressPrefix: 'Internet',
          destinationPortRanges: b.guardrails.network.denyInternetManagementPorts.map(String),
        },
      ],
    });
  });

  test('peers with the hub in both directions and with no other spoke', async () => {
    const p = await plan(() => {
      zone('kent-prod');
    });
    const peerings = ofType(p, 'azure-native:network:VirtualNetworkPeering');
    expect(peerings.map((x) => x.name)).toEqual(['kent-prod-from-hub', 'kent-prod-to-hub']);
    expect(named(p, 'kent-prod-to-hub').inputs).toMatchObject({
      remoteVirtualNetwork: { id: TEST_HUB.virtualNetworkId },
      allowForwardedTraffic: true,
    });
    expect(named(p, 'kent-prod-from-hub').inputs).toMatchObject({
      virtualNetworkName: 'nplz-hub',
      remoteVirtualNetwork: { id: named(p, 'kent-prod-spoke').id },
    });
  });

  test('Key Vault with RBAC and purge protection, immutable audit storage, VNet flow logs and diagnostics', async () => {
    const p = await plan(() => {
      zone('kent-prod');
    });
    expect(named(p, 'kent-prod-kv').inputs.properties).toMatchObject({
      tenantId: TENANT_ID,
      enableRbacAuthorization: true,
      enablePurgeProtection: true,
      softDeleteRetentionInDays: b.encryption.keyDeletionWindowDays,
      publicNetworkAccess: 'Disabled',
    });
    expect(named(p, 'kent-prod-audit').inputs).toMatchObject({
      minimumTlsVersion: 'TLS1_2',
      enableHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
      // Closed to every network; trusted Azure services (Network Watcher's flow logs) may write.
      publicNetworkAccess: 'Enabled',
      networkRuleSet: { defaultAction: 'Deny', bypass: 'AzureServices' },
    });
    expect(named(p, 'kent-prod-audit').inputs.accountName).toMatch(/^[a-z0-9]{3,24}$/);
    expect(named(p, 'kent-prod-audit').inputs.immutableStorageWithVersioning).toMatchObject({
      enabled: true,
      immutabilityPolicy: { immutabilityPeriodSinceCreationInDays: b.logging.immutabilityDays, state: 'Locked' },
    });
    expect(named(p, 'kent-prod-flow-log').inputs).toMatchObject({
      targetResourceId: named(p, 'kent-prod-spoke').id,
      storageId: named(p, 'kent-prod-audit').id,
      enabled: true,
    });
    expect(named(p, 'kent-prod-kv-diagnostics').inputs).toMatchObject({
      resourceUri: named(p, 'kent-prod-kv').id,
      workspaceId: WORKSPACE_ID,
    });
    // The workspace gets the activity log from the national DeployIfNotExists (a second setting to
    // the same sink is refused); the zone's own setting archives it immutably.
    expect(named(p, 'kent-prod-activity-log').inputs).not.toHaveProperty('workspaceId');
    expect(named(p, 'kent-prod-activity-log').inputs.storageAccountId).toBe(named(p, 'kent-prod-audit').id);
    expect(named(p, 'kent-prod-activity-log').inputs.logs).toEqual(
      b.logging.azure.activityLogCategories.map((category) => ({ category, enabled: true })),
    );
    expect(named(p, 'kent-prod-audit').inputs.sku).toEqual({ name: b.logging.azure.auditStorageSku });
    expect(named(p, 'kent-prod-flow-log').inputs.flowAnalyticsConfiguration).toMatchObject({
      networkWatcherFlowAnalyticsConfiguration: { trafficAnalyticsInterval: b.logging.azure.trafficAnalyticsIntervalMinutes },
    });
  });

  test("the subscription's tagged Network Watcher for the region, in NetworkWatcherRG as Azure names it, holds the flow log, which writes as its own identity", async () => {
    const p = await plan(() => {
      zone('kent-prod');
    });
    const watcher = named(p, 'kent-prod-network-watcher');
    expect(watcher.type).toBe('azure-native:network:NetworkWatcher');
    expect(named(p, 'kent-prod-flow-log').inputs.resourceGroupName).toBe('NetworkWatcherRG');
    expect(watcher.inputs).toMatchObject({
      resourceGroupName: 'NetworkWatcherRG',
      networkWatcherName: 'NetworkWatcher_uksouth',
      location: 'uksouth',
    });
    for (const t of b.requiredTags) expect(Object.keys(watcher.inputs.tags as object)).toContain(t.key);
    // The VNet waits for it, so Azure does not auto-create an untagged watcher (which the tag Deny would refuse).
    expect(named(p, 'kent-prod-spoke').dependencies).toContain(watcher.urn);
    const identity = named(p, 'kent-prod-flow-log-identity');
    const access = named(p, 'kent-prod-flow-log-access');
    expect(access.inputs).toMatchObject({
      scope: named(p, 'kent-prod-audit').id,
      principalId: 'principal-of-kent-prod-flow-log-identity',
      principalType: 'ServicePrincipal',
      roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe',
    });
    const flowLog = named(p, 'kent-prod-flow-log');
    expect(flowLog.inputs).toMatchObject({
      resourceGroupName: 'NetworkWatcherRG',
      networkWatcherName: 'NetworkWatcher_uksouth',
      identity: { type: 'UserAssigned', userAssignedIdentities: [identity.id] },
    });
    expect(flowLog.dependencies).toEqual(expect.arrayContaining([watcher.urn, access.urn]));
  });

  test('audit storage encrypts with a customer-managed RSA key in the vault, rotated as the baseline asks, through its own identity', async () => {
    const p = await plan(() => {
      zone('kent-prod');
    });
    const vault = named(p, 'kent-prod-kv');
    const key = named(p, 'kent-prod-audit-key');
    const identity = named(p, 'kent-prod-audit-identity');
    const access = named(p, 'kent-prod-audit-key-access');
    const account = named(p, 'kent-prod-audit');
    expect(b.encryption.keyRotation).toBe(true);
    expect(key.inputs).toMatchObject({
      resourceGroupName: 'nplz-kent-prod-security',
      vaultName: vault.inputs.vaultName,
      keyName: 'nplz-audit-storage',
      properties: {
        kty: 'RSA',
        keySize: 3072,
        keyOps: ['wrapKey', 'unwrapKey'],
        rotationPolicy: {
          lifetimeActions: [{ action: { type: 'rotate' }, trigger: { timeAfterCreate: 'P1Y' } }],
          attributes: { expiryTime: 'P2Y' },
        },
      },
    });
    expect(identity.inputs).toMatchObject({
      resourceGroupName: 'nplz-kent-prod-security',
      resourceName: 'nplz-kent-prod-audit-cmk',
      location: 'uksouth',
    });
    expect(access.type).toBe('azure-native:authorization:RoleAssignment');
    expect(access.inputs).toMatchObject({
      scope: vault.id,
      principalId: `principal-of-kent-prod-audit-identity`,
      principalType: 'ServicePrincipal',
      roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6',
    });
    expect(access.inputs.roleAssignmentName).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(account.inputs).toMatchObject({
      identity: { type: 'UserAssigned', userAssignedIdentities: [identity.id] },
      encryption: {
        keySource: 'Microsoft.Keyvault',
        keyVaultProperties: { keyName: 'nplz-audit-storage', keyVaultUri: `https://${String(vault.inputs.vaultName)}.vault.azure.net/` },
        encryptionIdentity: { encryptionUserAssignedIdentity: identity.id },
        services: { blob: { enabled: true, keyType: 'Account' } },
      },
    });
    // The account follows the newest key version, and waits for its key access before it uses the key.
    expect((account.inputs.encryption as { keyVaultProperties: object }).keyVaultProperties).not.toHaveProperty('keyVersion');
    expect(account.dependencies).toContain(access.urn);
  });

  test('audit storage keeps versions and deleted data, and its lifecycle and the flow log retention come from the baseline', async () => {
    const p = await plan(() => {
      zone('kent-prod');
    });
    const account = named(p, 'kent-prod-audit');
    const softDelete = { enabled: true, days: Math.min(b.logging.securityAuditRetentionDays, 365) };
    expect(named(p, 'kent-prod-audit-blob-service').inputs).toEqual({
      resourceGroupName: 'nplz-kent-prod-security',
      accountName: account.inputs.accountName,
      blobServicesName: 'default',
      isVersioningEnabled: true,
      deleteRetentionPolicy: softDelete,
      containerDeleteRetentionPolicy: softDelete,
    });
    const lifecycle = named(p, 'kent-prod-audit-lifecycle').inputs as {
      accountName: string;
      managementPolicyName: string;
      policy: { rules: { definition: { actions: Record<string, Record<string, Record<string, number>>> } }[] };
    };
    expect(lifecycle).toMatchObject({ accountName: account.inputs.accountName, managementPolicyName: 'default' });
    const actions = lifecycle.policy.rules[0]!.definition.actions;
    expect(actions.baseBlob).toEqual({
      tierToCold: { daysAfterModificationGreaterThan: b.logging.archiveTransitionDays },
      delete: { daysAfterModificationGreaterThan: b.logging.securityAuditRetentionDays },
    });
    expect(actions.version).toEqual({
      tierToCold: { daysAfterCreationGreaterThan: b.logging.archiveTransitionDays },
      delete: { daysAfterCreationGreaterThan: b.logging.securityAuditRetentionDays },
    });
    // Audit retention (2557 days) is beyond what flow logs can hold (365): they keep (0) and the lifecycle deletes.
    expect(b.logging.securityAuditRetentionDays).toBeGreaterThan(365);
    expect(named(p, 'kent-prod-flow-log').inputs.retentionPolicy).toEqual({ enabled: true, days: 0 });
  });

  test('every stateful resource is protected and retained on delete; baseline resource groups are locked, local ones are not', async () => {
    const p = await plan(() => {
      zone('kent-prod', { tenancy: tenancyWith({ localAssets: { resourceGroups: ['kent-crime-analytics'] } }) });
    });
    for (const n of [
      'kent-prod-kv',
      'kent-prod-audit',
      'kent-prod-audit-key',
      'kent-prod-audit-identity',
      'kent-prod-audit-key-access',
      'kent-prod-audit-blob-service',
    ]) {
      expect(named(p, n)).toMatchObject({ protect: true, retainOnDelete: true });
    }
    // Deleting the group would delete what it holds in Azure, whatever Pulumi state says.
    expect(named(p, 'kent-prod-security')).toMatchObject({ retainOnDelete: true });
    const locks = ofType(p, 'azure-native:authorization:ManagementLockByScope');
    // The security group is locked whole; the network group's resources one by one, not the spoke
    // VNet, whose child peerings a collaboration's landing zone creates and deletes.
    expect(locks.map((l) => l.inputs.scope).sort()).toEqual(
      ['kent-prod-security', 'kent-prod-routes', 'kent-prod-nsg', 'kent-prod-network-watcher'].map((n) => named(p, n).id).sort(),
    );
    for (const l of locks) expect(l.inputs.level).toBe('CanNotDelete');
    // Every lock depends on what it covers, so Pulumi deletes the lock first when the zone goes.
    const security = named(p, 'kent-prod-security-lock');
    const inSecurityGroup = p.resources.filter((r) => r.custom && r.inputs.resourceGroupName === 'nplz-kent-prod-security');
    expect(inSecurityGroup.length).toBeGreaterThan(5);
    expect(security.dependencies).toEqual(expect.arrayContaining(inSecurityGroup.map((r) => r.urn)));
    for (const n of ['kent-prod-kv-diagnostics', 'kent-prod-audit-diagnostics', 'kent-prod-audit-key-access', 'kent-prod-flow-log-access'])
      expect(security.dependencies).toContain(named(p, n).urn);
    expect(named(p, 'kent-prod-network-watcher-lock').dependencies).toEqual(
      expect.arrayContaining([named(p, 'kent-prod-network-watcher').urn, named(p, 'kent-prod-flow-log').urn]),
    );
    expect(named(p, 'kent-prod-local-kent-crime-analytics').inputs).toMatchObject({ resourceGroupName: 'kent-crime-analytics' });
  });

  test('budget from the spec with the baseline thresholds', async () => {
    const p = await plan(() => {
      zone('kent-prod');
    });
    const budget = named(p, 'kent-prod-budget').inputs as {
      amount: number;
      scope: string;
      notifications: Record<string, { threshold: number; contactEmails: string[] }>;
    };
    expect(budget.amount).toBe(kent.budget!.monthlyGbp);
    expect(budget.scope).toBe(`/subscriptions/${SUB}`);
    expect(
      Object.values(budget.notifications)
        .map((n) => n.threshold)
        .sort((x, y) => x - y),
    ).toEqual([...b.budgets.alertThresholds].sort((x, y) => x - y));
    expect(Object.values(budget.notifications)[0]!.contactEmails).toEqual(kent.budget!.alertEmails);
  });

  test('the budget starts on the first of the baseline release month by default, and ignores its time period once created', async () => {
    const p = await plan(() => {
      zone('kent-prod');
    });
    const budget = named(p, 'kent-prod-budget');
    expect(budget.inputs.timePeriod).toEqual({ startDate: `${b.released.slice(0, 7)}-01T00:00:00Z` });
    // Azure refuses to create a budget that starts before the current month, and a later
    // deployment must neither fail nor restart it.
    expect(budget.ignoreChanges).toEqual(['timePeriod']);
  });

  test('the budget starts on the month a real deployment passes', async () => {
    const p = await plan(() => {
      zone('kent-prod', { budgetStartDate: '2028-03-01' });
    });
    expect(named(p, 'kent-prod-budget').inputs.timePeriod).toEqual({ startDate: '2028-03-01T00:00:00Z' });
  });

  test('a PIM eligibility at a subscription takes the subscription-scoped role definition id; at a management group the tenant form', async () => {
    const guid = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
    const ids: string[] = [];
    await plan(() => {
      for (const scope of [
        `/subscriptions/${SUB}`,
        `/subscriptions/${SUB}/resourceGroups/rg`,
        '/providers/Microsoft.Management/managementGroups/nplz',
      ])
        pimRoleDefinitionId(scope, guid).apply((id) => ids.push(id));
    });
    expect(ids).toEqual([
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
      `/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
    ]);
  });

  test('firstOfMonth gives the first day of the UTC month', () => {
    expect(firstOfMonth(new Date('2027-05-31T23:59:59Z'))).toBe('2027-05-01');
  });

  test("RBAC for the force's groups: PIM eligibility for privileged roles and, in production, for Owner, Contributor and the access administrators; active assignments otherwise", async () => {
    const p = await plan(() => {
      zone('kent-prod');
    });
    for (const role of b.roles.force) {
      const grant = named(p, `kent-prod-${role.id}`);
      // kent-prod is production: no standing Contributor there, whatever the baseline grants elsewhere.
      const eligible =
        role.azure.eligible || (AZURE_ROLES_ELIGIBLE_ONLY_IN_PRODUCTION as readonly string[]).includes(role.azure.builtInRole);
      expect(grant.type).toBe(
        eligible ? 'azure-native:authorization:PimRoleEligibilitySchedule' : 'azure-native:authorization:RoleAssignment',
      );
      // PIM checks an eligibility's role definition against its scope: at a subscription, the subscription-scoped id.
      expect(grant.inputs).toMatchObject({
        scope: `/subscriptions/${SUB}`,
        principalId: kent.identity.groups[role.id]!.entraObjectId,
        roleDefinitionId: `${eligible ? `/subscriptions/${SUB}` : ''}/providers/Microsoft.Authorization/roleDefinitions/${role.azure.roleDefinitionId}`,
      });
    }
    expect(named(p, 'kent-prod-force-developer').type).toBe('azure-native:authorization:PimRoleEligibilitySchedule');
  });

  // A force that calls production `live` lists it under `production`; with `production: []`, the name decides.
  test('a production environment named live and listed under production grants the privileged roles through PIM only; unlisted, it is not production', async () => {
    const rename = <T>(map: Readonly<Record<string, T>>) =>
      Object.fromEntries(Object.entries(map).map(([k, v]) => [k === 'prod' ? 'live' : k === 'nonprod' ? 'dev' : k, v]));
    const live = (production?: string[]) =>
      tenancyWith({
        environments: ['live', 'dev'],
        // A tenancy none of whose environments is named as production says which are, or that none is.
        production: production ?? [],
        ...(kent.aws ? { aws: { ...kent.aws, accounts: rename(kent.aws.accounts), network: rename(kent.aws.network) } } : {}),
        azure: { ...kent.azure!, subscriptions: rename(kent.azure!.subscriptions), network: rename(kent.azure!.network) },
      });
    const grants = async (production?: string[]) => {
      const p = await plan(() => {
        zone('kent-live', { tenancy: live(production), environment: 'live' });
      });
      return Object.fromEntries(b.roles.force.map((r) => [r.azure.builtInRole, named(p, `kent-live-${r.id}`).type.split(':')[2]]));
    };
    const listed = await grants(['live']);
    for (const role of AZURE_ROLES_ELIGIBLE_ONLY_IN_PRODUCTION)
      if (role in listed) expect([role, listed[role]]).toEqual([role, 'PimRoleEligibilitySchedule']);
    expect(listed.Contributor).toBe('PimRoleEligibilitySchedule');
    expect((await grants()).Contributor).toBe('RoleAssignment');
  });

  test('tags every taggable resource with the required tags, and attributes every resource to the tenancy and environment', async () => {
    const p = await plan(() => {
      zone('kent-prod');
    });
    const root = named(p, 'kent-prod', 'nplz:azure:ForceLandingZone');
    const below = descendantsOf(p, root);
    expect(below.length).toBeGreaterThan(20);
    for (const r of [root, ...below]) expect(r).toMatchObject({ tenancy: 'kent', environment: 'prod' });
    for (const r of below.filter((x) => x.inputs.tags)) {
      for (const t of b.requiredTags) expect(Object.keys(r.inputs.tags as object)).toContain(t.key);
    }
    expect(named(p, 'kent-prod-kv').inputs.tags).toMatchObject({
      'nplz:force': 'kent',
      'nplz:tenancy': 'kent',
      'nplz:environment': 'prod',
      'nplz:baseline': b.version,
    });
  });

  test('holds its provider, placement, resource groups and activity-log export itself, and builds the rest through one child component of each kind', async () => {
    const p = await plan(() => {
      zone('kent-prod');
    });
    const root = named(p, 'kent-prod', 'nplz:azure:ForceLandingZone');
    const own = childrenOf(p, root).filter((r) => r.custom);
    expect(own.map((r) => r.name).sort()).toEqual([
      'kent-prod-activity-log',
      'kent-prod-network',
      'kent-prod-placement',
      'kent-prod-provider',
      'kent-prod-security',
    ]);
    const components = childrenOf(p, root).filter((r) => !r.custom);
    expect(components.map((c) => c.type).sort()).toEqual(COMPONENTS);
    for (const c of components) {
      expect(c.name.startsWith('kent-prod-')).toBe(true);
      // One level only: the components hold cloud resources, not further components.
      for (const r of childrenOf(p, c)) expect(r.custom).toBe(true);
    }
    expect(own.length + components.length + components.flatMap((c) => childrenOf(p, c)).length).toBe(descendantsOf(p, root).length);
  });

  test("its components' resources keep their names and alias the landing zone, their parent before the split, so deployed stacks see no replacement", async () => {
    const aliases = aliasRecorder();
    const p = await plan(() => {
      zone(
        'kent-prod',
        { tenancy: tenancyWith({ localAssets: { resourceGroups: ['kent-crime-analytics'] } }) },
        { transformations: [aliases.capture] },
      );
    });
    const root = named(p, 'kent-prod', 'nplz:azure:ForceLandingZone');
    const parents = await aliases.parents();
    // LandingZoneBackup came after the split: its resources were never the zone's, so they have nothing to alias.
    const moved = childrenOf(p, root)
      .filter((c) => !c.custom && c.type !== 'nplz:azure:LandingZoneBackup')
      .flatMap((c) => childrenOf(p, c));
    expect(moved.length).toBeGreaterThan(20);
    for (const r of moved) {
      expect(r.name.startsWith('kent-prod-')).toBe(true);
      expect(parents.get(`${r.type}|${r.name}`)).toEqual([root.urn]);
    }
    // What stays directly under the zone keeps its URN and needs no alias.
    for (const r of childrenOf(p, root)) expect(parents.has(`${r.type}|${r.name}`)).toBe(false);
  });

  test('every resource of a landing zone keeps the type and name it had when the zone was first published (a rename replaces it on deployed stacks)', async () => {
    // Pinned from the zone before it was split into components; only an intended, reviewed change
    // to what a landing zone holds updates this list (NPLZ_UPDATE_FIXTURES=1 rewrites it).
    const fixture = path.join(__dirname, 'fixtures', 'kent-prod-zone-resources.json');
    const p = await plan(() => {
      zone('kent-prod', { tenancy: tenancyWith({ localAssets: { resourceGroups: ['kent-crime-analytics'] } }) });
    });
    const root = named(p, 'kent-prod', 'nplz:azure:ForceLandingZone');
    const names = descendantsOf(p, root)
      .filter((r) => r.custom)
      .map((r) => `${r.type} ${r.name}`)
      .sort();
    if (process.env.NPLZ_UPDATE_FIXTURES === '1') fs.writeFileSync(fixture, `${JSON.stringify(names, null, 2)}\n`);
    expect(names).toEqual(JSON.parse(fs.readFileSync(fixture, 'utf8')));
  });

  test('does not peer a collaboration spoke with its members: they meet only through the hub firewall', async () => {
    const collab = sampleTenancy('kent-essex-its');
    const p = await plan(() => {
      const member = zone('kent-prod');
      new ForceLandingZone('kent-essex-its-prod', {
        tenancy: collab,
        environment: 'prod',
        tenantId: TENANT_ID,
        managementGroupId: 'nplz-collab-kent-essex-its',
        hub: TEST_HUB,
        workspaceId: WORKSPACE_ID,
        collaborationMembers: [member],
      });
    });
    const peerings = ofType(p, 'azure-native:network:VirtualNetworkPeering').map((x) => x.name);
    expect(peerings.sort()).toEqual([
      'kent-essex-its-prod-from-hub',
      'kent-essex-its-prod-to-hub',
      'kent-prod-from-hub',
      'kent-prod-to-hub',
    ]);
  });

  test.each<[string, Partial<ForceLandingZoneArgs>, string | RegExp]>([
    [
      'an environment the tenancy does not have',
      { environment: 'test' },
      'ForceLandingZone z: environment "test" is not an environment of tenancy kent; allowed: one of prod, nonprod',
    ],
    ['a tenancy without azure', { tenancy: { ...kent, azure: undefined } }, 'ForceLandingZone z: tenancy kent has no azure section'],
    [
      'a location outside the UK',
      { tenancy: { ...kent, azure: { ...kent.azure!, location: 'westeurope' } } },
      'ForceLandingZone z: tenancy.azure.location "westeurope" is outside the UK regions',
    ],
    [
      'a range too small for the spoke subnets',
      { tenancy: { ...kent, azure: { ...kent.azure!, network: { ...kent.azure!.network, prod: '10.81.0.0/24' } } } },
      /tenancy.azure.network.prod is "10.81.0.0\/24"; allowed: a private IPv4 range of \/23 or larger/,
    ],
    [
      'a budget start that is not the first of a month',
      { budgetStartDate: '2027-05-14' },
      'ForceLandingZone z: budgetStartDate is "2027-05-14"; allowed: the first day of a month, YYYY-MM-01 (Azure budgets start on the 1st)',
    ],
    [
      'an unpublished baseline',
      { tenancy: { ...kent, baseline: '1999.01' } },
      /tenancy.baseline "1999.01" is not a published baseline; allowed: one of 2026.11/,
    ],
  ])('fails if given %s', async (_what, args, message) => {
    await expect(
      plan(() => {
        zone('z', args);
      }),
    ).rejects.toThrow(message);
  });

  test('fails if a force tenancy asks for force-to-force peering', async () => {
    await expect(
      plan(() => {
        const essex = new ForceLandingZone('essex-prod', {
          tenancy: sampleTenancy('essex'),
          environment: 'prod',
          tenantId: TENANT_ID,
          managementGroupId: 'g',
          hub: TEST_HUB,
          workspaceId: WORKSPACE_ID,
        });
        zone('kent-prod', { collaborationMembers: [essex] });
      }),
    ).rejects.toThrow(
      'ForceLandingZone kent-prod: collaborationMembers is set but tenancy kent is not a collaboration; allowed: force-to-force peering only from a collaboration tenancy to its member forces',
    );
  });

  test('fails if a collaboration names a landing zone of a force that is not a member', async () => {
    await expect(
      plan(() => {
        const norfolk = new ForceLandingZone('norfolk-prod', {
          tenancy: sampleTenancy('norfolk'),
          environment: 'prod',
          tenantId: TENANT_ID,
          managementGroupId: 'g',
          hub: TEST_HUB,
          workspaceId: WORKSPACE_ID,
        });
        new ForceLandingZone('kent-essex-its-prod', {
          tenancy: sampleTenancy('kent-essex-its'),
          environment: 'prod',
          tenantId: TENANT_ID,
          managementGroupId: 'g',
          hub: TEST_HUB,
          workspaceId: WORKSPACE_ID,
          collaborationMembers: [norfolk],
        });
      }),
    ).rejects.toThrow(
      /collaborationMembers includes norfolk-prod \(forces \["norfolk"\]\), which is not a member of collaboration kent-essex-its; allowed: landing zones of kent, essex/,
    );
  });
});
