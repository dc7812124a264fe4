import { AZURE_ROLE_DEFINITIONS } from '@nplz/core';

/**
 * Ids of Azure built-in policy and role definitions NPLZ assigns. Built-in ids are the same in
 * every tenant. Sources: the Azure Policy built-in definitions reference
 * (learn.microsoft.com/azure/governance/policy/samples/built-in-policies) and the Azure
 * built-in roles reference, cross-checked against public landing-zone code that assigns them.
 */
export const BUILT_IN_POLICIES = {
  /** Allowed locations (parameter `listOfAllowedLocations`). */
  allowedLocations: 'e56962a6-4747-49cd-b67b-bf8b01975c4c',
  /** Allowed locations for resource groups (parameter `listOfAllowedLocations`). */
  allowedResourceGroupLocations: 'e765b5de-1225-4ba3-bd56-1ac6695af988',
  /** Require a tag on resources (parameter `tagName`). */
  requireTagOnResources: '871b6d14-10aa-478d-b590-94f262ecfa99',
  /** Not allowed resource types (parameter `listOfResourceTypesNotAllowed`). */
  notAllowedResourceTypes: '6c112d4e-5bc7-47ae-a041-ea2d9dccd749',
  /** Storage accounts should have the specified minimum TLS version (`minimumTlsVersion`, `effect`). */
  storageMinimumTls: 'fe83a0eb-a853-422d-aac2-1bffd182c5d0',
  /** Secure transfer to storage accounts should be enabled (`effect`). */
  storageSecureTransfer: '404c3081-a854-4457-ae30-26a93ef643f9',
  /** App Service apps should only be accessible over HTTPS (`effect`). */
  appServiceHttpsOnly: 'a4af4a39-4135-47fb-b175-47fbdf85311d',
  /** Key vaults should have deletion (purge) protection enabled (`effect`). */
  keyVaultPurgeProtection: '0b60c0b2-2dc2-4e1c-b5c9-abbed971de53',
  /** Storage accounts should be migrated to new Azure Resource Manager resources (`effect`). */
  classicStorageAccounts: '37e0d2fe-28a5-43d6-a273-67d37d1f5606',
  /** Virtual machines should be migrated to new Azure Resource Manager resources (`effect`). */
  classicVirtualMachines: '1d84d5fb-01f6-4d12-ba4f-4a26081d403d',
  /** Configure Azure Activity logs to stream to specified Log Analytics workspace (DeployIfNotExists; `logAnalytics`, `effect`). */
  activityLogToWorkspace: '2465583e-4e78-4c15-b6be-a36cbc7c8b0f',
} as const;

/** Built-in roles the policy assignments' managed identities need (not force or national staff roles: those come from the baseline). */
export const BUILT_IN_ROLES_FOR_POLICY = {
  'Log Analytics Contributor': AZURE_ROLE_DEFINITIONS['Log Analytics Contributor'],
  'Monitoring Contributor': AZURE_ROLE_DEFINITIONS['Monitoring Contributor'],
} as const;

/** Built-in roles NPLZ grants to workload identities (not to staff). */
export const BUILT_IN_ROLES_FOR_WORKLOADS = {
  /** Read a key's metadata and wrap/unwrap with it: what a service needs for customer-managed-key encryption. */
  'Key Vault Crypto Service Encryption User': AZURE_ROLE_DEFINITIONS['Key Vault Crypto Service Encryption User'],
  /** Read, write and delete blobs and containers: what a VNet flow log's identity needs on its storage account. */
  'Storage Blob Data Contributor': AZURE_ROLE_DEFINITIONS['Storage Blob Data Contributor'],
} as const;

export function builtInPolicyId(guid: string): string {
  return `/providers/Microsoft.Authorization/policyDefinitions/${guid}`;
}

export function roleDefinitionId(guid: string): string {
  return `/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

export function managementGroupScope(groupId: string): string {
  return `/providers/Microsoft.Management/managementGroups/${groupId}`;
}

export function subscriptionScope(subscriptionId: string): string {
  return `/subscriptions/${subscriptionId}`;
}
