import { ALLOWED_CLASSIFICATIONS, AWS_NAMES } from '@nplz/core';
import type { AwsRule } from '../types';
import { asNumber, fail, flatText } from '../private/cfn';

export const BackupVaultLocked: AwsRule = {
  name: 'BackupVaultLocked',
  control: 'NPLZ-RET-04',
  resourceTypes: ['AWS::Backup::BackupVault'],
  info: 'The backup vault has no Vault Lock in compliance mode, or a lock that does not hold the baseline retention.',
  explanation:
    "Backups must survive an administrator gone rogue. Give the vault a LockConfiguration with ChangeableForDays (compliance mode: immutable once that many days have passed; without it the lock is governance mode and can be removed at any time), MinRetentionDays at least backup.aws.vaultLock.minRetentionDays and MaxRetentionDays at least backup.aws.vaultLock.maxRetentionDays; the baseline's retention of every classification must lie within the lock, or AWS Backup fails the jobs.",
  evaluate(r, ctx) {
    if (flatText(r.Properties?.BackupVaultName) !== AWS_NAMES.backupVault) return 'NOT_APPLICABLE';
    const want = ctx.baseline.backup;
    const lock = r.Properties?.LockConfiguration;
    if (!lock) return fail('the vault has no LockConfiguration (Vault Lock)');
    const changeable = asNumber(lock.ChangeableForDays);
    if (changeable === undefined) return fail('LockConfiguration has no ChangeableForDays: governance mode, removable at any time');
    const min = asNumber(lock.MinRetentionDays);
    const max = asNumber(lock.MaxRetentionDays);
    const problems: string[] = [];
    if (min === undefined || min < want.aws.vaultLock.minRetentionDays)
      problems.push(`MinRetentionDays ${min ?? 'unset'} is shorter than the baseline ${want.aws.vaultLock.minRetentionDays}`);
    if (max === undefined || max < want.aws.vaultLock.maxRetentionDays)
      problems.push(`MaxRetentionDays ${max ?? 'unset'} is shorter than the baseline ${want.aws.vaultLock.maxRetentionDays}`);
    for (const c of ALLOWED_CLASSIFICATIONS) {
      const days = want.retentionDays[c];
      if ((min !== undefined && days < min) || (max !== undefined && days > max))
        problems.push(
          `the ${c} retention of ${days} days lies outside the lock (${min ?? '-'} to ${max ?? '-'}): its backup jobs would fail`,
        );
    }
    return problems.length ? fail(problems.join('; ')) : 'COMPLIANT';
  },
};
