import { App, Stack } from 'aws-cdk-lib';
import { AWS_NAMES, BASELINE_2026_11, LATEST_BASELINE } from '@nplz/core';
import { AccountBaseline, NationalOrganization } from '@nplz/aws';
import { BackupVaultLocked } from '../../src/aws/rules/BackupVaultLocked';
import { evaluatePresence, type PresenceScope } from '../../src/aws/presence';
import { AccessEvaluator, FULL_AWS_ACCESS, tenancyRequests, type AccessModel, type TenancyAccount } from '../../src/aws/access';
import type { CfnJson, CfnResourceJson, CfnTemplateJson } from '../../src/aws/types';

const ORG = 'o-nplzsample01';

function synth(build: (stack: Stack) => void, account = '100000000001'): CfnTemplateJson {
  const app = new App({ builtinCloudFormationValidation: false, analyticsReporting: false });
  const stack = new Stack(app, 'S', { env: { account, region: 'eu-west-2' } });
  build(stack);
  return app.synth().getStackByName(stack.stackName).template as CfnTemplateJson;
}

const orgTemplate = synth(
  (s) => new NationalOrganization(s, 'Org', { baseline: BASELINE_2026_11, organizationId: ORG, rootId: 'r-nplz', forces: ['kent'] }),
);
const accountTemplate = synth(
  (s) =>
    new AccountBaseline(s, 'Baseline', {
      baseline: BASELINE_2026_11,
      managementAccount: '100000000001',
      configArchiveBucketName: 'nplz-config-archive-100000000002-eu-west-2',
    }),
  '200000000171',
);

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
/** A resource's properties (created when absent), for editing a fixture. */
const propsOf = (r: CfnResourceJson): CfnJson => r.Properties ?? {};
const ofType = (t: CfnTemplateJson, type: string) => Object.entries(t.Resources ?? {}).filter(([, r]) => r.Type === type);
/** The template with the resources the test picks changed (or removed, when `edit` returns undefined). */
function edited(
  t: CfnTemplateJson,
  pick: (r: CfnResourceJson) => boolean,
  edit: (r: CfnResourceJson) => CfnResourceJson | undefined,
): CfnTemplateJson {
  const out = clone(t);
  for (const [id, r] of Object.entries(out.Resources ?? {})) {
    if (!pick(r)) continue;
    const e = edit(r);
    if (e) out.Resources![id] = e;
    else delete out.Resources![id];
  }
  return out;
}
const isVault = (r: CfnResourceJson) => r.Type === 'AWS::Backup::BackupVault';
const isBackupPolicy = (r: CfnResourceJson) => r.Type === 'AWS::Organizations::Policy' && r.Properties?.Type === 'BACKUP_POLICY';
const isBackupScp = (r: CfnResourceJson) => r.Type === 'AWS::Organizations::Policy' && r.Properties?.Name === 'nplz-protect-backups';

describe('BackupVaultLocked', () => {
  const vaultOf = (t: CfnTemplateJson) => ofType(t, 'AWS::Backup::BackupVault')[0]![1];
  const run = (r: CfnResourceJson, baseline = BASELINE_2026_11) =>
    BackupVaultLocked.evaluate(r, { baseline, logicalId: 'Vault', resources: { Vault: r } });

  test('the account baseline vault passes', () => {
    expect(run(vaultOf(accountTemplate))).toBe('COMPLIANT');
  });

  const lockEdit = (lock: Record<string, unknown> | undefined) => (r: CfnResourceJson) => {
    const c = clone(r);
    if (lock) propsOf(c).LockConfiguration = lock;
    else delete propsOf(c).LockConfiguration;
    return c;
  };
  const lock = BASELINE_2026_11.backup.aws.vaultLock;
  test.each([
    ['no Vault Lock at all', lockEdit(undefined), /no LockConfiguration/],
    [
      'governance mode (no ChangeableForDays)',
      lockEdit({ MinRetentionDays: lock.minRetentionDays, MaxRetentionDays: lock.maxRetentionDays }),
      /governance mode/,
    ],
    [
      'a minimum shorter than the baseline',
      lockEdit({ ...{ MinRetentionDays: 1, MaxRetentionDays: lock.maxRetentionDays, ChangeableForDays: 3 } }),
      /MinRetentionDays 1 is shorter than the baseline 35/,
    ],
    [
      'a maximum shorter than the baseline, below a retention',
      lockEdit({ MinRetentionDays: lock.minRetentionDays, MaxRetentionDays: 60, ChangeableForDays: 3 }),
      /MaxRetentionDays 60 is shorter.*OFFICIAL-SENSITIVE retention of 90 days lies outside the lock/,
    ],
  ])('fails %s', (_what, edit, message) => {
    const outcome = run(edit(vaultOf(accountTemplate)));
    expect(outcome).toMatchObject({ status: 'NON_COMPLIANT', message: expect.stringMatching(message) });
  });

  test('leaves a force’s own vault alone', () => {
    const own = { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'kent-app-backups' } };
    expect(run(own)).toBe('NOT_APPLICABLE');
  });
});

