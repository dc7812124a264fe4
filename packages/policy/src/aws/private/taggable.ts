import type { CfnResourceJson } from '../types';

/**
 * Types that accept tags, for resources whose template shows no `Tags` (CloudFormation stack tags
 * still reach them). Not exhaustive: any resource that has `Tags` is taggable too.
 */
const TAGGABLE_TYPES = new Set([
  'AWS::S3::Bucket',
  'AWS::KMS::Key',
  'AWS::Logs::LogGroup',
  'AWS::DynamoDB::Table',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::EFS::FileSystem',
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::Instance',
  'AWS::EC2::Volume',
  'AWS::EC2::RouteTable',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::NatGateway',
  'AWS::EC2::EIP',
  'AWS::EC2::TransitGateway',
  'AWS::EC2::TransitGatewayAttachment',
  'AWS::EC2::TransitGatewayVpcAttachment',
  'AWS::EC2::TransitGatewayRouteTable',
  'AWS::EC2::FlowLog',
  'AWS::Lambda::Function',
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
  'AWS::IAM::Role',
  'AWS::SecretsManager::Secret',
  'AWS::ECR::Repository',
  'AWS::CloudTrail::Trail',
  'AWS::GuardDuty::Detector',
  'AWS::NetworkFirewall::Firewall',
  'AWS::CloudWatch::Alarm',
  'AWS::Backup::BackupVault',
]);

export function isTaggable(r: CfnResourceJson): boolean {
  return TAGGABLE_TYPES.has(r.Type) || r.Properties?.Tags !== undefined;
}
