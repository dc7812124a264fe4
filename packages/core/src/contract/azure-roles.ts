/**
 * Azure built-in role definitions NPLZ renders or recognises, by role name: the GUID is the same in
 * every tenant. This table is what renderers and checks use; `test/azure-built-in-roles.test.ts`
 * holds it against Azure's published list (the "Azure built-in roles" reference).
 *
 * It supersedes `AZURE_BUILT_IN_ROLES` in the baselines' role helper, which published baselines
 * carry and may not change, and whose User Access Administrator id is wrong: a baseline role names
 * its Azure role by `builtInRole`, and the id rendered for it comes from here.
 */
export const AZURE_ROLE_DEFINITIONS = Object.freeze({
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  'User Access Administrator': '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  'Role Based Access Control Administrator': 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  'Security Reader': '39bc4728-0917-49c7-9d2c-d95423bc2eb4',
  'Security Admin': 'fb1c8493-542b-48eb-b624-b4c8fea62acd',
  'Network Contributor': '4d97b98b-1d4f-4787-a291-c67834d212e7',
  'Private DNS Zone Contributor': 'b12aa53e-6015-4669-85d0-8515ebb3ae7f',
  'Log Analytics Reader': '73c42c96-874c-492b-b04d-ab87d138a893',
  'Log Analytics Contributor': '92aaf0da-9dab-42b6-94a3-d43ce8d16293',
  'Monitoring Contributor': '749f88d5-cbae-40b8-bcfc-e573ddc772fa',
  'Resource Policy Contributor': '36243c78-bf99-498c-9df9-86d9f8d28608',
  'Key Vault Crypto Service Encryption User': 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  'Backup Contributor': '5e467623-bb1f-42f4-a55d-6e525e11384b',
  'Virtual Machine Contributor': '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
} as const);

export type AzureRoleName = keyof typeof AZURE_ROLE_DEFINITIONS;

/**
 * Built-in roles no one holds standing (outside PIM) on a production subscription: they write
 * everything, or grant access. The renderers grant them there as PIM eligibilities, whatever the
 * baseline role says elsewhere; the audit fails a standing one (`isProductionEnvironment` says
 * which environments are production).
 */
export const AZURE_ROLES_ELIGIBLE_ONLY_IN_PRODUCTION: readonly AzureRoleName[] = Object.freeze([
  'Owner',
  'Contributor',
  'User Access Administrator',
  'Role Based Access Control Administrator',
]);

/** The role definition GUID for a built-in role name; undefined for a name NPLZ does not know. */
export function azureRoleDefinitionGuid(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(AZURE_ROLE_DEFINITIONS, name) ? AZURE_ROLE_DEFINITIONS[name as AzureRoleName] : undefined;
}

/**
 * The GUID to render for a baseline role's Azure side: the contract's id for its `builtInRole`
 * name (correcting an id a published baseline holds wrongly), else the baseline's own id.
 */
export function renderedRoleGuid(role: { readonly azure: { readonly builtInRole: string; readonly roleDefinitionId: string } }): string {
  return azureRoleDefinitionGuid(role.azure.builtInRole) ?? role.azure.roleDefinitionId;
}
