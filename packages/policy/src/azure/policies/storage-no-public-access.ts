import { defineAzurePolicy } from '../define-policy';
import { show, str } from '../private/props';
import { T } from '../private/types';

/** NPLZ-NET-01: blob public access is switched off on the account and no container is public. */
export const storageNoPublicAccess = defineAzurePolicy({
  name: 'storage-no-public-access',
  control: 'NPLZ-NET-01',
  resourceTypes: [T.storageAccount, T.blobContainer],
  description: 'Storage accounts set allowBlobPublicAccess to false and blob containers have no public access',
  validate(props, { args }, report) {
    if (args.type === T.storageAccount) {
      // Older API versions default to true, so the secure value must be stated.
      if (props.allowBlobPublicAccess !== false) {
        report(`allowBlobPublicAccess is ${show(props.allowBlobPublicAccess)}; allowed: false`);
      }
      return;
    }
    const access = str(props.publicAccess);
    if (access !== undefined && access !== 'None') report(`publicAccess is ${show(access)}; allowed: "None" or not set`);
  },
});
