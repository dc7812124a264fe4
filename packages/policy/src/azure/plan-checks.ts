import type { Baseline } from '@nplz/core';
import { auditStorageImmutable } from './checks/audit-storage-immutable';
import { auditStorageVersioning } from './checks/audit-storage-versioning';
import { baselineResourceGroupLocks } from './checks/baseline-resource-group-locks';
import { breakGlassAlerted } from './checks/break-glass-alerted';
import type { AzurePlanCheck } from './checks/define-check';
import { diagnosticSettingsPresent } from './checks/diagnostic-settings-present';
import { firstApplyOrder } from './checks/first-apply-order';
import { policyDeploysInUk } from './checks/policy-deploys-in-uk';
import { postureStandardsAssigned } from './checks/posture-standards-assigned';
import { rootAllowedLocations } from './checks/root-allowed-locations';
import { rootGuardrailsAssigned } from './checks/root-guardrails-assigned';
import { sentinelOnboarded } from './checks/sentinel-onboarded';
import { spokeEgressViaFirewall } from './checks/spoke-egress-via-firewall';
import { spokeFlowLogs } from './checks/spoke-flow-logs';
import { spokePeeringIsolation } from './checks/spoke-peering-isolation';
import { spokeRoutesIsolated } from './checks/spoke-routes-isolated';
import { statefulResourcesRetained } from './checks/stateful-resources-retained';
import { subscriptionsInHierarchy } from './checks/subscriptions-in-hierarchy';
import { tenancyActivityLog } from './checks/tenancy-activity-log';
import { tenancyBackupEnrolment, tenancyBackupVault } from './checks/tenancy-backups';
import { tenancyBudget } from './checks/tenancy-budget';
import { tenancyDefenderPlans } from './checks/tenancy-defender-plans';
import { baselineResolver, toOptions, type AzureEvaluationOptions } from './evaluation-options';
import type { AzurePlan, AzurePolicyResult } from './plan';
import { byControl } from './private/by-control';
import { PlanIndex } from './private/plan-index';

/** Every NPLZ whole-plan check for Azure, in control order. */
export const AZURE_PLAN_CHECKS: readonly AzurePlanCheck[] = Object.freeze([
  breakGlassAlerted, // PAM-01
  tenancyActivityLog, // LOG-01
  diagnosticSettingsPresent, // LOG-02
  auditStorageImmutable, // LOG-03
  spokeFlowLogs, // LOG-04
  spokePeeringIsolation, // NET-03
  spokeRoutesIsolated, // NET-03
  spokeEgressViaFirewall, // NET-04
  rootAllowedLocations, // RES-01
  policyDeploysInUk, // RES-01
  statefulResourcesRetained, // RET-02
  auditStorageVersioning, // RET-03
  tenancyBackupVault, // RET-04
  tenancyBackupEnrolment, // RET-04
  tenancyDefenderPlans, // MON-01
  postureStandardsAssigned, // MON-02
  sentinelOnboarded, // MON-04
  rootGuardrailsAssigned, // GRD-01
  firstApplyOrder, // GRD-01
  baselineResourceGroupLocks, // GRD-02
  subscriptionsInHierarchy, // GRD-04
  tenancyBudget, // GOV-03
]);

/** Control id → the plan checks that implement it. */
export const AZURE_PLAN_CHECKS_BY_CONTROL: Readonly<Record<string, readonly AzurePlanCheck[]>> = byControl(AZURE_PLAN_CHECKS);

/**
 * Run every plan check (or the ones given) over a recorded plan. A check yields nothing where it
 * does not apply (no tenancy, no national platform) or where the subject's baseline does not
 * enforce its control. Results are sorted by check order, then URN.
 */
export function evaluatePlanChecks(
  plan: Pick<AzurePlan, 'resources'>,
  options?: Baseline | AzureEvaluationOptions,
  checks: readonly AzurePlanCheck[] = AZURE_PLAN_CHECKS,
): AzurePolicyResult[] {
  const opts = toOptions(options);
  const ctx = {
    index: new PlanIndex(plan),
    baselineFor: baselineResolver(plan, opts),
    collaborations: opts.collaborations ?? {},
    localResourceGroups: opts.localResourceGroups ?? {},
  };
  return checks.flatMap((c) => c.run(ctx).sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0)));
}
