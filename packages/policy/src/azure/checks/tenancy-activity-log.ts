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

/** The national export a tenancy stack reads from the national stack's outputs (`NationalStackOutputs.activityLogExport`). */
interface ReferencedExport {
  readonly stack: string;
  readonly assignmentId?: string;
  readonly scope?: string;
  readonly policyDefinitionId?: string;
  readonly enforcementMode?: string;
  readonly effect?: string;
  readonly workspaceId?: string;
  /** The national stack's `workspaceId` output: the workspace the tenancy's own resources send to. */
  readonly nationalWorkspaceId?: string;
  readonly rootManagementGroupId?: string;
}

/**
 * The activity-log export a tenancy's stack takes from a stack it references, when the plan does not
 * hold the national assignment itself (a force's own plan of its stacks). It counts only when it is
 * the built-in, enforced, DeployIfNotExists, to the referenced stack's own workspace, at the root
 * group that stack names, at the tenancy's placement group or at its subscription.
 */
function referencedExport(index: PlanIndex, g: TenancyGroup, subscription: string | undefined): { found?: ReferencedExport; why?: string } {
  const refs = index.referencedOutputs(g.subject);
  const exports = refs.flatMap(({ stack, outputs }) => {
    const e = obj(outputs.activityLogExport);
    if (!e) return [];
    return [
      {
        stack,
        assignmentId: str(e.assignmentId),
        scope: str(e.scope),
        policyDefinitionId: str(e.policyDefinitionId),
        enforcementMode: str(e.enforcementMode),
        effect: str(e.effect),
        workspaceId: str(e.workspaceId),
        nationalWorkspaceId: str(outputs.workspaceId),
        rootManagementGroupId: str(outputs.rootManagementGroupId),
      } satisfies ReferencedExport,
    ];
  });
  if (!exports.length) return refs.length ? { why: `stacks ${refs.map((r) => r.stack).join(', ')} export no activityLogExport` } : {};
  const placedIn = g.resources
    .filter((r) => r.type === T.managementGroupSubscription)
    .map((r) => str(r.inputs.groupId))
    .filter((x): x is string => !!x)
    .map((id) => `/providers/microsoft.management/managementgroups/${id.toLowerCase()}`);
  const reasons: string[] = [];
  for (const e of exports) {
    const scope = e.scope?.toLowerCase() ?? '';
    const covers =
      (!!e.rootManagementGroupId && scope === e.rootManagementGroupId.toLowerCase()) ||
      placedIn.includes(scope) ||
      (!!subscription && scope === `/subscriptions/${subscription.toLowerCase()}`);
    const wrong = [
      !isActivityLogPolicyId(e.policyDefinitionId) &&
        `policy ${e.policyDefinitionId ?? '(none)'} is neither the activity-log built-in nor NPLZ's own export definition`,
      e.enforcementMode === 'DoNotEnforce' && 'it is not enforced',
      e.effect !== 'DeployIfNotExists' && `its effect is ${e.effect ?? '(none)'}`,
      (!e.workspaceId || e.workspaceId !== e.nationalWorkspaceId) &&
        `it sends to ${e.workspaceId ?? '(no workspace)'}, not the national workspace ${e.nationalWorkspaceId ?? '(none)'}`,
      !covers && `its scope ${e.scope ?? '(none)'} is neither the root group, the tenancy's placement group nor its subscription`,
    ].filter((x): x is string => !!x);
    if (!wrong.length) return { found: e };
    reasons.push(`the export stack ${e.stack} gives: ${wrong.join(', ')}`);
  }
  return { why: reasons.join('; ') };
}

/**
 * NPLZ-LOG-01: every tenancy subscription's activity log reaches the national workspace, either by
 * its own export or by an enforced national DeployIfNotExists assignment of the built-in at a
 * management group above the tenancy (or at its subscription). An assignment that only audits, or
 * sits on another branch of the hierarchy, exports nothing for it. A plan of a tenancy's stacks
 * alone (a force's own) holds no national assignment: there the assignment is the one the national
 * stack exports and the tenancy's stack reads through its StackReference.
 */
export const tenancyActivityLog = definePlanCheck({
  name: 'tenancy-activity-log',
  control: 'NPLZ-LOG-01',
  description: 'Every tenancy environment exports its activity log to the national workspace',
  check({ index }, emit) {
    const candidates = index.ofType(T.policyAssignment).filter((a) => assignsActivityLogExport(index, a));
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
      const referenced = own || national ? {} : referencedExport(index, g, subscription);
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
        : own || national || referenced.found
          ? []
          : [
              `tenancy ${g.tenancy} environment ${g.environment} has no ${T.subscriptionDiagnosticSetting} with a workspaceId and no enforced DeployIfNotExists assignment of the activity-log policy at a management group above it${
                candidates.length
                  ? ` (found: ${candidates.map((a) => a.name).join(', ')}, which audit only, are not enforced or sit elsewhere)`
                  : ''
              }${referenced.why ? ` (${referenced.why})` : ''}; allowed: either, or a StackReference to the national stack whose activityLogExport is such an assignment`,
            ];
      emit(
        g.subject,
        problems,
        own
          ? `activity log exported by ${own.name}`
          : national
            ? `activity log exported by national assignment ${national.name}`
            : `activity log exported by national assignment ${referenced.found?.assignmentId} (read from stack ${referenced.found?.stack})`,
      );
    }
  },
});
