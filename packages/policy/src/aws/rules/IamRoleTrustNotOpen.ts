import type { AwsRule } from '../types';
import { fail, isAnyPrincipal, statements } from '../private/cfn';

/** Conditions that confine a wildcard trust to the organisation or named accounts. */
const CONFINING_KEYS = [
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'sts:externalid',
];

export const IamRoleTrustNotOpen: AwsRule = {
  name: 'IamRoleTrustNotOpen',
  control: 'NPLZ-IAM-03',
  resourceTypes: ['AWS::IAM::Role'],
  info: 'The role can be assumed by any AWS principal.',
  explanation:
    'A force\'s roles are reachable only from that force\'s accounts and the national accounts. A trust policy allowing Principal "*" must be confined by aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn; better, name the trusted accounts.',
  evaluate(r) {
    const open = statements(r.Properties?.AssumeRolePolicyDocument).filter((s) => {
      if (s.Effect !== 'Allow' || !isAnyPrincipal(s.Principal)) return false;
      const keys = Object.values((s.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap((b) =>
        Object.keys(b ?? {}).map((k) => k.toLowerCase()),
      );
      return !keys.some((k) => CONFINING_KEYS.includes(k));
    });
    return open.length ? fail('trust policy allows any AWS principal') : 'COMPLIANT';
  },
};
