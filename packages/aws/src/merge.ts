import { AWS_NAMES, type Estate, isDecommissioning, predecessorsOf, successorIds } from '@nplz/core';
import type { DeployPlanStep } from './deploy-plan';

/** The name of the OU a force's accounts sit in, under Forces: the force id (see `NationalOrganization`). */
export function forceOuName(force: string): string {
  return force;
}

/** `A replaces`, `A and B replace`, `A, B and C replace`. */
function stacks(ids: readonly string[]): string {
  const list = ids.length > 1 ? `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}` : (ids[0] ?? '');
  return `${list} ${ids.length === 1 ? 'replaces' : 'replace'}`;
}

/**
 * The deploy-plan steps that move a successor's accounts into its own OU. No template places an
 * account (see `decommission.ts`): CloudFormation would need each account's name and e-mail and a
 * resource import. One step per successor, run after the organisation stack has created the
 * successor's OU; the merged forces' OUs stay, empty. A decommissioning tenancy of the successor is
 * left to its own step (Suspended).
 */
export function mergerSteps(estate: Estate): DeployPlanStep[] {
  const aws = estate.national.aws;
  const mergers = estate.national.mergers ?? [];
  if (!aws || !mergers.length) return [];
  return successorIds(mergers).flatMap((successor) => {
    const tenancies = estate.tenancies.map((t) => t.spec).filter((s) => s.force === successor && s.aws && !isDecommissioning(s));
    if (!tenancies.length) return [];
    const m = mergers.find((x) => x.successor === successor);
    const ou = forceOuName(successor);
    const forcesOu = `"$(aws organizations list-organizational-units-for-parent --parent-id ${aws.rootId} --query "OrganizationalUnits[?Name=='Forces'].Id" --output text)"`;
    const target = `"$(aws organizations list-organizational-units-for-parent --parent-id ${forcesOu} --query "OrganizationalUnits[?Name=='${ou}'].Id" --output text)"`;
    const from = predecessorsOf(successor, mergers).map(forceOuName);
    return [
      {
        id: `merge-${successor}`,
        title: `Move successor ${successor}'s accounts to its OU, Forces/${ou} (${m?.name ?? successor}, merged from ${m?.forces.join(', ')} since ${m?.since})`,
        account: `${aws.managementAccount} (management)`,
        commands: tenancies.flatMap((s) =>
          Object.entries(s.aws?.accounts ?? {}).map(
            ([env, id]) =>
              `aws organizations move-account --account-id ${id} --source-parent-id "$(aws organizations list-parents --child-id ${id} --query 'Parents[0].Id' --output text)" --destination-parent-id ${target}   # ${s.name} ${env}`,
          ),
        ),
        why: `Run after Nplz-Organization has created the OU Forces/${ou}. The accounts keep every stack, key, bucket and recovery point: only their OU changes, from Forces/${from.join(' or Forces/')} (which stay, empty) to Forces/${ou}, under the same Forces guardrails, so no SCP they are under changes. ${stacks(tenancies.map((t) => AWS_NAMES.tenancyIdentityStack(t.name)))} the predecessors' Identity Center assignments with the successor's groups; deploy ${tenancies.length === 1 ? 'it' : 'them'} in the same change.`,
      },
    ];
  });
}
