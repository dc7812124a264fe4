import { BASELINE_2026_11 as B } from '@nplz/core';
import type { AzurePlan, AzurePlanResource } from '../../src/azure';

export type Mutable = { -readonly [K in keyof AzurePlanResource]: AzurePlanResource[K] } & { inputs: Record<string, unknown> };

export const STACK = 'urn:pulumi:plan::nplz';
export const ROOT_MG_ID = '/providers/Microsoft.Management/managementGroups/nplz';
export const TENANT_MG_ID = '/providers/Microsoft.Management/managementGroups/00000000-0000-47e7-8000-000000000001';
export const FIREWALL_IP = '10.1.0.4';

/** A recorded resource as the plan recorder writes it. */
export function res(type: string, name: string, inputs: Record<string, unknown> = {}, extra: Partial<Mutable> = {}): Mutable {
  const custom = !type.startsWith('nplz:');
  return {
    urn: `${STACK}::${type}::${name}`,
    type,
    name,
    parent: null,
    custom,
    ...(custom ? { id: `/nplz-plan/${type}/${name}` } : {}),
    inputs,
    dependencies: [],
    ...extra,
  };
}

export function tagsFor(force: string, tenancy: string, environment: string, classification = 'OFFICIAL'): Record<string, string> {
  return {
    'cost-centre': 'CC-1',
    'data-owner': 'SIRO',
    'nplz:baseline': B.version,
    'nplz:classification': classification,
    'nplz:environment': environment,
    'nplz:force': force,
    'nplz:tenancy': tenancy,
  };
}

const SUBS: Record<string, string> = {
  management: '00000000-0000-45b5-8000-0000000186a1',
  connectivity: '00000000-0000-45b5-8000-0000000186a2',
  kent: '00000000-0000-45b5-8000-00000000a001',
  durham: '00000000-0000-45b5-8000-00000000a002',
  'kent-durham-collab': '00000000-0000-45b5-8000-00000000a003',
};

export function subscriptionFor(tenancy: string): string {
  return SUBS[tenancy] ?? '00000000-0000-45b5-8000-00000000ffff';
}

