import type { AzurePolicyFactory } from './define-policy';
import { byControl } from './private/by-control';
import { activityLogExport } from './policies/activity-log-export';
import { allowedLocations } from './policies/allowed-locations';
import { budgetAlertThresholds } from './policies/budget-alert-thresholds';
import { classificationTag } from './policies/classification-tag';
import { defenderPlanStandard } from './policies/defender-plan-standard';
import { diagnosticSettingsToWorkspace } from './policies/diagnostic-settings-to-workspace';
import { firewallThreatIntelDeny } from './policies/firewall-threat-intel-deny';
import { immutabilityMeetsBaseline } from './policies/immutability-meets-baseline';
import { keyRotationPolicy } from './policies/key-rotation-policy';
import { keyVaultPurgeProtection } from './policies/key-vault-purge-protection';
import { keyVaultRbacAuthorization } from './policies/key-vault-rbac-authorization';
import { logRetention } from './policies/log-retention';
import { managementLockLevel } from './policies/management-lock-level';
import { noAccessAdminInForceScope } from './policies/no-access-admin-in-force-scope';
import { noPublicIpInForceSpokes } from './policies/no-public-ip-in-force-spokes';
import { noSharedKeyAccess } from './policies/no-shared-key-access';
import { nsgNoInternetManagementPorts } from './policies/nsg-no-internet-management-ports';
import { privilegedRolesEligibleOnly } from './policies/privileged-roles-eligible-only';
import { requiredTags } from './policies/required-tags';
import { roleAssignmentForceScoped } from './policies/role-assignment-force-scoped';
import { roleAssignmentToGroups } from './policies/role-assignment-to-groups';
import { securityAlertsToSoc } from './policies/security-alerts-to-soc';
import { storageCustomerManagedKey } from './policies/storage-customer-managed-key';
import { storageHttpsOnly } from './policies/storage-https-only';
import { storageMinimumTls } from './policies/storage-minimum-tls';
import { storageNoPublicAccess } from './policies/storage-no-public-access';
import { tenancyHomeRegion } from './policies/tenancy-home-region';

/** Every NPLZ resource policy for Azure, in control order. The pack and the offline runner both read this list. */
export const AZURE_POLICIES: readonly AzurePolicyFactory[] = Object.freeze([
  noSharedKeyAccess, // IAM-01
  keyVaultRbacAuthorization, // IAM-02
  roleAssignmentToGroups, // IAM-02
  roleAssignmentForceScoped, // IAM-03
  privilegedRolesEligibleOnly, // PAM-02
  noAccessAdminInForceScope, // PAM-03
  activityLogExport, // LOG-01
  diagnosticSettingsToWorkspace, // LOG-02
  immutabilityMeetsBaseline, // LOG-03
  storageCustomerManagedKey, // ENC-01
  keyRotationPolicy, // ENC-02
  storageHttpsOnly, // ENC-04
  storageMinimumTls, // ENC-04
  keyVaultPurgeProtection, // ENC-05
  storageNoPublicAccess, // NET-01
  nsgNoInternetManagementPorts, // NET-02
  firewallThreatIntelDeny, // NET-04
  noPublicIpInForceSpokes, // NET-05
  allowedLocations, // RES-01
  tenancyHomeRegion, // RES-02
  logRetention, // RET-01
  defenderPlanStandard, // MON-01
  securityAlertsToSoc, // MON-04
  managementLockLevel, // GRD-02
  requiredTags, // GRD-03
  classificationTag, // CLS-02
  budgetAlertThresholds, // GOV-03
]);

/** Control id → the resource policies that implement it. */
export const AZURE_POLICIES_BY_CONTROL: Readonly<Record<string, readonly AzurePolicyFactory[]>> = byControl(AZURE_POLICIES);