describe('the backup presence expectations', () => {
  const national = (t: CfnTemplateJson): PresenceScope => ({
    scope: 'national',
    name: 'national',
    baseline: LATEST_BASELINE,
    stacks: [{ stackName: 'Org', template: t }],
  });
  const tenancy = (t: CfnTemplateJson): PresenceScope => ({
    scope: 'tenancy',
    name: 'kent/prod',
    baseline: LATEST_BASELINE,
    stacks: [{ stackName: 'Fleet', template: t }],
  });
  const status = (scope: PresenceScope, id: string) => evaluatePresence([scope]).find((r) => r.expectation === id)?.status;

  test('the rendered organisation and account baseline satisfy them', () => {
    expect(status(national(orgTemplate), 'BackupPolicy')).toBe('pass');
    expect(status(national(orgTemplate), 'BackupsProtected')).toBe('pass');
    expect(status(tenancy(accountTemplate), 'BackupVault')).toBe('pass');
    expect(status(tenancy(accountTemplate), 'BackupRole')).toBe('pass');
  });

  test.each<[string, () => PresenceScope, string]>([
    ['the backup policy removed', () => national(edited(orgTemplate, isBackupPolicy, () => undefined)), 'BackupPolicy'],
    [
      'the backup policy detached',
      () => national(edited(orgTemplate, isBackupPolicy, (r) => ({ ...r, Properties: { ...r.Properties, TargetIds: [] } }))),
      'BackupPolicy',
    ],
    [
      'a plan keeping OFFICIAL-SENSITIVE backups 7 days',
      () =>
        national(
          edited(orgTemplate, isBackupPolicy, (r) => {
            const c = clone(r);
            propsOf(c).Content.plans['nplz-official-sensitive'].rules['nplz-daily'].lifecycle.delete_after_days = { '@@assign': '7' };
            return c;
          }),
        ),
      'BackupPolicy',
    ],
    [
      'a plan enrolling by another tag',
      () =>
        national(
          edited(orgTemplate, isBackupPolicy, (r) => {
            const c = clone(r);
            propsOf(c).Content.plans['nplz-official'].selections.tags['nplz-enrolled'].tag_key = { '@@assign': 'backup' };
            return c;
          }),
        ),
      'BackupPolicy',
    ],
    ['the backup SCP removed', () => national(edited(orgTemplate, isBackupScp, () => undefined)), 'BackupsProtected'],
    [
      'the backup SCP no longer denying DeleteRecoveryPoint',
      () =>
        national(
          edited(orgTemplate, isBackupScp, (r) => {
            const c = clone(r);
            const statements = propsOf(c).Content.Statement;
            const s = statements.find((st: { Sid?: string }) => st.Sid === 'ProtectRecoveryPoints');
            // The fixture must really edit the statement the SCP denies recovery-point deletion by.
            expect(s.Action).toContain('backup:DeleteRecoveryPoint');
            s.Action = s.Action.filter((a: string) => a !== 'backup:DeleteRecoveryPoint');
            return c;
          }),
        ),
      'BackupsProtected',
    ],
    ['the vault removed', () => tenancy(edited(accountTemplate, isVault, () => undefined)), 'BackupVault'],
    [
      'the vault in governance mode',
      () =>
        tenancy(
          edited(accountTemplate, isVault, (r) => {
            const c = clone(r);
            delete propsOf(c).LockConfiguration.ChangeableForDays;
            return c;
          }),
        ),
      'BackupVault',
    ],
    [
      'the backup role renamed',
      () =>
        tenancy(
          edited(
            accountTemplate,
            (r) => r.Type === 'AWS::IAM::Role' && r.Properties?.RoleName === AWS_NAMES.backupRole,
            (r) => ({ ...r, Properties: { ...r.Properties, RoleName: 'backup-role' } }),
          ),
        ),
      'BackupRole',
    ],
  ])('fails with %s', (_what, scope, id) => {
    expect(status(scope(), id)).toBe('fail');
  });
});

