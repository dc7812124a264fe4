import { Stack, Token, aws_sso as sso } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Baseline, BaselineRole, NPLZ_TAGS, NplzError, TenancySpec, defined, isProductionEnvironment } from '@nplz/core';

/** The national accounts national roles are assigned in. */

/**
 * Identity Center assignments created at once, at most: the stack's assignments form this many
 * DependsOn lanes, each account's assignments in one lane (one at a time per account). A platform constant (it describes the service's write limits, not a policy).
 */
export const ASSIGNMENT_CHAINS = 5;

export interface NationalAccounts {
  readonly management: string;
  readonly logArchive: string;
  readonly audit: string;
  readonly network: string;
}

/** A national identity group (from national settings). */
export interface NationalGroup {
  readonly displayName: string;
  readonly awsGroupId?: string;
}

export interface IdentityCenterProps {
  /** The baseline whose national and force roles become permission sets. */
  readonly baseline: Baseline;
  /** IAM Identity Center instance ARN, `arn:aws:sso:::instance/ssoins-...`. */
  readonly instanceArn: string;
  /** The national accounts. */
  readonly nationalAccounts: NationalAccounts;
  /**
   * National role id → group. Groups without an `awsGroupId` get no assignment.
   * @default - no national assignments
   */
  readonly nationalGroups?: Readonly<Record<string, NationalGroup>>;
  /**
   * Tenancies whose groups are assigned, each only on its own accounts.
   * @default - none
   */
  readonly tenancies?: readonly TenancySpec[];
  /**
   * The user attribute that carries a person's force, exposed to policies as `aws:PrincipalTag/nplz-force`.
   * @default '${path:enterprise.organization}'
   */
  readonly forceAttributeSource?: string;
  /**
   * Where each tenancy's assignments are created: its groups' on its accounts, and the national
   * roles' that reach every account (the SOC and auditor) on its accounts. A construct in a stack
   * of the same account and region, typically one stack per tenancy, so that no stack passes
   * CloudFormation's 500 resources however many tenancies the estate has, and a tenancy added or
   * removed adds or removes its own assignments and moves no other. The national roles' are
   * children of the scope (`National-<role>-<account>`), the tenancy's groups' children of a
   * construct of this construct's id there (`<id>/<tenancy>-<environment>-<role>`): the construct
   * paths, and so the logical ids, the assignments have when they are created in this construct's
   * own stack. Return undefined to keep a tenancy's assignments in this construct.
   * @default - every assignment in this construct's stack
   */
  readonly tenancyAssignmentScope?: (tenancy: TenancySpec) => Construct | undefined;
}

/**
 * Which accounts each national role works in: least privilege by account. `every` is every
 * account NPLZ knows (the national accounts and every tenancy account): the national SOC
 * investigates, and the auditor reads, wherever the estate runs.
 */
const NATIONAL_ROLE_ACCOUNTS: Readonly<Record<string, readonly (keyof NationalAccounts)[] | 'every'>> = {
  'national-platform-admin': ['management', 'logArchive', 'audit', 'network'],
  'national-network-admin': ['network'],
  'national-security-analyst': 'every',
  'national-auditor': 'every',
};

/** The principal tag key the force attribute is exposed as. */
export const FORCE_ATTRIBUTE_KEY = 'nplz-force';

/**
 * IAM Identity Center: one permission set per baseline role, national groups assigned in the
 * national accounts, each tenancy's groups assigned only on that tenancy's own accounts, and a
 * force attribute for attribute-based access control.
 */
export class IdentityCenter extends Construct {
  /** Permission sets by baseline role id. */
  public readonly permissionSets: ReadonlyMap<string, sso.CfnPermissionSet>;
  public readonly assignments: readonly sso.CfnAssignment[];

