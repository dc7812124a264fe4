import type { Cloud } from '../tenancy-spec';

/**
 * Resource types that hold data or identity that cannot be recreated: replacing or deleting one
 * loses it (or orphans what depends on it). One list per cloud, read by the retention checks
 * (NPLZ-RET-02), the baseline and estate diff (a replaced or deleted one is breaking) and the lock
 * checks. A test fails when a renderer emits a type that holds data and is not listed here.
 */
export const STATEFUL_RESOURCE_TYPES: Readonly<Record<Cloud, readonly string[]>> = Object.freeze({
  // Every type CloudFormation's own resource specification marks stateful (`isStateful` in
  // @aws-cdk/aws-service-spec, which a test reads), so a force's local assets are covered too, and
  // organisational units, which hold accounts and policy attachments.
  aws: Object.freeze([
    'AWS::Backup::BackupVault',
    'AWS::CloudFormation::Stack',
    'AWS::Cognito::UserPool',
    'AWS::DocDB::DBCluster',
    'AWS::DocDB::DBInstance',
    'AWS::DynamoDB::GlobalTable',
    'AWS::DynamoDB::Table',
    'AWS::EC2::Volume',
    'AWS::EFS::FileSystem',
    'AWS::EMR::Cluster',
    'AWS::ElastiCache::CacheCluster',
    'AWS::ElastiCache::ReplicationGroup',
    'AWS::Elasticsearch::Domain',
    'AWS::FSx::FileSystem',
    'AWS::KMS::Key',
    'AWS::Kinesis::Stream',
    'AWS::Logs::LogGroup',
    'AWS::Neptune::DBCluster',
    'AWS::Neptune::DBInstance',
    'AWS::OpenSearchService::Domain',
    'AWS::Organizations::Account',
    'AWS::Organizations::OrganizationalUnit',
    'AWS::QLDB::Ledger',
    'AWS::RDS::DBCluster',
    'AWS::RDS::DBInstance',
    'AWS::Redshift::Cluster',
    'AWS::S3::Bucket',
    'AWS::SDB::Domain',
    'AWS::SQS::Queue',
    'AWS::SecretsManager::Secret',
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

/**
 * Stateful AWS types whose DeletionPolicy may be `Snapshot` (CloudFormation keeps a final snapshot),
 * as CloudFormation's DeletionPolicy reference lists them.
 */
export const SNAPSHOT_DELETION_TYPES: readonly string[] = Object.freeze([
  'AWS::DocDB::DBCluster',
  'AWS::EC2::Volume',
  'AWS::ElastiCache::CacheCluster',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::Neptune::DBCluster',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance',
  'AWS::Redshift::Cluster',
]);

/** True when a resource of this type holds data that a replacement or deletion loses. */
export function isStatefulType(cloud: Cloud, type: string): boolean {
  return STATEFUL_RESOURCE_TYPES[cloud].includes(type);
}
