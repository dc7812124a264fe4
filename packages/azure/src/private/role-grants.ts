import * as pulumi from '@pulumi/pulumi';
import * as authorization from '@pulumi/azure-native/authorization';
import type { BaselineRole } from '@nplz/core';
import { roleDefinitionId } from './built-ins';
import { stableUuid } from './naming';

/**
 * Give a group a baseline role at a scope: a PIM eligibility when the baseline marks the role
 * eligible (privileged roles are activated just in time), an active assignment otherwise.
 */
export function grantRole(
  name: string,
  role: BaselineRole,
  group: { readonly displayName: string; readonly entraObjectId: string },
  scope: pulumi.Input<string>,
  scopeKey: string,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const roleDefinition = roleDefinitionId(role.azure.roleDefinitionId);
  if (role.azure.eligible) {
    return new authorization.PimRoleEligibilitySchedule(
      name,
      {
        scope,
        principalId: group.entraObjectId,
        roleDefinitionId: roleDefinition,
        justification: `NPLZ ${role.id} for ${group.displayName}: ${role.intent}`,
        scheduleInfo: { expiration: { type: 'NoExpiration' } },
      },
      opts,
    );
  }
  return new authorization.RoleAssignment(
    name,
    {
      scope,
      roleAssignmentName: stableUuid(`${scopeKey}/${role.id}/${group.entraObjectId}`),
      principalId: group.entraObjectId,
      principalType: 'Group',
      roleDefinitionId: roleDefinition,
      description: `NPLZ ${role.id} for ${group.displayName}: ${role.intent}`,
    },
    opts,
  );
}