/** The national platform, compliant with every check. */
export function nationalPlatform(): Mutable[] {
  const nat = tagsFor('national', 'national', 'prod');
  const mgmtProvider = res('pulumi:providers:azure-native', 'mgmt-provider', { subscriptionId: SUBS.management });
  const connProvider = res('pulumi:providers:azure-native', 'hub-provider', { subscriptionId: SUBS.connectivity });
  const pm = `${mgmtProvider.urn}::${mgmtProvider.id}`;
  const pc = `${connProvider.urn}::${connProvider.id}`;
  const platform = res('nplz:azure:ManagementPlatform', 'management');
  const hub = res('nplz:azure:ConnectivityHub', 'hub');
  const root = res(
    'azure-native:management:ManagementGroup',
    'mg-root',
    { groupId: 'nplz', details: { parent: { id: TENANT_MG_ID } } },
    { id: ROOT_MG_ID, retainOnDelete: true },
  );
  const forces = res(
    'azure-native:management:ManagementGroup',
    'mg-forces',
    { groupId: 'nplz-forces', details: { parent: { id: ROOT_MG_ID } } },
    { id: `${ROOT_MG_ID}-forces`, retainOnDelete: true },
  );
  const requireTag = res(
    'azure-native:authorization:PolicyDefinitionAtManagementGroup',
    'require-tag',
    { managementGroupId: 'nplz', policyDefinitionName: 'nplz-require-tag' },
    { dependencies: [root.urn] },
  );
  const set = res(
    'azure-native:authorization:PolicySetDefinitionAtManagementGroup',
    'guardrails',
    {
      managementGroupId: 'nplz',
      policySetDefinitionName: 'nplz-guardrails',
      policyDefinitions: B.requiredTags.map((t) => ({
        policyDefinitionReferenceId: `require-tag-${t.key.replace(/[^A-Za-z0-9-]/g, '-')}`,
        policyDefinitionId: requireTag.id,
        parameters: { tagName: { value: t.key }, effect: { value: 'Deny' } },
      })),
    },
    { dependencies: [root.urn, requireTag.urn] },
  );
  // The activity-log export as PolicyBaseline renders it: NPLZ's own definition, deployed from the UK.
  const activityLog = res(
    'azure-native:authorization:PolicyDefinitionAtManagementGroup',
    'deploy-activity-log',
    {
      managementGroupId: 'nplz',
      policyDefinitionName: 'nplz-deploy-activity-log',
      policyRule: {
        if: { field: 'type', equals: 'Microsoft.Resources/subscriptions' },
        then: {
          effect: "[parameters('effect')]",
          details: {
            type: 'Microsoft.Insights/diagnosticSettings',
            existenceScope: 'Subscription',
            deploymentScope: 'Subscription',
            deployment: { location: 'uksouth', properties: { mode: 'incremental' } },
          },
        },
      },
    },
    { dependencies: [root.urn] },
  );
  const assign = (name: string, scope: string, policyDefinitionId: string, parameters: Record<string, unknown> = {}) =>
    res('azure-native:authorization:PolicyAssignment', name, {
      scope,
      policyDefinitionId,
      parameters,
      enforcementMode: 'Default',
      policyAssignmentName: name,
    });
  const rg = res(
    'azure-native:resources:ResourceGroup',
    'mgmt-rg',
    { resourceGroupName: 'nplz-management', location: 'uksouth', tags: nat },
    { parent: platform.urn, provider: pm },
  );
  const hubRg = res(
    'azure-native:resources:ResourceGroup',
    'hub-rg',
    { resourceGroupName: 'nplz-connectivity', location: 'uksouth', tags: nat },
    { parent: hub.urn, provider: pc },
  );
  const workspace = res(
    'azure-native:operationalinsights:Workspace',
    'workspace',
    {
      resourceGroupName: 'nplz-management',
      workspaceName: 'nplz-central',
      location: 'uksouth',
      retentionInDays: B.logging.operationalRetentionDays,
      features: { disableLocalAuth: true },
      tags: nat,
    },
    { parent: platform.urn, provider: pm, protect: true, retainOnDelete: true },
  );
  return [
    mgmtProvider,
    connProvider,
    platform,
    hub,
    root,
    forces,
    requireTag,
    set,
    assign(
      'nplz-allowed-locations',
      ROOT_MG_ID,
      '/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c',
      { listOfAllowedLocations: { value: [...B.regions.azure.allowed] } },
    ),
    assign('nplz-guardrails', ROOT_MG_ID, set.id!),
    activityLog,
    assign('nplz-activity-logs', ROOT_MG_ID, activityLog.id!, {
      effect: { value: 'DeployIfNotExists' },
    }),
    assign('nplz-deny-public-ip', forces.id!, '/providers/Microsoft.Authorization/policyDefinitions/6c112d4e-5bc7-47ae-a041-ea2d9dccd749', {
      listOfResourceTypesNotAllowed: { value: ['Microsoft.Network/publicIPAddresses'] },
    }),
    assign('nplz-deny-mgmt-ports', forces.id!, '/nplz-plan/mgmt-ports', {
      ports: { value: B.guardrails.network.denyInternetManagementPorts.map(String) },
    }),
    rg,
    res(
      'azure-native:authorization:ManagementLockByScope',
      'mgmt-rg-lock',
      { scope: rg.id, level: 'CanNotDelete' },
      { parent: platform.urn, provider: pm },
    ),
    hubRg,
    res(
      'azure-native:authorization:ManagementLockByScope',
      'hub-rg-lock',
      { scope: hubRg.id, level: 'CanNotDelete' },
      { parent: hub.urn, provider: pc },
    ),
    workspace,
    res(
      'azure-native:securityinsights:SentinelOnboardingState',
      'sentinel',
      { resourceGroupName: 'nplz-management', workspaceName: 'nplz-central', sentinelOnboardingStateName: 'default' },
      { parent: platform.urn, provider: pm },
    ),
    res(
      'azure-native:securityinsights:ScheduledAlertRule',
      'break-glass',
      {
        resourceGroupName: 'nplz-management',
        workspaceName: 'nplz-central',
        kind: 'Scheduled',
        displayName: 'Break-glass account sign-in',
        enabled: true,
        severity: 'High',
        query: 'SigninLogs | where UserPrincipalName in (breakGlass)',
      },
      { parent: platform.urn, provider: pm },
    ),
    res(
      'azure-native:network:VirtualNetwork',
      'hub-vnet',
      {
        resourceGroupName: 'nplz-connectivity',
        virtualNetworkName: 'nplz-hub',
        location: 'uksouth',
        addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
        subnets: [
          { name: 'AzureFirewallSubnet', addressPrefix: '10.1.0.0/26' },
          { name: 'AzureBastionSubnet', addressPrefix: '10.1.0.64/26' },
        ],
        tags: nat,
      },
      { parent: hub.urn, provider: pc },
    ),
    res(
      'azure-native:network:FirewallPolicy',
      'hub-fw-policy',
      { resourceGroupName: 'nplz-connectivity', location: 'uksouth', threatIntelMode: 'Deny', tags: nat },
      { parent: hub.urn, provider: pc },
    ),
    res(
      'azure-native:network:PublicIPAddress',
      'hub-fw-pip',
      { resourceGroupName: 'nplz-connectivity', location: 'uksouth', tags: nat },
      { parent: hub.urn, provider: pc },
    ),
  ];
}

