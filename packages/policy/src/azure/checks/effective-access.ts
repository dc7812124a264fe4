import {
  AZURE_ROLE_DEFINITIONS,
  AZURE_ROLES_ELIGIBLE_ONLY_IN_PRODUCTION,
  Estate,
  getBaseline,
  identityGroupOwnership,
  isProductionEnvironment,
  NATIONAL_TENANCY,
  type Baseline,
  type PlanFile,
} from '@nplz/core';
import type { AzurePlanResource, AzurePolicyResult } from '../plan';
import { PlanIndex } from '../private/plan-index';
import { obj, roleGuid, str } from '../private/props';
import { T } from '../private/types';

/** Built-in role GUID → its name, from the contract's table (held against Azure's published list). */
const BUILT_IN_BY_GUID: ReadonlyMap<string, string> = new Map(Object.entries(AZURE_ROLE_DEFINITIONS).map(([name, guid]) => [guid, name]));

/** Roles that may not be held standing in production (the contract's list). */
const STANDING_FORBIDDEN_IN_PRODUCTION: readonly string[] = AZURE_ROLES_ELIGIBLE_ONLY_IN_PRODUCTION;

/** Who an Entra group id belongs to, from the estate's specs. */
export interface GroupOwner {
  /** A tenancy name, or `national`. */
  readonly owner: string;
  /** The baseline role id the group is given for. */
  readonly role: string;
  /**
   * Every tenancy that names the group: the owner, or all the tenancies of a merger's successor,
   * which share one set of groups.
   */
  readonly tenancies: readonly string[];
}

/** A subscription the estate declares, and whose it is. */
interface SubscriptionOwner {
  readonly owner: string;
  readonly environment?: string;
  readonly production: boolean;
}

/** One role grant of the plan, with what it reaches. */
export interface EffectiveGrant {
  readonly resource: AzurePlanResource;
  readonly principalId: string;
  readonly principalType?: string;
  /** True for a role assignment; false for a PIM eligibility (activated just in time). */
  readonly standing: boolean;
  readonly roleGuid?: string;
  /** The built-in role the GUID is, from the contract's table; undefined for an id that is no built-in NPLZ knows. */
  readonly roleName?: string;
  readonly scope?: string;
  /** Subscriptions (lower-case ids) the scope covers, through the management-group hierarchy. */
  readonly subscriptions: readonly string[];
  /** Management groups at or under the scope, when the scope is a management group. */
  readonly managementGroups: readonly string[];
  /** False when the scope cannot be placed (not a subscription, management group or resource of the plan). */
  readonly resolved: boolean;
  /** The group's owner, when the principal is one of the estate's groups. */
  readonly group?: GroupOwner;
}

/**
 * What each principal can do where: every role assignment and PIM eligibility of the plan, its
 * role and the subscriptions its scope reaches through the management-group hierarchy the plan
 * records (a grant at a group reaches every subscription placed under it or its descendants).
 */
