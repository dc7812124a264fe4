/**
 * Resource types that hold data: replacing or deleting one loses it (or orphans it), so a
 * baseline change that does either is breaking.
 */
export const STATEFUL_AWS_TYPES: readonly string[] = [
  'AWS::S3::Bucket',
  'AWS::KMS::Key',
  'AWS::Logs::LogGroup',
  'AWS::DynamoDB::Table',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::EFS::FileSystem',
  'AWS::Backup::BackupVault',
  'AWS::SecretsManager::Secret',
  'AWS::Organizations::Account',
  'AWS::Organizations::OrganizationalUnit',
];

export const STATEFUL_AZURE_TYPES: readonly string[] = [
  'azure-native:storage:StorageAccount',
  'azure-native:storage:BlobContainer',
  'azure-native:storage:BlobContainerImmutabilityPolicy',
  'azure-native:keyvault:Vault',
  'azure-native:keyvault:Key',
  'azure-native:operationalinsights:Workspace',
  'azure-native:recoveryservices:Vault',
  'azure-native:management:ManagementGroup',
];

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
