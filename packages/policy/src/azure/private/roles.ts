import { AZURE_BUILT_IN_ROLES, type Baseline } from '@nplz/core';

/**
 * Built-in roles that can grant access or remove locks (`Microsoft.Authorization/*` write): holding
 * one lets a principal lift the national baseline. Role Based Access Control Administrator is not in
 * the core list because no baseline role uses it.
 */
export const ACCESS_ADMIN_ROLES: Readonly<Record<string, string>> = Object.freeze({
  [AZURE_BUILT_IN_ROLES.Owner]: 'Owner',
  [AZURE_BUILT_IN_ROLES['User Access Administrator']]: 'User Access Administrator',
  'f58310d9-a9f6-439a-9e8d-f62e7b41a168': 'Role Based Access Control Administrator',
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
    const guid = r.azure.roleDefinitionId.toLowerCase();
    if (all.filter((o) => o.azure.roleDefinitionId.toLowerCase() === guid).every((o) => o.azure.eligible))
      out.set(guid, r.azure.builtInRole);
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