export interface TenancyOptions {
  readonly force?: string;
  readonly environment?: string;
  readonly cidr?: string;
}

/** One tenancy environment's landing zone, compliant with every policy and check. */
export function forceLandingZone(tenancy: string, opts: TenancyOptions = {}): Mutable[] {
  const env = opts.environment ?? 'prod';
  const force = opts.force ?? tenancy;
  const cidr = opts.cidr ?? '10.20.0.0/24';
  const sub = subscriptionFor(tenancy);
  const at = { tenancy, environment: env };
  const zone = res('nplz:azure:ForceLandingZone', `${tenancy}-${env}`, {}, at);
  const provider = res('pulumi:providers:azure-native', `${tenancy}-${env}-provider`, { subscriptionId: sub }, { ...at, parent: zone.urn });
  const p = `${provider.urn}::${provider.id}`;
  const child = (type: string, name: string, inputs: Record<string, unknown>, extra: Partial<Mutable> = {}) =>
    res(type, `${tenancy}-${env}-${name}`, inputs, { ...at, parent: zone.urn, provider: p, ...extra });
  const tags = tagsFor(force, tenancy, env);
  const rgName = `nplz-${tenancy}-${env}`;
  const rg = child('azure-native:resources:ResourceGroup', 'rg', { resourceGroupName: rgName, location: 'uksouth', tags });
  const base = { resourceGroupName: rgName, location: 'uksouth', tags };
  const nsg = child('azure-native:network:NetworkSecurityGroup', 'nsg', {
    ...base,
    networkSecurityGroupName: `${tenancy}-${env}-nsg`,
    securityRules: [
      {
        name: 'allow-bastion-ssh',
        access: 'Allow',
        direction: 'Inbound',
        protocol: 'Tcp',
        priority: 100,
        sourceAddressPrefix: '10.1.0.64/26',
        destinationPortRange: '22',
        destinationAddressPrefix: '*',
      },
    ],
  });
  const rt = child('azure-native:network:RouteTable', 'rt', {
    ...base,
    routeTableName: `${tenancy}-${env}-rt`,
    disableBgpRoutePropagation: true,
    routes: [{ name: 'default-via-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: FIREWALL_IP }],
  });
  const vnet = child('azure-native:network:VirtualNetwork', 'vnet', {
    ...base,
    virtualNetworkName: `${tenancy}-${env}-spoke`,
    addressSpace: { addressPrefixes: [cidr] },
    subnets: [{ name: 'workloads', addressPrefix: cidr, routeTable: { id: rt.id }, networkSecurityGroup: { id: nsg.id } }],
  });
  const storage = child(
    'azure-native:storage:StorageAccount',
    'audit',
    {
      ...base,
      accountName: `${tenancy}${env}audit`,
      kind: 'StorageV2',
      sku: { name: 'Standard_GRS' },
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      enableHttpsTrafficOnly: true,
      minimumTlsVersion: 'TLS1_2',
      encryption: {
        keySource: 'Microsoft.Keyvault',
        keyVaultProperties: { keyName: 'storage', keyVaultUri: `https://${tenancy}.vault.azure.net` },
      },
      immutableStorageWithVersioning: {
        enabled: true,
        immutabilityPolicy: {
          immutabilityPeriodSinceCreationInDays: B.logging.immutabilityDays,
          state: 'Locked',
          allowProtectedAppendWrites: true,
        },
      },
    },
    { retainOnDelete: true },
  );
  const vault = child(
    'azure-native:keyvault:Vault',
    'kv',
    {
      ...base,
      vaultName: `${tenancy}-${env}-kv`,
      properties: {
        tenantId: '00000000-0000-47e7-8000-000000000001',
        sku: { family: 'A', name: 'standard' },
        enablePurgeProtection: true,
        enableRbacAuthorization: true,
        softDeleteRetentionInDays: 90,
      },
    },
    { retainOnDelete: true },
  );
  const workspaceId = '/nplz-plan/azure-native:operationalinsights:Workspace/workspace';
  return [
    zone,
    provider,
    rg,
    child('azure-native:authorization:ManagementLockAtResourceGroupLevel', 'rg-lock', {
      resourceGroupName: rgName,
      lockName: 'nplz-do-not-delete',
      level: 'CanNotDelete',
    }),
    child('azure-native:management:ManagementGroupSubscription', 'placement', { groupId: `nplz-force-${force}`, subscriptionId: sub }),
    nsg,
    rt,
    vnet,
    child('azure-native:network:VirtualNetworkPeering', 'to-hub', {
      resourceGroupName: rgName,
      virtualNetworkName: `${tenancy}-${env}-spoke`,
      remoteVirtualNetwork: { id: '/nplz-plan/azure-native:network:VirtualNetwork/hub-vnet' },
      allowForwardedTraffic: true,
    }),
    child('azure-native:network:FlowLog', 'flow-log', {
      resourceGroupName: 'NetworkWatcherRG',
      networkWatcherName: 'NetworkWatcher_uksouth',
      location: 'uksouth',
      tags,
      targetResourceId: vnet.id,
      storageId: storage.id,
      enabled: true,
      retentionPolicy: { enabled: false, days: 0 },
    }),
    storage,
    vault,
    child('azure-native:keyvault:Key', 'cmk', {
      resourceGroupName: rgName,
      vaultName: `${tenancy}-${env}-kv`,
      keyName: 'storage',
      properties: {
        kty: 'RSA',
        keySize: 3072,
        rotationPolicy: { lifetimeActions: [{ action: { type: 'rotate' }, trigger: { timeAfterCreate: 'P90D' } }] },
      },
    }),
    child('azure-native:monitor:DiagnosticSetting', 'kv-diag', {
      resourceUri: vault.id,
      workspaceId,
      logs: [{ categoryGroup: 'audit', enabled: true }],
    }),
    child('azure-native:monitor:DiagnosticSetting', 'audit-diag', {
      resourceUri: `${storage.id}/blobServices/default`,
      workspaceId,
      logs: [{ categoryGroup: 'allLogs', enabled: true }],
    }),
    // The zone archives its activity log; the national DeployIfNotExists sends it to the workspace.
    child('azure-native:monitor:SubscriptionDiagnosticSetting', 'activity-log', {
      storageAccountId: storage.id,
      logs: B.logging.azure.activityLogCategories.map((category) => ({ category, enabled: true })),
    }),
    child('azure-native:consumption:Budget', 'budget', {
      scope: `/subscriptions/${sub}`,
      amount: B.budgets.defaultMonthlyGbp,
      category: 'Cost',
      timeGrain: 'Monthly',
      notifications: Object.fromEntries(
        B.budgets.alertThresholds.map((t) => [
          `at-${t}`,
          { enabled: true, threshold: t, operator: 'GreaterThanOrEqualTo', contactEmails: ['finance@example.police.uk'] },
        ]),
      ),
    }),
    ...B.guardrails.azure.defenderPlans.map((plan) =>
      child('azure-native:security:Pricing', `defender-${plan}`, {
        scopeId: `/subscriptions/${sub}`,
        pricingName: plan,
        pricingTier: 'Standard',
      }),
    ),
    child('azure-native:security:SecurityContact', 'soc-contact', {
      securityContactName: 'default',
      emails: 'soc@national-cyber.police.uk',
      isEnabled: true,
      notificationsSources: [{ sourceType: 'Alert', minimalSeverity: 'High' }],
    }),
    child('azure-native:authorization:RoleAssignment', 'readers', {
      scope: `/subscriptions/${sub}`,
      principalId: '00000000-0000-4e1d-8000-0000000f0001',
      principalType: 'Group',
      roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7',
    }),
    child('azure-native:authorization:PimRoleEligibilitySchedule', 'admins', {
      scope: `/subscriptions/${sub}`,
      principalId: '00000000-0000-4e1d-8000-0000000f0002',
      roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c',
      scheduleInfo: { expiration: { type: 'NoExpiration' } },
    }),
    ...backups(tenancy, env, sub, base, child),
  ];
}

/** A landing zone's backups as LandingZoneBackup records them: the locked vault, a policy and an enrolment per classification. */
function backups(
  tenancy: string,
  env: string,
  sub: string,
  base: Record<string, unknown>,
  child: (type: string, name: string, inputs: Record<string, unknown>, extra?: Partial<Mutable>) => Mutable,
): Mutable[] {
  const vault = child(
    'azure-native:recoveryservices:Vault',
    'backup-vault',
    {
      ...base,
      vaultName: `nplz-${tenancy}-${env}-backup`,
      sku: { name: 'RS0', tier: 'Standard' },
      properties: {
        securitySettings: {
          immutabilitySettings: { state: 'Locked' },
          softDeleteSettings: { softDeleteState: 'AlwaysON', softDeleteRetentionPeriodInDays: B.backup.azure.softDeleteRetentionDays },
        },
      },
    },
    { retainOnDelete: true },
  );
  return [
    vault,
    ...(['OFFICIAL', 'OFFICIAL-SENSITIVE'] as const).flatMap((c) => {
      const key = c.toLowerCase();
      const policy = child('azure-native:recoveryservices:ProtectionPolicy', `backup-policy-${key}`, {
        resourceGroupName: base.resourceGroupName,
        vaultName: vault.inputs.vaultName,
        policyName: `nplz-${key}`,
        properties: {
          backupManagementType: 'AzureIaasVM',
          retentionPolicy: {
            retentionPolicyType: 'LongTermRetentionPolicy',
            dailySchedule: { retentionDuration: { count: B.backup.retentionDays[c], durationType: 'Days' } },
          },
        },
      });
      const assignment = child('azure-native:authorization:PolicyAssignment', `backup-enrol-${key}`, {
        scope: `/subscriptions/${sub}`,
        policyAssignmentName: `nplz-backup-${key}`,
        policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/345fa903-145c-4fe1-8bcd-93ec2adccde8',
        location: 'uksouth',
        identity: { type: 'SystemAssigned' },
        parameters: {
          vaultLocation: { value: 'uksouth' },
          inclusionTagName: { value: B.backup.enrolmentTag },
          inclusionTagValue: { value: [c] },
          backupPolicyId: { value: policy.id },
          effect: { value: 'DeployIfNotExists' },
        },
      });
      // Virtual Machine Contributor and Backup Contributor, the built-in's roleDefinitionIds.
      const grants = ['9980e02c-c2be-4d73-94e8-173b1dc7cf3c', '5e467623-bb1f-42f4-a55d-6e525e11384b'].map((guid) =>
        child('azure-native:authorization:RoleAssignment', `backup-enrol-${key}-role-${guid.slice(0, 8)}`, {
          scope: `/subscriptions/${sub}`,
          principalId: '00000000-0000-4e1d-8000-00000000b0c1',
          principalType: 'ServicePrincipal',
          roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
        }),
      );
      const placement = `${STACK}::azure-native:management:ManagementGroupSubscription::${tenancy}-${env}-placement`;
      return [
        policy,
        assignment,
        ...grants,
        child(
          'azure-native:policyinsights:RemediationAtSubscription',
          `remediate-backup-${key}`,
          { remediationName: `nplz-backup-${key}`, policyAssignmentId: assignment.id, resourceDiscoveryMode: 'ReEvaluateCompliance' },
          { dependencies: [placement, ...grants.map((g) => g.urn)] },
        ),
      ];
    }),
  ];
}

/** Set a value at a dotted path of a resource's inputs (the objects on the way must exist). */
export function setAt(r: Mutable, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  let o = r.inputs as Record<string, unknown>;
  for (const k of keys) o = o[k] as Record<string, unknown>;
  o[last] = value;
}

export function planOf(resources: readonly AzurePlanResource[]): AzurePlan {
  return {
    tool: 'nplz',
    format: 'nplz-pulumi-plan/v1',
    project: 'nplz',
    stack: 'plan',
    resources: [...resources].sort((a, b) => (a.urn < b.urn ? -1 : 1)),
  };
}

/** The national platform and compliant landing zones for the given tenancies. */
export function compliantPlan(tenancies: readonly string[] = ['kent']): AzurePlan {
  return planOf([...nationalPlatform(), ...tenancies.flatMap((t, i) => forceLandingZone(t, { cidr: `10.${20 + i}.0.0/24` }))]);
}

/** A copy of the plan with one resource (found by logical name) changed. */
export function mutate(plan: AzurePlan, name: string, change: (r: Mutable) => void): AzurePlan {
  let found = false;
  const resources = plan.resources.map((r) => {
    if (r.name !== name) return r;
    found = true;
    const copy = JSON.parse(JSON.stringify(r)) as Mutable;
    change(copy);
    return copy;
  });
  if (!found) throw new Error(`fixture has no resource named ${name}`);
  return { ...plan, resources };
}

export function without(plan: AzurePlan, ...names: string[]): AzurePlan {
  for (const n of names) if (!plan.resources.some((r) => r.name === n)) throw new Error(`fixture has no resource named ${n}`);
  return { ...plan, resources: plan.resources.filter((r) => !names.includes(r.name)) };
}
