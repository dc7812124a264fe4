import type { AzurePlanResource } from '../plan';
import type { PlanIndex } from '../private/plan-index';
import { obj, str } from '../private/props';
import { T } from '../private/types';
import type { TenancyGroup } from '../private/plan-index';
import { definePlanCheck } from './define-check';

/** Built-in "Configure Azure Activity logs to stream to specified Log Analytics workspace". */
const ACTIVITY_LOG_POLICY = '2465583e-4e78-4c15-b6be-a36cbc7c8b0f';
/**
 * NPLZ's own activity-log definition (PolicyBaseline), the built-in's rule deployed from the UK:
 * recognised by its name in an id, and in a plan that holds it by what it deploys.
 */
const NPLZ_ACTIVITY_LOG_POLICY = '/policydefinitions/nplz-deploy-activity-log';

/** Whether a policy definition id names the activity-log export: the built-in or NPLZ's own. */
export function isActivityLogPolicyId(id: string | undefined): boolean {
  const lower = id?.toLowerCase() ?? '';
  return lower.endsWith(ACTIVITY_LOG_POLICY) || lower.endsWith(NPLZ_ACTIVITY_LOG_POLICY);
}

/** Whether an assignment's definition deploys the subscription's activity-log diagnostic setting. */
function assignsActivityLogExport(index: PlanIndex, a: AzurePlanResource): boolean {
  if (isActivityLogPolicyId(str(a.inputs.policyDefinitionId))) return true;
  const def = index.resolve(a.inputs.policyDefinitionId);
  if (def?.type !== 'azure-native:authorization:PolicyDefinitionAtManagementGroup') return false;
  const details = obj(obj(obj(def.inputs.policyRule)?.then)?.details);
  return (
    str(details?.type)?.toLowerCase() === 'microsoft.insights/diagnosticsettings' &&
    str(details?.existenceScope)?.toLowerCase() === 'subscription'
  );
}

/**
 * Management group ids above a tenancy: the group its subscription is placed in and that group's
 * ancestors in the plan. The root always counts (GRD-04 places every tenancy below it).
 */
function groupsAbove(index: PlanIndex, g: TenancyGroup): Set<string> {
  const groups = index.ofType(T.managementGroup);
  const out = new Set<string>();
  const root = index.rootManagementGroup();
  if (root?.id) out.add(root.id);
  const placedIn = g.resources.filter((r) => r.type === T.managementGroupSubscription).map((r) => str(r.inputs.groupId));
  let current = groups.find((m) => placedIn.includes(str(m.inputs.groupId)));
  for (let guard = 0; current && guard < 10; guard++) {
    if (current.id) out.add(current.id);
    const parent = str(obj(obj(current.inputs.details)?.parent)?.id);
    current = groups.find((m) => m.id === parent);
  }
  return out;
}

/**
 * NPLZ-LOG-01: every tenancy subscription's activity log reaches the national workspace, either by
 * its own export or by an enforced national DeployIfNotExists assignment of the built-in at a
 * management group above the tenancy (or at its subscription). An assignment that only audits, or
 * sits on another branch of the hierarchy, exports nothing for it.
 */
export const tenancyActivityLog = definePlanCheck({
  name: 'tenancy-activity-log',
  control: 'NPLZ-LOG-01',
  description: 'Every tenancy environment exports its activity log to the national workspace',
  check({ index }, emit) {
    const candidates = index
      .ofType(T.policyAssignment)
      .filter((a) => assignsActivityLogExport(index, a));
    const deploys = (a: AzurePlanResource) =>
      a.inputs.enforcementMode !== 'DoNotEnforce' && str(obj(obj(a.inputs.parameters)?.effect)?.value) === 'DeployIfNotExists';
    for (const g of index.tenancyGroups()) {
      const own = g.resources.find((r) => r.type === T.subscriptionDiagnosticSetting && str(r.inputs.workspaceId));
      const above = groupsAbove(index, g);
      const subscription = g.resources.map((r) => index.subscriptionOf(r)).find((x) => !!x);
      const covers = (a: AzurePlanResource) => {
        const scope = str(a.inputs.scope) ?? '';
        return above.has(scope) || (!!subscription && scope.toLowerCase() === `/subscriptions/${subscription.toLowerCase()}`);
      };
      const national = candidates.find((a) => deploys(a) && covers(a));
      // Azure refuses a second diagnostic setting that sends the same categories to the same sink:
      // whichever of the two lands second fails (the national assignment's remediation, or the zone's own).
      const workspace = str(obj(obj(national?.inputs.parameters)?.logAnalytics)?.value);
      const duplicate =
        national && own && workspace && str(own.inputs.workspaceId) === workspace
          ? [
              `tenancy ${g.tenancy} environment ${g.environment} exports its activity log to workspace ${workspace} twice, by ${own.name} and by national assignment ${national.name}; allowed: one of the two (Azure refuses a second setting to the same sink for the same categories)`,
            ]
          : [];
      const problems = duplicate.length
        ? duplicate
        : own || national
          ? []
          : [
              `tenancy ${g.tenancy} environment ${g.environment} has no ${T.subscriptionDiagnosticSetting} with a workspaceId and no enforced DeployIfNotExists assignment of the activity-log policy at a management group above it${
                candidates.length
                  ? ` (found: ${candidates.map((a) => a.name).join(', ')}, which audit only, are not enforced or sit elsewhere)`
                  : ''
              }; allowed: either`,
            ];
      emit(
        g.subject,
        problems,
        own ? `activity log exported by ${own.name}` : `activity log exported by national assignment ${national?.name}`,
      );
    }
  },
});
