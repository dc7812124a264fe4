import { AZURE_ROLE_DEFINITIONS } from '@nplz/core';

/**
 * Ids of Azure built-in policy definitions NPLZ assigns. Built-in ids are the same in every
 * tenant. Each is checked, with the parameters NPLZ passes, against the definition's file in
 * github.com/Azure/azure-policy (built-in-policies/policyDefinitions/...): the table with the
 * source paths is in packages/azure/test/built-in-policies.test.ts, the extracted definitions in
 * packages/azure/test/fixtures/azure-policy/built-ins.json.
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
  /** Allowed resource types (`listOfResourceTypesAllowed`, `effect`): the decommissioned group allows almost nothing. */
  allowedResourceTypes: 'a08ec900-254a-4555-9bf5-e42af04b5c5c',
  /** Network interfaces should disable IP forwarding (fixed Deny, no parameters). */
  nicIpForwarding: '88c0b9da-ce96-4b03-9635-f29a937e2900',
  /** Audit VMs that do not use managed disks (fixed Audit, no parameters: no built-in denies them). */
  unmanagedDisks: '06a78e20-9358-41c9-923c-fb736d382a4d',
  /** Virtual networks should be protected by Azure DDoS Protection (`effect` Modify, `ddosPlan`). */
  vnetDdosProtection: '94de2ad3-e0c1-4caf-ad78-5d47bbc83d3d',
  /** Key vaults should have soft delete enabled (`effect`). */
  keyVaultSoftDelete: '1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d',
  /** Azure Key Vault should use RBAC permission model (`effect`). */
  keyVaultRbac: '12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5',
  /** Azure Key Vault should have firewall enabled or public network access disabled (`effect`). */
  keyVaultFirewall: '55615ac9-af46-4a59-874e-391cc3dfb490',
  /** Key Vault secrets should have an expiration date (`effect`). */
  keyVaultSecretExpiry: '98728c90-32c7-4049-8429-847dc0f4fe37',
  /** Key Vault keys should have an expiration date (`effect`). */
  keyVaultKeyExpiry: '152b15f7-8e1f-4c1f-ab71-8c010ba5dbc0',
  /** Azure Key Vault should disable public network access (`effect`). */
  keyVaultPublicNetwork: '405c5871-3e91-4644-8a63-58e19d68ff5b',
  /** Storage accounts should prevent shared key access (`effect`). */
  storageSharedKey: '8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54',
  /** Storage accounts should prevent cross tenant object replication (`effect`). */
  storageCrossTenantReplication: '92a89a79-6c52-4a7e-a03f-61306fc49312',
  /** Storage account public access should be disallowed (`effect`). */
  storagePublicBlobAccess: '4fa4b6c0-31ca-4c0d-b10d-24b96f62a751',
  /** Storage accounts should restrict network access using virtual network rules (`effect`). */
  storageNetworkRules: '2a1a9cdf-e04d-429a-8416-3bfb72a1b26f',
  /** Public network access on Azure SQL Database should be disabled (`effect`). */
  sqlPublicNetwork: '1b8ca024-1d5c-4dec-8995-b1a932b41780',
  /** Azure Cosmos DB should disable public network access (`effect`). */
  cosmosPublicNetwork: '797b37f7-06b8-444c-b1ad-fc62867f335a',
  /** Public network access should be disabled for Container registries (`effect`). */
  containerRegistryPublicNetwork: '0fdf0491-d080-4575-b627-ad0e843cba0f',
  /** Azure SQL Database should be running TLS version 1.2 or newer (`effect`). */
  sqlMinimumTls: '32e6bbec-16b6-44c2-be37-c5b672d103cf',
  /** App Service Environment should have TLS 1.0 and 1.1 disabled (`effect`). */
  appServiceEnvironmentTls: 'd6545c6b-dd9d-4265-91e6-0b451e2f1c50',
  /** Configure a private DNS Zone ID for blob groupID (DeployIfNotExists; `privateDnsZoneId`, `effect`). */
  privateDnsStorageBlob: '75973700-529f-4de2-b794-fb9b6781b6b0',
  /** Configure a private DNS Zone ID for file groupID (DeployIfNotExists; `privateDnsZoneId`, `effect`). */
  privateDnsStorageFile: '6df98d03-368a-4438-8730-a93c4d7693d6',
  /** Configure Azure Key Vaults to use private DNS zones (DeployIfNotExists; `privateDnsZoneId`, `effect`). */
  privateDnsKeyVault: 'ac673a9a-f77d-4846-b2d8-a57f8e1c01d4',
  /** Configure Container registries to use private DNS zones (DeployIfNotExists; `privateDnsZoneId`, `effect`). */
  privateDnsContainerRegistry: 'e9585a95-5b8c-4d03-b193-dc7eb5ac4c32',
} as const;

/** Ids of Azure built-in initiatives (policy set definitions) NPLZ assigns; checked like BUILT_IN_POLICIES. */
export const BUILT_IN_POLICY_SETS = {
  /** Enable allLogs category group resource logging for supported resources to Log Analytics (`logAnalytics`, `diagnosticSettingName`, `effect`). */
  allLogsToWorkspace: '0884adba-2312-4468-abeb-5422caed1038',
} as const;

/**
 * The built-in that registers a private endpoint of each private-link zone in the hub's zone
 * (DeployIfNotExists). A zone of the baseline with no entry here (privatelink.database.windows.net:
 * azure-policy has no built-in for Azure SQL) gets no policy, and the hub zone is linked by hand.
 */
export const PRIVATE_DNS_ZONE_POLICIES: Readonly<Record<string, string>> = Object.freeze({
  'privatelink.blob.core.windows.net': BUILT_IN_POLICIES.privateDnsStorageBlob,
  'privatelink.file.core.windows.net': BUILT_IN_POLICIES.privateDnsStorageFile,
  'privatelink.vaultcore.azure.net': BUILT_IN_POLICIES.privateDnsKeyVault,
  'privatelink.azurecr.io': BUILT_IN_POLICIES.privateDnsContainerRegistry,
});

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

export function builtInPolicySetId(guid: string): string {
  return `/providers/Microsoft.Authorization/policySetDefinitions/${guid}`;
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
