import * as pulumi from '@pulumi/pulumi';

/**
 * Azure limits the name of a policy assignment at management-group scope to 24 characters (64 at
 * other scopes); a longer name is rejected at deployment, after the plan looked fine.
 */
export const MANAGEMENT_GROUP_ASSIGNMENT_NAME_MAX = 24;

/** The name, checked against the management-group limit; a ResourceError naming the component otherwise. */
export function managementGroupAssignmentName(component: string, name: string, owner: pulumi.Resource): string {
  if (name.length > MANAGEMENT_GROUP_ASSIGNMENT_NAME_MAX) {
    throw new pulumi.ResourceError(
      `${component}: policyAssignmentName ${JSON.stringify(name)} has ${name.length} characters; allowed: at most ${MANAGEMENT_GROUP_ASSIGNMENT_NAME_MAX} at management-group scope (an Azure limit)`,
      owner,
    );
  }
  return name;
}