describe('the backup guardrail, answered by the IAM policy simulator', () => {
  /** The organisation's SCPs attached to the Forces OU, as Organizations stores them. */
  const scps = (t: CfnTemplateJson) =>
    ofType(t, 'AWS::Organizations::Policy')
      .filter(([, r]) => r.Properties?.Type === 'SERVICE_CONTROL_POLICY' && JSON.stringify(r.Properties?.TargetIds).includes('OrgForces'))
      .map(([id, r]) => ({ name: String(propsOf(r).Name), source: `Org/${id}`, document: propsOf(r).Content }));
  const account = (t: CfnTemplateJson): TenancyAccount => ({
    tenancy: 'kent',
    environment: 'prod',
    account: '200000000171',
    region: 'eu-west-2',
    stackName: 'Force-kent-prod',
    levels: [
      { id: 'r-nplz', name: 'Root', scps: [FULL_AWS_ACCESS], rcps: [] },
      { id: 'ou-forces', name: 'Forces', scps: [FULL_AWS_ACCESS, ...scps(t)], rcps: [] },
      { id: '200000000171', name: 'kent-prod', scps: [FULL_AWS_ACCESS], rcps: [] },
    ],
    roles: [],
    keys: [],
    buckets: [],
    topics: [],
    alertRules: [],
    flowLogs: [],
    fleetBaseline: true,
  });
  const model: AccessModel = { organizationId: ORG, tenancies: [], nationalAccounts: [], problems: [] };
  const answers = async (t: CfnTemplateJson) => {
    const evaluator = new AccessEvaluator(ORG);
    const requests = tenancyRequests(account(t), undefined, model, BASELINE_2026_11).filter((r) => r.rule.startsWith('Backups'));
    return Promise.all(requests.map((r) => evaluator.answer(r)));
  };

  test('a force administrator (and a force CDK role) cannot delete or unlock the vault, delete or shorten a recovery point, or re-point the backup role; the StackSets role can change the vault', async () => {
    const got = await answers(orgTemplate);
    const by = (action: string, who: RegExp) => got.filter((a) => a.request.action === action && who.test(a.request.principal.label));
    for (const action of [
      'backup:DeleteBackupVault',
      'backup:DeleteBackupVaultLockConfiguration',
      'backup:DeleteRecoveryPoint',
      'backup:PutBackupVaultAccessPolicy',
      'backup:UpdateRecoveryPointLifecycle',
      'iam:UpdateAssumeRolePolicy',
    ]) {
      const admin = by(action, /^force-admin/);
      expect(admin).toHaveLength(1);
      expect(admin[0]).toMatchObject({ verdict: 'ExplicitlyDenied', status: 'pass' });
    }
    expect(by('backup:PutBackupVaultLockConfiguration', /StackSets/)[0]).toMatchObject({ verdict: 'Allowed', status: 'pass' });
    expect(got.every((a) => a.status === 'pass')).toBe(true);
  });

  test('without the backup SCP, the requests fail: a force administrator could delete the vault and its recovery points', async () => {
    const got = await answers(edited(orgTemplate, isBackupScp, () => undefined));
    const failed = got.filter((a) => a.status === 'fail').map((a) => a.request.action);
    expect(failed).toEqual(
      expect.arrayContaining([
        'backup:DeleteBackupVault',
        'backup:DeleteBackupVaultLockConfiguration',
        'backup:DeleteRecoveryPoint',
        'backup:PutBackupVaultAccessPolicy',
      ]),
    );
    // The role stays protected by the baseline-roles statement, which is not the backup SCP's.
    expect(failed).not.toContain('iam:UpdateAssumeRolePolicy');
  });
});
