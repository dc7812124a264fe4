import type { Baseline } from '@nplz/core';
import { names } from './names';

/** An IAM-style policy document as Organizations stores it. */
export interface PolicyDocumentJson {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Record<string, unknown>[];
}

/** One rendered guardrail: a named SCP or RCP. */
export interface RenderedGuardrail {
  readonly name: string;
  readonly description: string;
  readonly type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  /** Which top-level OUs it attaches to. */
  readonly attachTo: 'workloads' | 'suspended';
  readonly document: PolicyDocumentJson;
}

/**
 * The actions each baseline switch denies. These are the meaning of the switch (what
 * "protect security services" is), not tunable parameters; the baseline decides whether a
 * switch is on.
 */
const SECURITY_SERVICE_ACTIONS = [
  'cloudtrail:DeleteTrail',
  'cloudtrail:StopLogging',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
  'config:DeleteConfigurationRecorder',
  'config:DeleteDeliveryChannel',
  'config:PutConfigurationRecorder',
  'config:PutDeliveryChannel',
  'config:StopConfigurationRecorder',
  'config:DeleteConfigRule',
  'config:DeleteConfigurationAggregator',
  'guardduty:DeleteDetector',
  'guardduty:DisassociateFromMasterAccount',
  'guardduty:DisassociateFromAdministratorAccount',
  'guardduty:UpdateDetector',
  'guardduty:DeleteMembers',
  'guardduty:StopMonitoringMembers',
  'securityhub:DisableSecurityHub',
  'securityhub:DisassociateFromMasterAccount',
  'securityhub:DisassociateFromAdministratorAccount',
  'securityhub:BatchDisableStandards',
  'securityhub:DeleteMembers',
  'access-analyzer:DeleteAnalyzer',
  'ec2:DeleteFlowLogs',
  'ec2:DisableEbsEncryptionByDefault',
  'kms:ScheduleKeyDeletion',
  'kms:DisableKey',
];
/**
 * Tuning detection: filters that auto-archive GuardDuty findings and trusted IP lists suppress
 * detection without switching it off, and disabling one Security Hub control at a time blinds a
 * standard as surely as disabling it. The national SOC tunes both from the security (audit)
 * account, the delegated administrator, so principals of that account are exempt as well.
 */
const DETECTION_TUNING_ACTIONS = [
  'guardduty:CreateFilter',
  'guardduty:UpdateFilter',
  'guardduty:CreateIPSet',
  'guardduty:UpdateIPSet',
  'securityhub:UpdateStandardsControl',
  'securityhub:BatchUpdateStandardsControlAssociations',
];
/**
 * Everything that creates, changes, hands over or removes a role. Denied on the roles the
 * guardrails exempt (so no one can make themselves exempt by creating or re-tagging one, or by
 * passing one to a service they control) unless the caller is already exempt.
 */
const PROTECTED_ROLE_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PassRole',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
];
/**
 * What would let an administrator of the log archive account rewrite or empty the national
 * archives: their policies (which deny deletion), versioning, lifecycle, lock, encryption and
 * access logging, and deleting objects. Legal holds and longer retention stay allowed.
 */
const ARCHIVE_ACTIONS = [
  's3:BypassGovernanceRetention',
  's3:DeleteBucketPolicy',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:PutBucketLogging',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketPolicy',
  's3:PutBucketVersioning',
  's3:PutEncryptionConfiguration',
  's3:PutLifecycleConfiguration',
];
/** The national archive buckets (and, as `*` spans `/`, their objects), by the names LogArchive gives. */
const ARCHIVE_BUCKETS = [names.logArchiveBucket('*', '*'), names.configArchiveBucket('*', '*')].map(
  (b) => `arn:aws:s3:::${b.replace('*-*', '*')}`,
);
/**
 * The account baseline's alerting: its EventBridge rules (named `nplz-baseline-*` by the baseline,
 * whichever stack deploys them) and its SNS topics (`nplz-*`).
 */
