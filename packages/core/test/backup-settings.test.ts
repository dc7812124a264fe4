import { BASELINES, backupSettingsDefects, enforcesControl, getControl, type Baseline, type BackupSettings } from '../src';

test.each(BASELINES.map((b) => [b.version, b] as const))('baseline %s carries sound backup settings', (_v, b) => {
  expect(backupSettingsDefects(b.backup)).toEqual([]);
});

test('every baseline enforces the backup control through its later section', () => {
  for (const b of BASELINES) {
    expect(b.controls).not.toContain('NPLZ-RET-04');
    expect(enforcesControl(b, 'NPLZ-RET-04')).toBe(true);
  }
  // A baseline without the section does not.
  const { backup: _dropped, ...without } = BASELINES[0]!;
  expect(enforcesControl(without as unknown as Baseline, 'NPLZ-RET-04')).toBe(false);
});

test('the backup control maps to CAF B5.c and NCSC principle 2', () => {
  const c = getControl('NPLZ-RET-04');
  expect(c.caf).toEqual(['B5.c']);
  expect(c.ncsc).toEqual([2]);
});

const base = BASELINES[0]!.backup;
const edit = (patch: (b: BackupSettings) => BackupSettings) => backupSettingsDefects(patch(base));

test.each([
  [
    'a retention shorter than the vault lock allows',
    (b: BackupSettings) => ({ ...b, retentionDays: { ...b.retentionDays, OFFICIAL: 7 } }),
    'retentionDays.OFFICIAL',
  ],
  [
    'a retention longer than the vault lock allows',
    (b: BackupSettings) => ({ ...b, retentionDays: { ...b.retentionDays, 'OFFICIAL-SENSITIVE': 400 } }),
    'retentionDays.OFFICIAL-SENSITIVE',
  ],
  [
    'a lock without a changeable window (governance mode)',
    (b: BackupSettings) => ({ ...b, aws: { ...b.aws, vaultLock: { ...b.aws.vaultLock, changeableForDays: 0 } } }),
    'aws.vaultLock.changeableForDays',
  ],
  ['a start window AWS refuses', (b: BackupSettings) => ({ ...b, aws: { ...b.aws, startWindowMinutes: 30 } }), 'aws.startWindowMinutes'],
  [
    'a soft delete period Azure refuses',
    (b: BackupSettings) => ({ ...b, azure: { ...b.azure, softDeleteRetentionDays: 7 } }),
    'azure.softDeleteRetentionDays',
  ],
  ['a time that is not HH:MM', (b: BackupSettings) => ({ ...b, dailyAtUtc: '1am' }), 'dailyAtUtc'],
] as const)('refuses %s', (_what, patch, field) => {
  const defects = edit(patch);
  expect(defects).toHaveLength(1);
  expect(defects[0]).toMatch(new RegExp(`^backup\\.${field.replace(/[.-]/g, '\\$&')} is .*; allowed: `));
});
