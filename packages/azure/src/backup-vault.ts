import * as pulumi from '@pulumi/pulumi';
import * as authorization from '@pulumi/azure-native/authorization';
import * as policyinsights from '@pulumi/azure-native/policyinsights';
import * as recoveryservices from '@pulumi/azure-native/recoveryservices';
import { ALLOWED_CLASSIFICATIONS, AZURE_ROLE_DEFINITIONS, backupSettingsDefects, type Baseline, type Classification } from '@nplz/core';
import { builtInPolicyId, roleDefinitionId, subscriptionScope } from './private/built-ins';
import { stableUuid } from './private/naming';

/**
 * The Azure Policy built-in "Configure backup on virtual machines with a given tag to an existing
 * recovery services vault in the same location" (DeployIfNotExists; parameters `vaultLocation`,
 * `inclusionTagName`, `inclusionTagValue`, `backupPolicyId`, `effect`), as published in
 * Azure/azure-policy `built-in-policies/policyDefinitions/Backup/VirtualMachineWithTag_DINE.json`.
 */
export const VM_BACKUP_WITH_TAG_POLICY = '345fa903-145c-4fe1-8bcd-93ec2adccde8';

/**
 * The Azure Policy built-in "Azure Backup should be enabled for Virtual Machines"
 * (AuditIfNotExists; parameter `effect`), Azure/azure-policy
 * `built-in-policies/policyDefinitions/Backup/VirtualMachines_EnableAzureBackup_Audit.json`. Its rule
 * matches every virtual machine (but Databricks' and OpenShift's), whatever its image and region:
 * what the enrolment built-in cannot reach shows as non-compliant instead of silently unprotected.
 */
export const VM_BACKUP_AUDIT_POLICY = '013e242c-8828-4970-87b3-ab247555486d';

/** The roles that definition's deployment needs (its `roleDefinitionIds`): Virtual Machine Contributor and Backup Contributor. */
export const VM_BACKUP_ROLES: readonly string[] = [
  AZURE_ROLE_DEFINITIONS['Virtual Machine Contributor'],
  AZURE_ROLE_DEFINITIONS['Backup Contributor'],
];

export interface LandingZoneBackupArgs {
  /** The baseline whose `backup` section the vault and its policies render. */
  readonly baseline: Baseline;
  readonly tenancy: string;
  readonly environment: string;
  readonly subscriptionId: string;
  /** The zone's security resource group (locked, retained): the vault goes there. */
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Provider pinned to the zone's subscription. */
  readonly provider: pulumi.ProviderResource;
  /**
   * What places the subscription under its management group: the remediation tasks wait for it.
   * @default - they wait for nothing
   */
  readonly placement?: pulumi.Resource;
  /**
   * `audit-only` assigns the enrolment policy with enforcementMode `DoNotEnforce` and effect
   * `AuditIfNotExists`: Azure reports unprotected tagged machines but enrols none, the identity gets
   * no roles and no remediation task is created.
   * @default 'enforce'
   */
  readonly enforcement?: 'enforce' | 'audit-only';
  /**
   * Prefix of the logical names of its resources (`<namePrefix>-backup-vault`, …).
   * @default - the component's name
   */
  readonly namePrefix?: string;
}

/** The protection policy name of a classification: `nplz-official`, `nplz-official-sensitive`. */
export function backupPolicyName(c: Classification): string {
  return `nplz-${c.toLowerCase()}`;
}

/**
 * A landing zone's backups: a Recovery Services vault (immutability Locked, soft delete always on,
 * geo-redundant) with one virtual machine protection policy per classification from the baseline,
 * and, per classification, an assignment at the subscription of the built-in policy that enrols
 * every virtual machine tagged with the baseline's enrolment tag and that classification, with the
 * roles its identity needs and a remediation task for the machines already there.
 */
export class LandingZoneBackup extends pulumi.ComponentResource {
  public readonly vault: recoveryservices.Vault;
  public readonly policies: Readonly<Record<Classification, recoveryservices.ProtectionPolicy>>;
  public readonly enrolments: readonly authorization.PolicyAssignment[];
  /** The role assignments of the enrolment assignments' identities. */
  public readonly grants: readonly authorization.RoleAssignment[];
  public readonly remediations: readonly policyinsights.RemediationAtSubscription[];
  /** Reports every virtual machine not backed up, which the enrolment cannot reach (custom images, other regions). */
  public readonly unprotectedAudit: authorization.PolicyAssignment;

