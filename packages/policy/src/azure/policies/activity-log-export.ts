import { defineAzurePolicy } from '../define-policy';
import { arr, obj, str } from '../private/props';
import { T } from '../private/types';

/** Activity log categories an audit trail cannot do without. */
const AUDIT_CATEGORIES: readonly string[] = ['Administrative', 'Security', 'Policy'];

/** NPLZ-LOG-01: a subscription's activity log export carries the audit categories to a workspace. */
export const activityLogExport = defineAzurePolicy({
  name: 'activity-log-export',
  control: 'NPLZ-LOG-01',
  resourceTypes: [T.subscriptionDiagnosticSetting],
  description: 'Subscription activity log exports send the Administrative, Security and Policy categories to a workspace',
  validate(props, _ctx, report) {
    if (!str(props.workspaceId)) report('workspaceId is not set; allowed: the resource id of the national Log Analytics workspace');
    const enabled = arr(props.logs)
      .map(obj)
      .filter((l) => l?.enabled === true)
      .map((l) => str(l?.category));
    const missing = AUDIT_CATEGORIES.filter((c) => !enabled.includes(c));
    if (missing.length) report(`logs do not enable ${missing.join(', ')}; allowed: ${AUDIT_CATEGORIES.join(', ')} enabled at least`);
  },
});
