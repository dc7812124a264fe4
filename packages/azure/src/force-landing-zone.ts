import * as pulumi from '@pulumi/pulumi';
import * as management from '@pulumi/azure-native/management';
import * as monitor from '@pulumi/azure-native/monitor';
import type * as keyvault from '@pulumi/azure-native/keyvault';
import type * as managedidentity from '@pulumi/azure-native/managedidentity';
import type * as network from '@pulumi/azure-native/network';
import type * as resources from '@pulumi/azure-native/resources';
import type * as storage from '@pulumi/azure-native/storage';
import type * as consumption from '@pulumi/azure-native/consumption';
import type { Provider } from '@pulumi/azure-native/provider';
import {
  BASELINE_VERSIONS,
  findBaseline,
  Ipv4Cidr,
  isCollaboration,
  isDecommissioning,
  tenancyForces,
  tenancyTagValues,
  type Baseline,
  type TenancySpec,
  isProductionEnvironment,
  NPLZ_AZURE_COMPONENTS,
} from '@nplz/core';
import { AuditArchive } from './audit-archive';
import { AuditKeyVault } from './audit-key-vault';
import { LandingZoneBackup } from './backup-vault';
import { BaselineLocks } from './baseline-locks';
import type { HubReference } from './connectivity-hub';
import type { ControlEnforcement, PolicyRemediation } from './policy-baseline';
import { SPOKE_SUBNETS, SpokeNetwork, type SpokePeer } from './spoke-network';
import { SubscriptionBudget } from './subscription-budget';
import { SubscriptionPolicy } from './subscription-policy';
import { TenancyAccess } from './tenancy-access';
import { VnetFlowLog } from './vnet-flow-log';
import { reportAttribution } from './private/attribution';
import { isSubscriptionId, subscriptionProvider } from './private/provider';
import { requiredTags } from './private/tags';
import { resourceGroup } from './private/locked-resource-group';

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
   * Also create the hub's side of the zone's peering, in the connectivity subscription (see
   * SpokeNetworkArgs.farSidePeerings). A tenancy environment stack passes false: its identity then
   * writes only in its own subscription, and the national peerings stack creates the hub's side.
   * @default true
   */
  readonly farSidePeerings?: boolean;
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
  /**
   * State of the audit archive's account-level immutability policy (see AuditArchiveArgs.immutabilityState):
   * Azure creates it only Unlocked, so the first apply of a new zone passes `Unlocked` and every
   * later one `Locked`, which cannot be undone.
   * @default 'Locked'
   */
  readonly auditImmutabilityState?: 'Unlocked' | 'Locked';
  /** See SpokeNetworkArgs.adoptNetworkWatcher (the stack config `nplz:adoptNetworkWatcher`). @default false */
  readonly adoptNetworkWatcher?: boolean;
  /**
   * Also send the activity log to the central workspace from the zone's own setting. Only for an
   * audit-only rollout, where the national DeployIfNotExists assignment deploys nothing: with it
   * enforced, Azure refuses a second setting to the same workspace for the same categories.
   * @default false
   */
  readonly activityLogToWorkspace?: boolean;
}

/** A budget start: the first day of a month. */
const BUDGET_START = /^\d{4}-(0[1-9]|1[0-2])-01$/;

/** The first day of the month of a date, `YYYY-MM-01` (UTC). */
export function firstOfMonth(date: Date): string {
  return `${date.toISOString().slice(0, 7)}-01`;
}

/**
 * A force's landing zone for one tenancy environment: the subscription under its force group,
 * a spoke VNet peered to the hub with every route through the hub firewall, an NSG, VNet flow
 * logs, a Key Vault with a customer-managed key, immutable and versioned audit storage encrypted
 * with that key (with a lifecycle from the baseline), diagnostic settings to the central workspace, a
 * budget, RBAC and PIM eligibility for the force's groups, delete locks on the
 * baseline resource groups, and resource groups for the force's own assets (not locked: they
 * stay the force's).
 *
 * The zone itself holds the subscription's provider, placement, resource groups and activity-log
 * export; the rest is built by child components (`AuditKeyVault`, `AuditArchive`, `SpokeNetwork`,
 * `VnetFlowLog`, `SubscriptionPolicy`, `TenancyAccess`, `SubscriptionBudget`, `BaselineLocks`)
 * whose resources keep the names they had when the zone created them directly, and an alias to the
 * zone, so stacks deployed before the split see no replacement.
 */
