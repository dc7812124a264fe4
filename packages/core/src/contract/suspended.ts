/**
 * Who may still act in a decommissioning tenancy's accounts once they sit in the AWS `Suspended`
 * OU (and under the Azure decommissioned management group): the national roles that read evidence
 * and investigate. Renderers grant them and the audit holds the grants to exactly this list.
 */

/**
 * The national baseline roles that keep their assignments on a decommissioning tenancy's accounts
 * and subscriptions: the auditor reads its evidence and the SOC investigates. Only a role the
 * baseline marks `privileged: false` is kept; every other grant there is workforce access.
 */
export const EVIDENCE_READER_ROLES: readonly string[] = Object.freeze(['national-auditor', 'national-security-analyst']);

/**
 * The ARN pattern (for `ArnLike` / `ArnNotLike` on `aws:PrincipalArn`) of the role IAM Identity
 * Center makes for a permission set in a member account: `AWSReservedSSO_<permission set>_<suffix>`
 * under the path `/aws-reserved/sso.amazonaws.com/`, which has the instance's region as a further
 * path segment when the instance is outside us-east-1. Only Identity Center creates roles under that
 * path (its service-linked role's policy, AWSSSOServiceRolePolicy, is scoped to it), so a role an
 * account's own administrator makes cannot match.
 */
export function identityCenterRoleArnPattern(permissionSet: string): string {
  return `arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${permissionSet}_*`;
}