const ALERT_ACTIONS = [
  'events:DeleteRule',
  'events:DisableRule',
  'events:PutRule',
  'events:PutTargets',
  'events:RemoveTargets',
  'sns:AddPermission',
  'sns:DeleteTopic',
  'sns:RemovePermission',
  'sns:SetTopicAttributes',
];
const ALERT_RESOURCES = [`arn:aws:events:*:*:rule/${names.baselineAlertRulePrefix}*`, `arn:aws:sns:*:*:${names.protectedRolePrefix}*`];
/**
 * Backups (NPLZ-RET-04): every account's locked vault, its lock and access policy, and any recovery
 * point (whose ARN does not name its vault). Recovery points expire by the backup policy's lifecycle,
 * which AWS Backup applies itself; the backup role (`nplz-backup`) is protected with the baseline roles.
 */
const BACKUP_VAULT_ACTIONS = [
  'backup:DeleteBackupVault',
  'backup:DeleteBackupVaultAccessPolicy',
  'backup:DeleteBackupVaultLockConfiguration',
  'backup:DeleteBackupVaultNotifications',
  'backup:PutBackupVaultAccessPolicy',
  'backup:PutBackupVaultLockConfiguration',
];
const RECOVERY_POINT_ACTIONS = ['backup:DeleteRecoveryPoint', 'backup:DisassociateRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'];
const BACKUP_RESOURCES = [`arn:aws:backup:*:*:backup-vault:${names.backupVault}`, 'arn:aws:backup:*:*:recovery-point:*'];
/**
 * Identities beside the national Identity Center: other OIDC or SAML providers, and IAM Roles
 * Anywhere trust anchors (certificates from any CA become credentials).
 */
const OTHER_IDENTITY_ACTIONS = [
  'iam:AddClientIDToOpenIDConnectProvider',
  'iam:CreateOpenIDConnectProvider',
  'iam:CreateSAMLProvider',
  'iam:UpdateOpenIDConnectProviderThumbprint',
  'iam:UpdateSAMLProvider',
  'rolesanywhere:CreateTrustAnchor',
  'rolesanywhere:UpdateTrustAnchor',
];
/** Ways out of a spoke that do not pass the hub's inspection: internet gateways and peering. */
const INTERNET_PATH_ACTIONS = [
  'ec2:AcceptVpcPeeringConnection',
  'ec2:AttachInternetGateway',
  'ec2:CreateEgressOnlyInternetGateway',
  'ec2:CreateInternetGateway',
  'ec2:CreateVpcPeeringConnection',
];
const IAM_USER_ACTIONS = ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'];
/** Deleting the account public access block is authorised by s3:PutAccountPublicAccessBlock too; there is no separate delete action. */
const PUBLIC_S3_ACTIONS = ['s3:PutAccountPublicAccessBlock'];
const LEAVE_ORG_ACTIONS = ['organizations:LeaveOrganization'];
/** Services that support resource control policies and hold organisation data. */
const DATA_PERIMETER_ACTIONS = ['s3:*', 'sts:AssumeRole', 'kms:*', 'sqs:*', 'secretsmanager:*'];

/** The role CloudFormation StackSets (service-managed) runs as in every member account. */
const STACKSETS_EXECUTION_ROLE = 'stacksets-exec-*';

/**
 * Roles that operate the landing zone in any account, and so may change what the guardrails
 * protect: NPLZ's own roles (`nplz-*`, which only the exempt may create) and the CloudFormation
 * StackSets execution role that rolls the account baseline out.
 */
export const EXEMPT_ROLE_NAMES = [`${names.protectedRolePrefix}*`, STACKSETS_EXECUTION_ROLE] as const;

