import type { AzurePlanResource } from '../plan';
import { parentVnet, resolveVnet } from '../private/network';
import { obj, str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/**
 * NPLZ-NET-03: peerings join only the hub and a spoke. No spoke peers with another, not even a
 * collaboration with a consenting member: a peering adds a system route to the other spoke's range,
 * more specific than the spoke's 0.0.0.0/0 to the firewall, so that traffic would bypass the hub
 * firewall, which is where collaboration traffic is allowed (only between linked pairs) and logged.
 * No spoke peers with a network outside the plan either.
 */
export const spokePeeringIsolation = definePlanCheck({
  name: 'spoke-peering-isolation',
  control: 'NPLZ-NET-03',
  description: 'Peerings join only hub↔spoke (collaboration traffic goes through the hub firewall)',
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
        const [a, b] = [local.tenancy, remote.tenancy];
        const partners = (collaborations[a] ?? []).includes(b) || (collaborations[b] ?? []).includes(a);
        problems.push(
          `peers ${describe(local)} with ${describe(remote)}${partners ? ' (a collaboration and a consenting member)' : ''}, bypassing the hub firewall; allowed: hub↔spoke only (a collaboration reaches its members through the hub firewall)`,
        );
      }
      emit(peering, problems, local && remote ? `peers ${describe(local)} with ${describe(remote)}` : 'peering allowed');
    }
  },
});
