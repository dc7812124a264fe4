import { AWS_NAMES } from '@nplz/core';
import type { AwsRule } from '../types';
import { fail, flatText, scopeOf } from '../private/cfn';

/** Roles NPLZ itself owns carry this name prefix; the baseline guardrail protects them from change. */

export const IamRolePermissionsBoundary: AwsRule = {
  name: 'IamRolePermissionsBoundary',
  control: 'NPLZ-PAM-03',
  resourceTypes: ['AWS::IAM::Role'],
  info: 'A role in a force tenancy has no permissions boundary.',
  explanation:
    "A force's own resources are created under a boundary that cannot remove the national baseline. Set PermissionsBoundary on every role in a force tenancy (roles NPLZ itself owns, named nplz-*, are protected by the guardrails instead).",
  evaluate(r, ctx) {
    if (scopeOf(r, ctx) !== 'tenancy') return 'NOT_APPLICABLE';
    const p = r.Properties ?? {};
    if (p.PermissionsBoundary !== undefined && p.PermissionsBoundary !== '') return 'COMPLIANT';
    if (p.RoleName !== undefined && flatText(p.RoleName).startsWith(AWS_NAMES.protectedRolePrefix)) return 'NOT_APPLICABLE';
    return fail('no PermissionsBoundary');
  },
};
