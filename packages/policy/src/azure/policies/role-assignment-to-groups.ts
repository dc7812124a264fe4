import { defineAzurePolicy } from '../define-policy';
import { show, str, isUnknown } from '../private/props';
import { T } from '../private/types';

/**
 * Principal types that may hold a role: groups for people (joiners and leavers handled once, in
 * the national identity service) and service principals for workloads (managed identities of
 * policy assignments and pipelines), which are not workforce access.
 */
const ALLOWED_PRINCIPAL_TYPES: readonly string[] = ['Group', 'ServicePrincipal'];

/**
 * NPLZ-IAM-02: role assignments and PIM eligibilities name groups, never individual users. A PIM
 * eligibility is for people, so only a group may hold one. Its request takes no principal type:
 * Azure reports it (`principalType`) once the schedule exists, so the check applies where the
 * engine supplies it (a refresh, an update), and a stated type other than Group fails.
 */
export const roleAssignmentToGroups = defineAzurePolicy({
  name: 'role-assignment-to-groups',
  control: 'NPLZ-IAM-02',
  resourceTypes: [T.roleAssignment, T.pimEligibility],
  description:
    'Role assignments and PIM eligibilities are made to Entra groups (assignments also to workload service principals), not users',
  validate(props, { args }, report) {
    if (args.type === T.pimEligibility) {
      const type = str(props.principalType);
      if (type !== undefined && !isUnknown(type) && type !== 'Group')
        report(`principalType is ${show(props.principalType)}; allowed: "Group" (PIM eligibility through national identity groups)`);
      return;
    }
    const type = str(props.principalType);
    // Without principalType Azure infers it, so an unstated type may be a user.
    if (!type || !ALLOWED_PRINCIPAL_TYPES.includes(type)) {
      report(
        `principalType is ${show(props.principalType)}; allowed: "Group" (workforce access through national identity groups) or "ServicePrincipal" (workloads)`,
      );
    }
  },
});
