import * as pulumi from '@pulumi/pulumi';
import * as authorization from '@pulumi/azure-native/authorization';
import type { ControlEnforcement, PolicyRemediation } from './policy-baseline';
import * as consumption from '@pulumi/azure-native/consumption';
import * as keyvault from '@pulumi/azure-native/keyvault';
import * as management from '@pulumi/azure-native/management';
import * as managedidentity from '@pulumi/azure-native/managedidentity';
import * as monitor from '@pulumi/azure-native/monitor';
import * as network from '@pulumi/azure-native/network';
import * as policyinsights from '@pulumi/azure-native/policyinsights';
import * as resources from '@pulumi/azure-native/resources';
import * as storage from '@pulumi/azure-native/storage';
import type { Provider } from '@pulumi/azure-native/provider';
import {
  BASELINE_VERSIONS,
  DEFAULT_ROUTE_IPV4,
  findBaseline,
  Ipv4Cidr,
  exceptionInScope,
  isCollaboration,
  tenancyForces,
  tenancyTagValues,
  type Baseline,
  type TenancySpec,
} from '@nplz/core';
import type { HubReference } from './connectivity-hub';
import { reportAttribution } from './private/attribution';
import { BUILT_IN_ROLES_FOR_WORKLOADS, roleDefinitionId, subscriptionScope } from './private/built-ins';
import { compactName, stableUuid, vaultName } from './private/naming';
import { isSubscriptionId, subscriptionProvider } from './private/provider';
import { grantRole } from './private/role-grants';
import { azureTlsVersion, requiredTags } from './private/tags';
import { deleteLock, resourceGroup } from './private/locked-resource-group';

export interface ForceLandingZoneArgs {
  /** The tenancy spec (validated by @nplz/core); the zone renders one of its environments on Azure. */
  readonly tenancy: TenancySpec;
  /** One of the tenancy's environments, e.g. `prod`. */
  readonly environment: string;
  /** The Entra tenant id (Key Vault needs it). */
  readonly tenantId: string;
  /** Name (group id) of the management group the subscription is placed under: its force group, or its collaboration group. */
  readonly managementGroupId: pulumi.Input<string>;
  /** The national hub the spoke peers with and routes through. */
  readonly hub: HubReference;
  /** Resource id of the central Log Analytics workspace. */
  readonly workspaceId: pulumi.Input<string>;
  /**
   * Landing zones of the member forces, for a collaboration tenancy only: the collaboration's
   * spoke is peered with each member's spoke. These are the only force-to-force peerings NPLZ makes.
   * @default - no force-to-force peering
   */
  readonly collaborationMembers?: readonly ForceLandingZone[];
  /**
   * The national policy assignments and the controls they enforce (`PolicyBaseline.enforcements`).
   * Each of the tenancy's Azure exceptions to one of those controls becomes a policy exemption
   * (category Waiver, expiring with the exception) on the tenancy's subscription.
   * @default - no exemptions are rendered
   */
  readonly policyEnforcements?: readonly ControlEnforcement[];
  /**
   * The national DeployIfNotExists work to carry out in this subscription (`PolicyBaseline.remediations`):
   * a remediation task each, re-evaluating compliance first, once the subscription sits under its group.
   * Without one, the Defender plans and the activity-log export reach a new subscription only
   * when something in it is next created or changed.
   * @default - no remediation tasks
   */
  readonly policyRemediations?: readonly PolicyRemediation[];
  /**
   * First day of the month the budget starts, `YYYY-MM-01`. Azure refuses to create a budget whose
   * start is before the current month (its time grain), so a program that deploys for real passes
   * the first of the month it first deploys in (examples/force-azure takes it from stack config,
   * defaulting to the current month). The budget ignores later changes to its time period
   * (`ignoreChanges: ['timePeriod']`): once created, redeploying in a later month, or with another
   * value here, neither fails nor restarts it.
   * @default - the first day of the month of the tenancy baseline's `released` date: fixed, so an
   * offline plan is the same every time it is recorded; right for a first deployment only in that month
   */
  readonly budgetStartDate?: string;
}

