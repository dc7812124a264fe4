/**
 * Azure inputs whose change makes Pulumi replace the resource. azure-native marks these in its
 * schema (`replaceOnChanges`); the recorded plan does not carry the schema, so the rule here is the
 * one those markings follow: the location, the resource group, and the name inputs that form the
 * resource id.
 */
export function isAzureReplaceKey(key: string, type?: string): boolean {
  const top = key.split(/[.[]/)[0] ?? key;
  if (type && AZURE_REPLACE_INPUTS[type]?.includes(top)) return true;
  if (top === 'location' || top === 'resourceGroupName' || top === 'scope') return true;
  return /^[a-z][A-Za-z]*Name$/.test(top) && top !== 'displayName' && top !== 'policyDefinitionName';
}

/**
 * Inputs of particular types that form the resource id or that Azure will not update in place, so
 * a change replaces the resource: a subscription's placement is addressed by its management group
 * (`/managementGroups/{groupId}/subscriptions/{subscriptionId}`), and a PIM eligibility schedule
 * cannot change whom, what or where it grants (a new request is made).
 */
const AZURE_REPLACE_INPUTS: Readonly<Record<string, readonly string[]>> = {
  'azure-native:management:ManagementGroupSubscription': ['groupId', 'subscriptionId'],
  'azure-native:authorization:PimRoleEligibilitySchedule': ['principalId', 'roleDefinitionId', 'scope'],
};

/**
 * Types whose replacement, when the old one is retained on delete, moves what it describes rather
 * than re-creating it: a subscription placed under a new group leaves the old one (the delete is
 * skipped), which is how a subscription moves. Not data loss.
 */
export const AZURE_RETAINED_REPLACE_IS_MOVE: ReadonlySet<string> = new Set(['azure-native:management:ManagementGroupSubscription']);
