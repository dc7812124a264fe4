import { defineAzurePolicy } from '../define-policy';
import { roleGuid } from '../private/props';
import { eligibleOnlyRoles } from '../private/roles';
import { T } from '../private/types';

/**
 * NPLZ-PAM-02: privileged roles are PIM-eligible (activated for a bounded session), never standing
 * role assignments.
 */
export const privilegedRolesEligibleOnly = defineAzurePolicy({
  name: 'privileged-roles-eligible-only',
  control: 'NPLZ-PAM-02',
  resourceTypes: [T.roleAssignment],
  description: 'Privileged roles are granted as PIM eligibilities, not standing assignments',
  validate(props, { baseline }, report) {
    const guid = roleGuid(props.roleDefinitionId);
    if (!guid) return;
    const role = eligibleOnlyRoles(baseline).get(guid);
    // Workload identities (policy remediation) cannot activate PIM; the rule is about people.
    if (role && props.principalType !== 'ServicePrincipal') {
      report(
        `a standing assignment of ${role}; allowed: a PIM eligibility (PimRoleEligibilitySchedule) for privileged roles (baseline ${baseline.version} roles)`,
      );
    }
  },
});
