/**
 * Azure inputs whose change makes Pulumi replace the resource. azure-native marks these in its
 * schema (`replaceOnChanges`); the recorded plan does not carry the schema, so the rule here is the
 * one those markings follow: the location, the resource group, and the name inputs that form the
 * resource id.
 */
export function isAzureReplaceKey(key: string): boolean {
  const top = key.split(/[.[]/)[0] ?? key;
  if (top === 'location' || top === 'resourceGroupName' || top === 'scope') return true;
  return /^[a-z][A-Za-z]*Name$/.test(top) && top !== 'displayName' && top !== 'policyDefinitionName';
}