/** A budget start: the first day of a month. */
const BUDGET_START = /^\d{4}-(0[1-9]|1[0-2])-01$/;

/** The first day of the month of a date, `YYYY-MM-01` (UTC). */
export function firstOfMonth(date: Date): string {
  return `${date.toISOString().slice(0, 7)}-01`;
}

const SUBNETS = ['workloads', 'private-endpoints'] as const;

/** Azure limits the NPLZ settings must fit (not policy numbers: those come from the baseline). */
const AZURE_LIMITS = {
  /** VNet flow logs keep data 1–365 days; 0 (with retention on) means they never delete it. */
  flowLogRetentionMaxDays: 365,
  /** Blob and container soft delete keeps deleted data 1–365 days. */
  softDeleteMaxDays: 365,
} as const;

/** The customer-managed key of the audit storage account, in the landing zone's vault. */
const AUDIT_KEY_NAME = 'nplz-audit-storage';

/**
 * A force's landing zone for one tenancy environment: the subscription under its force group,
 * a spoke VNet peered to the hub with every route through the hub firewall, an NSG, VNet flow
 * logs, a Key Vault with a customer-managed key, immutable and versioned audit storage encrypted
 * with that key (with a lifecycle from the baseline), diagnostic settings to the central workspace, a
 * budget, RBAC and PIM eligibility for the force's groups, delete locks on the
 * baseline resource groups, and resource groups for the force's own assets (not locked: they
 * stay the force's).
 */
export class ForceLandingZone extends pulumi.ComponentResource {
  public readonly tenancy: string;
  public readonly environment: string;
  public readonly subscriptionId: string;
  public readonly spokeCidr: string;
  public readonly provider: Provider;
  public readonly networkResourceGroup: resources.ResourceGroup;
  public readonly securityResourceGroup: resources.ResourceGroup;
  /** Resource groups for the force's own assets, by name. */
  public readonly localResourceGroups: Readonly<Record<string, resources.ResourceGroup>>;
  public readonly virtualNetwork: network.VirtualNetwork;
  public readonly routeTable: network.RouteTable;
  public readonly networkSecurityGroup: network.NetworkSecurityGroup;
  /** The zone's Network Watcher (tagged), in its network resource group; the VNet flow log lives in it. */
  public readonly networkWatcher: network.NetworkWatcher;
  public readonly keyVault: keyvault.Vault;
  /** The customer-managed key (RSA, rotated per the baseline) that encrypts the audit storage account. */
  public readonly auditKey: keyvault.Key;
  /** The identity the audit storage account uses to reach its key. */
  public readonly auditIdentity: managedidentity.UserAssignedIdentity;
  public readonly auditStorage: storage.StorageAccount;
  public readonly budget: consumption.Budget;

