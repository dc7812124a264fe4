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
 * The ARN patterns (for `ArnLike` / `ArnNotLike` on `aws:PrincipalArn`) of the role IAM Identity
 * Center makes for a permission set in a member account: `AWSReservedSSO_<permission set>_<16
 * characters>` under the path `/aws-reserved/sso.amazonaws.com/`, with the instance's region as a
 * further path segment when the instance is outside us-east-1 (two patterns, one per form). The
 * suffix is matched character by character (`?`), so a permission set whose name only starts with
 * this one (`national-auditor_x`) does not match. Only Identity Center's service-linked role creates
 * roles on that path (AWSSSOServiceRolePolicy grants it `iam:CreateRole` there; IAM refuses changes
 * to `role/aws-reserved/` roles by anyone else, as iam-simulate's IAM authoriser also models), and
 * the workload SCPs deny every other principal creating or changing one as well
 * (`ProtectBaselineRoles`), so a role an account's own administrator made cannot match either.
 */
export function identityCenterRoleArnPatterns(permissionSet: string): readonly string[] {
  const name = `AWSReservedSSO_${permissionSet}_${'?'.repeat(16)}`;
  return [`arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/${name}`, `arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*/${name}`];
}

/** Where Identity Center's roles live in every account (`role/aws-reserved/...`): no one else creates or changes a role there. */
export const IDENTITY_CENTER_ROLE_PATH_ARN = 'arn:aws:iam::*:role/aws-reserved/*';

/**
 * The actions of the readers' AWS managed policies that are not plain reads: each changes state,
 * opens a session or reaches past IAM. Read from the published documents of ReadOnlyAccess (v188),
 * SecurityAudit (v92) and ViewOnlyAccess (v45) (as mirrored by zoph-io/IAMTrail): every action whose
 * name is not a read (Get, List, Describe, Search, Query, Scan, Select, …) was looked at, and these
 * are the ones with an effect. The Suspended OU's SCP denies them to everyone, the readers included:
 * receiving a queue's messages hides them from other consumers and counts towards their redrive;
 * `config:DeliverConfigSnapshot` makes Config write; `eks:AccessKubernetesApi` hands the decision to
 * Kubernetes RBAC, which may allow writes; `dms:TestConnection` and `transfer:TestIdentityProvider`
 * make the service connect out or call the identity provider. (`s3express:CreateSession` is allowed
 * only in `ReadOnly` session mode, by its own statement.) The rest (`logs:StartQuery`,
 * `xray:StartTraceRetrieval`, cost and quota reports, …) read.
 */
export const READ_POLICY_EFFECTS: readonly string[] = Object.freeze([
  'sqs:ReceiveMessage',
  'config:DeliverConfigSnapshot',
  'eks:AccessKubernetesApi',
  'dms:TestConnection',
  'transfer:TestIdentityProvider',
]);
