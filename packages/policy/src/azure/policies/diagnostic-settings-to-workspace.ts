import { defineAzurePolicy } from '../define-policy';
import { arr, obj, str } from '../private/props';
import { T } from '../private/types';

/** NPLZ-LOG-02: diagnostic settings send logs to a Log Analytics workspace (the national one). */
export const diagnosticSettingsToWorkspace = defineAzurePolicy({
  name: 'diagnostic-settings-to-workspace',
  control: 'NPLZ-LOG-02',
  resourceTypes: [T.diagnosticSetting],
  description: 'Diagnostic settings send enabled logs to a Log Analytics workspace',
  validate(props, _ctx, report) {
    if (!str(props.workspaceId)) report('workspaceId is not set; allowed: the resource id of the national Log Analytics workspace');
    const logs = arr(props.logs).map(obj);
    if (!logs.some((l) => l?.enabled === true))
      report('logs has no enabled category or category group; allowed: at least one, e.g. { categoryGroup: "allLogs", enabled: true }');
  },
});