export class ForceLandingZone extends pulumi.ComponentResource implements SpokePeer {
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
  /** The zone's backups: the locked Recovery Services vault, its policies and the enrolment of tagged machines. */
  public readonly backup: LandingZoneBackup;

  constructor(name: string, args: ForceLandingZoneArgs, opts?: pulumi.ComponentResourceOptions) {
    super(NPLZ_AZURE_COMPONENTS.forceLandingZone, name, {}, opts);
    const spec = args.tenancy;
    const env = args.environment;
    this.tenancy = spec.name;
    this.environment = env;
    reportAttribution(this, { tenancy: spec.name, environment: env });

    // Typed where it is declared, so a call to it narrows what follows (TypeScript needs the annotation).
    const fail: (message: string) => never = (message) => {
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
    const azure = spec.azure;
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
        `tenancy.azure.network.${env} is ${JSON.stringify(cidrText)}; allowed: a private IPv4 range of /${subnetPrefix - 1} or larger (the spoke holds ${SPOKE_SUBNETS.length} /${subnetPrefix} subnets, baseline ${b.version})`,
      );
    }
    const spokeRange = cidr;
    const budgetStart = args.budgetStartDate ?? `${b.released.slice(0, 7)}-01`;
    if (!BUDGET_START.test(budgetStart))
      fail(
        `budgetStartDate is ${JSON.stringify(budgetStart)}; allowed: the first day of a month, YYYY-MM-01 (Azure budgets start on the 1st)`,
      );
    const members = args.collaborationMembers ?? [];
    if (members.length > 0) {
      if (!isCollaboration(spec)) {
        fail(
          `collaborationMembers is set but tenancy ${spec.name} is not a collaboration; allowed: force-to-force peering only from a collaboration tenancy to its member forces`,
        );
      }
      for (const m of members) {
        const memberForce = m.tenancyForces[0];
        if (m.tenancyForces.length !== 1 || !memberForce || !spec.forces.includes(memberForce)) {
          fail(
            `collaborationMembers includes ${m.zoneName} (forces ${JSON.stringify(m.tenancyForces)}), which is not a member of collaboration ${spec.name}; allowed: landing zones of ${spec.forces.join(', ')}`,
          );
        }
      }
    }

    this.subscriptionId = subscriptionId;
    this.spokeCidr = spokeRange.toString();
    this.zoneName = name;
    this.tenancyForces = tenancyForces(spec);
    const tags = requiredTags(b, tenancyTagValues(spec, env));

    this.provider = subscriptionProvider(`${name}-provider`, this.subscriptionId, location, this);
    const child = { parent: this, provider: this.provider };
    // Children name their resources after the zone: the names they had when the zone created them itself.
    const shared = { provider: this.provider, namePrefix: name };
    const who = { tenancy: spec.name, environment: env };

    // Retained on delete: a move to another group (decommissioning) replaces the association, and
    // deleting the old one would take the subscription out of the hierarchy, not leave it moved.
    const placement = new management.ManagementGroupSubscription(
      `${name}-placement`,
      { groupId: args.managementGroupId },
      { ...child, retainOnDelete: true },
    );
    new SubscriptionPolicy(
      `${name}-subscription-policy`,
      {
        ...shared,
        subscriptionId: this.subscriptionId,
        environment: env,
        ...(spec.exceptions ? { exceptions: spec.exceptions } : {}),
        ...(args.policyEnforcements ? { enforcements: args.policyEnforcements } : {}),
        ...(args.policyRemediations ? { remediations: args.policyRemediations } : {}),
        placement,
      },
      { parent: this },
    );

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
    const inSecurityGroup = { resourceGroupName: this.securityResourceGroup.name, location, tags };
    const inNetworkGroup = { resourceGroupName: this.networkResourceGroup.name, location, tags };