  constructor(scope: Construct, id: string, props: IdentityCenterProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.instanceArn) && !/^arn:aws:sso:::instance\/ssoins-[a-f0-9]{16}$/.test(props.instanceArn)) {
      throw NplzError.of({
        path: 'IdentityCenter.instanceArn',
        received: props.instanceArn,
        message: 'instanceArn is not an IAM Identity Center instance ARN',
        allowed: 'arn:aws:sso:::instance/ssoins-<16 hex digits>',
      });
    }
    const partition = Stack.of(this).partition;
    const sets = new Map<string, sso.CfnPermissionSet>();
    const roles: BaselineRole[] = [...props.baseline.roles.national, ...props.baseline.roles.force];
    for (const role of roles) {
      sets.set(
        role.id,
        new sso.CfnPermissionSet(this, `PermissionSet-${role.id}`, {
          instanceArn: props.instanceArn,
          name: role.id,
          description: role.intent,
          sessionDuration: `PT${role.sessionHours}H`,
          managedPolicies: role.aws.managedPolicies.map((p) => `arn:${partition}:iam::aws:policy/${p}`),
          tags: [
            { key: NPLZ_TAGS.baseline, value: props.baseline.version },
            { key: NPLZ_TAGS.privileged, value: String(role.privileged) },
          ],
        }),
      );
    }
    this.permissionSets = sets;

    const assignments: sso.CfnAssignment[] = [];
    // Chained per stack: each stack's assignments are their own CloudFormation operation.
    const chains = new Map<Stack, sso.CfnAssignment[]>();
    const assign = (scope: Construct, cid: string, roleId: string, groupId: string, account: string) => {
      const stack = Stack.of(scope);
      const chain = chains.get(stack) ?? [];
      chains.set(stack, chain);
      const a = new sso.CfnAssignment(scope, cid, {
        instanceArn: props.instanceArn,
        permissionSetArn: defined(sets.get(roleId), `the permission set of ${roleId}`).attrPermissionSetArn,
        principalType: 'GROUP',
        principalId: groupId,
        targetType: 'AWS_ACCOUNT',
        targetId: account,
      });
      chain.push(a);
      assignments.push(a);
    };
    const nationalIds = props.nationalAccounts;
    const national = new Set(Object.values(nationalIds));
    // The national roles that reach every account, with their groups.
    const everywhere: [string, string][] = [];
    for (const [roleId, group] of Object.entries(props.nationalGroups ?? {})) {
      if (!props.baseline.roles.national.some((r) => r.id === roleId)) {
        throw NplzError.of({
          path: `IdentityCenter.nationalGroups.${roleId}`,
          received: roleId,
          message: `"${roleId}" is not a national role in baseline ${props.baseline.version}`,
          allowed: `one of: ${props.baseline.roles.national.map((r) => r.id).join(', ')}`,
        });
      }
      if (!group.awsGroupId) continue;
      const where = NATIONAL_ROLE_ACCOUNTS[roleId] ?? ['audit'];
      const keys = where === 'every' ? (Object.keys(nationalIds) as (keyof NationalAccounts)[]) : where;
      // The national accounts' assignments keep their ids and stack, so that a deployed one is never replaced.
      for (const acct of keys) assign(this, `National-${roleId}-${acct}`, roleId, group.awsGroupId, nationalIds[acct]);
      if (where === 'every') everywhere.push([roleId, group.awsGroupId]);
    }
    // Each tenancy's, in its scope: the national roles' on its accounts (by account id, so adding a
    // tenancy adds assignments and moves none), then its groups'.
    const seen = new Set(national);
    for (const spec of props.tenancies ?? []) {
      if (!spec.aws) continue;
      const aws = spec.aws;
      const root = props.tenancyAssignmentScope?.(spec);
      const accounts = spec.environments.map((env) => aws.accounts[env]).filter((a): a is string => a !== undefined);
      for (const [roleId, groupId] of everywhere) {
        for (const account of accounts.filter((a) => !seen.has(a)))
          assign(root ?? this, `National-${roleId}-${account}`, roleId, groupId, account);
      }
      accounts.forEach((a) => seen.add(a));
      // The same construct path below the scope as in this construct's stack: the same logical ids.
      const own = root ? (root.node.tryFindChild(this.node.id) ?? new Construct(root, this.node.id)) : this;
      for (const [roleId, group] of Object.entries(spec.identity.groups)) {
        if (!props.baseline.roles.force.some((r) => r.id === roleId)) {
          throw NplzError.of({
            path: `${spec.name}.identity.groups.${roleId}`,
            received: roleId,
            message: `"${roleId}" is not a force role in baseline ${props.baseline.version}`,
            allowed: `one of: ${props.baseline.roles.force.map((r) => r.id).join(', ')}`,
          });
        }
        if (!group.awsGroupId) continue;
        for (const env of spec.environments) {
          const account = aws.accounts[env];
          if (!account) continue;
          // Same logical id in production: the assignment there names the read-only set instead.
          const given = isProductionEnvironment(spec, env) ? productionRole(props.baseline, roleId) : roleId;
          if (given) assign(own, `${spec.name}-${env}-${roleId}`, given, group.awsGroupId, account);
        }
      }
    }
    // CloudFormation creates independent resources in parallel, and Identity Center throttles and
    // refuses concurrent assignment writes (ConflictException, "Internal Failure" past 20 TPS), and
    // provisions at most one permission set into an account at a time (its quotas page: "IAM roles
    // (permission sets) in the AWS account that can be updated at a time: 1"). So each stack's
    // assignments run in ASSIGNMENT_CHAINS lanes of DependsOn, an account's always in the same lane:
    // at most that many are in flight, and never two on one account.
    for (const chain of chains.values()) {
      const laneOf = new Map<string, number>();
      const last: (sso.CfnAssignment | undefined)[] = [];
      for (const a of chain) {
        const account = String(a.targetId);
        let lane = laneOf.get(account);
        if (lane === undefined) {
          lane = laneOf.size % ASSIGNMENT_CHAINS;
          laneOf.set(account, lane);
        }
        const before = last[lane];
        if (before) a.addResourceDependency(before);
        last[lane] = a;
      }
    }
    this.assignments = assignments;

    new sso.CfnInstanceAccessControlAttributeConfiguration(this, 'ForceAttribute', {
      instanceArn: props.instanceArn,
      accessControlAttributes: [
        { key: FORCE_ATTRIBUTE_KEY, value: { source: [props.forceAttributeSource ?? '${path:enterprise.organization}'] } },
      ],
    });
  }
}

