import { AWS_NAMES, BASELINE_2026_11 } from '@nplz/core';
import type { CfnResourceJson } from '../../src/aws';
import type { CfnJson } from '../../src/aws/types';

/** One case for one rule: the resource under test is `resources[target]` (default `R`). */
export interface RuleCase {
  readonly note: string;
  readonly resources: Record<string, CfnResourceJson>;
  readonly target?: string;
  readonly stackTags?: Record<string, string>;
  readonly region?: string;
  readonly collaborations?: Record<string, string[]>;
  readonly logArchiveBucket?: string;
  readonly configArchiveBucket?: string;
  readonly tenancyRanges?: Record<string, string[]>;
  readonly hubRange?: string;
  readonly account?: string;
  readonly managementAccount?: string;
  readonly socEventBusArn?: string;
}

export const res = (Type: string, Properties: CfnJson = {}, extra: Partial<CfnResourceJson> = {}): CfnResourceJson => ({
  Type,
  Properties,
  ...extra,
});
/** The management account's global-events stack as `GlobalEventForwarders` renders it (`Nplz-ManagementGlobalEvents`). */
const MGMT = '100000000001';
const SOC_BUS = 'arn:aws:events:eu-west-2:100000000003:event-bus/nplz-soc';
const socTargets = [{ Arn: SOC_BUS, Id: 'Target0', RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] } }];
const globalRule = (id: string, EventPattern: CfnJson) =>
  res('AWS::Events::Rule', { Name: `nplz-baseline-global-${id}`, EventPattern, State: 'ENABLED', Targets: socTargets });
const GLOBAL_EVENTS_STACK: Record<string, CfnResourceJson> = {
  Role: res('AWS::IAM::Role', {
    RoleName: 'nplz-global-events-forwarder',
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } }],
    },
  }),
  Policy: res('AWS::IAM::Policy', {
    PolicyName: 'P',
    PolicyDocument: { Version: '2012-10-17', Statement: [{ Action: 'events:PutEvents', Effect: 'Allow', Resource: SOC_BUS }] },
    Roles: [{ Ref: 'Role' }],
  }),
  Rule: globalRule('RootUse', { detail: { userIdentity: { type: ['Root'] } } }),
  Org: globalRule('OrganizationChanges', { source: ['aws.organizations'] }),
  BreakGlass: globalRule('BreakGlassUse', {
    source: ['aws.sts'],
    detail: { eventName: ['AssumeRole'], requestParameters: { roleArn: [{ wildcard: 'arn:*:iam::*:role/nplz-break-glass' }] } },
  }),
};
/** What the audit knows of the stack: the national platform, in the management account, in us-east-1. */
const GLOBAL_EVENTS_CTX = {
  region: 'us-east-1',
  stackTags: { 'nplz:force': 'national' },
  account: MGMT,
  managementAccount: MGMT,
  socEventBusArn: SOC_BUS,
};
const globalEventsCase = (
  note: string,
  target: string,
  patch: Record<string, CfnResourceJson> = {},
  ctx: Partial<RuleCase> = {},
): RuleCase => ({
  note,
  resources: { ...GLOBAL_EVENTS_STACK, ...patch },
  target,
  ...GLOBAL_EVENTS_CTX,
  ...ctx,
});
export const one = (note: string, r: CfnResourceJson, more: Omit<RuleCase, 'note' | 'resources'> = {}): RuleCase => ({
  note,
  resources: { R: r },
  ...more,
});

/** Stack tags of a force tenancy and of the national platform (every required tag of baseline 2026.11). */
export const TENANCY = {
  'nplz:force': 'kent',
  'nplz:tenancy': 'kent',
  'nplz:environment': 'prod',
  'nplz:classification': 'OFFICIAL',
  'nplz:baseline': '2026.11',
  'cost-centre': 'KP-1',
  'data-owner': 'SIRO',
};
export const NATIONAL = { ...TENANCY, 'nplz:force': 'national', 'nplz:tenancy': 'national', 'nplz:environment': 'national' };
const T = { stackTags: TENANCY };
/** Kent 10.10/16, Dorset 10.20/16, Essex 10.40/16, and their collaboration se-collab 10.30/17 (Kent and Essex). */
const ROUTES = {
  tenancyRanges: { kent: ['10.10.0.0/16'], dorset: ['10.20.0.0/16'], essex: ['10.40.0.0/16'], 'se-collab': ['10.30.0.0/17'] },
  hubRange: '10.0.0.0/16',
  collaborations: { 'se-collab': ['kent', 'essex'] },
};
const N = { stackTags: NATIONAL };

const PAB_ALL = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
const KMS_SSE = {
  ServerSideEncryptionConfiguration: [
    { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
  ],
};
const LOCK = (Mode: string, Days: number) => ({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode, Days } } });
const archive = (p: CfnJson = {}) => res('AWS::S3::Bucket', { ObjectLockEnabled: true, ...p });
const tlsDeny = {
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 's3:*',
  Resource: '*',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};
const scp = (Content: unknown, TargetIds: unknown[] = [{ 'Fn::GetAtt': ['Forces', 'Id'] }]) =>
  res('AWS::Organizations::Policy', { Type: 'SERVICE_CONTROL_POLICY', Name: 'x', Content, TargetIds });
const regionScp = (regions: string[], notAction: string[]) =>
  scp({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', NotAction: notAction, Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': regions } } },
    ],
  });
const tgwTable = (tenancy: string, extraTags: { Key: string; Value: string }[] = []) =>
  res('AWS::EC2::TransitGatewayRouteTable', {
    TransitGatewayId: 'tgw-1',
    Tags: [{ Key: 'nplz:tenancy', Value: tenancy }, { Key: 'nplz:environment', Value: 'prod' }, ...extraTags],
  });
const propagation = (id: string) =>
  res(
    'AWS::EC2::TransitGatewayRouteTablePropagation',
    { TransitGatewayAttachmentId: 'tgw-attach-1', TransitGatewayRouteTableId: { 'Fn::GetAtt': ['Table', 'TransitGatewayRouteTableId'] } },
    { Metadata: { 'aws:cdk:path': `Network/Routing/${id}` } },
  );