  constructor(name: string, args: LandingZoneBackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super('nplz:azure:LandingZoneBackup', name, {}, opts);
    const b = args.baseline;
    const { tenancy, environment: env, location, tags, resourceGroupName } = args;
    const prefix = args.namePrefix ?? name;
    const child = { parent: this, provider: args.provider };
    const defects = backupSettingsDefects(b.backup);
    if (defects.length)
      throw new pulumi.ResourceError(
        `LandingZoneBackup ${name}: baseline ${b.version} has backup settings Azure Backup cannot honour: ${defects.join('; ')}`,
        this,
      );
    const auditOnly = args.enforcement === 'audit-only';
    const scope = subscriptionScope(args.subscriptionId);

    // Deleting the vault would delete the backups: retained in Pulumi state, and locked with the security group.
    this.vault = new recoveryservices.Vault(
      `${prefix}-backup-vault`,
      {
        resourceGroupName,
        vaultName: `nplz-${tenancy}-${env}-backup`,
        location,
        tags,
        sku: { name: 'RS0', tier: 'Standard' },
        properties: {
          publicNetworkAccess: 'Disabled',
          redundancySettings: { standardTierStorageRedundancy: b.backup.azure.storageRedundancy, crossRegionRestore: 'Enabled' },
          securitySettings: {
            immutabilitySettings: { state: b.backup.azure.immutability },
            softDeleteSettings: {
              softDeleteState: 'AlwaysON',
              enhancedSecurityState: 'AlwaysON',
              softDeleteRetentionPeriodInDays: b.backup.azure.softDeleteRetentionDays,
            },
          },
        },
      },
      { ...child, retainOnDelete: true },
    );

    const [hour, minute] = b.backup.dailyAtUtc.split(':');
    // Azure reads only the time of day of a schedule run time.
    const runTime = `2026-01-01T${hour}:${minute}:00Z`;
    const policies = {} as Record<Classification, recoveryservices.ProtectionPolicy>;
    for (const c of ALLOWED_CLASSIFICATIONS) {
      policies[c] = new recoveryservices.ProtectionPolicy(
        `${prefix}-backup-policy-${c.toLowerCase()}`,
        {
          resourceGroupName,
          vaultName: this.vault.name,
          policyName: backupPolicyName(c),
          properties: {
            backupManagementType: 'AzureIaasVM',
            instantRpRetentionRangeInDays: b.backup.azure.instantRestoreDays,
            timeZone: 'UTC',
            schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Daily', scheduleRunTimes: [runTime] },
            retentionPolicy: {
              retentionPolicyType: 'LongTermRetentionPolicy',
              dailySchedule: { retentionTimes: [runTime], retentionDuration: { count: b.backup.retentionDays[c], durationType: 'Days' } },
            },
          },
        },
        child,
      );
    }
    this.policies = policies;

    const enrolments: authorization.PolicyAssignment[] = [];
    const grants: authorization.RoleAssignment[] = [];
    const remediations: policyinsights.RemediationAtSubscription[] = [];
    for (const c of ALLOWED_CLASSIFICATIONS) {
      const key = c.toLowerCase();
      const assignmentName = `nplz-backup-${key}`;
      const assignment = new authorization.PolicyAssignment(
        `${prefix}-backup-enrol-${key}`,
        {
          scope,
          policyAssignmentName: assignmentName,
          displayName: `NPLZ: back up virtual machines tagged ${b.backup.enrolmentTag}=${c}`,
          description: `Enrols every virtual machine in ${location} tagged ${b.backup.enrolmentTag}=${c} in the zone's vault with the ${backupPolicyName(c)} policy (NPLZ-RET-04).`,
          policyDefinitionId: builtInPolicyId(VM_BACKUP_WITH_TAG_POLICY),
          parameters: {
            vaultLocation: { value: location },
            inclusionTagName: { value: b.backup.enrolmentTag },
            inclusionTagValue: { value: [c] },
            backupPolicyId: { value: policies[c].id },
            effect: { value: auditOnly ? 'AuditIfNotExists' : 'DeployIfNotExists' },
          },
          location,
          identity: { type: 'SystemAssigned' },
          enforcementMode: auditOnly ? 'DoNotEnforce' : 'Default',
        },
        child,
      );
      enrolments.push(assignment);
      // Audit-only deploys nothing, so the identity gets no rights and no task runs.
      if (auditOnly) continue;
      const own = VM_BACKUP_ROLES.map(
        (guid) =>
          new authorization.RoleAssignment(
            `${prefix}-backup-enrol-${key}-role-${guid.slice(0, 8)}`,
            {
              scope,
              roleAssignmentName: stableUuid(`${args.subscriptionId}/${assignmentName}/${guid}`),
              roleDefinitionId: roleDefinitionId(guid),
              principalId: assignment.identity.apply((i) => i?.principalId ?? ''),
              principalType: 'ServicePrincipal',
              description: `Lets the ${assignmentName} policy assignment enable backup of tagged virtual machines.`,
            },
            child,
          ),
      );
      grants.push(...own);
      remediations.push(
        new policyinsights.RemediationAtSubscription(
          `${prefix}-remediate-backup-${key}`,
          { remediationName: assignmentName, policyAssignmentId: assignment.id, resourceDiscoveryMode: 'ReEvaluateCompliance' },
          // A task run before the identity holds its roles fails and is not retried.
          { ...child, dependsOn: [...own, ...(args.placement ? [args.placement] : [])] },
        ),
      );
    }
    // The enrolment built-in deploys only for machines in the vault's location (`location` equals
    // `vaultLocation`) built from the Marketplace images it lists (`imagePublisher`/`imageOffer`/
    // `imageSKU`): a custom or gallery image, or a machine in another region, is never enrolled, and
    // Azure Backup needs a vault in the machine's own region. Those machines are reported instead.
    this.unprotectedAudit = new authorization.PolicyAssignment(
      `${prefix}-backup-audit`,
      {
        scope,
        policyAssignmentName: 'nplz-backup-audit',
        displayName: 'NPLZ: every virtual machine is backed up',
        description: `Reports every virtual machine Azure Backup does not protect, among them those the tag enrolment cannot reach: custom or gallery images, and machines outside ${location}, where the zone's vault is (NPLZ-RET-04).`,
        policyDefinitionId: builtInPolicyId(VM_BACKUP_AUDIT_POLICY),
        parameters: { effect: { value: 'AuditIfNotExists' } },
        nonComplianceMessages: [
          {
            message: `Not backed up. NPLZ enrols only virtual machines in ${location} built from a Marketplace image the Azure built-in lists and tagged ${b.backup.enrolmentTag}; protect this one in the zone's vault yourself (same region), or move it.`,
          },
        ],
        enforcementMode: auditOnly ? 'DoNotEnforce' : 'Default',
      },
      child,
    );
    this.enrolments = enrolments;
    this.grants = grants;
    this.remediations = remediations;

    this.registerOutputs({ vaultId: this.vault.id });
  }
}
