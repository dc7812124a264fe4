import type { Cloud } from '../tenancy-spec';

/**
 * Resource types that hold data or identity that cannot be recreated: replacing or deleting one
 * loses it (or orphans what depends on it). One list per cloud, read by the retention checks
 * (NPLZ-RET-02), the baseline and estate diff (a replaced or deleted one is breaking) and the lock
 * checks. A test fails when a renderer emits a type that holds data and is not listed here.
 */
export const STATEFUL_RESOURCE_TYPES: Readonly<Record<Cloud, readonly string[]>> = Object.freeze({
  aws: Object.freeze([
    'AWS::S3::Bucket',
    'AWS::KMS::Key',
    'AWS::Logs::LogGroup',
    'AWS::DynamoDB::Table',
    'AWS::DynamoDB::GlobalTable',
    'AWS::RDS::DBInstance',
    'AWS::RDS::DBCluster',
    'AWS::EFS::FileSystem',
    'AWS::Backup::BackupVault',
    'AWS::SecretsManager::Secret',
    'AWS::Organizations::Account',
    'AWS::Organizations::OrganizationalUnit',
  ]),
  azure: Object.freeze([
    'azure-native:storage:StorageAccount',
    'azure-native:storage:BlobContainer',
    'azure-native:storage:BlobContainerImmutabilityPolicy',
    'azure-native:keyvault:Vault',
    'azure-native:keyvault:Key',
    'azure-native:operationalinsights:Workspace',
    'azure-native:recoveryservices:Vault',
    'azure-native:dataprotection:BackupVault',
    'azure-native:management:ManagementGroup',
  ]),
});

/** True when a resource of this type holds data that a replacement or deletion loses. */
export function isStatefulType(cloud: Cloud, type: string): boolean {
  return STATEFUL_RESOURCE_TYPES[cloud].includes(type);
}
