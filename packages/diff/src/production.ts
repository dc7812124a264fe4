import { AZURE_ROLES_ELIGIBLE_ONLY_IN_PRODUCTION, type Estate, findBaseline, isProductionEnvironment, type TenancySpec } from '@nplz/core';
import type { BreakingChange } from './types';

/**
 * AWS managed policies a force role that is not privileged holds standing only outside production:
 * in a production account its group gets the read-only set instead. The same list as
 * `AWS_POLICIES_NOT_STANDING_IN_PRODUCTION` in @nplz/aws, which this package does not depend on.
 */
const AWS_NOT_STANDING_IN_PRODUCTION: readonly string[] = ['PowerUserAccess', 'AdministratorAccess'];

/** What the tenancy's groups are given in `env` once it is not production, per cloud, read from its baseline. */
function grantsOutsideProduction(spec: TenancySpec): { aws: string[]; azure: string[] } {
  const roles = findBaseline(spec.baseline)?.roles.force ?? [];
  const groups = spec.identity.groups;
  const aws = roles.flatMap((r) => {
    const policies = r.aws.managedPolicies.filter((p) => AWS_NOT_STANDING_IN_PRODUCTION.includes(p));
    return !r.privileged && policies.length && groups[r.id]?.awsGroupId
      ? [`${r.id} gets standing ${policies.join(' and ')} instead of the read-only set`]
      : [];
  });
  const azure = roles.flatMap((r) =>
    !r.azure.eligible &&
    (AZURE_ROLES_ELIGIBLE_ONLY_IN_PRODUCTION as readonly string[]).includes(r.azure.builtInRole) &&
    groups[r.id]?.entraObjectId
      ? [`${r.id} gets standing ${r.azure.builtInRole} instead of a PIM eligibility`]
      : [],
  );
  return { aws, azure };
}

/**
 * The environments that stop being production between two estates, each breaking
 * (`production-removed`): an environment of a tenancy in both estates that the base holds to
 * production's rules (named prod, prod<n> or production, or listed under `production`) and the head
 * does not (taken out of `production`). The renderers then grant standing what production allows
 * only just in time or read-only: on AWS the write-everything permission sets of the roles that are
 * not privileged (force-developer's PowerUserAccess), on Azure the roles production grants only
 * through PIM (Contributor). One per cloud the environment has an account or subscription on.
 * An environment that becomes production is a tightening and is not listed; one that is renamed is
 * a new environment (its account or subscription moving is `ownership-changed`).
 */
export function productionRemoved(base: Estate, head: Estate): BreakingChange[] {
  const out: BreakingChange[] = [];
  const before = new Map(base.tenancies.map((t) => [t.spec.name, t.spec]));
  for (const { spec } of head.tenancies) {
    const was = before.get(spec.name);
    if (!was) continue;
    const grants = grantsOutsideProduction(spec);
    for (const env of spec.environments) {
      // Only a listed environment can stop being production: a name that means production always is.
      if (!was.environments.includes(env) || !isProductionEnvironment(was, env) || isProductionEnvironment(spec, env)) continue;
      const places = [
        { cloud: 'aws' as const, id: spec.aws?.accounts[env], what: 'AWS account' },
        { cloud: 'azure' as const, id: spec.azure?.subscriptions[env], what: 'Azure subscription' },
      ];
      for (const { cloud, id, what } of places) {
        if (id === undefined) continue;
        const given = grants[cloud];
        out.push({
          kind: 'production-removed',
          cloud,
          tenancy: spec.name,
          resource: `${spec.name}#production.${env}`,
          type: 'environment',
          message: `environment ${env} of tenancy ${spec.name} stops being production (it is no longer listed under \`production\`): in ${what} ${id}, ${given.length ? given.join('; ') : "production's access rules no longer hold"}, and the audit no longer holds it to production's rules`,
        });
      }
    }
  }
  return out;
}
