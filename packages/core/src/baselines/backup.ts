import { ALLOWED_CLASSIFICATIONS } from '../classification';
import type { BackupSettings } from './types';

/**
 * What the clouds would refuse, or silently fail on, in a baseline's backup settings: each defect
 * names the field, the value and what is allowed. The limits are the clouds' documented ones
 * (AWS Backup: start window at least 60 minutes, Vault Lock changeable for 3 days or more, jobs
 * whose retention lies outside the lock's range fail; Azure Backup: soft delete kept 14 to 180
 * days, instant restore 1 to 5 days for a daily policy, daily retention at least 7 days).
 */
export function backupSettingsDefects(b: BackupSettings, path = 'backup'): string[] {
  const out: string[] = [];
  const bad = (field: string, value: unknown, allowed: string) =>
    out.push(`${path}.${field} is ${JSON.stringify(value)}; allowed: ${allowed}`);
  if (!/^[A-Za-z0-9 _.:/=+\-@]{1,128}$/.test(b.enrolmentTag))
    bad('enrolmentTag', b.enrolmentTag, 'a tag key both clouds accept (1 to 128 letters, digits, spaces and _ . : / = + - @)');
  const at = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(b.dailyAtUtc);
  if (!at) bad('dailyAtUtc', b.dailyAtUtc, 'HH:MM in UTC');
  const lock = b.aws.vaultLock;
  for (const c of ALLOWED_CLASSIFICATIONS) {
    const days = b.retentionDays[c];
    if (!Number.isInteger(days) || days < 7)
      bad(`retentionDays.${c}`, days, 'a whole number of days, 7 or more (Azure keeps a daily backup at least 7 days)');
    else if (days < lock.minRetentionDays || days > lock.maxRetentionDays)
      bad(
        `retentionDays.${c}`,
        days,
        `within the AWS Vault Lock range ${lock.minRetentionDays} to ${lock.maxRetentionDays} days (a job outside it fails)`,
      );
  }
  if (!Number.isInteger(b.aws.startWindowMinutes) || b.aws.startWindowMinutes < 60)
    bad('aws.startWindowMinutes', b.aws.startWindowMinutes, '60 or more (AWS Backup)');
  if (!Number.isInteger(b.aws.completionWindowMinutes) || b.aws.completionWindowMinutes < b.aws.startWindowMinutes)
    bad(
      'aws.completionWindowMinutes',
      b.aws.completionWindowMinutes,
      `a whole number of minutes, at least the start window (${b.aws.startWindowMinutes})`,
    );
  if (!Number.isInteger(lock.minRetentionDays) || lock.minRetentionDays < 1)
    bad('aws.vaultLock.minRetentionDays', lock.minRetentionDays, '1 or more (AWS Backup)');
  if (!Number.isInteger(lock.maxRetentionDays) || lock.maxRetentionDays < lock.minRetentionDays || lock.maxRetentionDays > 36500)
    bad('aws.vaultLock.maxRetentionDays', lock.maxRetentionDays, `from minRetentionDays (${lock.minRetentionDays}) to 36500`);
  if (!Number.isInteger(lock.changeableForDays) || lock.changeableForDays < 3 || lock.changeableForDays > 36500)
    bad(
      'aws.vaultLock.changeableForDays',
      lock.changeableForDays,
      '3 to 36500 (AWS enforces a 72-hour cooling-off period; without it the lock is governance mode)',
    );
  const az = b.azure;
  if (!Number.isInteger(az.softDeleteRetentionDays) || az.softDeleteRetentionDays < 14 || az.softDeleteRetentionDays > 180)
    bad('azure.softDeleteRetentionDays', az.softDeleteRetentionDays, '14 to 180 (Azure Backup)');
  if (!Number.isInteger(az.instantRestoreDays) || az.instantRestoreDays < 1 || az.instantRestoreDays > 5)
    bad('azure.instantRestoreDays', az.instantRestoreDays, '1 to 5 (Azure Backup, daily policy)');
  return out;
}
