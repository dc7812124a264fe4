import { defineAzurePolicy } from '../define-policy';
import { roleGuid } from '../private/props';
import { ACCESS_ADMIN_ROLES } from '../private/roles';
import { T } from '../private/types';

/**
 * NPLZ-PAM-03: Azure's permissions boundary. Force roles never include a role that can change
 * access or delete locks, so a force's own resources cannot remove the national baseline
 * (policy assignments sit above the force at the management group, locks need
 * `Microsoft.Authorization/locks/delete`).
 */
export const noAccessAdminInForceScope = defineAzurePolicy({
  name: 'no-access-admin-in-force-scope',
  control: 'NPLZ-PAM-03',
  resourceTypes: [T.roleAssignment, T.pimEligibility],
  description: 'Force landing zones grant no role that can change access or remove locks',
  validate(props, { placement }, report) {
    // Role assignments take no tags: under a real engine the URN says the resource is in a zone.
    if (!placement.inForceZone) return;
    const guid = roleGuid(props.roleDefinitionId);
    const role = guid ? ACCESS_ADMIN_ROLES[guid] : undefined;
    if (role)
      report(
        `grants ${role} in ${placement.tenancy ? `tenancy ${placement.tenancy}` : 'a force landing zone'}; allowed: roles without Microsoft.Authorization write (e.g. Contributor, Reader)`,
      );
  },
});
