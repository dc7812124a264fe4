import * as pulumi from '@pulumi/pulumi';
import * as authorization from '@pulumi/azure-native/authorization';
import type * as management from '@pulumi/azure-native/management';
import type * as inputs from '@pulumi/azure-native/types/input';
import { AZURE_POLICY_NAMES, AZURE_ROLE_DEFINITIONS, INTERNET_SOURCES, MANAGEMENT_GROUP_IDS, type Baseline } from '@nplz/core';
import {
  BUILT_IN_POLICIES,
  BUILT_IN_POLICY_SETS,
  BUILT_IN_ROLES_FOR_POLICY,
  builtInPolicyId,
  builtInPolicySetId,
  PRIVATE_DNS_ZONE_POLICIES,
  roleDefinitionId,
} from './private/built-ins';
import {
  activityLogDefinitionArgs,
  builtInSet,
  DEFENDER_CONTACT_REF,
  DEFENDER_EXPORT_REF,
  defenderExportDefinition,
  defenderSeverity,
  peeringOutsideSubscriptionDefinition,
  securityContactDefinition,
  subnetWithoutNsgDefinition,
  vmShutdownDefinition,
} from './private/alz-definitions';
import { stableUuid } from './private/naming';
import { managementGroupAssignmentName } from './private/policy-assignment-name';
import { azureTlsVersion } from './private/tags';