/**
 * AWS managed policies no one holds standing in a production account unless the baseline marks the
 * role privileged (force-admin: short sessions, few holders). IAM Identity Center has no
 * just-in-time assignment, the AWS counterpart of Azure's PIM eligibility for production
 * Contributor, so a non-privileged role that writes everything (force-developer's PowerUserAccess)
 * reads there instead, and changes to production go through force-admin or the force's pipeline.
 */
export const AWS_POLICIES_NOT_STANDING_IN_PRODUCTION: readonly string[] = Object.freeze(['PowerUserAccess', 'AdministratorAccess']);

/** The force role whose permission set `roleId`'s group gets in a production account; undefined for none. */
export function productionRole(baseline: Baseline, roleId: string): string | undefined {
  const role = baseline.roles.force.find((r) => r.id === roleId);
  if (!role || role.privileged) return roleId;
  if (!role.aws.managedPolicies.some((p) => AWS_POLICIES_NOT_STANDING_IN_PRODUCTION.includes(p))) return roleId;
  // The baseline's read-only force role (ReadOnlyAccess alone); without one, no standing access at all.
  return baseline.roles.force.find(
    (r) => !r.privileged && r.aws.managedPolicies.length === 1 && r.aws.managedPolicies[0] === 'ReadOnlyAccess',
  )?.id;
}
