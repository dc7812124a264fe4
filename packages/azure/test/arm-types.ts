/**
 * The ARM resource type of each azure-native type a landing zone's plan holds, written out from
 * the azure-native token (`azure-native:<module>:<Resource>`) and the ARM type of the same resource
 * in the Azure REST API reference (learn.microsoft.com/azure/templates). Kept small and explicit:
 * a test that meets a plan type missing here fails, so a new resource cannot go unjudged.
 */
export const ARM_TYPE_OF: Readonly<Record<string, string>> = Object.freeze({
  'azure-native:authorization:ManagementLockByScope': 'Microsoft.Authorization/locks',
  'azure-native:authorization:PolicyAssignment': 'Microsoft.Authorization/policyAssignments',
  'azure-native:authorization:RoleAssignment': 'Microsoft.Authorization/roleAssignments',
  'azure-native:consumption:Budget': 'Microsoft.Consumption/budgets',
  'azure-native:keyvault:Key': 'Microsoft.KeyVault/vaults/keys',
  'azure-native:keyvault:Vault': 'Microsoft.KeyVault/vaults',
  'azure-native:managedidentity:UserAssignedIdentity': 'Microsoft.ManagedIdentity/userAssignedIdentities',
  'azure-native:management:ManagementGroupSubscription': 'Microsoft.Management/managementGroups/subscriptions',
  'azure-native:monitor:DiagnosticSetting': 'Microsoft.Insights/diagnosticSettings',
  'azure-native:monitor:SubscriptionDiagnosticSetting': 'Microsoft.Insights/diagnosticSettings',
  'azure-native:network:FlowLog': 'Microsoft.Network/networkWatchers/flowLogs',
  'azure-native:network:NetworkSecurityGroup': 'Microsoft.Network/networkSecurityGroups',
  'azure-native:network:NetworkWatcher': 'Microsoft.Network/networkWatchers',
  'azure-native:network:RouteTable': 'Microsoft.Network/routeTables',
  'azure-native:network:VirtualNetwork': 'Microsoft.Network/virtualNetworks',
  'azure-native:network:VirtualNetworkPeering': 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
  'azure-native:policyinsights:RemediationAtSubscription': 'Microsoft.PolicyInsights/remediations',
  'azure-native:recoveryservices:ProtectionPolicy': 'Microsoft.RecoveryServices/vaults/backupPolicies',
  'azure-native:recoveryservices:Vault': 'Microsoft.RecoveryServices/vaults',
  'azure-native:resources:ResourceGroup': 'Microsoft.Resources/subscriptions/resourceGroups',
  'azure-native:storage:BlobServiceProperties': 'Microsoft.Storage/storageAccounts/blobServices',
  'azure-native:storage:ManagementPolicy': 'Microsoft.Storage/storageAccounts/managementPolicies',
  'azure-native:storage:StorageAccount': 'Microsoft.Storage/storageAccounts',
});

/** The azure-native types of a plan's cloud resources (providers and components left out), sorted. */
export function azureNativeTypes(resources: readonly { readonly type: string }[]): string[] {
  return [...new Set(resources.map((r) => r.type).filter((t) => t.startsWith('azure-native:')))].sort();
}
