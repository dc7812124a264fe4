import { defineAzurePolicy } from '../define-policy';
import { at, show } from '../private/props';
import { T } from '../private/types';

/** NPLZ-IAM-01: no standing shared secrets: storage shared keys and workspace local auth are off. */
export const noSharedKeyAccess = defineAzurePolicy({
  name: 'no-shared-key-access',
  control: 'NPLZ-IAM-01',
  resourceTypes: [T.storageAccount, T.workspace],
  description: 'Storage accounts disable shared key access and Log Analytics workspaces disable local authentication',
  validate(props, { args }, report) {
    if (args.type === T.storageAccount) {
      if (props.allowSharedKeyAccess !== false)
        report(`allowSharedKeyAccess is ${show(props.allowSharedKeyAccess)}; allowed: false (use Entra ID)`);
      return;
    }
    const v = at(props, 'features.disableLocalAuth');
    if (v !== true) report(`features.disableLocalAuth is ${show(v)}; allowed: true (use Entra ID)`);
  },
});
