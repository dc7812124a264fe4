import { ALLOWED_CLASSIFICATIONS } from '@nplz/core';
import type { AzurePlanResource } from '../plan';
import type { PlanIndex } from '../private/plan-index';
import { arr, at, num, obj, show, str } from '../private/props';
import { REMEDIATION_TYPES, T } from '../private/types';
import { definePlanCheck } from './define-check';

/** azure-native type tokens of Azure Backup. */
const RECOVERY_VAULT = 'azure-native:recoveryservices:Vault';
const PROTECTION_POLICY = 'azure-native:recoveryservices:ProtectionPolicy';

/**
 * The Azure Policy built-in "Configure backup on virtual machines with a given tag to an existing
 * recovery services vault in the same location" (Azure/azure-policy,
 * `built-in-policies/policyDefinitions/Backup/VirtualMachineWithTag_DINE.json`).
 */
export const VM_BACKUP_WITH_TAG_POLICY_ID = '/providers/Microsoft.Authorization/policyDefinitions/345fa903-145c-4fe1-8bcd-93ec2adccde8';

/** What is wrong with a Recovery Services vault, against the baseline's backup settings. */
function vaultProblems(v: AzurePlanResource, softDeleteDays: number): string[] {
  const security = obj(at(v.inputs, 'properties.securitySettings')) ?? {};
  const out: string[] = [];
  const immutability = at(security, 'immutabilitySettings.state');
  if (immutability !== 'Locked')
    out.push(`immutabilitySettings.state is ${show(immutability)}; allowed: "Locked" (Unlocked or Disabled can be switched off)`);
  const softDelete = at(security, 'softDeleteSettings.softDeleteState');
  if (softDelete !== 'AlwaysON')
    out.push(`softDeleteSettings.softDeleteState is ${show(softDelete)}; allowed: "AlwaysON" (Enabled can be switched off)`);
  const days = num(at(security, 'softDeleteSettings.softDeleteRetentionPeriodInDays'));
  if (days !== undefined && days < softDeleteDays)
    out.push(`softDeleteSettings.softDeleteRetentionPeriodInDays is ${days}; allowed: ${softDeleteDays} or more (the baseline)`);
  return out;
}

/**
 * NPLZ-RET-04: every tenancy environment has a Recovery Services vault whose immutability is
 * Locked and whose soft delete is always on for at least the baseline's days; every such vault
 * in the plan is held to the same.
 */
export const tenancyBackupVault = definePlanCheck({
  name: 'tenancy-backup-vault',
  control: 'NPLZ-RET-04',
  description: 'Every tenancy environment has a Recovery Services vault with immutability Locked and soft delete always on',
  check({ index, baselineFor }, emit) {
    const vaults = index.ofType(RECOVERY_VAULT);
    for (const v of vaults) {
      const problems = vaultProblems(v, baselineFor(v).backup.azure.softDeleteRetentionDays);
      emit(
        v,
        problems.map((p) => `vault ${index.azureName(v)}: ${p}`),
        'immutability Locked, soft delete always on',
      );
    }
    for (const g of index.tenancyGroups()) {
      const days = baselineFor(g.subject).backup.azure.softDeleteRetentionDays;
      const has = g.resources.some((r) => r.type === RECOVERY_VAULT && vaultProblems(r, days).length === 0);
      emit(
        g.subject,
        has
          ? []
          : [
              `tenancy ${g.tenancy} environment ${g.environment} has no Recovery Services vault with immutability Locked and soft delete always on; allowed: one per landing zone (LandingZoneBackup)`,
            ],
        'locked backup vault present',
      );
    }
  },
});

/** The protection policy an assignment's `backupPolicyId` names, when it is in the plan. */
function namedPolicy(index: PlanIndex, a: AzurePlanResource): AzurePlanResource | undefined {
  const ref = obj(obj(a.inputs.parameters)?.backupPolicyId)?.value;
  const p = index.resolve(ref);
  return p?.type === PROTECTION_POLICY ? p : undefined;
}

/**
 * NPLZ-RET-04: in every tenancy environment, for every classification, an enforced
 * DeployIfNotExists assignment of the built-in that enrols virtual machines tagged with the
 * baseline's enrolment tag and that classification into a protection policy keeping backups at
 * least the baseline's days, with a remediation task for the machines already there.
 */
export const tenancyBackupEnrolment = definePlanCheck({
  name: 'tenancy-backup-enrolment',
  control: 'NPLZ-RET-04',
  description:
    'Every tenancy environment enrols virtual machines tagged for backup (per classification) with the built-in DeployIfNotExists policy, into a policy keeping the baseline retention',
  check({ index, baselineFor }, emit) {
    for (const g of index.tenancyGroups()) {
      const b = baselineFor(g.subject).backup;
      const assignments = g.resources.filter(
        (r) => r.type === T.policyAssignment && r.inputs.policyDefinitionId === VM_BACKUP_WITH_TAG_POLICY_ID,
      );
      const remediations = g.resources.filter((r) => REMEDIATION_TYPES.includes(r.type));
      const problems: string[] = [];
      for (const c of ALLOWED_CLASSIFICATIONS) {
        const enrolling = assignments.filter((a) => {
          const params = obj(a.inputs.parameters) ?? {};
          const value = (k: string) => obj(params[k])?.value;
          return value('inclusionTagName') === b.enrolmentTag && arr(value('inclusionTagValue')).includes(c);
        });
        if (!enrolling.length) {
          problems.push(
            `no assignment of the built-in ${VM_BACKUP_WITH_TAG_POLICY_ID} enrols virtual machines tagged ${b.enrolmentTag}=${c}; allowed: one per classification`,
          );
          continue;
        }
        const good = enrolling.find((a) => {
          const effect = str(obj(obj(a.inputs.parameters)?.effect)?.value) ?? 'DeployIfNotExists';
          const policy = namedPolicy(index, a);
          const days = num(at(policy?.inputs ?? {}, 'properties.retentionPolicy.dailySchedule.retentionDuration.count'));
          return (
            a.inputs.enforcementMode !== 'DoNotEnforce' &&
            effect.toLowerCase() === 'deployifnotexists' &&
            days !== undefined &&
            days >= b.retentionDays[c] &&
            remediations.some((r) => index.resolve(r.inputs.policyAssignmentId) === a)
          );
        });
        const [a] = enrolling;
        if (!good && a) {
          const policy = namedPolicy(index, a);
          const days = num(at(policy?.inputs ?? {}, 'properties.retentionPolicy.dailySchedule.retentionDuration.count'));
          problems.push(
            `the ${c} enrolment ${str(a.inputs.policyAssignmentName) ?? a.name} is not enforced DeployIfNotExists with a remediation task into a policy keeping ${b.retentionDays[c]} days (effect ${show(obj(obj(a.inputs.parameters)?.effect)?.value)}, enforcementMode ${show(a.inputs.enforcementMode)}, retention ${show(days)})`,
          );
        }
      }
      emit(
        g.subject,
        problems.map((p) => `tenancy ${g.tenancy} environment ${g.environment}: ${p}`),
        'tagged virtual machines enrolled per classification',
      );
    }
  },
});
