import { AZURE_ROLE_DEFINITIONS, renderedRoleGuid, type Baseline } from '@nplz/core';

/**
 * Built-in roles that can grant access or remove locks (`Microsoft.Authorization/*` write): holding
 * one lets a principal lift the national baseline. Ids from the contract's table of built-in roles.
 */
export const ACCESS_ADMIN_ROLES: Readonly<Record<string, string>> = Object.freeze({
  [AZURE_ROLE_DEFINITIONS.Owner]: 'Owner',
  [AZURE_ROLE_DEFINITIONS['User Access Administrator']]: 'User Access Administrator',
  [AZURE_ROLE_DEFINITIONS['Role Based Access Control Administrator']]: 'Role Based Access Control Administrator',
});

/**
 * Role definition guids that must only be held through PIM eligibility: the access-admin roles,
 * and roles every baseline use of which is eligible (a role some baseline role holds actively, such
 * as Contributor for force-developer, may be assigned actively).
 */
export function eligibleOnlyRoles(baseline: Baseline): Map<string, string> {
  const out = new Map<string, string>(Object.entries(ACCESS_ADMIN_ROLES));
  const all = [...baseline.roles.national, ...baseline.roles.force];
  for (const r of all) {
    const guid = renderedRoleGuid(r).toLowerCase();
    if (all.filter((o) => renderedRoleGuid(o).toLowerCase() === guid).every((o) => o.azure.eligible)) out.set(guid, r.azure.builtInRole);
  }
  return out;
}

const SUBSCRIPTION_SCOPE = /^\/subscriptions\/([0-9a-fA-F-]{36})(\/|$)/;

export function subscriptionInScope(scope: string): string | undefined {
  return SUBSCRIPTION_SCOPE.exec(scope)?.[1]?.toLowerCase();
}

export function isManagementGroupScope(scope: string): boolean {
  return /^\/providers\/Microsoft\.Management\/managementGroups\//i.test(scope) || scope === '/';
}
