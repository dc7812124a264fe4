import type { AwsRule } from '../types';
import { fail, isAnyPrincipal, statements } from '../private/cfn';

/** Condition keys that narrow `Principal: *` to the organisation, an account, or a source (so the grant is not public). */
const NARROWING_KEYS = [
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourcevpce',
  'aws:sourcevpc',
  'aws:principalarn',
];

export const S3BucketPolicyNotPublic: AwsRule = {
  name: 'S3BucketPolicyNotPublic',
  control: 'NPLZ-NET-01',
  resourceTypes: ['AWS::S3::BucketPolicy'],
  info: 'The bucket policy allows access to any principal without narrowing it to the organisation, an account or a source.',
  explanation:
    'An Allow to Principal "*" makes a bucket public unless a condition narrows it. Grant to named principals, or add aws:PrincipalOrgID / aws:SourceAccount conditions.',
  evaluate(r) {
    const open = statements(r.Properties?.PolicyDocument).filter((s) => {
      if (s.Effect !== 'Allow' || !isAnyPrincipal(s.Principal)) return false;
      const keys = Object.values((s.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap((b) =>
        Object.keys(b ?? {}).map((k) => k.toLowerCase()),
      );
      return !keys.some((k) => NARROWING_KEYS.includes(k));
    });
    return open.length ? fail(`statement(s) ${open.map((s, i) => s.Sid ?? `#${i + 1}`).join(', ')} allow any principal`) : 'COMPLIANT';
  },
};
