import { NPLZ_AZURE_COMPONENTS } from '@nplz/core';
/** azure-native type tokens the Azure checks read. */
export const T = {
  storageAccount: 'azure-native:storage:StorageAccount',
  blobContainer: 'azure-native:storage:BlobContainer',
  blobService: 'azure-native:storage:BlobServiceProperties',
  containerImmutability: 'azure-native:storage:BlobContainerImmutabilityPolicy',
  vault: 'azure-native:keyvault:Vault',
  key: 'azure-native:keyvault:Key',
  nsg: 'azure-native:network:NetworkSecurityGroup',
  securityRule: 'azure-native:network:SecurityRule',
  publicIp: 'azure-native:network:PublicIPAddress',
  vnet: 'azure-native:network:VirtualNetwork',
  subnet: 'azure-native:network:Subnet',
  routeTable: 'azure-native:network:RouteTable',
  route: 'azure-native:network:Route',
  peering: 'azure-native:network:VirtualNetworkPeering',
  flowLog: 'azure-native:network:FlowLog',
  networkWatcher: 'azure-native:network:NetworkWatcher',
  firewall: 'azure-native:network:AzureFirewall',
  firewallPolicy: 'azure-native:network:FirewallPolicy',
  workspace: 'azure-native:operationalinsights:Workspace',
  sentinel: 'azure-native:securityinsights:SentinelOnboardingState',
  sentinelScheduledRule: 'azure-native:securityinsights:ScheduledAlertRule',
  scheduledQueryRule: 'azure-native:monitor:ScheduledQueryRule',
  diagnosticSetting: 'azure-native:monitor:DiagnosticSetting',
  subscriptionDiagnosticSetting: 'azure-native:monitor:SubscriptionDiagnosticSetting',
  roleAssignment: 'azure-native:authorization:RoleAssignment',
  pimEligibility: 'azure-native:authorization:PimRoleEligibilitySchedule',
  policyAssignment: 'azure-native:authorization:PolicyAssignment',
  policySetAtMg: 'azure-native:authorization:PolicySetDefinitionAtManagementGroup',
  lockByScope: 'azure-native:authorization:ManagementLockByScope',
  lockAtResourceGroup: 'azure-native:authorization:ManagementLockAtResourceGroupLevel',
  lockAtResource: 'azure-native:authorization:ManagementLockAtResourceLevel',
  managementGroup: 'azure-native:management:ManagementGroup',
  managementGroupSubscription: 'azure-native:management:ManagementGroupSubscription',
  subscriptionAlias: 'azure-native:subscription:Alias',
  resourceGroup: 'azure-native:resources:ResourceGroup',
  budget: 'azure-native:consumption:Budget',
  pricing: 'azure-native:security:Pricing',
  securityContact: 'azure-native:security:SecurityContact',
  remediationAtSubscription: 'azure-native:policyinsights:RemediationAtSubscription',
  provider: 'pulumi:providers:azure-native',
  forceLandingZone: NPLZ_AZURE_COMPONENTS.forceLandingZone,
} as const;

/** Policy remediation tasks, at any scope. */
export const REMEDIATION_TYPES: readonly string[] = [
  'azure-native:policyinsights:RemediationAtSubscription',
  'azure-native:policyinsights:RemediationAtResourceGroup',
  'azure-native:policyinsights:RemediationAtResource',
  'azure-native:policyinsights:RemediationAtManagementGroup',
];

export const LOCK_TYPES: readonly string[] = [T.lockByScope, T.lockAtResourceGroup, T.lockAtResource];

/**
 * Azure resource types that accept no tags (role and policy machinery, child settings). Every other
 * azure-native resource that has a `location` is a tracked resource and takes tags.
 */
export const UNTAGGABLE_PREFIXES: readonly string[] = ['azure-native:authorization:', 'azure-native:management:', 'azure-native:security:'];
