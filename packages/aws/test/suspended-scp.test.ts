import { BASELINE_2026_11, BASELINES, EVIDENCE_READER_ROLES, type Baseline } from '@nplz/core';
import { renderGuardrails } from '../src/private/guardrail-policies';

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
