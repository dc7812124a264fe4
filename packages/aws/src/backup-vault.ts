import { Duration, RemovalPolicy, Stack, Validations, aws_backup as backup, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ALLOWED_CLASSIFICATIONS, backupSettingsDefects, NplzError, type Baseline, type Classification } from '@nplz/core';
import { restrictGrantsToAwsServices } from './private/acknowledge';
import { names } from './private/names';

/** AWS Organizations' limit on a backup policy document, in characters. */
export const BACKUP_POLICY_MAX_CHARS = 10_000;

/** The key alias of every account's backup vault key. */
export const BACKUP_KEY_ALIAS = 'alias/nplz/backup';

/** The AWS managed policies the backup role carries: what AWS Backup needs to back up every supported type, S3 included. */
const BACKUP_ROLE_POLICIES = ['service-role/AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForS3Backup'];

export interface AccountBackupVaultProps {
  /** The baseline whose `backup.aws.vaultLock` the vault is locked with. */
  readonly baseline: Baseline;
}

/** Refuse backup settings the clouds would refuse or silently fail on, with the field and what is allowed. */
function assertSoundBackupSettings(baseline: Baseline, path: string): void {
  const defects = backupSettingsDefects(baseline.backup);
  if (defects.length) {
    throw NplzError.of({
      path,
      received: baseline.version,
      message: `baseline ${baseline.version} has backup settings AWS Backup cannot honour: ${defects.join('; ')}`,
      allowed: 'backup settings within the documented AWS Backup limits',
    });
  }
}

/**
 * What every account holds for the organisation backup policy: the vault its plans back up to
 * (`nplz-backup-vault`, Vault Lock in compliance mode from the baseline, encrypted with a key of the
 * account's own) and the role AWS Backup assumes (`nplz-backup`, under the protected prefix).
 * Both must exist before the effective policy creates its plans in the account, so the fleet
 * StackSet deploys them with the account baseline.
 */
export class AccountBackupVault extends Construct {
  public readonly vault: backup.CfnBackupVault;
  public readonly key: kms.Key;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AccountBackupVaultProps) {
    super(scope, id);
    const { baseline } = props;
    assertSoundBackupSettings(baseline, 'AccountBackupVault.baseline.backup');
    const stack = Stack.of(this);
    const lock = baseline.backup.aws.vaultLock;

    this.key = new kms.Key(this, 'Key', {
      description: 'NPLZ backup vault',
      alias: BACKUP_KEY_ALIAS,
      enableKeyRotation: baseline.encryption.keyRotation,
      pendingWindow: Duration.days(baseline.encryption.keyDeletionWindowDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    restrictGrantsToAwsServices(this.key);

    this.vault = new backup.CfnBackupVault(this, 'Vault', {
      backupVaultName: names.backupVault,
      encryptionKeyArn: this.key.keyArn,
      // Compliance mode: with ChangeableForDays set, the lock becomes immutable once that many days have passed.
      lockConfiguration: {
        minRetentionDays: lock.minRetentionDays,
        maxRetentionDays: lock.maxRetentionDays,
        changeableForDays: lock.changeableForDays,
      },
    });
    // A vault with recovery points cannot be deleted anyway; a retained one keeps them when the code is removed.
    this.vault.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.role = new iam.Role(this, 'Role', {
      roleName: names.backupRole,
      description: 'AWS Backup backs up resources enrolled by the organisation backup policy',
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
      }),
      managedPolicies: BACKUP_ROLE_POLICIES.map((p) => iam.ManagedPolicy.fromAwsManagedPolicyName(p)),
    });
    for (const p of BACKUP_ROLE_POLICIES) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${p}]`,
        reason:
          'AWS publishes and maintains this policy as the permissions AWS Backup needs to back up each resource type it supports; the role is assumable only by AWS Backup for this account.',
      });
    }
    this.key.grantEncryptDecrypt(this.role);
    // The grant names one key (this vault's); only its action names carry wildcards, as KMS groups them.
    const grantPolicy = this.role.node.tryFindChild('DefaultPolicy');
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      Validations.of(grantPolicy ?? this.role).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${action} is KMS's own family of encrypt/re-encrypt actions, granted on the vault's key alone so AWS Backup can encrypt recovery points.`,
      });
    }
  }
}

/** The plan name of a classification in the backup policy: `nplz-official`, `nplz-official-sensitive`. */
export function backupPlanName(c: Classification): string {
  return `nplz-${c.toLowerCase()}`;
}

/** `cron(M H ? * * *)` from `HH:MM` (UTC). */
function dailyCron(at: string): string {
  const [h, m] = at.split(':').map(Number);
  return `cron(${m} ${h} ? * * *)`;
}

/**
 * The AWS Organizations backup policy (type BACKUP_POLICY) of the baseline: one plan per
 * classification, each backing up daily to every account's `nplz-backup-vault`, in the baseline's
 * regions, the resources whose enrolment tag names that classification, as the account's
 * `nplz-backup` role (`$account` is the backup policy's own variable for the account it applies
 * to). Syntax: AWS Organizations User Guide, "Backup policy syntax and examples" (`@@assign` on
 * every value; numbers are strings there).
 */
export function renderBackupPolicy(baseline: Baseline): Record<string, unknown> {
  assertSoundBackupSettings(baseline, 'renderBackupPolicy.baseline.backup');
  const b = baseline.backup;
  const assign = (v: unknown) => ({ '@@assign': v });
  const plans: Record<string, unknown> = {};
  for (const c of ALLOWED_CLASSIFICATIONS) {
    plans[backupPlanName(c)] = {
      regions: assign([...baseline.regions.aws.allowed]),
      rules: {
        'nplz-daily': {
          schedule_expression: assign(dailyCron(b.dailyAtUtc)),
          start_backup_window_minutes: assign(String(b.aws.startWindowMinutes)),
          complete_backup_window_minutes: assign(String(b.aws.completionWindowMinutes)),
          lifecycle: { delete_after_days: assign(String(b.retentionDays[c])) },
          target_backup_vault_name: assign(names.backupVault),
        },
      },
      selections: {
        tags: {
          'nplz-enrolled': {
            iam_role_arn: assign(`arn:aws:iam::$account:role/${names.backupRole}`),
            tag_key: assign(b.enrolmentTag),
            tag_value: assign([c]),
          },
        },
      },
    };
  }
  const policy = { plans };
  const size = JSON.stringify(policy).length;
  if (size > BACKUP_POLICY_MAX_CHARS) {
    throw new Error(
      `the backup policy of baseline ${baseline.version} is ${size} characters; AWS Organizations allows at most ${BACKUP_POLICY_MAX_CHARS} per backup policy`,
    );
  }
  return policy;
}