  constructor(name: string, args: ForceLandingZoneArgs, opts?: pulumi.ComponentResourceOptions) {
    super('nplz:azure:ForceLandingZone', name, {}, opts);
    const spec = args.tenancy;
    const env = args.environment;
    this.tenancy = spec.name;
    this.environment = env;
    reportAttribution(this, { tenancy: spec.name, environment: env });

    const fail = (message: string): never => {
      throw new pulumi.ResourceError(`ForceLandingZone ${name}: ${message}`, this);
    };
    const b: Baseline =
      findBaseline(spec.baseline) ??
      fail(
        `tenancy.baseline ${JSON.stringify(spec.baseline)} is not a published baseline; allowed: one of ${BASELINE_VERSIONS.join(', ')}`,
      );
    if (!spec.azure) fail(`tenancy ${spec.name} has no azure section; allowed: a tenancy spec with azure.subscriptions and azure.network`);
    if (!spec.environments.includes(env))
      fail(
        `environment ${JSON.stringify(env)} is not an environment of tenancy ${spec.name}; allowed: one of ${spec.environments.join(', ')}`,
      );
    const azure = spec.azure!;
    const subscriptionId = azure.subscriptions[env];
    if (!subscriptionId || !isSubscriptionId(subscriptionId))
      fail(`tenancy.azure.subscriptions.${env} is ${JSON.stringify(subscriptionId)}; allowed: an Azure subscription id (GUID)`);
    const location = azure.location ?? b.regions.azure.home;
    if (!b.regions.azure.allowed.includes(location))
      fail(
        `tenancy.azure.location ${JSON.stringify(location)} is outside the UK regions baseline ${b.version} allows; allowed: one of ${b.regions.azure.allowed.join(', ')}`,
      );
    const cidrText = azure.network[env];
    const cidr = cidrText === undefined ? 'missing' : Ipv4Cidr.tryParse(cidrText);
    const subnetPrefix = b.network.azure.spokeSubnetPrefix;
    if (typeof cidr === 'string' || cidr.prefix > subnetPrefix - 1) {
      fail(
        `tenancy.azure.network.${env} is ${JSON.stringify(cidrText)}; allowed: a private IPv4 range of /${subnetPrefix - 1} or larger (the spoke holds ${SUBNETS.length} /${subnetPrefix} subnets, baseline ${b.version})`,
      );
    }
    const spokeRange = cidr as Ipv4Cidr;
    const budgetStart = args.budgetStartDate ?? `${b.released.slice(0, 7)}-01`;
    if (!BUDGET_START.test(budgetStart))
      fail(
        `budgetStartDate is ${JSON.stringify(budgetStart)}; allowed: the first day of a month, YYYY-MM-01 (Azure budgets start on the 1st)`,
      );
    const members = args.collaborationMembers ?? [];
    if (members.length && !isCollaboration(spec)) {
      fail(
        `collaborationMembers is set but tenancy ${spec.name} is not a collaboration; allowed: force-to-force peering only from a collaboration tenancy to its member forces`,
      );
    }
    for (const m of members) {
      const memberForce = m.tenancyForces[0];
      if (m.tenancyForces.length !== 1 || !memberForce || !spec.forces!.includes(memberForce)) {
        fail(
          `collaborationMembers includes ${m.zoneName} (forces ${JSON.stringify(m.tenancyForces)}), which is not a member of collaboration ${spec.name}; allowed: landing zones of ${spec.forces!.join(', ')}`,
        );
      }
    }

    this.subscriptionId = subscriptionId!;
    this.spokeCidr = spokeRange.toString();
    this.zoneName = name;
    this.tenancyForces = tenancyForces(spec);
    const scope = subscriptionScope(this.subscriptionId);
    const tags = requiredTags(b, tenancyTagValues(spec, env));

    this.provider = subscriptionProvider(`${name}-provider`, this.subscriptionId, location, this);
    const child = { parent: this, provider: this.provider };
    const stateful = { ...child, protect: true, retainOnDelete: true };

    const placement = new management.ManagementGroupSubscription(`${name}-placement`, { groupId: args.managementGroupId }, child);
    for (const r of args.policyRemediations ?? []) {
      new policyinsights.RemediationAtSubscription(
        `${name}-remediate-${r.name}`,
        {
          remediationName: `nplz-${r.name}`,
          policyAssignmentId: r.assignment.id,
          ...(r.definitionReferenceId ? { policyDefinitionReferenceId: r.definitionReferenceId } : {}),
          resourceDiscoveryMode: 'ReEvaluateCompliance',
        },
        // The assignment reaches the subscription only once it is placed under the group.
        { ...child, dependsOn: [placement] },
      );
    }

    // Resource groups: baseline ones are locked (at the end, once what they protect exists); the force's own are not.
    const rg = (suffix: string, rgName: string) => resourceGroup(`${name}-${suffix}`, { resourceGroupName: rgName, location, tags }, child);
    this.networkResourceGroup = rg('network', `nplz-${spec.name}-${env}-network`);
    // The security group holds the audit key, vault and storage: deleting the group would delete them
    // in Azure even though each is retained in Pulumi state, so the group is retained too.
    this.securityResourceGroup = resourceGroup(
      `${name}-security`,
      { resourceGroupName: `nplz-${spec.name}-${env}-security`, location, tags },
      { ...child, retainOnDelete: true },
    );
    const local: Record<string, resources.ResourceGroup> = {};
    for (const rgName of spec.localAssets?.resourceGroups ?? []) local[rgName] = rg(`local-${rgName}`, rgName);
    this.localResourceGroups = local;

    // Key Vault (RBAC, purge protection): holds the customer-managed key of the audit storage.
    this.keyVault = new keyvault.Vault(
      `${name}-kv`,
      {
        resourceGroupName: this.securityResourceGroup.name,
        vaultName: vaultName(`nplz-${spec.name}-${env}`, `${spec.name}/${env}/kv`),
        location,
        properties: {
          tenantId: args.tenantId,
          sku: { family: 'A', name: 'standard' },
          enableRbacAuthorization: true,
          enableSoftDelete: true,
          softDeleteRetentionInDays: b.encryption.keyDeletionWindowDays,
          enablePurgeProtection: b.guardrails.azure.keyVaultPurgeProtection,
          publicNetworkAccess: 'Disabled',
          networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' },
        },
        tags,
      },
      stateful,
    );

    // Customer-managed key for the audit storage: an RSA key in the vault that rotates as the
    // baseline asks, and a user-assigned identity allowed to wrap and unwrap with it.
    const enc = b.encryption;
    this.auditKey = new keyvault.Key(
      `${name}-audit-key`,
      {
        resourceGroupName: this.securityResourceGroup.name,
        vaultName: this.keyVault.name,
        keyName: AUDIT_KEY_NAME,
        properties: {
          kty: enc.azure.auditKey.type,
          keySize: enc.azure.auditKey.size,
          keyOps: ['wrapKey', 'unwrapKey'],
          attributes: { enabled: true },
          ...(enc.keyRotation
            ? {
                rotationPolicy: {
                  attributes: { expiryTime: enc.azure.auditKey.expireAfter },
                  lifetimeActions: [{ action: { type: 'rotate' }, trigger: { timeAfterCreate: enc.azure.auditKey.rotateAfter } }],
                },
              }
            : {}),
        },
        tags,
      },
      stateful,
    );
    this.auditIdentity = new managedidentity.UserAssignedIdentity(
      `${name}-audit-identity`,
      {
        resourceGroupName: this.securityResourceGroup.name,
        resourceName: `nplz-${spec.name}-${env}-audit-cmk`,
        location,
        tags,
      },
      stateful,
    );
    const cryptoRole = BUILT_IN_ROLES_FOR_WORKLOADS['Key Vault Crypto Service Encryption User'];
    // Without this grant the audit account cannot decrypt its own data: it is kept like the key.
    const keyAccess = new authorization.RoleAssignment(
      `${name}-audit-key-access`,
      {
        scope: this.keyVault.id,
        roleAssignmentName: stableUuid(`${subscriptionId}/${spec.name}/${env}/audit-cmk/${cryptoRole}`),
        principalId: this.auditIdentity.principalId,
        principalType: 'ServicePrincipal',
        roleDefinitionId: roleDefinitionId(cryptoRole),
        description: `NPLZ: the audit storage account of ${spec.name}/${env} encrypts with its customer-managed key`,
      },
      stateful,
    );

    // Audit storage: immutable, versioned, encrypted with the customer-managed key, no public
    // access, TLS from the baseline.
    this.auditStorage = new storage.StorageAccount(
      `${name}-audit`,
      {
        resourceGroupName: this.securityResourceGroup.name,
        accountName: compactName(`nplz${spec.name}${env}`, `${spec.name}/${env}/audit`),
        location,
        kind: 'StorageV2',
        sku: { name: b.logging.azure.auditStorageSku },
        minimumTlsVersion: azureTlsVersion(b.encryption.minimumTlsVersion),
        enableHttpsTrafficOnly: b.guardrails.azure.httpsOnly,
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        // No network may reach the account (defaultAction Deny), but trusted Azure services may:
        // with publicNetworkAccess Disabled even the bypass is refused, and the VNet flow logs
        // (written by Network Watcher, a trusted service) could not land.
        publicNetworkAccess: 'Enabled',
        networkRuleSet: { defaultAction: 'Deny', bypass: 'AzureServices' },
        identity: { type: 'UserAssigned', userAssignedIdentities: [this.auditIdentity.id] },
        encryption: {
          keySource: 'Microsoft.Keyvault',
          // No keyVersion: the account follows the key's newest version, so rotation needs no change here.
          keyVaultProperties: { keyName: this.auditKey.name, keyVaultUri: this.keyVault.properties.vaultUri },
          encryptionIdentity: { encryptionUserAssignedIdentity: this.auditIdentity.id },
          services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } },
        },
        tags,
      },
      { ...stateful, dependsOn: [keyAccess] },
    );
    // Versioning keeps every overwritten or deleted blob as a version; soft delete keeps deleted
    // blobs and containers recoverable for as long as Azure allows, up to the audit retention.
    const softDeleteDays = Math.min(b.logging.securityAuditRetentionDays, AZURE_LIMITS.softDeleteMaxDays);
    const blobService = new storage.BlobServiceProperties(
      `${name}-audit-blob-service`,
      {
        resourceGroupName: this.securityResourceGroup.name,
        accountName: this.auditStorage.name,
        blobServicesName: 'default',
        isVersioningEnabled: true,
        deleteRetentionPolicy: { enabled: true, days: softDeleteDays },
        containerDeleteRetentionPolicy: { enabled: true, days: softDeleteDays },
      },
      stateful,
    );
    // The archive's lifecycle, from the baseline: colder storage after archiveTransitionDays,
    // deletion (of blobs and their versions) after securityAuditRetentionDays. Immutability still
    // refuses any deletion inside its own period.
    const lifecycle = new storage.ManagementPolicy(
      `${name}-audit-lifecycle`,
      {
        resourceGroupName: this.securityResourceGroup.name,
        accountName: this.auditStorage.name,
        managementPolicyName: 'default',
        policy: {
          rules: [
            {
              name: 'nplz-audit-retention',
              type: 'Lifecycle',
              enabled: true,
              definition: {
                filters: { blobTypes: ['blockBlob'] },
                actions: {
                  baseBlob: {
                    tierToCold: { daysAfterModificationGreaterThan: b.logging.archiveTransitionDays },
                    delete: { daysAfterModificationGreaterThan: b.logging.securityAuditRetentionDays },
                  },
                  version: {
                    tierToCold: { daysAfterCreationGreaterThan: b.logging.archiveTransitionDays },
                    delete: { daysAfterCreationGreaterThan: b.logging.securityAuditRetentionDays },
                  },
                },
              },
            },
          ],
        },
      },
      child,
    );
    const container = new storage.BlobContainer(
      `${name}-audit-container`,
      {
        resourceGroupName: this.securityResourceGroup.name,
        accountName: this.auditStorage.name,
        containerName: 'audit',
        publicAccess: 'None',
      },
      stateful,
    );
    const immutability = new storage.BlobContainerImmutabilityPolicy(
      `${name}-audit-immutability`,
      {
        resourceGroupName: this.securityResourceGroup.name,
        accountName: this.auditStorage.name,
        containerName: container.name,
        immutabilityPolicyName: 'default',
        immutabilityPeriodSinceCreationInDays: b.logging.immutabilityDays,
        allowProtectedAppendWrites: true,
      },
      stateful,
    );

    // Network: every route leaves through the hub firewall; management ports closed to the internet.
    this.routeTable = new network.RouteTable(
      `${name}-routes`,
      {
        resourceGroupName: this.networkResourceGroup.name,
        routeTableName: `nplz-${spec.name}-${env}`,
        location,
        disableBgpRoutePropagation: true,
        routes: [
          {
            name: 'default-via-hub-firewall',
            addressPrefix: DEFAULT_ROUTE_IPV4,
            nextHopType: 'VirtualAppliance',
            nextHopIpAddress: args.hub.firewallPrivateIp,
          },
        ],
        tags,
      },
      child,
    );
    const ports = b.guardrails.network.denyInternetManagementPorts;
    this.networkSecurityGroup = new network.NetworkSecurityGroup(
      `${name}-nsg`,
      {
        resourceGroupName: this.networkResourceGroup.name,
        networkSecurityGroupName: `nplz-${spec.name}-${env}`,
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
    // The zone's own Network Watcher, tagged. Azure would otherwise create an untagged
    // NetworkWatcher_<location> in NetworkWatcherRG when the VNet appears, which the national
    // required-tag Deny refuses; the VNet waits for this one so Azure finds it there.
    this.networkWatcher = new network.NetworkWatcher(
      `${name}-network-watcher`,
      {
        resourceGroupName: this.networkResourceGroup.name,
        networkWatcherName: `NetworkWatcher_${location}`,
        location,
        tags,
      },
      child,
    );
    const subnetRanges = spokeRange.subnets(subnetPrefix);
    this.virtualNetwork = new network.VirtualNetwork(
      `${name}-spoke`,
      {
        resourceGroupName: this.networkResourceGroup.name,
        virtualNetworkName: `nplz-${spec.name}-${env}`,
        location,
        addressSpace: { addressPrefixes: [this.spokeCidr] },
        dhcpOptions: { dnsServers: [args.hub.firewallPrivateIp] },
        subnets: SUBNETS.map((s, i) => ({
          name: s,
          addressPrefix: subnetRanges[i]!.toString(),
          networkSecurityGroup: { id: this.networkSecurityGroup.id },
          routeTable: { id: this.routeTable.id },
          defaultOutboundAccess: false,
        })),
        tags,
      },
      { ...child, dependsOn: [this.networkWatcher] },
    );

    new network.VirtualNetworkPeering(
      `${name}-to-hub`,
      {
        resourceGroupName: this.networkResourceGroup.name,
        virtualNetworkName: this.virtualNetwork.name,
        virtualNetworkPeeringName: 'to-hub',
        remoteVirtualNetwork: { id: args.hub.virtualNetworkId },
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        useRemoteGateways: false,
      },
      child,
    );
    new network.VirtualNetworkPeering(
      `${name}-from-hub`,
      {
        resourceGroupName: args.hub.resourceGroupName,
        virtualNetworkName: args.hub.virtualNetworkName,
        virtualNetworkPeeringName: `to-${spec.name}-${env}`,
        remoteVirtualNetwork: { id: this.virtualNetwork.id },
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        allowGatewayTransit: false,
      },
      { parent: this, ...(args.hub.provider ? { provider: args.hub.provider } : {}) },
    );
    for (const m of members) this.peerWithMember(name, m);

    const auditDays = b.logging.securityAuditRetentionDays;
    const flowLogRetentionDays = auditDays <= AZURE_LIMITS.flowLogRetentionMaxDays ? auditDays : 0;
    // The flow log writes to the audit account as its own identity (no account keys: shared key
    // access is off), with blob write access to that account only.
    const flowLogIdentity = new managedidentity.UserAssignedIdentity(
      `${name}-flow-log-identity`,
      {
        resourceGroupName: this.networkResourceGroup.name,
        resourceName: `nplz-${spec.name}-${env}-flow-log`,
        location,
        tags,
      },
      child,
    );
    const blobWriter = BUILT_IN_ROLES_FOR_WORKLOADS['Storage Blob Data Contributor'];
    const flowLogAccess = new authorization.RoleAssignment(
      `${name}-flow-log-access`,
      {
        scope: this.auditStorage.id,
        roleAssignmentName: stableUuid(`${subscriptionId}/${spec.name}/${env}/flow-log/${blobWriter}`),
        principalId: flowLogIdentity.principalId,
        principalType: 'ServicePrincipal',
        roleDefinitionId: roleDefinitionId(blobWriter),
        description: `NPLZ: the VNet flow log of ${spec.name}/${env} writes to its audit storage account`,
      },
      child,
    );
    // NSG flow logs can no longer be created (retired June 2025); VNet flow logs cover the same traffic.
    const flowLog = new network.FlowLog(
      `${name}-flow-log`,
      {
        resourceGroupName: this.networkResourceGroup.name,
        networkWatcherName: this.networkWatcher.name,
        flowLogName: `nplz-${spec.name}-${env}`,
        location,
        identity: { type: 'UserAssigned', userAssignedIdentities: [flowLogIdentity.id] },
        targetResourceId: this.virtualNetwork.id,
        storageId: this.auditStorage.id,
        enabled: true,
        // Flow logs are security audit logs. Azure keeps them 1–365 days, or for ever with 0: a
        // longer baseline retention is kept (0) and the audit archive's lifecycle deletes it.
        retentionPolicy: { enabled: true, days: flowLogRetentionDays },
        format: { type: 'JSON', version: 2 },
        flowAnalyticsConfiguration: {
          networkWatcherFlowAnalyticsConfiguration: {
            enabled: true,
            workspaceResourceId: args.workspaceId,
            trafficAnalyticsInterval: b.logging.azure.trafficAnalyticsIntervalMinutes,
          },
        },
        tags,
      },
      { ...child, dependsOn: [flowLogAccess] },
    );

    // Diagnostic settings to the central workspace.
    new monitor.SubscriptionDiagnosticSetting(
      `${name}-activity-log`,
      {
        name: 'nplz-activity-log',
        workspaceId: args.workspaceId,
        logs: b.logging.azure.activityLogCategories.map((category) => ({ category, enabled: true })),
      },
      child,
    );
    const kvDiagnostics = new monitor.DiagnosticSetting(
      `${name}-kv-diagnostics`,
      {
        name: 'nplz-central',
        resourceUri: this.keyVault.id,
        workspaceId: args.workspaceId,
        logs: [{ categoryGroup: 'allLogs', enabled: true }],
        metrics: [{ category: 'AllMetrics', enabled: true }],
      },
      child,
    );
    const auditDiagnostics = new monitor.DiagnosticSetting(
      `${name}-audit-diagnostics`,
      {
        name: 'nplz-central',
        resourceUri: pulumi.interpolate`${this.auditStorage.id}/blobServices/default`,
        workspaceId: args.workspaceId,
        logs: [{ categoryGroup: 'allLogs', enabled: true }],
      },
      child,
    );

    // Delete locks, each depending on everything it covers so that Pulumi removes the lock before
    // any of it. The security group holds only this zone's resources: it is locked whole. The
    // network group is not: the spoke VNet holds peerings a collaboration's landing zone creates
    // and deletes (and a lock covers child resources), so its other resources are locked one by one.
    const why = `NPLZ baseline resources of ${spec.name}/${env}. Remove only through the landing zone.`;
    deleteLock(
      `${name}-security-lock`,
      this.securityResourceGroup,
      [
        this.keyVault,
        this.auditKey,
        this.auditIdentity,
        keyAccess,
        this.auditStorage,
        blobService,
        lifecycle,
        container,
        immutability,
        flowLogAccess,
        kvDiagnostics,
        auditDiagnostics,
      ],
      why,
      child,
    );
    deleteLock(`${name}-routes-lock`, this.routeTable, [], why, child);
    deleteLock(`${name}-nsg-lock`, this.networkSecurityGroup, [], why, child);
    deleteLock(`${name}-network-watcher-lock`, this.networkWatcher, [flowLog], why, child);

    const alertEmails = spec.budget?.alertEmails ?? [];
    this.budget = new consumption.Budget(
      `${name}-budget`,
      {
        scope,
        budgetName: `nplz-${spec.name}-${env}`,
        amount: spec.budget?.monthlyGbp ?? b.budgets.defaultMonthlyGbp,
        category: 'Cost',
        timeGrain: 'Monthly',
        // Budgets start on the first of a month; see budgetStartDate for why it is fixed and ignored after creation.
        timePeriod: { startDate: `${budgetStart}T00:00:00Z` },
        notifications: Object.fromEntries(
          b.budgets.alertThresholds.map((t) => [
            `actual-${t}-percent`,
            {
              enabled: true,
              operator: 'GreaterThanOrEqualTo',
              threshold: t,
              thresholdType: 'Actual',
              contactEmails: [...alertEmails],
              contactRoles: ['Owner'],
            },
          ]),
        ),
      },
      { ...child, ignoreChanges: ['timePeriod'] },
    );

    for (const role of b.roles.force) {
      const group = spec.identity.groups[role.id];
      if (!group?.entraObjectId) continue;
      grantRole(
        `${name}-${role.id}`,
        role,
        { displayName: group.displayName, entraObjectId: group.entraObjectId },
        scope,
        this.subscriptionId,
        child,
      );
    }

    // Declared exceptions become policy exemptions that end when the exception does. An exemption
    // cannot name resources, so it covers the subscription; the audit still narrows each exception
    // to its environment and resource pattern.
    (spec.exceptions ?? []).forEach((ex, i) => {
      if (!exceptionInScope(ex, { cloud: 'azure', environment: env, anyResource: true })) return;
      for (const [k, enf] of (args.policyEnforcements ?? []).filter((e) => e.control === ex.control).entries()) {
        new authorization.PolicyExemption(
          `${name}-exemption-${i}-${k}`,
          {
            scope,
            policyExemptionName: `nplz-${ex.control.toLowerCase()}-${i}-${k}`,
            policyAssignmentId: enf.assignment.id,
            ...(enf.definitionReferenceIds ? { policyDefinitionReferenceIds: [...enf.definitionReferenceIds] } : {}),
            exemptionCategory: 'Waiver',
            expiresOn: `${ex.expires}T23:59:59Z`,
            displayName: `NPLZ exception to ${ex.control}`,
            description: `${ex.reason} Approved by ${ex.approvedBy}.${ex.scope.resource ? ` Applies to ${ex.scope.resource}.` : ''}`,
            metadata: {
              nplzControl: ex.control,
              approvedBy: ex.approvedBy,
              expires: ex.expires,
              ...(ex.scope.resource ? { resource: ex.scope.resource } : {}),
            },
          },
          child,
        );
      }
    });

    this.registerOutputs({
      subscriptionId: this.subscriptionId,
      virtualNetworkId: this.virtualNetwork.id,
      keyVaultId: this.keyVault.id,
      auditKeyName: this.auditKey.name,
      auditStorageId: this.auditStorage.id,
    });
  }

  /** The component name, e.g. `kent-prod`. */
  public readonly zoneName: string;
  /** The forces of the tenancy: its owner, or a collaboration's members. */
  public readonly tenancyForces: readonly string[];

  /** Peer a collaboration's spoke with a member's spoke, in both directions (each side in its own subscription). */
  private peerWithMember(name: string, member: ForceLandingZone): void {
    new network.VirtualNetworkPeering(
      `${name}-to-${member.zoneName}`,
      {
        resourceGroupName: this.networkResourceGroup.name,
        virtualNetworkName: this.virtualNetwork.name,
        virtualNetworkPeeringName: `to-${member.tenancy}-${member.environment}`,
        remoteVirtualNetwork: { id: member.virtualNetwork.id },
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: false,
      },
      { parent: this, provider: this.provider },
    );
    new network.VirtualNetworkPeering(
      `${name}-from-${member.zoneName}`,
      {
        resourceGroupName: member.networkResourceGroup.name,
        virtualNetworkName: member.virtualNetwork.name,
        virtualNetworkPeeringName: `to-${this.tenancy}-${this.environment}`,
        remoteVirtualNetwork: { id: this.virtualNetwork.id },
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: false,
      },
      { parent: this, provider: member.provider },
    );
  }
}
