import { NPLZ_TAGS, COLLABORATION_TAG_VALUE } from '@nplz/core';
import type { AzurePlanResource } from '../plan';
import { parentVnet, resolveVnet } from '../private/network';
import { obj, str, tagsOf } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/** The required tag holding the owning force; `collaboration` marks a shared tenancy. */

/**
 * NPLZ-NET-03: peerings join only the hub and a spoke, or a collaboration and a spoke of one of
 * its member forces. Two force spokes never peer, and no spoke peers with a network outside the plan.
 */
export const spokePeeringIsolation = definePlanCheck({
  name: 'spoke-peering-isolation',
  control: 'NPLZ-NET-03',
  description: 'Peerings join only hub↔spoke and collaboration↔member',
  check({ index, collaborations }, emit) {
    const describe = (v: AzurePlanResource) => (v.tenancy ? `spoke of ${v.tenancy}` : 'the hub');
    for (const peering of index.ofType(T.peering)) {
      const local = parentVnet(index, peering);
      const remoteRef = obj(peering.inputs.remoteVirtualNetwork)?.id;
      const remote = resolveVnet(index, remoteRef);
      const problems: string[] = [];
      if (!local || !remote) {
        problems.push(
          `cannot tell the ${!local ? `local VNet ${str(peering.inputs.virtualNetworkName) ?? '?'}` : `remote VNet ${str(remoteRef) ?? '?'}`} from the plan; allowed: peerings between VNets the plan holds (hub and spokes)`,
        );
      } else if (local.tenancy && remote.tenancy && local.tenancy !== remote.tenancy) {
        const localIsCollaboration = tagsOf(local.inputs)[NPLZ_TAGS.force] === COLLABORATION_TAG_VALUE;
        const [collab, member] = localIsCollaboration ? [local, remote] : [remote, local];
        const members = collaborations[localIsCollaboration ? local.tenancy : remote.tenancy];
        if (tagsOf(collab.inputs)[NPLZ_TAGS.force] !== COLLABORATION_TAG_VALUE) {
          problems.push(`peers ${describe(local)} with ${describe(remote)}; allowed: hub↔spoke, or a collaboration with a member's spoke`);
        } else if (!members || !member.tenancy || !members.includes(member.tenancy)) {
          problems.push(
            `peers collaboration ${collab.tenancy} with ${describe(member)}, which is not a consenting member${members ? ` (members: ${members.join(', ') || 'none'})` : ' (no membership given)'}; allowed: the spokes of member tenancies that consent to the collaboration`,
          );
        }
      }
      emit(peering, problems, local && remote ? `peers ${describe(local)} with ${describe(remote)}` : 'peering allowed');
    }
  },
});