const socRule = (labels: string[] | undefined, target: unknown = { Ref: 'Topic' }) =>
  res('AWS::Events::Rule', {
    EventPattern: {
      source: ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Imported'],
      ...(labels ? { detail: { findings: { Severity: { Label: labels } } } } : {}),
    },
    State: 'ENABLED',
    Targets: [{ Arn: target, Id: 'T' }],
  });
const budget = (thresholds: number[], Unit = 'USD') =>
  res('AWS::Budgets::Budget', {
    Budget: { BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 6350, Unit } },
    NotificationsWithSubscribers: thresholds.map((Threshold) => ({
      Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold, ThresholdType: 'PERCENTAGE' },
      Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'ops@kent.police.uk' }],
    })),
  });
const breakGlass = res('AWS::IAM::Role', { RoleName: 'nplz-break-glass', AssumeRolePolicyDocument: { Statement: [] } });
const assumeRule = (roleRef: unknown, targets = [{ Arn: { Ref: 'Topic' }, Id: 'T' }]) =>
  res('AWS::Events::Rule', {
    EventPattern: { source: ['aws.sts'], detail: { eventName: ['AssumeRole'], requestParameters: { roleArn: [roleRef] } } },
    State: 'ENABLED',
    Targets: targets,
  });

const VAULT_LOCK = {
  MinRetentionDays: BASELINE_2026_11.backup.aws.vaultLock.minRetentionDays,
  MaxRetentionDays: BASELINE_2026_11.backup.aws.vaultLock.maxRetentionDays,
};
const vault = (LockConfiguration: CfnJson | undefined) =>
  res('AWS::Backup::BackupVault', { BackupVaultName: AWS_NAMES.backupVault, ...(LockConfiguration ? { LockConfiguration } : {}) });

