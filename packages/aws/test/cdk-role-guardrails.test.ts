import { BASELINES } from '@nplz/core';
import { AWS_LIMITS } from '../src/private/limits';
import { exemptPrincipalArns, policySize, renderGuardrails } from '../src/private/guardrail-policies';

/** The shape of the statements this file reads. */
interface Statement {
  readonly Sid: string;
  readonly Action: string[];
  readonly Resource: string[];
  readonly Condition: Record<string, Record<string, string[]>>;
}

const NATIONAL = ['100000000001', '100000000002', '100000000003'];
const options = { nationalAccounts: NATIONAL, securityAccount: '100000000001' };
const identity = (b: (typeof BASELINES)[number]) => renderGuardrails(b, 'o-nplzsample01', options).find((g) => g.name === 'nplz-identity')!;
const sid = (b: (typeof BASELINES)[number], id: string) =>
  (identity(b).document.Statement as unknown as Statement[]).find((s) => s.Sid === id)!;
const protectedBaselines = BASELINES.filter((b) => b.guardrails.aws.protectSecurityServices);

describe('the CDK bootstrap roles are protected by name in every account the SCPs govern', () => {
  test.each(protectedBaselines.map((b) => [b.version, b] as const))(
    '%s: the execution and deploy role names of any account are protected from all but the exempt',
    (_v, b) => {
      const s = sid(b, 'ProtectBaselineRoles');
      expect(s.Resource).toEqual(
        expect.arrayContaining(['arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*', 'arn:aws:iam::*:role/cdk-hnb659fds-deploy-role-*']),
      );
      for (const a of ['iam:CreateRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DeleteRole'])
        expect(s.Action).toContain(a);
      expect(s.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalARN': exemptPrincipalArns(b, options) } });
    },
  );

  test.each(protectedBaselines.map((b) => [b.version, b] as const))(
    '%s: every principal pattern the statements favour (boundary keepers, deployers) is a protected role name',
    (_v, b) => {
      const protectedNames = sid(b, 'ProtectBaselineRoles').Resource;
      const covered = (p: string) =>
        protectedNames.some(
          (r) => r === p || (r.endsWith('*') && p.replace('::' + p.split(':')[4] + ':', '::*:').startsWith(r.slice(0, -1))),
        );
      const favoured = [
        ...sid(b, 'ProtectLocalAssetsBoundary').Condition.ArnNotLike!['aws:PrincipalARN']!,
        ...sid(b, 'PassBaselineRolesOnlyByDeployers').Condition.ArnNotLike!['aws:PrincipalARN']!,
      ];
      expect(favoured.filter((p) => !covered(p))).toEqual([]);
    },
  );

  test.each(protectedBaselines.map((b) => [b.version, b] as const))(
    '%s: only a deploy role (or the exempt) passes an execution role',
    (_v, b) => {
      const s = sid(b, 'PassBaselineRolesOnlyByDeployers');
      expect(s.Resource).toContain('arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*');
      expect(s.Condition.ArnNotLike!['aws:PrincipalARN']).toContain('arn:aws:iam::*:role/cdk-hnb659fds-deploy-role-*');
    },
  );

  test.each(BASELINES.map((b) => [b.version, b] as const))('%s: every policy stays within the size limit', (_v, b) => {
    for (const g of renderGuardrails(b, 'o-nplzsample01', options))
      expect(policySize(g.document)).toBeLessThanOrEqual(AWS_LIMITS.policyDocumentChars);
  });
});