    const keys = new AuditKeyVault(
      `${name}-key-vault`,
      {
        ...shared,
        ...who,
        ...inSecurityGroup,
        baseline: b,
        subscriptionId: this.subscriptionId,
        tenantId: args.tenantId,
        workspaceId: args.workspaceId,
      },
      { parent: this },
    );
    const archive = new AuditArchive(
      `${name}-audit-archive`,
      {
        ...shared,
        ...who,
        ...inSecurityGroup,
        baseline: b,
        key: keys,
        workspaceId: args.workspaceId,
        ...(args.auditImmutabilityState ? { immutabilityState: args.auditImmutabilityState } : {}),
      },
      { parent: this },
    );
    // The activity log reaches the central workspace through the national DeployIfNotExists
    // assignment (and its remediation task): Azure refuses a second diagnostic setting to the same
    // sink for the same categories, so the zone sends its own only to the immutable archive, which
    // keeps it for the baseline's security-audit retention.
    new monitor.SubscriptionDiagnosticSetting(
      `${name}-activity-log`,
      {
        name: 'nplz-activity-archive',
        storageAccountId: archive.account.id,
        ...(args.activityLogToWorkspace ? { workspaceId: args.workspaceId } : {}),
        logs: b.logging.azure.activityLogCategories.map((category) => ({ category, enabled: true })),
      },
      { ...child, dependsOn: [archive.account] },
    );
    const spoke = new SpokeNetwork(
      `${name}-spoke-network`,
      {
        ...shared,
        ...who,
        ...inNetworkGroup,
        baseline: b,
        addressSpace: spokeRange,
        hub: args.hub,
        ...(members.length ? { collaborationMembers: members } : {}),
        ...(args.farSidePeerings === false ? { farSidePeerings: false } : {}),
        ...(args.adoptNetworkWatcher ? { adoptNetworkWatcher: { subscriptionId: this.subscriptionId } } : {}),
      },
      { parent: this },
    );
    const flowLog = new VnetFlowLog(
      `${name}-vnet-flow-log`,
      {
        ...shared,
        ...who,
        ...inNetworkGroup,
        // The flow log lives in its watcher's group: NetworkWatcherRG.
        resourceGroupName: spoke.networkWatcherResourceGroup.name,
        baseline: b,
        subscriptionId: this.subscriptionId,
        networkWatcherName: spoke.networkWatcher.name,
        virtualNetworkId: spoke.virtualNetwork.id,
        auditStorageId: archive.account.id,
        workspaceId: args.workspaceId,
      },
      { parent: this },
    );
    const costs = new SubscriptionBudget(
      `${name}-costs`,
      {
        ...shared,
        ...who,
        baseline: b,
        subscriptionId: this.subscriptionId,
        ...(spec.budget ? { monthlyGbp: spec.budget.monthlyGbp, alertEmails: spec.budget.alertEmails } : {}),
        startDate: budgetStart,
      },
      { parent: this },
    );
    // A decommissioning tenancy's people lose their roles; the national auditor's read and break-glass
    // reach it from the root management group, as everywhere.
    if (!isDecommissioning(spec))
      new TenancyAccess(
        `${name}-tenancy-access`,
        {
          ...shared,
          baseline: b,
          groups: spec.identity.groups,
          subscriptionId: this.subscriptionId,
          production: isProductionEnvironment(spec, env),
        },
        { parent: this },
      );

    // Backups of the zone's tagged machines, in a vault under the security group's lock.
    const backups = new LandingZoneBackup(
      `${name}-backup`,
      { ...shared, ...who, ...inSecurityGroup, baseline: b, subscriptionId: this.subscriptionId, placement },
      { parent: this },
    );

    new BaselineLocks(
      `${name}-baseline-locks`,
      {
        ...shared,
        ...who,
        securityResourceGroup: this.securityResourceGroup,
        securityResources: [
          keys.vault,
          keys.key,
          keys.identity,
          keys.keyAccess,
          keys.diagnostics,
          archive.account,
          archive.blobService,
          archive.lifecycle,
          archive.diagnostics,
          // The flow log's grant is scoped to the audit account, so it lies under the security group.
          flowLog.storageAccess,
          backups.vault,
          ...Object.values(backups.policies),
        ],
        routeTable: spoke.routeTable,
        networkSecurityGroup: spoke.networkSecurityGroup,
        networkWatcher: spoke.networkWatcher,
        networkWatcherResources: [flowLog.flowLog],
      },
      { parent: this },
    );

    this.virtualNetwork = spoke.virtualNetwork;
    this.routeTable = spoke.routeTable;
    this.networkSecurityGroup = spoke.networkSecurityGroup;
    this.networkWatcher = spoke.networkWatcher;
    this.keyVault = keys.vault;
    this.auditKey = keys.key;
    this.auditIdentity = keys.identity;
    this.auditStorage = archive.account;
    this.budget = costs.budget;
    this.backup = backups;

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
}