/** Options beside the baseline that shape the guardrails. */
export interface GuardrailOptions {
  /**
   * The national accounts (log archive, audit, network) under the guardrailed OUs whose CDK
   * deployment roles (`cdk-*`) deploy the national stacks. Only there are CDK roles exempt: in a
   * force account a force administrator could create a `cdk-*` role and switch the guardrails off.
   * @default - no CDK role is exempt anywhere
   */
  readonly nationalAccounts?: readonly string[];
  /**
   * The security (audit) account: the GuardDuty and Security Hub delegated administrator, from
   * which the national SOC tunes detection (filters, trusted IP lists, control status).
   * @default - detection tuning is exempt only for the exempt roles
   */
  readonly securityAccount?: string;
}

/** The principal ARN patterns the protective statements exempt. */
export function exemptPrincipalArns(options: GuardrailOptions = {}): string[] {
  return [
    ...EXEMPT_ROLE_NAMES.map((r) => `arn:aws:iam::*:role/${r}`),
    ...(options.nationalAccounts ?? []).map((a) => `arn:aws:iam::${a}:role/cdk-*`),
  ];
}

/** Render every guardrail the baseline switches on. Pure: same baseline and org, same JSON. */
export function renderGuardrails(baseline: Baseline, organizationId: string, options: GuardrailOptions = {}): RenderedGuardrail[] {
  const g = baseline.guardrails.aws;
  const exempt = { ArnNotLike: { 'aws:PrincipalARN': exemptPrincipalArns(options) } };
  const out: RenderedGuardrail[] = [];

  if (g.denyNonUkRegions) {
    out.push({
      name: 'nplz-uk-regions-only',
      description: `Baseline ${baseline.version}: deny requests outside ${baseline.regions.aws.allowed.join(', ')}, except global services.`,
      type: 'SERVICE_CONTROL_POLICY',
      attachTo: 'workloads',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyOutsideAllowedRegions',
            Effect: 'Deny',
            NotAction: [...baseline.regions.aws.globalServiceActions],
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:RequestedRegion': [...baseline.regions.aws.allowed] } },
          },
        ],
      },
    });
  }

  const identity: Record<string, unknown>[] = [];
  if (g.denyRootUser) {
    identity.push({
      Sid: 'DenyRootUser',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { StringLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:root'] } },
    });
  }
  if (g.denyIamUsersAndKeys) {
    identity.push({ Sid: 'DenyIamUsersAndAccessKeys', Effect: 'Deny', Action: IAM_USER_ACTIONS, Resource: '*' });
    identity.push({ Sid: 'DenyOtherIdentityProviders', Effect: 'Deny', Action: OTHER_IDENTITY_ACTIONS, Resource: '*', Condition: exempt });
  }
  if (g.denyLeaveOrganization) {
    identity.push({ Sid: 'DenyLeaveOrganization', Effect: 'Deny', Action: LEAVE_ORG_ACTIONS, Resource: '*' });
  }
  if (identity.length) {
    out.push({
      name: 'nplz-identity',
      description: `Baseline ${baseline.version}: no root use, no IAM users or long-lived keys, no leaving the organisation.`,
      type: 'SERVICE_CONTROL_POLICY',
      attachTo: 'workloads',
      document: { Version: '2012-10-17', Statement: identity },
    });
  }

  const protect: Record<string, unknown>[] = [];
  if (g.protectSecurityServices) {
    protect.push({ Sid: 'ProtectSecurityServices', Effect: 'Deny', Action: SECURITY_SERVICE_ACTIONS, Resource: '*', Condition: exempt });
    protect.push({
      Sid: 'ProtectDetectionTuning',
      Effect: 'Deny',
      Action: DETECTION_TUNING_ACTIONS,
      Resource: '*',
      Condition: options.securityAccount ? { ...exempt, StringNotEquals: { 'aws:PrincipalAccount': options.securityAccount } } : exempt,
    });
    protect.push({ Sid: 'ProtectBaselineAlerts', Effect: 'Deny', Action: ALERT_ACTIONS, Resource: ALERT_RESOURCES, Condition: exempt });
    protect.push({ Sid: 'DenyInternetPaths', Effect: 'Deny', Action: INTERNET_PATH_ACTIONS, Resource: '*', Condition: exempt });
    protect.push({ Sid: 'ProtectLogArchives', Effect: 'Deny', Action: ARCHIVE_ACTIONS, Resource: ARCHIVE_BUCKETS, Condition: exempt });
    protect.push({
      Sid: 'ProtectBaselineRoles',
      Effect: 'Deny',
      Action: PROTECTED_ROLE_ACTIONS,
      Resource: EXEMPT_ROLE_NAMES.map((r) => `arn:aws:iam::*:role/${r}`),
      Condition: exempt,
    });
  }
  if (g.denyPublicS3) {
    protect.push({ Sid: 'DenyPublicS3Changes', Effect: 'Deny', Action: PUBLIC_S3_ACTIONS, Resource: '*', Condition: exempt });
  }
  if (g.requireImdsV2) {
    protect.push({
      Sid: 'RequireImdsV2',
      Effect: 'Deny',
      Action: 'ec2:RunInstances',
      Resource: 'arn:aws:ec2:*:*:instance/*',
      Condition: { StringNotEquals: { 'ec2:MetadataHttpTokens': 'required' } },
    });
  }
  if (protect.length) {
    out.push({
      name: 'nplz-protect-baseline',
      description: `Baseline ${baseline.version}: protect trails, Config, the log archives, GuardDuty, Security Hub, the baseline alerts, baseline roles, the public-access block and the hub as the only way out.`,
      type: 'SERVICE_CONTROL_POLICY',
      attachTo: 'workloads',
      document: { Version: '2012-10-17', Statement: protect },
    });
  }

  // Its own policy: the protective one is at the Organizations size quota.
  if (g.protectSecurityServices) {
    out.push({
      name: 'nplz-protect-backups',
      description: `Baseline ${baseline.version}: no one but the baseline's deployers deletes or unlocks the backup vault, or deletes or shortens a recovery point.`,
      type: 'SERVICE_CONTROL_POLICY',
      attachTo: 'workloads',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ProtectBackups',
            Effect: 'Deny',
            Action: [...BACKUP_VAULT_ACTIONS, ...RECOVERY_POINT_ACTIONS],
            Resource: BACKUP_RESOURCES,
            Condition: exempt,
          },
        ],
      },
    });
  }

  if (g.dataPerimeter) {
    out.push({
      name: 'nplz-data-perimeter',
      description: `Baseline ${baseline.version}: only principals of organisation ${organizationId} (or AWS services) reach organisation data.`,
      type: 'RESOURCE_CONTROL_POLICY',
      attachTo: 'workloads',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'EnforceOrganizationIdentities',
            Effect: 'Deny',
            Principal: '*',
            Action: DATA_PERIMETER_ACTIONS,
            Resource: '*',
            Condition: {
              StringNotEqualsIfExists: { 'aws:PrincipalOrgID': organizationId },
              BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
            },
          },
        ],
      },
    });
  }

  out.push({
    name: 'nplz-suspended-deny-all',
    description: 'Suspended accounts can do nothing until they are closed or reinstated.',
    type: 'SERVICE_CONTROL_POLICY',
    attachTo: 'suspended',
    document: { Version: '2012-10-17', Statement: [{ Sid: 'DenyAll', Effect: 'Deny', Action: '*', Resource: '*' }] },
  });
  return out;
}

/** A tag policy that fixes the spelling of every required tag key. */
export function renderTagPolicy(baseline: Baseline): Record<string, unknown> {
  const tags: Record<string, unknown> = {};
  for (const t of baseline.requiredTags) tags[t.key] = { tag_key: { '@@assign': t.key } };
  return { tags };
}

/** The size AWS counts: the document without insignificant whitespace. */
export function policySize(document: unknown): number {
  return JSON.stringify(document).length;
}
