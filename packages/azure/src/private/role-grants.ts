import * as pulumi from '@pulumi/pulumi';
import * as authorization from '@pulumi/azure-native/authorization';
import { renderedRoleGuid, type BaselineRole } from '@nplz/core';
import { roleDefinitionId } from './built-ins';
import { stableUuid } from './naming';

/**
 * The role definition id a PIM eligibility takes: PIM validates it against the schedule's scope,
 * so at a subscription (or below) it is the subscription-scoped form
 * `/subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>`; at a management
 * group the tenant-level form.
 */
export function pimRoleDefinitionId(scope: pulumi.Input<string>, guid: string): pulumi.Output<string> {
  return pulumi.output(scope).apply((s) => {
    const subscription = /^\/subscriptions\/[^/]+/i.exec(s)?.[0];
    return subscription ? `${subscription}${roleDefinitionId(guid)}` : roleDefinitionId(guid);
  });
}

/**
 * Give a group a baseline role at a scope: a PIM eligibility when the baseline marks the role
 * eligible (privileged roles are activated just in time), or when `eligible` says so (a role held
 * only through PIM in production); an active assignment otherwise.
 */
export function grantRole(
  name: string,
  role: BaselineRole,
  group: { readonly displayName: string; readonly entraObjectId: string },
  scope: pulumi.Input<string>,
  scopeKey: string,
  opts: pulumi.CustomResourceOptions,
  eligible: boolean = role.azure.eligible,
): pulumi.CustomResource {
  // The id from the contract's table of built-in roles, by name: a published baseline may hold a wrong one.
  const guid = renderedRoleGuid(role);
  const roleDefinition = roleDefinitionId(guid);
  if (eligible) {
    return new authorization.PimRoleEligibilitySchedule(
      name,
      {
        scope,
        principalId: group.entraObjectId,
        roleDefinitionId: pimRoleDefinitionId(scope, guid),
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