export interface PolicyBaselineArgs {
  /** The baseline whose guardrails are assigned. */
  readonly baseline: Baseline;
  /** The NPLZ root group: definitions live here and estate-wide assignments apply here. */
  readonly rootGroup: management.ManagementGroup;
  /** The root group's id (as in `ManagementGroupHierarchy.root`'s `groupId`), used to scope definitions. */
  readonly rootGroupId: string;
  /** The forces group: force-only guardrails (no public IPs, no management ports from the internet) apply here. */
  readonly forcesGroup: management.ManagementGroup;
  /**
   * The other groups of the hierarchy (`ManagementGroupHierarchy`), which take the guardrails of
   * the Azure landing zones archetype of the same name: platform (Key Vault and storage
   * guardrails), identity (no public IPs, NSGs on subnets), connectivity (DDoS protection, when a
   * plan is given), sandbox (no hybrid connectivity, no peering out) and decommissioned (nothing
   * new, VMs shut down). See docs/alz-guardrails.md.
   */
  readonly groups: {
    readonly platform: management.ManagementGroup;
    readonly identity: management.ManagementGroup;
    readonly connectivity: management.ManagementGroup;
    readonly sandbox: management.ManagementGroup;
    readonly decommissioned: management.ManagementGroup;
  };
  /**
   * Where Microsoft Defender for Cloud sends its alert emails in every subscription: the national
   * SOC (`NationalSettings.soc.email`). Several addresses are separated by `;`.
   */
  readonly securityContactEmail: string;
  /**
   * Private DNS zone name → resource id of the hub's zone (`ConnectivityHub.privateDnsZones`): a
   * private endpoint created in a force subscription is registered there (DeployIfNotExists).
   * @default - no registration policy
   */
  readonly privateDnsZoneIds?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Resource id of an Azure DDoS Network Protection plan. With it, every VNet in the connectivity
   * and forces groups is put under the plan (the built-in's Modify effect); without it, none is
   * (the plan has a large fixed monthly cost: see docs/alz-guardrails.md).
   * @default - no DDoS Network Protection
   */
  readonly ddosProtectionPlanId?: pulumi.Input<string>;
  /** Resource id of the central Log Analytics workspace that diagnostic settings send to. */
  readonly workspaceId: pulumi.Input<string>;
  /**
   * Location of the managed identities of assignments that deploy or modify.
   * @default - the baseline home region
   */
  readonly location?: string;
  /**
   * `audit-only` renders every assignment with enforcementMode `DoNotEnforce`: Azure still evaluates
   * and reports compliance, but nothing is denied and nothing deployed, and no remediation task is
   * created (`remediations` is empty). This is how an existing (brownfield) estate is brought under
   * the hierarchy first, to see what the guardrails would do; `nplz audit` reports every guardrail
   * as not enforced until the switch to `enforce`.
   * @default 'enforce'
   */
  readonly enforcement?: 'enforce' | 'audit-only';
}

const NSG_TYPE = 'Microsoft.Network/networkSecurityGroups';

/**
 * Azure Policy conditions for "an inbound Allow rule from the internet that reaches one of
 * `parameters('ports')`", on the rule's fields under `rule` (a securityRules resource, or
 * `securityRules[*]` inside an NSG). Follows the Azure landing zones' Deny-MgmtPorts-From-Internet:
 * any port (`*`), a listed port, or a range (`20-25`) that contains one, in `destinationPortRange`
 * or any of `destinationPortRanges`; source `sourceAddressPrefix` or any of `sourceAddressPrefixes`.
 */
function internetManagementRule(rule: string): Record<string, unknown>[] {
  // A child resource's alias continues with `/`, an array member's with `.`.
  const f = (prop: string) => `${rule}${rule.endsWith('[*]') ? '.' : '/'}${prop}`;
  const inRange = (spec: string) =>
    `[if(and(not(empty(${spec})), contains(${spec}, '-')), and(greaterOrEquals(int(current('port')), int(first(split(${spec}, '-')))), lessOrEquals(int(current('port')), int(last(split(${spec}, '-'))))), false)]`;
  // Inside a count over `securityRules[*]`, field() of a member's property returns an array (of
  // the one member), so `contains(field(...), '-')` never sees a range: the counted member's value
  // is current(), as the Azure landing zones' Deny-MgmtPorts-From-Internet reads it.
  const single = rule.endsWith('[*]') ? `current('${f('destinationPortRange')}')` : `field('${f('destinationPortRange')}')`;
  return [
    { field: f('access'), equals: 'Allow' },
    { field: f('direction'), equals: 'Inbound' },
    {
      anyOf: [
        { field: f('sourceAddressPrefix'), in: [...INTERNET_SOURCES] },
        {
          count: { field: f('sourceAddressPrefixes[*]'), where: { field: f('sourceAddressPrefixes[*]'), in: [...INTERNET_SOURCES] } },
          greater: 0,
        },
      ],
    },
    {
      anyOf: [
        { field: f('destinationPortRange'), in: "[concat(createArray('*'), parameters('ports'))]" },
        { count: { value: "[parameters('ports')]", name: 'port', where: { value: inRange(single), equals: true } }, greater: 0 },
        {
          count: {
            field: f('destinationPortRanges[*]'),
            where: {
              anyOf: [
                { field: f('destinationPortRanges[*]'), in: "[concat(createArray('*'), parameters('ports'))]" },
                {
                  count: {
                    value: "[parameters('ports')]",
                    name: 'port',
                    where: { value: inRange(`current('${f('destinationPortRanges[*]')}')`), equals: true },
                  },
                  greater: 0,
                },
              ],
            },
          },
          greater: 0,
        },
      ],
    },
  ];
}

/**
 * Resource types Azure creates by itself when something else is deployed, untagged: a Network
 * Watcher per region beside the first VNet, and Azure Backup's restore-point collections.
 */
export const AZURE_CREATED_RESOURCE_TYPES: readonly string[] = Object.freeze([
  'Microsoft.Network/networkWatchers',
  'Microsoft.Compute/restorePointCollections',
]);

/**
 * Resource groups Azure creates by itself and fills with untagged resources: Network Watcher's,
 * Defender for Cloud's default workspace groups and Azure Backup's restore-point groups, as the
 * part of a resource id they give (Azure Policy compares strings without regard to case; `like`
 * takes only one `*`, so the rule uses `notContains`).
 */
export const AZURE_CREATED_RESOURCE_GROUPS: readonly string[] = Object.freeze([
  '/resourceGroups/NetworkWatcherRG/',
  '/resourceGroups/DefaultResourceGroup-',
  '/resourceGroups/AzureBackupRG',
]);

/**
 * The resource group the Defender export policy creates in each subscription: what a policy
 * deploys there (the export automation) cannot carry a tenancy's tags, which the policy does not
 * know, so the required-tag rule leaves it alone as it does what Azure creates.
 */
export const DEFENDER_EXPORT_RESOURCE_GROUP = 'nplz-defender-export';

/** Name of the activity-log setting the national policy deploys in every subscription. */
export const ACTIVITY_LOG_SETTING_NAME = 'nplz-activity-log';

/** Name of the diagnostic settings NPLZ gives its own resources, and that the diagnostics policy deploys: one name, one setting per sink. */
export const DIAGNOSTIC_SETTING_NAME = 'nplz-central';

/**
 * Classic (Azure Service Manager) resource types, denied everywhere as the Azure landing zones'
 * Deny-Classic-Resources does: the provider namespaces, as "Not allowed resource types" matches
 * types by name.
 */
export const CLASSIC_RESOURCE_TYPES: readonly string[] = Object.freeze([
  'Microsoft.ClassicCompute/domainNames',
  'Microsoft.ClassicCompute/virtualMachines',
  'Microsoft.ClassicNetwork/virtualNetworks',
  'Microsoft.ClassicNetwork/reservedIps',
  'Microsoft.ClassicNetwork/networkSecurityGroups',
  'Microsoft.ClassicStorage/storageAccounts',
  'Microsoft.ClassicStorage/disks',
  'Microsoft.ClassicStorage/images',
  'Microsoft.ClassicStorage/osImages',
  'Microsoft.ClassicStorage/vmImages',
  'Microsoft.ClassicStorage/osPlatformImages',
  'Microsoft.ClassicStorage/publicImages',
  'Microsoft.ClassicNetwork/expressRouteCrossConnections',
  'Microsoft.ClassicInfrastructureMigrate/classicInfrastructureResources',
]);

/** Hybrid and transit networking a sandbox may not create: it reaches nothing but the internet. */
export const SANDBOX_DENIED_RESOURCE_TYPES: readonly string[] = Object.freeze([
  'Microsoft.Network/expressRouteCircuits',
  'Microsoft.Network/expressRouteGateways',
  'Microsoft.Network/expressRoutePorts',
  'Microsoft.Network/virtualWans',
  'Microsoft.Network/virtualHubs',
  'Microsoft.Network/vpnGateways',
  'Microsoft.Network/p2sVpnGateways',
  'Microsoft.Network/vpnSites',
  'Microsoft.Network/virtualNetworkGateways',
  'Microsoft.Network/connections',
]);

/**
 * What a decommissioned subscription may still create or change. The decommissioned initiative uses
 * the built-in "Allowed resource types" (a08ec900), whose rule is `not (type in list)` in mode
 * Indexed: it judges a resource by its *type* (Indexed evaluates the types that support tags and
 * location), on every create *and* update, whatever tags NPLZ's inputs carry. So the list holds
 * every type NPLZ keeps rendering in a decommissioning tenancy's zone (it still holds the evidence:
 * its network and peering, key vault and its key, audit storage with its blob service and lifecycle,
 * backup vault and its policies, budget, diagnostics, each updated on every apply), and what Azure and
 * NPLZ's own DeployIfNotExists policies create there (Network Watcher, the backup enrolment's
 * protected items, Azure Backup's restore points, Defender's export automation, the nightly shutdown
 * schedules). Types Indexed does not evaluate (locks, tags, policy and role assignments, PIM's
 * schedules, diagnostic settings) are listed too, so that no plan type depends on that distinction.
 * Anything that runs (VMs, scale sets, clusters, web apps, databases, public IPs, gateways) is
 * refused, new or changed.
 */
export const DECOMMISSIONED_ALLOWED_RESOURCE_TYPES: readonly string[] = Object.freeze([
  'Microsoft.Authorization/locks',
  'Microsoft.Authorization/policyAssignments',
  'Microsoft.Authorization/policyExemptions',
  'Microsoft.Authorization/roleAssignments',
  'Microsoft.Authorization/roleAssignmentSchedules',
  'Microsoft.Authorization/roleAssignmentScheduleInstances',
  'Microsoft.Authorization/roleEligibilitySchedules',
  'Microsoft.Authorization/roleEligibilityScheduleInstances',
  'Microsoft.Resources/tags',
  'Microsoft.Consumption/tags',
  'Microsoft.DevTestLab/schedules',
  // What NPLZ keeps rendering in a decommissioning zone (force-landing-zone.ts) and updates each apply.
  'Microsoft.Resources/subscriptions/resourceGroups',
  'Microsoft.Management/managementGroups/subscriptions',
  'Microsoft.Consumption/budgets',
  'Microsoft.Insights/diagnosticSettings',
  'Microsoft.PolicyInsights/remediations',
  'Microsoft.Network/virtualNetworks',
  'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
  'Microsoft.Network/networkSecurityGroups',
  'Microsoft.Network/routeTables',
  'Microsoft.Network/networkWatchers',
  'Microsoft.Network/networkWatchers/flowLogs',
  'Microsoft.KeyVault/vaults',
  'Microsoft.KeyVault/vaults/keys',
  'Microsoft.Storage/storageAccounts',
  'Microsoft.Storage/storageAccounts/blobServices',
  'Microsoft.Storage/storageAccounts/managementPolicies',
  'Microsoft.ManagedIdentity/userAssignedIdentities',
  'Microsoft.RecoveryServices/vaults',
  'Microsoft.RecoveryServices/vaults/backupPolicies',
  // What Azure and the national DeployIfNotExists policies create there by themselves (the backup
  // enrolment built-in 345fa903 deploys the protected item of each tagged VM in the zone's vault).
  'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems',
  'Microsoft.Compute/restorePointCollections',
  'Microsoft.Security/automations',
]);

/** Subnets Azure's own services own and that take no NSG (or only one Azure prescribes). */
export const SUBNETS_WITHOUT_NSG: readonly string[] = Object.freeze([
  'GatewaySubnet',
  'AzureFirewallSubnet',
  'AzureFirewallManagementSubnet',
  'RouteServerSubnet',
]);

/** The rule of `nplz-require-tag`: the tag is missing, and the resource is not one Azure creates itself. */
function requiredTagRule(): Record<string, unknown> {
  return {
    if: {
      allOf: [
        { field: "[concat('tags[', parameters('tagName'), ']')]", exists: 'false' },
        { field: 'type', notIn: [...AZURE_CREATED_RESOURCE_TYPES] },
        ...[...AZURE_CREATED_RESOURCE_GROUPS, `/resourceGroups/${DEFENDER_EXPORT_RESOURCE_GROUP}/`].map((part) => ({
          field: 'id',
          notContains: part,
        })),
      ],
    },
    then: { effect: "[parameters('effect')]" },
  };
}

/**
 * The national guardrails as Azure Policy: custom definitions where no built-in fits, an initiative,
 * and assignments at the root and forces groups with parameters from the baseline.
 * Assignments that deploy get a system-assigned identity and the roles they need.
 */
/**
 * A policy assignment (and, for an initiative, the member references) that enforces one control:
 * what a tenancy's declared exception to that control exempts it from.
 */
export interface ControlEnforcement {
  readonly control: string;
  readonly assignment: authorization.PolicyAssignment;
  /** Initiative members that enforce the control; the whole assignment when omitted. */
  readonly definitionReferenceIds?: readonly string[];
}

/**
 * A DeployIfNotExists assignment whose existing non-compliant resources need a remediation task:
 * Azure applies such an effect by itself only to resources created or updated after the
 * assignment, so a subscription placed under the group later (every force subscription) keeps
 * its gaps until a remediation runs there.
 */
export interface PolicyRemediation {
  readonly assignment: authorization.PolicyAssignment;
  /** Short, stable name of the task (`defender-<plan>`, `activity-logs`), unique per subscription. */
  readonly name: string;
  /** The initiative member to remediate; absent for a single-policy assignment. */
  readonly definitionReferenceId?: string;
  /**
   * What the task must wait for: the role assignments of the assignment's managed identity. A task
   * started before them fails its deployments, and a finished task is never run again.
   */
  readonly prerequisites?: readonly pulumi.Resource[];
}

/** An assignment that adopts an Azure landing zones default assignment, at the group where ALZ puts it. */
export interface ArchetypeAssignment {
  /** The NPLZ group: `root`, or a key of `PolicyBaselineArgs.groups`, or `forces` (ALZ's landing_zones and corp). */
  readonly group: 'root' | 'platform' | 'identity' | 'connectivity' | 'forces' | 'sandbox' | 'decommissioned';
  /** The ALZ assignment name (Azure-Landing-Zones-Library platform/alz/policy_assignments). */
  readonly alz: string;
  readonly assignment: authorization.PolicyAssignment;
}

export class PolicyBaseline extends pulumi.ComponentResource {
  /** Allowed locations, at the root group. */
  public readonly allowedLocations: authorization.PolicyAssignment;
  /** The guardrails initiative (required tags, TLS, HTTPS, Key Vault purge protection, classic resources, Defender plans). */
  public readonly guardrails: authorization.PolicySetDefinitionAtManagementGroup;
  public readonly guardrailsAssignment: authorization.PolicyAssignment;
  /** Activity logs of every subscription to the central workspace (DeployIfNotExists). */
  public readonly activityLogs: authorization.PolicyAssignment;
  /** The Defender for Cloud plans initiative (DeployIfNotExists per plan in the baseline) and its assignment at the root. */
  public readonly defenderPlans: authorization.PolicySetDefinitionAtManagementGroup;
  public readonly defenderPlansAssignment: authorization.PolicyAssignment;
  /** Assignments at the forces group. */
  public readonly forceAssignments: readonly authorization.PolicyAssignment[];
  /** The Azure landing zones guardrails NPLZ adopts, each with its group and the ALZ assignment it stands for. */
  public readonly archetypeAssignments: readonly ArchetypeAssignment[];
  /** Which assignment enforces which control, for exemptions (see ForceLandingZoneArgs.policyEnforcements). */
  public readonly enforcements: readonly ControlEnforcement[];
  /** The DeployIfNotExists work each subscription needs a remediation task for (see ForceLandingZoneArgs.policyRemediations). */
  public readonly remediations: readonly PolicyRemediation[];
  /**
   * What a subscription placed under the decommissioned group needs remediated besides
   * `remediations`: the nightly shutdown of the VMs it already has.
   */
  public readonly decommissionedRemediations: readonly PolicyRemediation[];
  private readonly auditOnly: boolean;
  /** The role assignments of each deploying assignment's identity. */
  private readonly identityGrants = new Map<authorization.PolicyAssignment, authorization.RoleAssignment[]>();

