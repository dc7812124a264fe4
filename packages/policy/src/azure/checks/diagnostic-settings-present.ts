import { str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/** NPLZ-LOG-02: every Key Vault and storage account sends its logs to a workspace. */
export const diagnosticSettingsPresent = definePlanCheck({
  name: 'diagnostic-settings-present',
  control: 'NPLZ-LOG-02',
  description: 'Every Key Vault and storage account has a diagnostic setting to a Log Analytics workspace',
  check({ index }, emit) {
    const settings = index.ofType(T.diagnosticSetting).filter((d) => str(d.inputs.workspaceId));
    for (const r of index.ofType(T.vault, T.storageAccount)) {
      const found = settings.filter((d) => index.refersTo(d.inputs.resourceUri, r));
      emit(
        r,
        found.length
          ? []
          : [
              `${r.type.split(':').pop()} ${index.azureName(r)} has no ${T.diagnosticSetting} with a workspaceId whose resourceUri is it or one of its services; allowed: one sending to the national workspace`,
            ],
        `diagnostic setting ${found.map((d) => d.name).join(', ')}`,
      );
    }
  },
});
