import { defineAzurePolicy } from '../define-policy';
import { arr, obj, str } from '../private/props';
import { T } from '../private/types';

/**
 * NPLZ-LOG-01: a subscription's activity log export carries every category the baseline lists
 * (`logging.azure.activityLogCategories`) to a workspace or an archive (the national DeployIfNotExists
 * assignment sends it to the workspace; NPLZ's own export sends it to the immutable archive).
 */
export const activityLogExport = defineAzurePolicy({
  name: 'activity-log-export',
  control: 'NPLZ-LOG-01',
  resourceTypes: [T.subscriptionDiagnosticSetting],
  description: 'Subscription activity log exports send every category the baseline lists to a workspace or archive',
  validate(props, { baseline }, report) {
    if (!str(props.workspaceId) && !str(props.storageAccountId))
      report(
        'neither workspaceId nor storageAccountId is set; allowed: the national Log Analytics workspace, or an immutable audit archive',
      );
    const enabled = arr(props.logs)
      .map(obj)
      .filter((l) => l?.enabled === true)
      .map((l) => str(l?.category));
    const required = baseline.logging.azure.activityLogCategories;
    const missing = required.filter((c) => !enabled.includes(c));
    if (missing.length) {
      report(
        `logs do not enable ${missing.join(', ')}; allowed: ${required.join(', ')} enabled (baseline ${baseline.version} logging.azure.activityLogCategories)`,
      );
    }
  },
});
