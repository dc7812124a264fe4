import { AWS_NAMES } from '@nplz/core';
import type { AwsRule } from '../types';
import { fail, flatText, resolveRef, scopeOf } from '../private/cfn';

/**
 * The boundary a force's roles must carry: the local-assets boundary the force stack creates,
 * named by `Ref` (or its ARN). Any other policy, AWS's AdministratorAccess included, bounds nothing
 * the guardrails rely on. What the boundary then allows is answered by the access evaluation
 * (NplzAccess-BoundaryHolds), not here.
 */
function isLocalAssetsBoundary(v: unknown, ctx: Parameters<AwsRule['evaluate']>[1]): boolean {
  const target = resolveRef(v, ctx);
  if (target) {
    return (
      target.resource.Type === 'AWS::IAM::ManagedPolicy' &&
      flatText(target.resource.Properties?.ManagedPolicyName) === AWS_NAMES.localAssetsBoundary
    );
  }
  return new RegExp(`:policy/${AWS_NAMES.localAssetsBoundary}$`).test(flatText(v));
}

export const IamRolePermissionsBoundary: AwsRule = {
  name: 'IamRolePermissionsBoundary',
  control: 'NPLZ-PAM-03',
  resourceTypes: ['AWS::IAM::Role'],
  info: 'A role in a force tenancy is not under the local-assets permissions boundary.',
  explanation: `A force's own resources are created under a boundary that cannot remove the national baseline. Set PermissionsBoundary on every role in a force tenancy to the tenancy's ${AWS_NAMES.localAssetsBoundary} (roles NPLZ itself owns, named ${AWS_NAMES.protectedRolePrefix}*, are protected by the guardrails instead).`,
  evaluate(r, ctx) {
    if (scopeOf(r, ctx) !== 'tenancy') return 'NOT_APPLICABLE';
    const p = r.Properties ?? {};
    if (p.RoleName !== undefined && flatText(p.RoleName).startsWith(AWS_NAMES.protectedRolePrefix)) return 'NOT_APPLICABLE';
    if (p.PermissionsBoundary === undefined || p.PermissionsBoundary === '') return fail('no PermissionsBoundary');
    return isLocalAssetsBoundary(p.PermissionsBoundary, ctx)
      ? 'COMPLIANT'
      : fail(`its PermissionsBoundary is ${flatText(p.PermissionsBoundary)}, not ${AWS_NAMES.localAssetsBoundary}`);
  },
};