export function effectiveGrants(plan: Pick<PlanFile, 'resources'>, estate: Estate): EffectiveGrant[] {
  const index = new PlanIndex(plan);
  const groups = groupOwners(estate);
  const parentOf = new Map<string, string | undefined>();
  for (const g of index.ofType(T.managementGroup)) {
    const id = str(g.inputs.groupId) ?? lastSegment(g.id);
    if (!id) continue;
    parentOf.set(id.toLowerCase(), lastSegment(str(obj(obj(g.inputs.details)?.parent)?.id))?.toLowerCase());
  }
  const placedIn = new Map<string, string>();
  for (const p of index.ofType(T.managementGroupSubscription)) {
    const sub = (str(p.inputs.subscriptionId) ?? index.subscriptionOf(p))?.toLowerCase();
    const group = lastSegment(str(p.inputs.groupId))?.toLowerCase();
    if (sub && group) placedIn.set(sub, group);
  }
  const ancestors = (group: string): string[] => {
    const out: string[] = [];
    for (let g: string | undefined = group; g && !out.includes(g); g = parentOf.get(g)) out.push(g);
    return out;
  };
  const under = (group: string) => [...parentOf.keys()].filter((g) => ancestors(g).includes(group));
  const allSubscriptions = [...new Set([...placedIn.keys(), ...subscriptionOwners(estate).keys()])];

  return index.ofType(T.roleAssignment, T.pimEligibility).map((r) => {
    const guid = roleGuid(r.inputs.roleDefinitionId);
    const scope = str(r.inputs.scope) ?? str(obj(r.inputs.scope)?.id);
    let subscriptions: string[] = [];
    let managementGroups: string[] = [];
    let resolved = true;
    const mg = scope ? /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)/i.exec(scope)?.[1]?.toLowerCase() : undefined;
    const sub = scope ? /^\/subscriptions\/([0-9a-fA-F-]{36})(\/|$)/.exec(scope)?.[1]?.toLowerCase() : undefined;
    if (scope === '/') {
      managementGroups = [...parentOf.keys()];
      subscriptions = allSubscriptions;
    } else if (mg) {
      managementGroups = under(mg);
      subscriptions = [...placedIn].filter(([, g]) => ancestors(g).includes(mg)).map(([s]) => s);
    } else if (sub) subscriptions = [sub];
    else {
      const target = index.resolve(scope);
      const s = target ? index.subscriptionOf(target)?.toLowerCase() : undefined;
      if (s) subscriptions = [s];
      else resolved = false;
    }
    const principalId = str(r.inputs.principalId) ?? '';
    const group = groups.get(principalId.toLowerCase());
    return {
      resource: r,
      principalId,
      ...(str(r.inputs.principalType) ? { principalType: str(r.inputs.principalType) } : {}),
      standing: r.type === T.roleAssignment,
      ...(guid ? { roleGuid: guid } : {}),
      ...(guid && BUILT_IN_BY_GUID.has(guid) ? { roleName: BUILT_IN_BY_GUID.get(guid) } : {}),
      ...(scope ? { scope } : {}),
      subscriptions,
      managementGroups,
      resolved,
      ...(group ? { group } : {}),
    };
  });
}

function lastSegment(id: string | undefined): string | undefined {
  return id ? id.slice(id.lastIndexOf('/') + 1) || undefined : undefined;
}

function groupOwners(estate: Estate): Map<string, GroupOwner> {
  const out = new Map<string, GroupOwner>();
  const unitOf = new Map<string, string>();
  const tenancyOf = (owner: string) => (owner === 'national' ? NATIONAL_TENANCY : owner.replace(/^tenancy /, ''));
  for (const c of identityGroupOwnership(estate).claims) {
    if (c.kind !== 'Entra object id') continue;
    const key = c.id.toLowerCase();
    const prior = out.get(key);
    if (!prior) out.set(key, { owner: tenancyOf(c.owner), role: c.role, tenancies: [tenancyOf(c.owner)] });
    // The same group in another tenancy of the same successor (one unit, one role) is that unit's too.
    else if (prior.role === c.role && c.unit.startsWith('force ') && c.unit === unitOf.get(key))
      out.set(key, { ...prior, tenancies: [...prior.tenancies, tenancyOf(c.owner)] });
    if (!unitOf.has(key)) unitOf.set(key, c.unit);
  }
  return out;
}

function subscriptionOwners(estate: Estate): Map<string, SubscriptionOwner> {
  const out = new Map<string, SubscriptionOwner>();
  // The national platform's subscriptions carry the whole estate's security and connectivity: production.
  for (const id of Object.values(estate.national.azure?.subscriptions ?? {}))
    out.set(id.toLowerCase(), { owner: NATIONAL_TENANCY, production: true });
  for (const { spec } of estate.tenancies)
    for (const [environment, id] of Object.entries(spec.azure?.subscriptions ?? {}))
      out.set(id.toLowerCase(), { owner: spec.name, environment, production: isProductionEnvironment(spec, environment) });
  return out;
}

/** The names of the checks below, each a `rule` of its findings. */
export const EFFECTIVE_ACCESS_CHECKS = Object.freeze({
  standingInProduction: { name: 'no-standing-privileged-access-in-production', control: 'NPLZ-PAM-02' },
  forceGroupInOwnScope: { name: 'force-group-access-in-own-tenancy', control: 'NPLZ-IAM-03' },
  roleIsClaimedBuiltIn: { name: 'role-definition-is-claimed-built-in', control: 'NPLZ-IAM-02' },
} as const);

