import { defineAzurePolicy } from '../define-policy';
import { show, str } from '../private/props';
import { T } from '../private/types';

/**
 * Principal types that may hold a role: groups for people (joiners and leavers handled once, in
 * the national identity service) and service principals for workloads (managed identities of
 * policy assignments and pipelines), which are not workforce access.
 */
const ALLOWED_PRINCIPAL_TYPES: readonly string[] = ['Group', 'ServicePrincipal'];

/** NPLZ-IAM-02: role assignments name groups, never individual users. */
export const roleAssignmentToGroups = defineAzurePolicy({
  name: 'role-assignment-to-groups',
  control: 'NPLZ-IAM-02',
  resourceTypes: [T.roleAssignment],
  description: 'Role assignments are made to Entra groups (or workload service principals), not users',
  validate(props, _ctx, report) {
    const type = str(props.principalType);
    // Without principalType Azure infers it, so an unstated type may be a user.
    if (!type || !ALLOWED_PRINCIPAL_TYPES.includes(type)) {
      report(
        `principalType is ${show(props.principalType)}; allowed: "Group" (workforce access through national identity groups) or "ServicePrincipal" (workloads)`,
      );
    }
  },
});
