import type { AwsRule } from '../types';
import { fail, flatText, isTrue } from '../private/cfn';

/** A key reference that names a customer-managed key: anything but empty or an AWS-managed `alias/aws/*`. */
function customerKey(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  return !/alias\/aws\//.test(flatText(v));
}

export const DataStoreKmsEncrypted: AwsRule = {
  name: 'DataStoreKmsEncrypted',
  control: 'NPLZ-ENC-01',
  resourceTypes: [
    'AWS::DynamoDB::Table',
    'AWS::RDS::DBInstance',
    'AWS::RDS::DBCluster',
    'AWS::EFS::FileSystem',
    'AWS::SNS::Topic',
    'AWS::SQS::Queue',
    'AWS::Logs::LogGroup',
  ],
  info: 'The data store is not encrypted with a customer-managed KMS key.',
  explanation:
    'Customer-managed keys give control over, and an audit trail of, every decryption. Give the resource a KMS key of your own (not an AWS-managed alias/aws/* key).',
  evaluate(r) {
    const p = r.Properties ?? {};
    switch (r.Type) {
      case 'AWS::DynamoDB::Table': {
        const sse = p.SSESpecification ?? {};
        return isTrue(sse.SSEEnabled) && sse.SSEType === 'KMS' && customerKey(sse.KMSMasterKeyId)
          ? 'COMPLIANT'
          : fail('SSESpecification does not use a customer-managed KMS key');
      }
      case 'AWS::RDS::DBInstance':
        if (p.DBClusterIdentifier !== undefined) return 'NOT_APPLICABLE';
        return isTrue(p.StorageEncrypted) && customerKey(p.KmsKeyId)
          ? 'COMPLIANT'
          : fail('StorageEncrypted with a customer-managed KmsKeyId is not set');
      case 'AWS::RDS::DBCluster':
        return isTrue(p.StorageEncrypted) && customerKey(p.KmsKeyId)
          ? 'COMPLIANT'
          : fail('StorageEncrypted with a customer-managed KmsKeyId is not set');
      case 'AWS::EFS::FileSystem':
        return isTrue(p.Encrypted) && customerKey(p.KmsKeyId) ? 'COMPLIANT' : fail('Encrypted with a customer-managed KmsKeyId is not set');
      case 'AWS::SNS::Topic':
      case 'AWS::SQS::Queue':
        return customerKey(p.KmsMasterKeyId) ? 'COMPLIANT' : fail('KmsMasterKeyId does not name a customer-managed key');
      case 'AWS::Logs::LogGroup':
        return customerKey(p.KmsKeyId) ? 'COMPLIANT' : fail('KmsKeyId is not set');
      default:
        return 'NOT_APPLICABLE';
    }
  },
};