/**
 * Azure effective access, from the recorded plan's role assignments and PIM eligibilities, their
 * scopes and the management-group hierarchy, for the estate's groups:
 * - `no-standing-privileged-access-in-production` (NPLZ-PAM-02): no group holds Owner, Contributor,
 *   User Access Administrator or Role Based Access Control Administrator as a standing assignment
 *   on a production subscription (a national one, or a tenancy environment that is production by
 *   its name or the spec's `production` list: `isProductionEnvironment`);
 *   those are PIM eligibilities there. Workload identities (service principals) cannot use PIM.
 * - `force-group-access-in-own-tenancy` (NPLZ-IAM-03): a force's group reaches only the
 *   subscriptions of its own tenancy (and of nothing else through a management group above them).
 * - `role-definition-is-claimed-built-in` (NPLZ-IAM-02): every grant's role definition id is an
 *   Azure built-in role of the contract's table (held against Microsoft's published ids), and the
 *   one the baseline role it is rendered for names (a Reader grant that carries Owner's id fails).
 * One result per grant and check, for the grant's own tenancy (the national platform's otherwise),
 * where that tenancy's baseline enforces the control.
 */
export function evaluateEffectiveAccess(plan: Pick<PlanFile, 'resources'>, estate: Estate): AzurePolicyResult[] {
  const subscriptions = subscriptionOwners(estate);
  const specs = new Map(estate.tenancies.map((t) => [t.spec.name, t.spec]));
  const national = getBaseline(estate.national.baseline);
  const baselineOf = (tenancy: string | undefined): Baseline => {
    const spec = tenancy ? specs.get(tenancy) : undefined;
    return spec ? getBaseline(spec.baseline) : national;
  };
  const describe = (s: string) => {
    const o = subscriptions.get(s);
    return o ? (o.owner === NATIONAL_TENANCY ? `national subscription ${s}` : `${o.owner}/${o.environment} (${s})`) : `subscription ${s}`;
  };
  const out: AzurePolicyResult[] = [];
  const emit = (g: EffectiveGrant, check: { name: string; control: string }, problems: string[], pass: string) => {
    const r = g.resource;
    const tenancy = r.tenancy ?? (g.group && g.group.owner !== NATIONAL_TENANCY ? g.group.owner : undefined);
    if (!baselineOf(tenancy).controls.includes(check.control)) return;
    out.push({
      policy: check.name,
      control: check.control,
      urn: r.urn,
      name: r.name,
      type: r.type,
      ...(tenancy ? { tenancy } : {}),
      ...(r.environment ? { environment: r.environment } : {}),
      status: problems.length ? 'fail' : 'pass',
      message: problems.length ? problems.join('; ') : pass,
    });
  };

  for (const g of effectiveGrants(plan, estate)) {
    const who = g.group
      ? `group ${g.principalId} (${g.group.owner === NATIONAL_TENANCY ? 'national' : `tenancy ${g.group.owner}`} ${g.group.role})`
      : `principal ${g.principalId || '(none)'}`;
    const role = g.roleName ?? `role ${g.roleGuid ?? '(none)'}`;
    // A principal the estate knows as a workforce group is held to the PIM rule whatever type the grant declares.
    const isWorkload = g.principalType === 'ServicePrincipal' && !g.group;

    // Role definition: a built-in, and the one its baseline role names.
    const claim = claimedRole(g, baselineOf(g.resource.tenancy ?? (g.group?.owner !== NATIONAL_TENANCY ? g.group?.owner : undefined)));
    const roleProblems: string[] = [];
    if (!g.roleName)
      roleProblems.push(
        `role definition ${str(g.resource.inputs.roleDefinitionId) ?? '(none)'} is not an Azure built-in role NPLZ grants; allowed: the published id of a built-in role (${Object.keys(AZURE_ROLE_DEFINITIONS).length} in the contract's table)`,
      );
    else if (claim && claim.builtInRole !== g.roleName)
      roleProblems.push(
        `rendered for baseline role ${claim.role}, which names ${claim.builtInRole} (${AZURE_ROLE_DEFINITIONS[claim.builtInRole as keyof typeof AZURE_ROLE_DEFINITIONS] ?? 'unknown id'}), but the role definition id is ${g.roleName}'s (${g.roleGuid})`,
      );
    emit(
      g,
      EFFECTIVE_ACCESS_CHECKS.roleIsClaimedBuiltIn,
      roleProblems,
      `${role} is the built-in it claims${claim ? ` (baseline role ${claim.role})` : ''}`,
    );

    // Standing privileged access in production.
    if (!isWorkload) {
      const prod = g.subscriptions.filter((s) => subscriptions.get(s)?.production);
      const privileged = g.roleName !== undefined && STANDING_FORBIDDEN_IN_PRODUCTION.includes(g.roleName);
      emit(
        g,
        EFFECTIVE_ACCESS_CHECKS.standingInProduction,
        g.standing && privileged && prod.length
          ? [
              `${who} holds ${g.roleName} standing (not through PIM) on production ${prod.slice(0, 3).map(describe).join(', ')}${prod.length > 3 ? ` and ${prod.length - 3} more` : ''}; allowed: a PIM eligibility (PimRoleEligibilitySchedule) for ${STANDING_FORBIDDEN_IN_PRODUCTION.join(', ')} in production`,
            ]
          : g.standing && privileged && !g.resolved
            ? [
                `${who} holds ${g.roleName} standing at scope ${str(g.resource.inputs.scope) ?? '(none)'}, which the plan cannot place, so it may reach production; allowed: a scope in the plan (a subscription, a management group or a resource in them), or a PIM eligibility`,
              ]
            : [],
        g.standing
          ? `${role} standing${prod.length ? ' in production' : ''}, not a privileged role there`
          : `${role} through PIM eligibility`,
      );
    }

    // A force group stays in its own tenancy.
    if (g.group && g.group.owner !== NATIONAL_TENANCY) {
      const own = g.group.owner;
      const problems: string[] = [];
      if (!g.resolved)
        problems.push(
          `${who} holds ${role} at ${g.scope ?? '(no scope)'}, which is not a place in the plan; allowed: ${own}'s subscriptions`,
        );
      const mine = g.group.tenancies;
      const elsewhere = g.subscriptions.filter((s) => !mine.includes(subscriptions.get(s)?.owner ?? ''));
      if (elsewhere.length)
        problems.push(
          `${who} holds ${role} reaching ${elsewhere.slice(0, 3).map(describe).join(', ')}${elsewhere.length > 3 ? ` and ${elsewhere.length - 3} more` : ''}; allowed: only the subscriptions of tenanc${mine.length > 1 ? `ies ${mine.join(', ')}` : `y ${own}`}`,
        );
      if (g.managementGroups.length)
        problems.push(
          `${who} holds ${role} at management group ${g.managementGroups[0]}; allowed: ${own}'s own subscriptions, never a management group`,
        );
      emit(
        g,
        EFFECTIVE_ACCESS_CHECKS.forceGroupInOwnScope,
        problems,
        `${role} only on ${g.subscriptions.map(describe).join(', ') || 'its own resources'}`,
      );
    }
  }
  return out;
}

/**
 * The built-in role a grant claims: for one of the estate's groups, the one the baseline names for
 * the role the spec gives the group; otherwise the baseline role its description names
 * (`NPLZ <role id> for ...`), as NPLZ renders it.
 */
function claimedRole(g: EffectiveGrant, baseline: Baseline): { role: string; builtInRole: string } | undefined {
  const text = str(g.resource.inputs.description) ?? str(g.resource.inputs.justification);
  const id = g.group?.role ?? (text ? /^NPLZ ([a-z0-9-]+) for /.exec(text)?.[1] : undefined);
  const role = id ? [...baseline.roles.force, ...baseline.roles.national].find((x) => x.id === id) : undefined;
  return role ? { role: role.id, builtInRole: role.azure.builtInRole } : undefined;
}