/** Compliant and non-compliant fixtures for every rule in AWS_RULES. */
/** The baseline's Security Hub standards as `SecurityHubOrganization` writes them (the first with the partition as a `Ref`). */
export const SECURITY_HUB_STANDARD_ARNS: readonly CfnJson[] = [
  {
    'Fn::Join': [
      '',
      ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:eu-west-2::standards/aws-foundational-security-best-practices/v/1.0.0'],
    ],
  },
  { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:eu-west-2::standards/cis-aws-foundations-benchmark/v/3.0.0']] },
];

/**
 * A Security Hub central configuration template (`Nplz-SecurityOrganization`): the policy `R` and
 * its association. By default, Security Hub on with both baseline standards, associated with the root.
 */
export function securityHubCentral(
  o: {
    serviceEnabled?: boolean;
    standards?: readonly CfnJson[];
    target?: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'none';
    rootPolicyId?: CfnJson | string;
  } = {},
): Record<string, CfnResourceJson> {
  const target = o.target ?? 'ROOT';
  return {
    Configuration: res('AWS::SecurityHub::OrganizationConfiguration', {
      AutoEnable: false,
      AutoEnableStandards: 'NONE',
      ConfigurationType: 'CENTRAL',
    }),
    R: res('AWS::SecurityHub::ConfigurationPolicy', {
      Name: 'nplz-baseline',
      ConfigurationPolicy: {
        SecurityHub: {
          ServiceEnabled: o.serviceEnabled ?? true,
          EnabledStandardIdentifiers: [...(o.standards ?? SECURITY_HUB_STANDARD_ARNS)],
          SecurityControlsConfiguration: { DisabledSecurityControlIdentifiers: [] },
        },
      },
    }),
    ...(target === 'none'
      ? {}
      : {
          Association: res('AWS::SecurityHub::PolicyAssociation', {
            ConfigurationPolicyId: o.rootPolicyId ?? { 'Fn::GetAtt': ['R', 'Id'] },
            TargetType: target,
            TargetId: target === 'ROOT' ? 'r-nplz' : 'ou-nplz-forces1',
          }),
        }),
  };
}

export const RULE_CASES: Record<string, { pass: RuleCase[]; fail: RuleCase[] }> = {
  S3BucketPublicAccessBlocked: {
    pass: [one('all four settings true', res('AWS::S3::Bucket', { PublicAccessBlockConfiguration: PAB_ALL }))],
    fail: [
      one('no block at all', res('AWS::S3::Bucket')),
      one('one setting off', res('AWS::S3::Bucket', { PublicAccessBlockConfiguration: { ...PAB_ALL, RestrictPublicBuckets: false } })),
    ],
  },
  S3BucketPolicyNotPublic: {
    pass: [
      one(
        'org-scoped grant',
        res('AWS::S3::BucketPolicy', {
          Bucket: { Ref: 'B' },
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Principal: '*',
                Action: 's3:GetObject',
                Resource: '*',
                Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
              },
            ],
          },
        }),
      ),
      one('deny to everyone', res('AWS::S3::BucketPolicy', { Bucket: { Ref: 'B' }, PolicyDocument: { Statement: [tlsDeny] } })),
    ],
    fail: [
      one(
        'allow to *',
        res('AWS::S3::BucketPolicy', {
          Bucket: { Ref: 'B' },
          PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*' }] },
        }),
      ),
    ],
  },
  S3BucketKmsEncrypted: {
    pass: [
      one('aws:kms with a key from GetAtt', res('AWS::S3::Bucket', { BucketEncryption: KMS_SSE })),
      {
        note: 'SSE-S3 access-log target',
        target: 'Logs',
        resources: {
          Logs: res('AWS::S3::Bucket', {
            BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          }),
          Archive: res('AWS::S3::Bucket', { BucketEncryption: KMS_SSE, LoggingConfiguration: { DestinationBucketName: { Ref: 'Logs' } } }),
        },
      },
    ],
    fail: [
      one(
        'SSE-S3',
        res('AWS::S3::Bucket', {
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        }),
      ),
      one(
        'aws:kms without key (aws/s3)',
        res('AWS::S3::Bucket', {
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
        }),
      ),
      one('no encryption', res('AWS::S3::Bucket')),
    ],
  },
  S3BucketTlsEnforced: {
    pass: [
      {
        note: 'policy denies insecure transport',
        resources: {
          R: res('AWS::S3::Bucket'),
          P: res('AWS::S3::BucketPolicy', { Bucket: { Ref: 'R' }, PolicyDocument: { Statement: [tlsDeny] } }),
        },
      },
    ],
    fail: [
      one('no policy', res('AWS::S3::Bucket')),
      {
        note: 'policy on another bucket',
        resources: {
          R: res('AWS::S3::Bucket'),
          P: res('AWS::S3::BucketPolicy', { Bucket: { Ref: 'Other' }, PolicyDocument: { Statement: [tlsDeny] } }),
        },
      },
    ],
  },
  S3ArchiveObjectLocked: {
    pass: [
      one('compliance mode 365 days', archive({ ObjectLockConfiguration: LOCK('COMPLIANCE', 365) })),
      one(
        '1 year',
        archive({
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 1 } } },
        }),
      ),
      one('the Config archive, without object lock', res('AWS::S3::Bucket', { BucketName: 'nplz-config-archive-111111111111-eu-west-2' })),
    ],
    fail: [
      one('governance mode', archive({ ObjectLockConfiguration: LOCK('GOVERNANCE', 365) })),
      one('too short', archive({ ObjectLockConfiguration: LOCK('COMPLIANCE', 30) })),
      one(
        'archive by name without lock',
        res('AWS::S3::Bucket', { BucketName: { 'Fn::Join': ['', ['nplz-log-archive-', { Ref: 'AWS::AccountId' }]] } }),
      ),
      one(
        'the Config archive with object lock (Config cannot deliver to it)',
        archive({ BucketName: 'nplz-config-archive-111111111111-eu-west-2' }),
      ),
      {
        note: 'a Config delivery target with object lock and a default retention',
        resources: {
          R: archive({ ObjectLockConfiguration: LOCK('COMPLIANCE', 365) }),
          Channel: res('AWS::Config::DeliveryChannel', { S3BucketName: { Ref: 'R' } }),
        },
      },
      {
        note: 'trail target without lock',
        resources: { R: res('AWS::S3::Bucket'), Trail: res('AWS::CloudTrail::Trail', { S3BucketName: { Ref: 'R' } }) },
      },
    ],
  },
  S3ArchiveVersioned: {
    pass: [one('versioned archive', archive({ VersioningConfiguration: { Status: 'Enabled' } }))],
    fail: [one('unversioned archive', archive({ VersioningConfiguration: { Status: 'Suspended' } }))],
  },
  S3ArchiveAccessLogged: {
    pass: [one('logs to access bucket', archive({ LoggingConfiguration: { DestinationBucketName: { Ref: 'Logs' } } }))],
    fail: [one('no access logs', archive())],
  },
  S3ArchiveRetention: {
    pass: [
      one(
        'expires at baseline',
        archive({
          LifecycleConfiguration: {
            Rules: [{ Status: 'Enabled', ExpirationInDays: 2557, NoncurrentVersionExpiration: { NoncurrentDays: 2557 } }],
          },
        }),
      ),
      one('never expires', archive()),
    ],
    fail: [
      one('expires early', archive({ LifecycleConfiguration: { Rules: [{ Id: 'short', Status: 'Enabled', ExpirationInDays: 365 }] } })),
      one(
        'noncurrent expires early',
        archive({ LifecycleConfiguration: { Rules: [{ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }] } }),
      ),
    ],
  },
  LogGroupRetention: {
    pass: [one('one year', res('AWS::Logs::LogGroup', { RetentionInDays: 365 })), one('forever', res('AWS::Logs::LogGroup'))],
    fail: [one('one week', res('AWS::Logs::LogGroup', { RetentionInDays: 7 }))],
  },
  StatefulResourceRetained: {
    pass: [
      one('retained bucket', res('AWS::S3::Bucket', {}, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' })),
      one('db snapshot', res('AWS::RDS::DBCluster', {}, { DeletionPolicy: 'Snapshot' })),
    ],
    fail: [
      one('default delete', res('AWS::KMS::Key')),
      one('explicit delete', res('AWS::DynamoDB::Table', {}, { DeletionPolicy: 'Delete' })),
      one('snapshot is not retention for a bucket', res('AWS::S3::Bucket', {}, { DeletionPolicy: 'Snapshot' })),
    ],
  },
  DataStoreKmsEncrypted: {
    pass: [
      one(
        'table with CMK',
        res('AWS::DynamoDB::Table', { SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { Ref: 'Key' } } }),
      ),
      one('topic with CMK', res('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } })),
    ],
    fail: [
      one('table with AWS-owned key', res('AWS::DynamoDB::Table')),
      one('topic with aws/sns', res('AWS::SNS::Topic', { KmsMasterKeyId: 'alias/aws/sns' })),
      one('unencrypted RDS', res('AWS::RDS::DBInstance', { StorageEncrypted: false })),
    ],
  },
  KmsKeyRotationEnabled: {
    pass: [one('rotating', res('AWS::KMS::Key', { EnableKeyRotation: true }))],
    fail: [one('not rotating', res('AWS::KMS::Key', { EnableKeyRotation: false })), one('unset', res('AWS::KMS::Key'))],
  },
  KmsKeyDeletionWindow: {
    pass: [one('30 days', res('AWS::KMS::Key', { PendingWindowInDays: 30 })), one('default (30)', res('AWS::KMS::Key'))],
    fail: [one('7 days', res('AWS::KMS::Key', { PendingWindowInDays: 7 }))],
  },
  EbsVolumeEncrypted: {
    pass: [
      one('encrypted volume', res('AWS::EC2::Volume', { Encrypted: true, Size: 10 })),
      one(
        'instance mapping inherits default',
        res('AWS::EC2::Instance', { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8 } }] }),
      ),
    ],
    fail: [
      one('unencrypted volume', res('AWS::EC2::Volume', { Size: 10 })),
      one(
        'instance opts out',
        res('AWS::EC2::Instance', { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: false } }] }),
      ),
    ],
  },
  SecurityGroupNoPublicManagementPorts: {
    pass: [
      one(
        'https from anywhere',
        res('AWS::EC2::SecurityGroup', { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] }),
      ),
      one(
        'ssh from the hub',
        res('AWS::EC2::SecurityGroupIngress', { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/16' }),
      ),
    ],
    fail: [
      one(
        'ssh from anywhere',
        res('AWS::EC2::SecurityGroup', { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }] }),
      ),
      one(
        'rdp in a range from ::/0',
        res('AWS::EC2::SecurityGroupIngress', { IpProtocol: 'tcp', FromPort: 3000, ToPort: 4000, CidrIpv6: '::/0' }),
      ),
      one(
        'all traffic from anywhere',
        res('AWS::EC2::SecurityGroup', { SecurityGroupIngress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }] }),
      ),
    ],
  },
  SubnetNoPublicIpOnLaunch: {
    pass: [one('private subnet', res('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false }))],
    fail: [one('public subnet', res('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true }))],
  },
  SpokeNoPublicAddress: {
    pass: [
      one(
        'instance without public ip',
        res('AWS::EC2::Instance', { NetworkInterfaces: [{ DeviceIndex: '0', AssociatePublicIpAddress: false }] }),
        T,
      ),
    ],
    fail: [
      one('EIP in a tenancy', res('AWS::EC2::EIP', { Domain: 'vpc' }), T),
      one(
        'instance with public ip',
        res('AWS::EC2::Instance', { NetworkInterfaces: [{ DeviceIndex: '0', AssociatePublicIpAddress: true }] }),
        T,
      ),
    ],
  },
  SpokeNoInternetEgress: {
    // National hub egress is the point of the hub: not applicable there; no compliant IGW exists in a spoke.
    pass: [],
    fail: [
      one('IGW in a tenancy', res('AWS::EC2::InternetGateway'), T),
      one('NAT in a tenancy', res('AWS::EC2::NatGateway', { SubnetId: 's' }), T),
    ],
  },
  SpokeDefaultRouteToTransitGateway: {
    pass: [
      one(
        'default via TGW',
        res('AWS::EC2::Route', { RouteTableId: 'rt', DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-1' }),
        T,
      ),
    ],
    fail: [
      one(
        'default via IGW',
        res('AWS::EC2::Route', { RouteTableId: 'rt', DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } }),
        T,
      ),
    ],
  },
  VpcAttachedToTransitGateway: {
    pass: [
      {
        note: 'attached',
        ...T,
        resources: {
          R: res('AWS::EC2::VPC', { CidrBlock: '10.1.0.0/16' }),
          A: res('AWS::EC2::TransitGatewayVpcAttachment', { VpcId: { Ref: 'R' }, TransitGatewayId: 'tgw-1', SubnetIds: [] }),
        },
      },
    ],
    fail: [one('not attached', res('AWS::EC2::VPC', { CidrBlock: '10.1.0.0/16' }), T)],
  },
  IamNoUsersOrAccessKeys: {
    pass: [],
    fail: [one('user', res('AWS::IAM::User')), one('access key', res('AWS::IAM::AccessKey', { UserName: 'x' }))],
  },
  SsoAssignmentToGroup: {
    pass: [one('group', res('AWS::SSO::Assignment', { PrincipalType: 'GROUP', PrincipalId: 'g' }))],
    fail: [one('user', res('AWS::SSO::Assignment', { PrincipalType: 'USER', PrincipalId: 'u' }))],
  },
  IamRoleTrustNotOpen: {
    pass: [
      one(
        'service trust',
        res('AWS::IAM::Role', {
          AssumeRolePolicyDocument: {
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
        }),
      ),
      one(
        '* confined to the org',
        res('AWS::IAM::Role', {
          AssumeRolePolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: '*' },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
              },
            ],
          },
        }),
      ),
    ],
    fail: [
      one(
        'open trust',
        res('AWS::IAM::Role', {
          AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] },
        }),
      ),
    ],
  },
  PermissionSetSessionBounded: {
    pass: [
      one('force-admin 4h', res('AWS::SSO::PermissionSet', { Name: 'force-admin', SessionDuration: 'PT4H' })),
      one('default 1h', res('AWS::SSO::PermissionSet', { Name: 'custom' })),
    ],
    fail: [
      one('force-admin 8h', res('AWS::SSO::PermissionSet', { Name: 'force-admin', SessionDuration: 'PT8H' })),
      one('unknown set 12h', res('AWS::SSO::PermissionSet', { Name: 'custom', SessionDuration: 'PT12H' })),
    ],
  },
  EvidenceReaderReadOnly: {
    pass: [
      one(
        'auditor with AWS read-only policies (partition token)',
        res('AWS::SSO::PermissionSet', {
          Name: 'national-auditor',
          ManagedPolicies: [
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/SecurityAudit']] },
            'arn:aws:iam::aws:policy/ReadOnlyAccess',
          ],
        }),
      ),
      one(
        'SOC with SecurityAudit and ViewOnlyAccess',
        res('AWS::SSO::PermissionSet', {
          Name: 'national-security-analyst',
          ManagedPolicies: ['arn:aws:iam::aws:policy/SecurityAudit', 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'],
        }),
      ),
    ],
    fail: [
      one(
        'a permission set whose name is known only at deploy time',
        res('AWS::SSO::PermissionSet', {
          Name: { 'Fn::Join': ['', ['national-', { Ref: 'Role' }]] },
          ManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
        }),
      ),
      one(
        'SOC widened to PowerUserAccess',
        res('AWS::SSO::PermissionSet', {
          Name: 'national-security-analyst',
          ManagedPolicies: ['arn:aws:iam::aws:policy/SecurityAudit', 'arn:aws:iam::aws:policy/PowerUserAccess'],
        }),
      ),
      one(
        'auditor with an inline policy',
        res('AWS::SSO::PermissionSet', {
          Name: 'national-auditor',
          ManagedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
          InlinePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:DeleteObject', Resource: '*' }] },
        }),
      ),
      one(
        'auditor with a customer managed policy named like a read-only one',
        res('AWS::SSO::PermissionSet', {
          Name: 'national-auditor',
          ManagedPolicies: ['arn:aws:iam::123456789012:policy/ReadOnlyAccess'],
          CustomerManagedPolicyReferences: [{ Name: 'extra' }],
        }),
      ),
    ],
  },
  IamRolePermissionsBoundary: {
    pass: [
      {
        note: 'role under the local-assets boundary (Ref)',
        resources: {
          R: res('AWS::IAM::Role', { PermissionsBoundary: { Ref: 'Boundary' } }),
          Boundary: res('AWS::IAM::ManagedPolicy', { ManagedPolicyName: 'nplz-local-assets-boundary', PolicyDocument: {} }),
        },
        ...T,
      },
      one(
        'role under the local-assets boundary (ARN)',
        res('AWS::IAM::Role', { PermissionsBoundary: 'arn:aws:iam::200000000171:policy/nplz-local-assets-boundary' }),
        T,
      ),
    ],
    fail: [
      one('unbounded tenancy role', res('AWS::IAM::Role', { AssumeRolePolicyDocument: {} }), T),
      one(
        'bounded by AdministratorAccess',
        res('AWS::IAM::Role', { PermissionsBoundary: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
        T,
      ),
      {
        note: 'bounded by another policy of the stack',
        resources: {
          R: res('AWS::IAM::Role', { PermissionsBoundary: { Ref: 'Other' } }),
          Other: res('AWS::IAM::ManagedPolicy', { ManagedPolicyName: 'anything-goes', PolicyDocument: {} }),
        },
        ...T,
      },
    ],
  },
  BreakGlassUseAlerted: {
    pass: [{ note: 'alerted by GetAtt', resources: { R: breakGlass, Alert: assumeRule({ 'Fn::GetAtt': ['R', 'Arn'] }) } }],
    fail: [
      one('no rule', breakGlass),
      { note: 'rule without target', resources: { R: breakGlass, Alert: assumeRule({ 'Fn::GetAtt': ['R', 'Arn'] }, []) } },
    ],
  },
  CloudTrailOrganizationTrail: {
    pass: [
      one(
        'org trail',
        res('AWS::CloudTrail::Trail', {
          IsLogging: true,
          IsOrganizationTrail: true,
          IsMultiRegionTrail: true,
          EnableLogFileValidation: true,
          KMSKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] },
          S3BucketName: 'nplz-log-archive-1-eu-west-2',
        }),
      ),
    ],
    fail: [one('single-region unvalidated', res('AWS::CloudTrail::Trail', { IsLogging: true, S3BucketName: 'b' }))],
  },
  LogsDeliveredToNationalArchive: {
    pass: [
      one(
        'flow log to archive',
        res('AWS::EC2::FlowLog', {
          ResourceId: 'vpc',
          ResourceType: 'VPC',
          TrafficType: 'ALL',
          LogDestinationType: 's3',
          LogDestination: 'arn:aws:s3:::nplz-log-archive-111111111111-eu-west-2/flow-logs/',
        }),
      ),
      one('trail to a named archive', res('AWS::CloudTrail::Trail', { S3BucketName: 'central-logs' }), {
        logArchiveBucket: 'central-logs',
      }),
      one(
        'Config to the Config archive',
        res('AWS::Config::DeliveryChannel', { S3BucketName: 'nplz-config-archive-111111111111-eu-west-2' }),
      ),
      one('Config to a named Config archive', res('AWS::Config::DeliveryChannel', { S3BucketName: 'central-config' }), {
        configArchiveBucket: 'central-config',
      }),
    ],
    fail: [
      one(
        'flow log to CloudWatch',
        res('AWS::EC2::FlowLog', { ResourceId: 'vpc', ResourceType: 'VPC', TrafficType: 'ALL', LogGroupName: 'x' }),
      ),
      {
        note: 'flow log to a local bucket',
        resources: {
          R: res('AWS::EC2::FlowLog', { LogDestinationType: 's3', LogDestination: { 'Fn::GetAtt': ['Local', 'Arn'] } }),
          Local: res('AWS::S3::Bucket', { BucketName: 'kent-logs' }),
        },
      },
      one(
        "flow log to a bucket named like an archive that is not the estate's",
        res('AWS::EC2::FlowLog', {
          LogDestinationType: 's3',
          LogDestination: 'arn:aws:s3:::nplz-log-archive-999999999999-eu-west-2/flow-logs/',
        }),
        { logArchiveBucket: 'nplz-log-archive-111111111111-eu-west-2' },
      ),
      one(
        'Config to the object-locked archive, which Config cannot deliver to',
        res('AWS::Config::DeliveryChannel', { S3BucketName: 'nplz-log-archive-111111111111-eu-west-2' }),
      ),
      one(
        "Config to a bucket named like a Config archive that is not the estate's",
        res('AWS::Config::DeliveryChannel', { S3BucketName: 'nplz-config-archive-999999999999-eu-west-2' }),
        { configArchiveBucket: 'nplz-config-archive-111111111111-eu-west-2' },
      ),
      one(
        'trail to a bucket whose name only contains the archive name',
        res('AWS::CloudTrail::Trail', { S3BucketName: 'nplz-log-archive-111111111111-eu-west-2-copy' }),
        { logArchiveBucket: 'nplz-log-archive-111111111111-eu-west-2' },
      ),
    ],
  },
  VpcDefaultSecurityGroupClosed: {
    pass: [
      {
        note: 'a closer names its default group',
        resources: {
          R: res('AWS::EC2::VPC'),
          C: res('Custom::NplzDefaultSecurityGroupClosed', { ServiceToken: 'x', GroupId: { 'Fn::GetAtt': ['R', 'DefaultSecurityGroup'] } }),
        },
      },
    ],
    fail: [
      one('no closer', res('AWS::EC2::VPC')),
      {
        note: "a closer for another VPC's group",
        resources: {
          R: res('AWS::EC2::VPC'),
          O: res('AWS::EC2::VPC'),
          C: res('Custom::NplzDefaultSecurityGroupClosed', { ServiceToken: 'x', GroupId: { 'Fn::GetAtt': ['O', 'DefaultSecurityGroup'] } }),
        },
      },
    ],
  },
  VpcFlowLogEnabled: {
    pass: [
      {
        note: 'flow log by Ref',
        resources: {
          R: res('AWS::EC2::VPC'),
          F: res('AWS::EC2::FlowLog', { ResourceId: { Ref: 'R' }, ResourceType: 'VPC', TrafficType: 'ALL' }),
        },
      },
    ],
    fail: [one('no flow log', res('AWS::EC2::VPC'))],
  },
  FlowLogCapturesAllTraffic: {
    pass: [one('ALL at 60s', res('AWS::EC2::FlowLog', { TrafficType: 'ALL', MaxAggregationInterval: 60 }))],
    fail: [
      one('REJECT only', res('AWS::EC2::FlowLog', { TrafficType: 'REJECT', MaxAggregationInterval: 60 })),
      one('default 600s', res('AWS::EC2::FlowLog', { TrafficType: 'ALL' })),
    ],
  },
  TransitGatewayNoDefaultRouteTable: {
    pass: [
      one(
        'defaults disabled',
        res('AWS::EC2::TransitGateway', {
          DefaultRouteTableAssociation: 'disable',
          DefaultRouteTablePropagation: 'disable',
          AutoAcceptSharedAttachments: 'disable',
        }),
      ),
      one(
        'defaults disabled, shared attachments accepted (they reach nothing until associated)',
        res('AWS::EC2::TransitGateway', {
          DefaultRouteTableAssociation: 'disable',
          DefaultRouteTablePropagation: 'disable',
          AutoAcceptSharedAttachments: 'enable',
        }),
      ),
    ],
    fail: [
      one('CloudFormation defaults', res('AWS::EC2::TransitGateway', {})),
      one(
        'auto-accept with default association: every accepted spoke joins the default table',
        res('AWS::EC2::TransitGateway', { AutoAcceptSharedAttachments: 'enable', DefaultRouteTablePropagation: 'disable' }),
      ),
    ],
  },
  TransitGatewayStaticRouteIsolated: {
    pass: [
      {
        note: 'blackhole to another force',
        resources: {
          Table: tgwTable('kent'),
          R: res('AWS::EC2::TransitGatewayRoute', {
            Blackhole: true,
            DestinationCidrBlock: '10.20.0.0/16',
            TransitGatewayRouteTableId: { Ref: 'Table' },
          }),
        },
        ...ROUTES,
      },
      {
        note: 'default route and hub range to inspection',
        resources: {
          Table: tgwTable('kent'),
          R: res('AWS::EC2::TransitGatewayRoute', {
            DestinationCidrBlock: '10.0.0.0/16',
            TransitGatewayAttachmentId: 'tgw-attach-1',
            TransitGatewayRouteTableId: { Ref: 'Table' },
          }),
        },
        ...ROUTES,
      },
      {
        note: 'a collaboration the tenancy is a member of',
        resources: {
          Table: tgwTable('kent'),
          R: res('AWS::EC2::TransitGatewayRoute', {
            DestinationCidrBlock: '10.30.0.0/17',
            TransitGatewayAttachmentId: 'tgw-attach-1',
            TransitGatewayRouteTableId: { Ref: 'Table' },
          }),
        },
        ...ROUTES,
      },
    ],
    fail: [
      {
        note: "static route to another force's range",
        resources: {
          Table: tgwTable('kent'),
          R: res('AWS::EC2::TransitGatewayRoute', {
            DestinationCidrBlock: '10.20.4.0/24',
            TransitGatewayAttachmentId: 'tgw-attach-1',
            TransitGatewayRouteTableId: { Ref: 'Table' },
          }),
        },
        ...ROUTES,
      },
      {
        note: 'a wide route covering another force',
        resources: {
          Table: tgwTable('kent'),
          R: res('AWS::EC2::TransitGatewayRoute', {
            DestinationCidrBlock: '10.16.0.0/12',
            TransitGatewayAttachmentId: 'tgw-attach-1',
            TransitGatewayRouteTableId: { Ref: 'Table' },
          }),
        },
        ...ROUTES,
      },
      {
        note: 'between two members of one collaboration, directly',
        resources: {
          Table: tgwTable('kent'),
          R: res('AWS::EC2::TransitGatewayRoute', {
            DestinationCidrBlock: '10.40.0.0/16',
            TransitGatewayAttachmentId: 'tgw-attach-1',
            TransitGatewayRouteTableId: { Ref: 'Table' },
          }),
        },
        ...ROUTES,
      },
    ],
  },
  SpokeRouteToTransitGatewayIsolated: {
    pass: [
      one(
        'default route to the hub',
        res('AWS::EC2::Route', { DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-1', RouteTableId: 'rtb-1' }),
        { ...T, ...ROUTES },
      ),
    ],
    fail: [
      one(
        "another force's range to the hub",
        res('AWS::EC2::Route', { DestinationCidrBlock: '10.20.0.0/16', TransitGatewayId: 'tgw-1', RouteTableId: 'rtb-1' }),
        { ...T, ...ROUTES },
      ),
    ],
  },
  TransitGatewayRoutingIsolated: {
    pass: [
      {
        note: 'own association',
        target: 'P',
        resources: {
          Table: tgwTable('kent'),
          P: { ...propagation('kent-prod-Association'), Type: 'AWS::EC2::TransitGatewayRouteTableAssociation' },
        },
      },
      {
        note: 'declared collaboration',
        target: 'P',
        collaborations: { 'se-collab': ['kent', 'essex'] },
        resources: { Table: tgwTable('kent'), P: propagation('kent-prod-From-se-collab-prod') },
      },
      {
        note: 'attachment tagged with the same tenancy',
        target: 'P',
        resources: {
          Table: tgwTable('kent'),
          Att: res('AWS::EC2::TransitGatewayVpcAttachment', { Tags: [{ Key: 'nplz:tenancy', Value: 'kent' }] }),
          P: res('AWS::EC2::TransitGatewayRouteTablePropagation', {
            TransitGatewayAttachmentId: { Ref: 'Att' },
            TransitGatewayRouteTableId: { Ref: 'Table' },
          }),
        },
      },
    ],
    fail: [
      {
        note: 'another force propagates in',
        target: 'P',
        collaborations: { 'se-collab': ['kent', 'essex'] },
        resources: { Table: tgwTable('kent'), P: propagation('kent-prod-From-surrey-prod') },
      },
      {
        note: 'crossing without any collaboration evidence',
        target: 'P',
        resources: { Table: tgwTable('kent'), P: propagation('kent-prod-From-essex-prod') },
      },
      {
        note: 'an attachment of unknown tenancy propagates in',
        target: 'P',
        resources: { Table: tgwTable('kent'), P: propagation('SomeOtherPropagation') },
      },
      {
        note: 'an attachment of unknown tenancy is associated',
        target: 'P',
        resources: {
          Table: tgwTable('kent'),
          Att: res('AWS::EC2::TransitGatewayVpcAttachment', {}),
          P: res('AWS::EC2::TransitGatewayRouteTableAssociation', {
            TransitGatewayAttachmentId: { Ref: 'Att' },
            TransitGatewayRouteTableId: { Ref: 'Table' },
          }),
        },
      },
      {
        note: 'foreign attachment associated',
        target: 'P',
        resources: {
          Table: tgwTable('kent'),
          Att: res('AWS::EC2::TransitGatewayVpcAttachment', { Tags: [{ Key: 'nplz:tenancy', Value: 'essex' }] }),
          P: res('AWS::EC2::TransitGatewayRouteTableAssociation', {
            TransitGatewayAttachmentId: { Ref: 'Att' },
            TransitGatewayRouteTableId: { Ref: 'Table' },
          }),
        },
      },
    ],
  },
  SpokeNoVpcPeering: {
    pass: [],
    fail: [one('peering in a tenancy', res('AWS::EC2::VPCPeeringConnection', { VpcId: 'a', PeerVpcId: 'b' }), T)],
  },
  ScpRegionGuardrailMatchesBaseline: {
    pass: [one('baseline regions and global services', regionScp(['eu-west-2'], ['iam:*', 'sts:*']))],
    fail: [
      one('extra region', regionScp(['eu-west-2', 'us-east-1'], ['iam:*'])),
      one('regional service exempted', regionScp(['eu-west-2'], ['iam:*', 'ec2:*'])),
    ],
  },
  GuardrailPolicyAttached: {
    pass: [one('attached', scp({ Statement: [] }))],
    fail: [one('detached', scp({ Statement: [] }, []))],
  },
  NetworkFirewallDeleteProtected: {
    pass: [one('protected', res('AWS::NetworkFirewall::Firewall', { DeleteProtection: true, SubnetChangeProtection: true }))],
    fail: [one('unprotected', res('AWS::NetworkFirewall::Firewall', { DeleteProtection: false }))],
  },
  RequiredTagsPresent: {
    pass: [
      one('stack tags', res('AWS::S3::Bucket'), T),
      one('own tags', res('AWS::SQS::Queue', { Tags: Object.entries(TENANCY).map(([Key, Value]) => ({ Key, Value })) })),
    ],
    fail: [
      one('no tags', res('AWS::S3::Bucket')),
      one('cost-centre missing', res('AWS::KMS::Key', { Tags: [{ Key: 'nplz:force', Value: 'kent' }] }), {
        stackTags: { ...TENANCY, 'cost-centre': '' },
      }),
    ],
  },
  ClassificationTagged: {
    pass: [one('OFFICIAL-SENSITIVE', res('AWS::S3::Bucket', { Tags: [{ Key: 'nplz:classification', Value: 'OFFICIAL-SENSITIVE' }] }))],
    fail: [
      one('missing', res('AWS::S3::Bucket')),
      one('SECRET', res('AWS::S3::Bucket', { Tags: [{ Key: 'nplz:classification', Value: 'SECRET' }] })),
    ],
  },
  BudgetNotifies: {
    pass: [one('80 and 100', budget([80, 100]))],
    fail: [one('only 100', budget([100])), one('no notifications', budget([]))],
  },
  BudgetUnitAccepted: {
    pass: [one('USD', budget([80, 100]))],
    fail: [one('GBP (the currency the forces are invoiced in)', budget([80, 100], 'GBP')), one('lower-case usd', budget([80, 100], 'usd'))],
  },
  GuardDutyDetectorEnabled: {
    pass: [one('enabled', res('AWS::GuardDuty::Detector', { Enable: true }))],
    fail: [one('disabled', res('AWS::GuardDuty::Detector', { Enable: false }))],
  },
  SecurityHubStandardsEnabled: {
    pass: [
      {
        note: 'both standards beside the hub',
        resources: {
          R: res('AWS::SecurityHub::Hub'),
          S1: res('AWS::SecurityHub::Standard', {
            StandardsArn: {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:eu-west-2::standards/aws-foundational-security-best-practices/v/1.0.0'],
              ],
            },
          }),
          S2: res('AWS::SecurityHub::Standard', {
            StandardsArn: 'arn:aws:securityhub:eu-west-2::standards/cis-aws-foundations-benchmark/v/3.0.0',
          }),
        },
      },
      { note: 'a central configuration policy on the root with both standards', resources: securityHubCentral(), stackTags: NATIONAL },
    ],
    fail: [
      one('no standards (and not the national platform)', res('AWS::SecurityHub::Hub')),
      one('a tenancy hub with no standards', res('AWS::SecurityHub::Hub'), T),
      {
        note: 'a national hub with one of the two standards beside it',
        resources: {
          R: res('AWS::SecurityHub::Hub'),
          S1: res('AWS::SecurityHub::Standard', {
            StandardsArn: 'arn:aws:securityhub:eu-west-2::standards/cis-aws-foundations-benchmark/v/3.0.0',
          }),
        },
        stackTags: NATIONAL,
      },
      { note: 'a policy with ServiceEnabled false', resources: securityHubCentral({ serviceEnabled: false }), stackTags: NATIONAL },
      {
        note: 'a policy missing one baseline standard',
        resources: securityHubCentral({ standards: [SECURITY_HUB_STANDARD_ARNS[1]!] }),
        stackTags: NATIONAL,
      },
      {
        note: 'a policy associated with an OU only',
        resources: securityHubCentral({ target: 'ORGANIZATIONAL_UNIT' }),
        stackTags: NATIONAL,
      },
      { note: 'a policy not associated at all', resources: securityHubCentral({ target: 'none' }), stackTags: NATIONAL },
      {
        note: 'the root associated self-managed, not with the policy',
        resources: securityHubCentral({ rootPolicyId: 'SELF_MANAGED_SECURITY_HUB' }),
        stackTags: NATIONAL,
      },
    ],
  },
  ConfigRecorderAllResources: {
    pass: [
      one(
        'all supported',
        res('AWS::Config::ConfigurationRecorder', {
          RoleARN: 'r',
          RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
        }),
      ),
    ],
    fail: [
      one(
        'selected types',
        res('AWS::Config::ConfigurationRecorder', {
          RoleARN: 'r',
          RecordingGroup: { AllSupported: false, ResourceTypes: ['AWS::S3::Bucket'] },
        }),
      ),
    ],
  },
  ConfigAggregatorOrganizationWide: {
    pass: [
      one(
        'org, all regions',
        res('AWS::Config::ConfigurationAggregator', { OrganizationAggregationSource: { RoleArn: 'r', AllAwsRegions: true } }),
      ),
    ],
    fail: [
      one('accounts only', res('AWS::Config::ConfigurationAggregator', { AccountAggregationSources: [{ AccountIds: ['1'] }] })),
      one(
        'wrong region',
        res('AWS::Config::ConfigurationAggregator', { OrganizationAggregationSource: { RoleArn: 'r', AwsRegions: ['us-east-1'] } }),
      ),
    ],
  },
  SocFindingsRouted: {
    pass: [
      { note: 'HIGH and CRITICAL to a topic', resources: { R: socRule(['HIGH', 'CRITICAL']), Topic: res('AWS::SNS::Topic') } },
      { note: 'every severity', resources: { R: socRule(undefined), Topic: res('AWS::SNS::Topic') } },
    ],
    fail: [
      { note: 'CRITICAL only', resources: { R: socRule(['CRITICAL']), Topic: res('AWS::SNS::Topic') } },
      one('to a queue', socRule(['HIGH', 'CRITICAL'], 'arn:aws:sqs:eu-west-2:1:q')),
    ],
  },
  MonitoringRuleHasTarget: {
    pass: [
      one('alarm with action', res('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: 'Topic' }], MetricName: 'RootUse' })),
      one('rule with target', assumeRule('arn', [{ Arn: { Ref: 'Topic' }, Id: 'T' }])),
    ],
    fail: [
      one('alarm without action', res('AWS::CloudWatch::Alarm', { MetricName: 'RootUse' })),
      one('rule without target', assumeRule('arn', [])),
    ],
  },
  StackInAllowedRegion: {
    pass: [
      one('eu-west-2', res('AWS::S3::Bucket'), { region: 'eu-west-2' }),
      // The management account's global-events stack (AWS_GLOBAL_EVENTS_DEPLOYMENT): its rules, their role and its policy.
      globalEventsCase('a global-events rule in us-east-1', 'Rule'),
      globalEventsCase('the Organizations rule', 'Org'),
      globalEventsCase('the break-glass rule, any account of the estate', 'BreakGlass'),
      globalEventsCase('the global-events forwarder role', 'Role'),
      globalEventsCase("the forwarder role's policy", 'Policy'),
    ],
    fail: [
      one('us-east-1', res('AWS::S3::Bucket'), { region: 'us-east-1' }),
      one('a rule in us-east-1 not named as a global-events rule', res('AWS::Events::Rule', { Name: 'force-rule' }), {
        region: 'us-east-1',
      }),
      one('a global-events rule name in another disallowed region', res('AWS::Events::Rule', { Name: 'nplz-baseline-global-RootUse' }), {
        region: 'eu-central-1',
      }),
      one('another role in us-east-1', res('AWS::IAM::Role', { RoleName: 'force-admin' }), { region: 'us-east-1' }),
      globalEventsCase('a policy attached to another role in us-east-1', 'Policy', {
        Other: res('AWS::IAM::Role', { RoleName: 'x' }),
        Policy: res('AWS::IAM::Policy', { ...GLOBAL_EVENTS_STACK.Policy!.Properties, Roles: [{ Ref: 'Other' }] }),
      }),
      // Hostile: the right names and types, doing something else.
      globalEventsCase('the forwarder role name trusting AWS:* with AdministratorAccess', 'Role', {
        Role: res('AWS::IAM::Role', {
          RoleName: 'nplz-global-events-forwarder',
          AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: '*' } }] },
          ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
        }),
      }),
      globalEventsCase('a *:* policy attached to the forwarder role', 'Policy', {
        Policy: res('AWS::IAM::Policy', {
          PolicyName: 'P',
          PolicyDocument: { Statement: [{ Action: '*', Effect: 'Allow', Resource: '*' }] },
          Roles: [{ Ref: 'Role' }],
        }),
      }),
      globalEventsCase("a rule named under the global prefix sending every event to account 999999999999's bus", 'Exfil', {
        Exfil: res('AWS::Events::Rule', {
          Name: 'nplz-baseline-global-exfil',
          EventPattern: { source: [{ prefix: '' }] },
          State: 'ENABLED',
          Targets: [
            { Arn: 'arn:aws:events:us-east-1:999999999999:event-bus/default', Id: 'T', RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] } },
          ],
        }),
      }),
      globalEventsCase('a baseline rule name with its pattern widened to every event', 'Rule', {
        Rule: globalRule('RootUse', { source: [{ prefix: '' }] }),
      }),
      globalEventsCase('a baseline rule also targeting another bus', 'Rule', {
        Rule: res('AWS::Events::Rule', {
          ...GLOBAL_EVENTS_STACK.Rule!.Properties,
          Targets: [...socTargets, { Arn: 'arn:aws:events:us-east-1:999999999999:event-bus/default', Id: 'T1' }],
        }),
      }),
      globalEventsCase('a baseline rule on a custom bus', 'Rule', {
        Rule: res('AWS::Events::Rule', { ...GLOBAL_EVENTS_STACK.Rule!.Properties, EventBusName: 'other' }),
      }),
      globalEventsCase('the forwarder policy allowing PutEvents on another bus', 'Policy', {
        Policy: res('AWS::IAM::Policy', {
          PolicyName: 'P',
          PolicyDocument: {
            Statement: [
              { Action: 'events:PutEvents', Effect: 'Allow', Resource: 'arn:aws:events:us-east-1:999999999999:event-bus/default' },
            ],
          },
          Roles: [{ Ref: 'Role' }],
        }),
      }),
      // The exact footprint, but not the management account's national stack.
      globalEventsCase(
        "the exact footprint in a force's stack in us-east-1",
        'Rule',
        {},
        { stackTags: { 'nplz:force': 'kent' }, account: '200000000171' },
      ),
      globalEventsCase('the exact footprint in a national stack of another account', 'Rule', {}, { account: '100000000003' }),
      globalEventsCase('the exact footprint where the management account is not known', 'Role', {}, { managementAccount: undefined }),
    ],
  },
  BackupVaultLocked: {
    pass: [one('compliance-mode lock holding the baseline retention', vault({ ...VAULT_LOCK, ChangeableForDays: 3 }))],
    fail: [
      one('no Vault Lock', vault(undefined)),
      one('governance mode (no ChangeableForDays)', vault(VAULT_LOCK)),
      one('a minimum shorter than the baseline', vault({ ...VAULT_LOCK, MinRetentionDays: 1, ChangeableForDays: 3 })),
    ],
  },
};

/** Rules with no compliant case: the resource type itself is the violation (in the scope where the rule applies). */
export const ALWAYS_NON_COMPLIANT = ['IamNoUsersOrAccessKeys', 'SpokeNoInternetEgress', 'SpokeNoVpcPeering'];

export { N as NATIONAL_CTX, T as TENANCY_CTX };