  constructor(name: string, args: PolicyBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    super('nplz:azure:PolicyBaseline', name, {}, opts);
    const b = args.baseline;
    const g = b.guardrails.azure;
    const location = args.location ?? b.regions.azure.home;
    if (!b.regions.azure.allowed.includes(location)) {
      throw new pulumi.ResourceError(
        `PolicyBaseline: location ${JSON.stringify(location)} is outside the UK regions baseline ${b.version} allows; allowed: one of ${b.regions.azure.allowed.join(', ')}`,
        this,
      );
    }
    const ports = b.guardrails.network.denyInternetManagementPorts;
    const bad = ports.filter((p) => !Number.isInteger(p) || p < 1 || p > 65535);
    if (bad.length) {
      throw new pulumi.ResourceError(
        `PolicyBaseline: baseline ${b.version} guardrails.network.denyInternetManagementPorts has ${JSON.stringify(bad)}; allowed: TCP ports 1–65535`,
        this,
      );
    }
    const enforcement = args.enforcement ?? 'enforce';
    if (enforcement !== 'enforce' && enforcement !== 'audit-only') {
      throw new pulumi.ResourceError(
        `PolicyBaseline: enforcement ${JSON.stringify(enforcement)} is not a rollout mode; allowed: "enforce" or "audit-only"`,
        this,
      );
    }
    const enforcementMode = enforcement === 'enforce' ? 'Default' : 'DoNotEnforce';
    this.auditOnly = enforcement === 'audit-only';
    const child = { parent: this };
    // Definitions name the root group by its id (a plain string, known before the group exists),
    // so nothing ties them to its creation: on a fresh tenant they would race it and fail.
    const atRoot = { parent: this, dependsOn: [args.rootGroup] };
    const rootScope = args.rootGroup.id;
    const definitionScope = args.rootGroupId;

    // Custom definitions: no built-in denies inbound rules from the internet to a list of ports
    // (the built-ins only audit RDP/SSH on VMs), and none audits a list of Defender plans.
    const managementPorts = new authorization.PolicyDefinitionAtManagementGroup(
      `${name}-deny-mgmt-ports`,
      {
        managementGroupId: definitionScope,
        policyDefinitionName: 'nplz-deny-internet-management-ports',
        displayName: 'NPLZ: deny management ports from the internet',
        description: `Denies network security group rules that allow inbound traffic from the internet to the management ports the NPLZ baseline lists (baseline ${b.version}).`,
        policyType: 'Custom',
        mode: 'All',
        metadata: { category: 'Network', nplzBaseline: b.version, nplzControls: ['NPLZ-NET-02'] },
        parameters: {
          ports: { type: 'Array', metadata: { displayName: 'Management ports' } },
          effect: { type: 'String', allowedValues: ['Deny', 'Audit', 'Disabled'], defaultValue: 'Deny' },
        },
        policyRule: {
          // Both ways a rule reaches Azure: as its own securityRules resource, and inside an NSG's
          // securityRules array (how NPLZ and most templates write them).
          if: {
            anyOf: [
              { allOf: [{ field: 'type', equals: `${NSG_TYPE}/securityRules` }, ...internetManagementRule(`${NSG_TYPE}/securityRules`)] },
              {
                allOf: [
                  { field: 'type', equals: NSG_TYPE },
                  {
                    count: {
                      field: `${NSG_TYPE}/securityRules[*]`,
                      where: { allOf: internetManagementRule(`${NSG_TYPE}/securityRules[*]`) },
                    },
                    greater: 0,
                  },
                ],
              },
            ],
          },
          then: { effect: "[parameters('effect')]" },
        },
      },
      atRoot,
    );

    // Defender plans are switched on by policy (DeployIfNotExists) in every subscription under
    // the root, so a new force subscription is covered the moment it is placed.
    const defenderPlan = new authorization.PolicyDefinitionAtManagementGroup(
      `${name}-deploy-defender-plan`,
      {
        managementGroupId: definitionScope,
        policyDefinitionName: 'nplz-deploy-defender-plan',
        displayName: 'NPLZ: Defender for Cloud plan on the Standard tier',
        description: 'Sets the given Microsoft Defender for Cloud plan to the Standard tier in every subscription where it is not.',
        policyType: 'Custom',
        mode: 'All',
        metadata: { category: 'Security Center', nplzBaseline: b.version, nplzControls: ['NPLZ-MON-01'] },
        parameters: {
          planName: { type: 'String', metadata: { displayName: 'Defender plan' } },
          effect: {
            type: 'String',
            allowedValues: ['DeployIfNotExists', 'AuditIfNotExists', 'Disabled'],
            defaultValue: 'DeployIfNotExists',
          },
        },
        policyRule: {
          if: { field: 'type', equals: 'Microsoft.Resources/subscriptions' },
          then: {
            effect: "[parameters('effect')]",
            details: {
              type: 'Microsoft.Security/pricings',
              name: "[parameters('planName')]",
              existenceScope: 'subscription',
              deploymentScope: 'subscription',
              existenceCondition: { field: 'Microsoft.Security/pricings/pricingTier', equals: 'Standard' },
              roleDefinitionIds: [roleDefinitionId(AZURE_ROLE_DEFINITIONS['Security Admin'])],
              deployment: {
                location,
                properties: {
                  mode: 'incremental',
                  parameters: { planName: { value: "[parameters('planName')]" } },
                  template: {
                    $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
                    contentVersion: '1.0.0.0',
                    parameters: { planName: { type: 'string' } },
                    resources: [
                      {
                        type: 'Microsoft.Security/pricings',
                        apiVersion: '2024-01-01',
                        name: "[parameters('planName')]",
                        properties: { pricingTier: 'Standard' },
                      },
                    ],
                  },
                },
              },
            },
          },
        },
      },
      atRoot,
    );
    const securityContact = new authorization.PolicyDefinitionAtManagementGroup(
      `${name}-deploy-security-contact`,
      securityContactDefinition(definitionScope, b.version, location),
      atRoot,
    );
    const defenderExport = new authorization.PolicyDefinitionAtManagementGroup(
      `${name}-deploy-defender-export`,
      defenderExportDefinition(definitionScope, b.version, location),
      atRoot,
    );
    this.defenderPlans = new authorization.PolicySetDefinitionAtManagementGroup(
      `${name}-defender-plans`,
      {
        managementGroupId: definitionScope,
        policySetDefinitionName: 'nplz-defender-plans',
        displayName: `NPLZ Defender for Cloud plans (baseline ${b.version})`,
        description:
          'Defender plans on the Standard tier, the national SOC as security contact, and continuous export of alerts and recommendations to the central workspace (Sentinel).',
        policyType: 'Custom',
        metadata: { category: 'NPLZ', nplzBaseline: b.version },
        policyDefinitions: [
          ...g.defenderPlans.map((plan) => ({
            policyDefinitionReferenceId: `defender-${plan}`,
            policyDefinitionId: defenderPlan.id,
            parameters: { planName: { value: plan }, effect: { value: 'DeployIfNotExists' } },
          })),
          {
            policyDefinitionReferenceId: DEFENDER_CONTACT_REF,
            policyDefinitionId: securityContact.id,
            parameters: {
              emails: { value: args.securityContactEmail },
              minimalSeverity: { value: defenderSeverity(b.alerting.socMinimumSeverity) },
              effect: { value: 'DeployIfNotExists' },
            },
          },
          {
            policyDefinitionReferenceId: DEFENDER_EXPORT_REF,
            policyDefinitionId: defenderExport.id,
            parameters: {
              workspaceResourceId: { value: args.workspaceId },
              resourceGroupName: { value: DEFENDER_EXPORT_RESOURCE_GROUP },
              resourceGroupLocation: { value: location },
              effect: { value: 'DeployIfNotExists' },
            },
          },
        ],
      },
      atRoot,
    );
    this.defenderPlansAssignment = this.deployingAssignment(
      name,
      'defender-plans',
      {
        scope: rootScope,
        policyAssignmentName: this.assignmentName('nplz-defender-plans'),
        displayName: 'NPLZ: Defender for Cloud plans in every subscription',
        policyDefinitionId: this.defenderPlans.id,
        location,
        enforcementMode,
      },
      // Security Admin for plans and contacts; Contributor for the export's resource group and
      // automation (the role azure-policy's own export built-in asks for).
      [AZURE_ROLE_DEFINITIONS['Security Admin'], AZURE_ROLE_DEFINITIONS.Contributor],
      args.rootGroupId,
    );

    // The guardrails initiative: each reference takes its parameters from the baseline.
    const refs: inputs.authorization.PolicyDefinitionReferenceArgs[] = [];
    const ref = (id: string, guid: pulumi.Input<string>, parameters: Record<string, unknown> = {}) =>
      refs.push({
        policyDefinitionReferenceId: id,
        policyDefinitionId: guid,
        parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { value: v }])),
      });
    // Required tags: not the built-in "Require a tag on resources", which denies what Azure creates
    // by itself (the Network Watcher it adds beside a new VNet, Defender's default workspace, Azure
    // Backup's restore points) and so breaks the deployments that trigger them.
    const requireTag = new authorization.PolicyDefinitionAtManagementGroup(
      `${name}-require-tag`,
      {
        managementGroupId: definitionScope,
        policyDefinitionName: 'nplz-require-tag',
        displayName: 'NPLZ: require a tag on resources (except what Azure creates itself)',
        description: `Denies a resource without the given tag, except the resources and resource groups Azure creates on its own (baseline ${b.version}).`,
        policyType: 'Custom',
        mode: 'Indexed',
        metadata: { category: 'Tags', nplzBaseline: b.version, nplzControls: ['NPLZ-GRD-03'] },
        parameters: {
          tagName: { type: 'String', metadata: { displayName: 'Tag name' } },
          effect: { type: 'String', allowedValues: ['Deny', 'Audit', 'Disabled'], defaultValue: 'Deny' },
        },
        policyRule: requiredTagRule(),
      },
      atRoot,
    );
    for (const t of b.requiredTags)
      ref(`require-tag-${t.key.replace(/[^A-Za-z0-9-]/g, '-')}`, requireTag.id, { tagName: t.key, effect: 'Deny' });
    ref('storage-minimum-tls', builtInPolicyId(BUILT_IN_POLICIES.storageMinimumTls), {
      minimumTlsVersion: azureTlsVersion(b.encryption.minimumTlsVersion),
      effect: 'Deny',
    });
    // TLS 1.2 on the other services whose built-ins can deny (the Azure landing zones' TLS/SSL
    // initiative, at the root here since the baseline's TLS floor holds estate-wide).
    ref('sql-minimum-tls', builtInPolicyId(BUILT_IN_POLICIES.sqlMinimumTls), { effect: 'Deny' });
    ref('app-service-environment-tls', builtInPolicyId(BUILT_IN_POLICIES.appServiceEnvironmentTls), { effect: 'Deny' });
    if (g.httpsOnly) {
      ref('storage-https-only', builtInPolicyId(BUILT_IN_POLICIES.storageSecureTransfer), { effect: 'Deny' });
      ref('app-service-https-only', builtInPolicyId(BUILT_IN_POLICIES.appServiceHttpsOnly), { effect: 'Deny' });
    }
    if (g.keyVaultPurgeProtection)
      ref('key-vault-purge-protection', builtInPolicyId(BUILT_IN_POLICIES.keyVaultPurgeProtection), { effect: 'Deny' });
    if (g.denyClassicResources) {
      ref('deny-classic-storage', builtInPolicyId(BUILT_IN_POLICIES.classicStorageAccounts), { effect: 'Deny' });
      ref('deny-classic-compute', builtInPolicyId(BUILT_IN_POLICIES.classicVirtualMachines), { effect: 'Deny' });
    }

    const refIds = refs.map((r) => r.policyDefinitionReferenceId as string);
    this.guardrails = new authorization.PolicySetDefinitionAtManagementGroup(
      `${name}-guardrails`,
      {
        managementGroupId: definitionScope,
        policySetDefinitionName: AZURE_POLICY_NAMES.guardrails,
        displayName: `NPLZ guardrails (baseline ${b.version})`,
        description: 'Required tags, minimum TLS, HTTPS only, Key Vault purge protection, no classic resources.',
        policyType: 'Custom',
        metadata: { category: 'NPLZ', nplzBaseline: b.version },
        policyDefinitions: refs,
      },
      atRoot,
    );

    this.allowedLocations = new authorization.PolicyAssignment(
      `${name}-allowed-locations`,
      {
        scope: rootScope,
        policyAssignmentName: this.assignmentName('nplz-allowed-locations'),
        displayName: 'NPLZ: UK locations only',
        description: `Police data stays in the UK (NPLZ-RES-01, baseline ${b.version}).`,
        policyDefinitionId: builtInPolicyId(BUILT_IN_POLICIES.allowedLocations),
        parameters: { listOfAllowedLocations: { value: [...b.regions.azure.allowed] } },
        enforcementMode,
        nonComplianceMessages: [{ message: `NPLZ allows only these Azure locations: ${b.regions.azure.allowed.join(', ')}.` }],
      },
      child,
    );

    new authorization.PolicyAssignment(
      `${name}-allowed-rg-locations`,
      {
        scope: rootScope,
        policyAssignmentName: this.assignmentName('nplz-allowed-rg-locs'),
        displayName: 'NPLZ: UK locations only for resource groups',
        policyDefinitionId: builtInPolicyId(BUILT_IN_POLICIES.allowedResourceGroupLocations),
        parameters: { listOfAllowedLocations: { value: [...b.regions.azure.allowed] } },
        enforcementMode,
      },
      child,
    );

    this.guardrailsAssignment = new authorization.PolicyAssignment(
      `${name}-guardrails`,
      {
        scope: rootScope,
        policyAssignmentName: this.assignmentName(AZURE_POLICY_NAMES.guardrails),
        displayName: `NPLZ guardrails (baseline ${b.version})`,
        policyDefinitionId: this.guardrails.id,
        enforcementMode,
      },
      child,
    );

    // DeployIfNotExists: the assignment's identity needs rights to create diagnostic settings
    // and to write to the workspace. Not the built-in (2465583e): its deployment runs from
    // northeurope, outside the UK; this one runs from the baseline's location.
    const activityLogDefinition = new authorization.PolicyDefinitionAtManagementGroup(
      `${name}-deploy-activity-log`,
      activityLogDefinitionArgs(definitionScope, b, location),
      atRoot,
    );
    this.activityLogs = this.deployingAssignment(
      name,
      'activity-logs',
      {
        scope: rootScope,
        policyAssignmentName: this.assignmentName('nplz-activity-logs'),
        displayName: 'NPLZ: activity logs to the central workspace',
        policyDefinitionId: activityLogDefinition.id,
        parameters: { logAnalytics: { value: args.workspaceId }, effect: { value: 'DeployIfNotExists' }, logsEnabled: { value: 'True' } },
        location,
        enforcementMode,
      },
      Object.values(BUILT_IN_ROLES_FOR_POLICY),
      args.rootGroupId,
    );

    const forceAssignments: authorization.PolicyAssignment[] = [];
    const enforcements: ControlEnforcement[] = [
      { control: 'NPLZ-RES-01', assignment: this.allowedLocations },
      {
        control: 'NPLZ-GRD-03',
        assignment: this.guardrailsAssignment,
        definitionReferenceIds: refIds.filter((r) => r.startsWith('require-tag-')),
      },
      { control: 'NPLZ-ENC-04', assignment: this.guardrailsAssignment, definitionReferenceIds: refIds.filter((r) => /tls|https/.test(r)) },
      { control: 'NPLZ-MON-01', assignment: this.defenderPlansAssignment },
      { control: 'NPLZ-LOG-01', assignment: this.activityLogs },
    ];
    if (g.keyVaultPurgeProtection)
      enforcements.push({
        control: 'NPLZ-ENC-05',
        assignment: this.guardrailsAssignment,
        definitionReferenceIds: ['key-vault-purge-protection'],
      });
    if (g.denyPublicIpInForces) {
      const denyPublicIp = new authorization.PolicyAssignment(
        `${name}-deny-public-ip`,
        {
          scope: args.forcesGroup.id,
          policyAssignmentName: this.assignmentName('nplz-deny-public-ip'),
          displayName: 'NPLZ: no public IP addresses in force landing zones',
          description: 'Force workloads reach the internet only through the national hub firewall (NPLZ-NET-01).',
          policyDefinitionId: builtInPolicyId(BUILT_IN_POLICIES.notAllowedResourceTypes),
          parameters: { listOfResourceTypesNotAllowed: { value: ['Microsoft.Network/publicIPAddresses'] } },
          enforcementMode,
        },
        child,
      );
      forceAssignments.push(denyPublicIp);
      enforcements.push({ control: 'NPLZ-NET-05', assignment: denyPublicIp });
    }
    if (ports.length) {
      const denyManagementPorts = new authorization.PolicyAssignment(
        `${name}-deny-mgmt-ports`,
        {
          scope: args.forcesGroup.id,
          policyAssignmentName: this.assignmentName('nplz-deny-mgmt-ports'),
          displayName: 'NPLZ: no management ports from the internet in force landing zones',
          policyDefinitionId: managementPorts.id,
          parameters: { ports: { value: ports.map(String) }, effect: { value: 'Deny' } },
          enforcementMode,
        },
        child,
      );
      forceAssignments.push(denyManagementPorts);
      enforcements.push({ control: 'NPLZ-NET-02', assignment: denyManagementPorts });
    }

    // The Azure landing zones' guardrails that fit a police estate (docs/alz-guardrails.md has
    // every ALZ default assignment and what NPLZ does instead). Each at the group where ALZ puts it.
    const ids = MANAGEMENT_GROUP_IDS;
    const groupIds = {
      platform: ids.platform(args.rootGroupId),
      identity: ids.identity(args.rootGroupId),
      connectivity: ids.connectivity(args.rootGroupId),
      forces: ids.forces(args.rootGroupId),
      sandbox: ids.sandbox(args.rootGroupId),
      decommissioned: ids.decommissioned(args.rootGroupId),
    };
    const archetypeAssignments: ArchetypeAssignment[] = [];
    const assign = (
      group: keyof typeof groupIds | 'root',
      suffix: string,
      a: Omit<authorization.PolicyAssignmentArgs, 'scope' | 'enforcementMode' | 'policyAssignmentName'> & {
        readonly policyAssignmentName: string;
      },
      alz: string,
    ): authorization.PolicyAssignment => {
      const scope = group === 'root' ? rootScope : group === 'forces' ? args.forcesGroup.id : args.groups[group].id;
      const assignment = new authorization.PolicyAssignment(
        `${name}-${suffix}`,
        { ...a, scope, policyAssignmentName: this.assignmentName(a.policyAssignmentName), enforcementMode },
        child,
      );
      archetypeAssignments.push({ group, alz, assignment });
      return assignment;
    };

    // Root: no classic (Service Manager) resources; VMs on managed disks (the built-in only audits).
    const denyClassic = assign(
      'root',
      'deny-classic',
      {
        policyAssignmentName: 'nplz-deny-classic',
        displayName: 'NPLZ: no classic (Azure Service Manager) resources',
        policyDefinitionId: builtInPolicyId(BUILT_IN_POLICIES.notAllowedResourceTypes),
        parameters: { listOfResourceTypesNotAllowed: { value: [...CLASSIC_RESOURCE_TYPES] }, effect: { value: 'Deny' } },
      },
      'Deny-Classic-Resources',
    );
    const unmanagedDisks = assign(
      'root',
      'audit-unmanaged-disks',
      {
        policyAssignmentName: 'nplz-audit-unmgd-disks',
        displayName: 'NPLZ: VMs use managed disks (audit)',
        policyDefinitionId: builtInPolicyId(BUILT_IN_POLICIES.unmanagedDisks),
      },
      'Deny-UnmanagedDisk',
    );
    // Resource logs of every supported resource to the central workspace, under the name NPLZ gives
    // its own settings: where NPLZ already sends allLogs there, the policy finds it compliant, and
    // where it deploys, it writes that same setting rather than a second one to the same sink.
    const diagnostics = this.deployingAssignment(
      name,
      'diagnostic-settings',
      {
        scope: rootScope,
        policyAssignmentName: this.assignmentName('nplz-diag-settings'),
        displayName: 'NPLZ: resource logs (allLogs) to the central workspace',
        policyDefinitionId: builtInPolicySetId(BUILT_IN_POLICY_SETS.allLogsToWorkspace),
        parameters: {
          logAnalytics: { value: args.workspaceId },
          diagnosticSettingName: { value: DIAGNOSTIC_SETTING_NAME },
          effect: { value: 'DeployIfNotExists' },
        },
        location,
        enforcementMode,
      },
      [AZURE_ROLE_DEFINITIONS['Log Analytics Contributor']],
      args.rootGroupId,
    );
    archetypeAssignments.push({ group: 'root', alz: 'Deploy-Diag-LogsCat', assignment: diagnostics });

    // Platform and forces (ALZ: platform and landing_zones): the Key Vault and storage guardrails.
    const keyVaultSet = new authorization.PolicySetDefinitionAtManagementGroup(
      `${name}-key-vault-guardrails`,
      builtInSet(definitionScope, 'nplz-key-vault-guardrails', `NPLZ Key Vault guardrails (baseline ${b.version})`, b.version, [
        ['kv-soft-delete', BUILT_IN_POLICIES.keyVaultSoftDelete, 'Deny'],
        ['kv-purge-protection', BUILT_IN_POLICIES.keyVaultPurgeProtection, 'Deny'],
        ['kv-rbac', BUILT_IN_POLICIES.keyVaultRbac, 'Deny'],
        ['kv-firewall', BUILT_IN_POLICIES.keyVaultFirewall, 'Audit'],
        ['kv-secret-expiry', BUILT_IN_POLICIES.keyVaultSecretExpiry, 'Audit'],
        ['kv-key-expiry', BUILT_IN_POLICIES.keyVaultKeyExpiry, 'Audit'],
      ]),
      atRoot,
    );
    const storageSet = new authorization.PolicySetDefinitionAtManagementGroup(
      `${name}-storage-guardrails`,
      builtInSet(definitionScope, 'nplz-storage-guardrails', `NPLZ storage guardrails (baseline ${b.version})`, b.version, [
        ['st-shared-key', BUILT_IN_POLICIES.storageSharedKey, 'Deny'],
        ['st-cross-tenant-replication', BUILT_IN_POLICIES.storageCrossTenantReplication, 'Deny'],
        ['st-public-blob-access', BUILT_IN_POLICIES.storagePublicBlobAccess, 'Deny'],
        ['st-classic', BUILT_IN_POLICIES.classicStorageAccounts, 'Deny'],
      ]),
      atRoot,
    );
    const guardrailSets: authorization.PolicyAssignment[] = [];
    for (const group of ['platform', 'forces'] as const) {
      guardrailSets.push(
        assign(
          group,
          `kv-guardrails-${group}`,
          {
            policyAssignmentName: 'nplz-kv-guardrails',
            displayName: 'NPLZ: Key Vault guardrails',
            policyDefinitionId: keyVaultSet.id,
          },
          'Enforce-GR-KeyVault',
        ),
        assign(
          group,
          `storage-guardrails-${group}`,
          {
            policyAssignmentName: 'nplz-st-guardrails',
            displayName: 'NPLZ: storage guardrails',
            policyDefinitionId: storageSet.id,
          },
          'Enforce-GR-Storage0',
        ),
      );
    }

    // Forces and identity (ALZ: landing_zones and identity): every subnet behind an NSG.
    const subnetNsg = new authorization.PolicyDefinitionAtManagementGroup(
      `${name}-deny-subnet-without-nsg`,
      subnetWithoutNsgDefinition(definitionScope, b.version),
      atRoot,
    );
    const denySubnetWithoutNsg = (['forces', 'identity'] as const).map((group) =>
      assign(
        group,
        `deny-subnet-no-nsg-${group}`,
        {
          policyAssignmentName: 'nplz-deny-subnet-no-nsg',
          displayName: 'NPLZ: every subnet has a network security group',
          policyDefinitionId: subnetNsg.id,
          parameters: { excludedSubnets: { value: [...SUBNETS_WITHOUT_NSG] }, effect: { value: 'Deny' } },
        },
        'Deny-Subnet-Without-Nsg',
      ),
    );
    // Forces: no IP forwarding (a NIC that forwards is a router around the hub firewall).
    const denyIpForwarding = assign(
      'forces',
      'deny-ip-forwarding',
      {
        policyAssignmentName: 'nplz-deny-ip-fwd',
        displayName: 'NPLZ: no IP forwarding on network interfaces in force landing zones',
        policyDefinitionId: builtInPolicyId(BUILT_IN_POLICIES.nicIpForwarding),
      },
      'Deny-IP-forwarding',
    );
    // Forces (ALZ: corp): PaaS reached only through private endpoints. Storage keeps its public
    // endpoint closed by network rules (defaultAction Deny) rather than publicNetworkAccess
    // Disabled, which would also shut out the trusted services that write flow logs.
    const publicEndpointsSet = new authorization.PolicySetDefinitionAtManagementGroup(
      `${name}-deny-public-endpoints`,
      builtInSet(definitionScope, 'nplz-deny-public-endpoints', `NPLZ: no public PaaS endpoints (baseline ${b.version})`, b.version, [
        ['kv-public-network', BUILT_IN_POLICIES.keyVaultPublicNetwork, 'Deny'],
        ['st-network-rules', BUILT_IN_POLICIES.storageNetworkRules, 'Deny'],
        ['sql-public-network', BUILT_IN_POLICIES.sqlPublicNetwork, 'Deny'],
        ['cosmos-public-network', BUILT_IN_POLICIES.cosmosPublicNetwork, 'Deny'],
        ['acr-public-network', BUILT_IN_POLICIES.containerRegistryPublicNetwork, 'Deny'],
      ]),
      atRoot,
    );
    const denyPublicEndpoints = assign(
      'forces',
      'deny-public-endpoints',
      {
        policyAssignmentName: 'nplz-deny-public-endpts',
        displayName: 'NPLZ: no public PaaS endpoints in force landing zones',
        policyDefinitionId: publicEndpointsSet.id,
      },
      'Deny-Public-Endpoints',
    );
    // Forces (ALZ: corp): a private endpoint registers in the hub's private DNS zone. The
    // identity needs Network Contributor where the endpoint is, and the zone's join right where
    // the zone is (the connectivity subscription).
    let privateDns: authorization.PolicyAssignment | undefined;
    const zoneEntries = Object.entries(args.privateDnsZoneIds ?? {}).filter(([zone]) => PRIVATE_DNS_ZONE_POLICIES[zone]);
    if (zoneEntries.length) {
      const dnsSet = new authorization.PolicySetDefinitionAtManagementGroup(
        `${name}-private-dns-zones`,
        {
          managementGroupId: definitionScope,
          policySetDefinitionName: 'nplz-private-dns-zones',
          displayName: `NPLZ: private endpoints register in the hub's private DNS zones (baseline ${b.version})`,
          policyType: 'Custom',
          metadata: { category: 'NPLZ', nplzBaseline: b.version },
          policyDefinitions: zoneEntries.map(([zone, zoneId]) => ({
            policyDefinitionReferenceId: `dns-${zone.replace(/^privatelink\./, '').replace(/[^A-Za-z0-9-]/g, '-')}`,
            policyDefinitionId: builtInPolicyId(PRIVATE_DNS_ZONE_POLICIES[zone] as string),
            parameters: { privateDnsZoneId: { value: zoneId }, effect: { value: 'DeployIfNotExists' } },
          })),
        },
        atRoot,
      );
      privateDns = this.deployingAssignment(
        name,
        'private-dns-zones',
        {
          scope: args.forcesGroup.id,
          policyAssignmentName: this.assignmentName('nplz-private-dns'),
          displayName: "NPLZ: private endpoints in force landing zones register in the hub's DNS zones",
          policyDefinitionId: dnsSet.id,
          location,
          enforcementMode,
        },
        [AZURE_ROLE_DEFINITIONS['Network Contributor']],
        groupIds.forces,
      );
      if (!this.auditOnly) {
        const grants = this.identityGrants.get(privateDns) ?? [];
        for (const [zone, zoneId] of zoneEntries) {
          const guid = AZURE_ROLE_DEFINITIONS['Private DNS Zone Contributor'];
          grants.push(
            new authorization.RoleAssignment(
              `${name}-private-dns-zones-zone-${zone.replace(/\./g, '-')}`,
              {
                scope: zoneId,
                roleAssignmentName: stableUuid(`${zone}/nplz-private-dns/${guid}`),
                roleDefinitionId: roleDefinitionId(guid),
                principalId: privateDns.identity.apply((i) => i?.principalId ?? ''),
                principalType: 'ServicePrincipal',
                description: `Lets the nplz-private-dns policy assignment register private endpoints in ${zone}.`,
              },
              child,
            ),
          );
        }
      }
      archetypeAssignments.push({ group: 'forces', alz: 'Deploy-Private-DNS-Zones', assignment: privateDns });
    }
    // Identity (ALZ: identity): no public IPs, no management ports from the internet.
    assign(
      'identity',
      'deny-public-ip-identity',
      {
        policyAssignmentName: 'nplz-deny-public-ip',
        displayName: 'NPLZ: no public IP addresses in the identity subscriptions',
        policyDefinitionId: builtInPolicyId(BUILT_IN_POLICIES.notAllowedResourceTypes),
        parameters: { listOfResourceTypesNotAllowed: { value: ['Microsoft.Network/publicIPAddresses'] }, effect: { value: 'Deny' } },
      },
      'Deny-Public-IP',
    );
    if (ports.length)
      assign(
        'identity',
        'deny-mgmt-ports-identity',
        {
          policyAssignmentName: 'nplz-deny-mgmt-ports',
          displayName: 'NPLZ: no management ports from the internet in the identity subscriptions',
          policyDefinitionId: managementPorts.id,
          parameters: { ports: { value: ports.map(String) }, effect: { value: 'Deny' } },
        },
        'Deny-MgmtPorts-Internet',
      );
    // Connectivity and forces: DDoS Network Protection, only with a plan (see ddosProtectionPlanId).
    if (args.ddosProtectionPlanId !== undefined) {
      for (const group of ['connectivity', 'forces'] as const) {
        const ddos = this.deployingAssignment(
          name,
          `ddos-${group}`,
          {
            scope: group === 'forces' ? args.forcesGroup.id : args.groups[group].id,
            policyAssignmentName: this.assignmentName('nplz-ddos-vnets'),
            displayName: 'NPLZ: virtual networks under the DDoS Network Protection plan',
            policyDefinitionId: builtInPolicyId(BUILT_IN_POLICIES.vnetDdosProtection),
            parameters: { ddosPlan: { value: args.ddosProtectionPlanId }, effect: { value: 'Modify' } },
            location,
            enforcementMode,
          },
          [AZURE_ROLE_DEFINITIONS['Network Contributor']],
          groupIds[group],
        );
        archetypeAssignments.push({ group, alz: 'Enable-DDoS-VNET', assignment: ddos });
      }
    }
    // Sandbox: no hybrid or transit networking, no peering outside the subscription.
    const sandboxPeering = new authorization.PolicyDefinitionAtManagementGroup(
      `${name}-deny-peering-out`,
      peeringOutsideSubscriptionDefinition(definitionScope, b.version),
      atRoot,
    );
    const sandboxSet = new authorization.PolicySetDefinitionAtManagementGroup(
      `${name}-sandbox`,
      {
        managementGroupId: definitionScope,
        policySetDefinitionName: 'nplz-sandbox',
        displayName: `NPLZ sandbox guardrails (baseline ${b.version})`,
        description:
          'A sandbox reaches no force, hub or on-premises network: no gateways, ExpressRoute or Virtual WAN, and no peering outside its own subscription.',
        policyType: 'Custom',
        metadata: { category: 'NPLZ', nplzBaseline: b.version },
        policyDefinitions: [
          {
            policyDefinitionReferenceId: 'sandbox-denied-types',
            policyDefinitionId: builtInPolicyId(BUILT_IN_POLICIES.notAllowedResourceTypes),
            parameters: { listOfResourceTypesNotAllowed: { value: [...SANDBOX_DENIED_RESOURCE_TYPES] }, effect: { value: 'Deny' } },
          },
          {
            policyDefinitionReferenceId: 'sandbox-deny-peering-out',
            policyDefinitionId: sandboxPeering.id,
            parameters: { effect: { value: 'Deny' } },
          },
        ],
      },
      atRoot,
    );
    const sandbox = assign(
      'sandbox',
      'sandbox',
      { policyAssignmentName: 'nplz-sandbox', displayName: 'NPLZ: sandbox guardrails', policyDefinitionId: sandboxSet.id },
      'Enforce-ALZ-Sandbox',
    );
    // Decommissioned: nothing that runs, new or changed; every VM shut down each night.
    const vmShutdown = new authorization.PolicyDefinitionAtManagementGroup(
      `${name}-deploy-vm-shutdown`,
      vmShutdownDefinition(definitionScope, b.version),
      atRoot,
    );
    const decommissionedSet = new authorization.PolicySetDefinitionAtManagementGroup(
      `${name}-decommissioned`,
      {
        managementGroupId: definitionScope,
        policySetDefinitionName: 'nplz-decommissioned',
        displayName: `NPLZ decommissioned guardrails (baseline ${b.version})`,
        description:
          'A decommissioned subscription creates or changes nothing that runs: only the evidence NPLZ keeps there (network, key vault, audit storage, backup vault), locks, tags, policy and access; its VMs are shut down (deallocated) every night until it is deleted.',
        policyType: 'Custom',
        metadata: { category: 'NPLZ', nplzBaseline: b.version },
        policyDefinitions: [
          {
            policyDefinitionReferenceId: 'decommissioned-allowed-types',
            policyDefinitionId: builtInPolicyId(BUILT_IN_POLICIES.allowedResourceTypes),
            parameters: { listOfResourceTypesAllowed: { value: [...DECOMMISSIONED_ALLOWED_RESOURCE_TYPES] }, effect: { value: 'Deny' } },
          },
          {
            policyDefinitionReferenceId: 'decommissioned-vm-shutdown',
            policyDefinitionId: vmShutdown.id,
            parameters: { effect: { value: 'DeployIfNotExists' } },
          },
        ],
      },
      atRoot,
    );
    const decommissioned = this.deployingAssignment(
      name,
      'decommissioned',
      {
        scope: args.groups.decommissioned.id,
        policyAssignmentName: this.assignmentName('nplz-decommissioned'),
        displayName: 'NPLZ: decommissioned guardrails',
        policyDefinitionId: decommissionedSet.id,
        location,
        enforcementMode,
      },
      [AZURE_ROLE_DEFINITIONS['Virtual Machine Contributor']],
      groupIds.decommissioned,
    );
    archetypeAssignments.push({ group: 'decommissioned', alz: 'Enforce-ALZ-Decomm', assignment: decommissioned });
    // A subscription moved under the decommissioned group brings its VMs with it, and a move
    // triggers no DeployIfNotExists: its SubscriptionPolicy takes this task as well.
    this.decommissionedRemediations = this.auditOnly
      ? []
      : [
          {
            assignment: decommissioned,
            name: 'vm-shutdown',
            definitionReferenceId: 'decommissioned-vm-shutdown',
            prerequisites: this.identityGrants.get(decommissioned) ?? [],
          },
        ];
    this.archetypeAssignments = archetypeAssignments;

    enforcements.push(
      { control: 'NPLZ-GRD-01', assignment: denyClassic },
      { control: 'NPLZ-ENC-01', assignment: unmanagedDisks },
      { control: 'NPLZ-LOG-02', assignment: diagnostics },
      {
        control: 'NPLZ-MON-04',
        assignment: this.defenderPlansAssignment,
        definitionReferenceIds: [DEFENDER_CONTACT_REF, DEFENDER_EXPORT_REF],
      },
      ...guardrailSets.flatMap((assignment): ControlEnforcement[] =>
        assignment === guardrailSets[0] || assignment === guardrailSets[2]
          ? [
              { control: 'NPLZ-ENC-05', assignment, definitionReferenceIds: ['kv-soft-delete', 'kv-purge-protection'] },
              { control: 'NPLZ-ENC-02', assignment, definitionReferenceIds: ['kv-key-expiry', 'kv-secret-expiry'] },
              { control: 'NPLZ-IAM-02', assignment, definitionReferenceIds: ['kv-rbac'] },
              { control: 'NPLZ-NET-01', assignment, definitionReferenceIds: ['kv-firewall'] },
            ]
          : [
              { control: 'NPLZ-IAM-01', assignment, definitionReferenceIds: ['st-shared-key'] },
              { control: 'NPLZ-NET-01', assignment, definitionReferenceIds: ['st-public-blob-access', 'st-cross-tenant-replication'] },
              { control: 'NPLZ-GRD-01', assignment, definitionReferenceIds: ['st-classic'] },
            ],
      ),
      ...denySubnetWithoutNsg.map((assignment) => ({ control: 'NPLZ-NET-03', assignment })),
      { control: 'NPLZ-NET-04', assignment: denyIpForwarding },
      { control: 'NPLZ-NET-01', assignment: denyPublicEndpoints },
      ...(privateDns ? [{ control: 'NPLZ-NET-01', assignment: privateDns }] : []),
      { control: 'NPLZ-NET-03', assignment: sandbox },
      { control: 'NPLZ-GRD-01', assignment: decommissioned },
    );
    this.forceAssignments = forceAssignments;
    this.enforcements = enforcements;
    // Audit-only deploys nothing, remediation included.
    this.remediations =
      enforcement === 'audit-only'
        ? []
        : [
            ...g.defenderPlans.map((plan) => ({
              assignment: this.defenderPlansAssignment,
              name: `defender-${plan.toLowerCase()}`,
              definitionReferenceId: `defender-${plan}`,
              prerequisites: this.identityGrants.get(this.defenderPlansAssignment) ?? [],
            })),
            ...[DEFENDER_CONTACT_REF, DEFENDER_EXPORT_REF].map((ref) => ({
              assignment: this.defenderPlansAssignment,
              name: ref,
              definitionReferenceId: ref,
              prerequisites: this.identityGrants.get(this.defenderPlansAssignment) ?? [],
            })),
            { assignment: this.activityLogs, name: 'activity-logs', prerequisites: this.identityGrants.get(this.activityLogs) ?? [] },
          ];

    this.registerOutputs({ allowedLocationsId: this.allowedLocations.id, guardrailsId: this.guardrails.id });
  }

  /** Every assignment here is at a management group: its name must fit Azure's limit there. */
  private assignmentName(assignmentName: string): string {
    return managementGroupAssignmentName('PolicyBaseline', assignmentName, this);
  }

  /**
   * An assignment that deploys or modifies: a system-assigned identity, and each role its
   * definitions need at the assignment's scope.
   */
  private deployingAssignment(
    name: string,
    suffix: string,
    args: Omit<authorization.PolicyAssignmentArgs, 'identity'> & { readonly policyAssignmentName: string },
    roleGuids: readonly string[],
    scopeKey: string,
  ): authorization.PolicyAssignment {
    const assignment = new authorization.PolicyAssignment(
      `${name}-${suffix}`,
      { ...args, identity: { type: 'SystemAssigned' } },
      { parent: this },
    );
    // Audit-only deploys nothing, so the identity gets no rights (Azure still wants the identity on
    // a DeployIfNotExists assignment); they are granted when the rollout switches to enforce.
    if (this.auditOnly) return assignment;
    const grants: authorization.RoleAssignment[] = [];
    this.identityGrants.set(assignment, grants);
    for (const guid of roleGuids) {
      const grant = new authorization.RoleAssignment(
        `${name}-${suffix}-role-${guid.slice(0, 8)}`,
        {
          scope: args.scope,
          roleAssignmentName: stableUuid(`${scopeKey}/${args.policyAssignmentName}/${guid}`),
          roleDefinitionId: roleDefinitionId(guid),
          principalId: assignment.identity.apply((i) => i?.principalId ?? ''),
          principalType: 'ServicePrincipal',
          description: `Lets the ${args.policyAssignmentName} policy assignment deploy what its definitions require.`,
        },
        { parent: this },
      );
      grants.push(grant);
    }
    return assignment;
  }
}
