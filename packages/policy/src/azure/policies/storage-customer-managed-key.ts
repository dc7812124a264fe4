import { defineAzurePolicy } from '../define-policy';
import { at, show, str } from '../private/props';
import { T } from '../private/types';

/**
 * NPLZ-ENC-01: storage accounts encrypt with a customer-managed key from Key Vault. The baseline
 * demands it by listing the control; a baseline without NPLZ-ENC-01 switches the policy off.
 */
export const storageCustomerManagedKey = defineAzurePolicy({
  name: 'storage-customer-managed-key',
  control: 'NPLZ-ENC-01',
  resourceTypes: [T.storageAccount],
  description: 'Storage accounts encrypt with a customer-managed Key Vault key',
  validate(props, _ctx, report) {
    const source = str(at(props, 'encryption.keySource'));
    if (source?.toLowerCase() !== 'microsoft.keyvault') {
      report(`encryption.keySource is ${show(source)}; allowed: "Microsoft.Keyvault" (a customer-managed key)`);
      return;
    }
    if (!str(at(props, 'encryption.keyVaultProperties.keyName')) || !str(at(props, 'encryption.keyVaultProperties.keyVaultUri'))) {
      report('encryption.keyVaultProperties needs keyName and keyVaultUri; allowed: the vault URI and name of a customer-managed key');
    }
  },
});
