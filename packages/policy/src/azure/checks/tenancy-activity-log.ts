import { str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/** Built-in "Configure Azure Activity logs to stream to specified Log Analytics workspace". */
const ACTIVITY_LOG_POLICY = '2465583e-4e78-4c15-b6be-a36cbc7c8b0f';

/**
 * NPLZ-LOG-01: every tenancy subscription's activity log reaches the national workspace, either by
 * its own export or by the national DeployIfNotExists assignment when the plan holds the platform.
 */
export const tenancyActivityLog = definePlanCheck({
  name: 'tenancy-activity-log',
  control: 'NPLZ-LOG-01',
  description: 'Every tenancy environment exports its activity log to the national workspace',
  check({ index }, emit) {
    const national = index
      .ofType(T.policyAssignment)
      .find(
        (a) => str(a.inputs.policyDefinitionId)?.toLowerCase().endsWith(ACTIVITY_LOG_POLICY) && a.inputs.enforcementMode !== 'DoNotEnforce',
      );
    for (const g of index.tenancyGroups()) {
      const own = g.resources.find((r) => r.type === T.subscriptionDiagnosticSetting && str(r.inputs.workspaceId));
      const problems =
        own || national
          ? []
          : [
              `tenancy ${g.tenancy} environment ${g.environment} has no ${T.subscriptionDiagnosticSetting} with a workspaceId and the plan assigns no activity-log policy; allowed: either`,
            ];
      emit(
        g.subject,
        problems,
        own ? `activity log exported by ${own.name}` : `activity log exported by national assignment ${national?.name}`,
      );
    }
  },
});
