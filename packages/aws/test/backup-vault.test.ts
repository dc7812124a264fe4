import { Template } from 'aws-cdk-lib/assertions';
import { AWS_NAMES, BASELINE_2026_11, BASELINES, NplzError, type Baseline } from '@nplz/core';
import { AccountBaseline, AccountBaselineStackSet, NationalOrganization } from '@nplz/aws';
import { AccountBackupVault, renderBackupPolicy } from '@nplz/aws';
import { renderGuardrails } from '../src/private/guardrail-policies';
import { baselineWith, policyDenies, testStack } from './helpers';

const lock = BASELINE_2026_11.backup.aws.vaultLock;

describe('every account backup vault', () => {
  const stack = testStack();
  new AccountBaseline(stack, 'Baseline', {
    baseline: BASELINE_2026_11,
    managementAccount: '100000000001',
    configArchiveBucketName: 'nplz-config-archive-100000000002-eu-west-2',
  });
  const t = Template.fromStack(stack);

  test('GIVEN the account baseline WHEN rendered THEN the vault has Vault Lock in compliance mode from the baseline, encrypted with its own key, and is retained', () => {
    const vaults = t.findResources('AWS::Backup::BackupVault');
    expect(Object.keys(vaults)).toHaveLength(1);
    const vault = Object.values(vaults)[0]!;
    expect(vault.Properties.BackupVaultName).toBe(AWS_NAMES.backupVault);
    // Compliance mode is a lock with ChangeableForDays (without it, AWS calls the lock governance mode).
    expect(vault.Properties.LockConfiguration).toEqual({
      MinRetentionDays: lock.minRetentionDays,
      MaxRetentionDays: lock.maxRetentionDays,
      ChangeableForDays: lock.changeableForDays,
    });
    expect(vault.DeletionPolicy).toBe('Retain');
    expect(vault.Properties.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^BaselineBackupKey/), 'Arn'] });
  });

  test('GIVEN the account baseline WHEN rendered THEN the role the backup policy names exists, assumable only by AWS Backup for this account', () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: AWS_NAMES.backupRole,
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'backup.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '100000000009' } },
          },
        ],
      },
    });
  });

  test('GIVEN a baseline whose retention lies outside its vault lock WHEN the vault is built THEN it is refused with the field and what is allowed', () => {
    const bad = baselineWith((b) => ({ ...b, backup: { ...b.backup, retentionDays: { ...b.backup.retentionDays, OFFICIAL: 14 } } }));
    const build = () => new AccountBackupVault(testStack(), 'Backup', { baseline: bad });
    expect(build).toThrow(NplzError);
    expect(build).toThrow(/backup\.retentionDays\.OFFICIAL is 14; allowed: within the AWS Vault Lock range 35 to 365 days/);
  });
});

describe('the organisation backup policy', () => {
  test.each(BASELINES.map((b) => [b.version, b] as const))(
    'GIVEN baseline %s WHEN rendered THEN one plan per classification backs tagged resources up daily to the vault as the backup role',
    (_v, b: Baseline) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the policy's JSON, read field by field
      const policy = renderBackupPolicy(b) as { plans: Record<string, any> };
      expect(Object.keys(policy.plans).sort()).toEqual(['nplz-official', 'nplz-official-sensitive']);
      for (const [plan, c] of [
        ['nplz-official', 'OFFICIAL'],
        ['nplz-official-sensitive', 'OFFICIAL-SENSITIVE'],
      ] as const) {
        const p = policy.plans[plan];
        expect(p.regions).toEqual({ '@@assign': [...b.regions.aws.allowed] });
        const rule = p.rules['nplz-daily'];
        expect(rule.schedule_expression).toEqual({ '@@assign': 'cron(0 1 ? * * *)' });
        expect(rule.lifecycle.delete_after_days).toEqual({ '@@assign': String(b.backup.retentionDays[c]) });
        expect(rule.target_backup_vault_name).toEqual({ '@@assign': AWS_NAMES.backupVault });
        const selection = p.selections.tags['nplz-enrolled'];
        expect(selection.iam_role_arn).toEqual({ '@@assign': `arn:aws:iam::$account:role/${AWS_NAMES.backupRole}` });
        expect(selection.tag_key).toEqual({ '@@assign': b.backup.enrolmentTag });
        expect(selection.tag_value).toEqual({ '@@assign': [c] });
        // A retention the lock refuses would make every job of the plan fail.
        const days = b.backup.retentionDays[c];
        expect(days).toBeGreaterThanOrEqual(b.backup.aws.vaultLock.minRetentionDays);
        expect(days).toBeLessThanOrEqual(b.backup.aws.vaultLock.maxRetentionDays);
      }
    },
  );

  test('GIVEN the organisation WHEN rendered THEN the backup policy is attached where the fleet StackSet deploys the vault and role', () => {
    const stack = testStack();
    const org = new NationalOrganization(stack, 'Org', {
      baseline: BASELINE_2026_11,
      organizationId: 'o-nplzsample01',
      rootId: 'r-nplz',
      forces: ['kent'],
    });
    const set = new AccountBaselineStackSet(stack, 'Fleet', {
      baseline: BASELINE_2026_11,
      managementAccount: '100000000001',
      configArchiveBucketName: 'nplz-config-archive-100000000002-eu-west-2',
      targetOrganizationalUnitIds: [org.ous.Forces.attrId, org.ous.Collaborations.attrId],
    });
    const t = Template.fromStack(stack);
    const policy = Object.values(t.findResources('AWS::Organizations::Policy', { Properties: { Type: 'BACKUP_POLICY' } }));
    expect(policy).toHaveLength(1);
    expect(policy[0]!.Properties.TargetIds).toEqual([
      { 'Fn::GetAtt': [stack.getLogicalId(org.ous.Forces), 'Id'] },
      { 'Fn::GetAtt': [stack.getLogicalId(org.ous.Collaborations), 'Id'] },
    ]);
    // The fleet template holds the vault and role the plans name.
    const fleet = JSON.stringify(set.template);
    expect(fleet).toContain(`"BackupVaultName":"${AWS_NAMES.backupVault}"`);
    expect(fleet).toContain(`"RoleName":"${AWS_NAMES.backupRole}"`);
  });
});

describe('the backup guardrail', () => {
  const protect = renderGuardrails(BASELINE_2026_11, 'o-nplzsample01').find((g) => g.name === 'nplz-protect-backups')!.document;
  const vault = `arn:aws:backup:eu-west-2:100000000009:backup-vault:${AWS_NAMES.backupVault}`;
  const point = 'arn:aws:backup:eu-west-2:100000000009:recovery-point:0c1a2b3c-1111-2222-3333-444455556666';
  const forceAdmin = 'arn:aws:iam::100000000009:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_force-admin_0123';
  const stackSets = 'arn:aws:iam::100000000009:role/stacksets-exec-0123456789abcdef';
  test.each([
    ['backup:DeleteBackupVault', vault],
    ['backup:DeleteBackupVaultLockConfiguration', vault],
    ['backup:PutBackupVaultLockConfiguration', vault],
    ['backup:PutBackupVaultAccessPolicy', vault],
    ['backup:DeleteRecoveryPoint', point],
    ['backup:UpdateRecoveryPointLifecycle', point],
  ])('GIVEN a force administrator WHEN it calls %s THEN the SCP denies it, and not to the StackSets role', (action, resource) => {
    expect(policyDenies(protect, { action, resource, context: { 'aws:PrincipalARN': forceAdmin } })).toBe(true);
    expect(policyDenies(protect, { action, resource, context: { 'aws:PrincipalARN': stackSets } })).toBe(false);
  });
});
