import { defineAzurePolicy } from '../define-policy';
import { arr, obj, show } from '../private/props';
import { T } from '../private/types';

/**
 * NPLZ-IAM-02: vault data-plane access goes through Azure RBAC (granted to groups), not vault access
 * policies, which name individual principals and sit outside PIM and access reviews.
 */
export const keyVaultRbacAuthorization = defineAzurePolicy({
  name: 'key-vault-rbac-authorization',
  control: 'NPLZ-IAM-02',
  resourceTypes: [T.vault],
  description: 'Key Vaults use Azure RBAC authorisation, not access policies',
  validate(props, _ctx, report) {
    const p = obj(props.properties) ?? {};
    if (p.enableRbacAuthorization !== true)
      report(`properties.enableRbacAuthorization is ${show(p.enableRbacAuthorization)}; allowed: true`);
    const policies = arr(p.accessPolicies);
    if (policies.length) report(`properties.accessPolicies has ${policies.length} entries; allowed: none (grant roles to groups instead)`);
  },
});
