import { obj } from '../private/props';
import { PLATFORM_SUBNETS, spokeVnets, subnetsOf } from '../private/network';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/**
 * NPLZ-LOG-04: every spoke VNet records flow logs, either a VNet flow log on the VNet or NSG flow
 * logs on the NSG of every subnet.
 */
export const spokeFlowLogs = definePlanCheck({
  name: 'spoke-flow-logs',
  control: 'NPLZ-LOG-04',
  description: 'Every spoke VNet has VNet flow logs, or NSG flow logs on every subnet',
  check({ index }, emit) {
    const flowLogs = index.ofType(T.flowLog).filter((f) => f.inputs.enabled !== false);
    const logged = (target: unknown) =>
      flowLogs.some((f) => {
        const t = index.resolve(target);
        return t ? index.refersTo(f.inputs.targetResourceId, t) : f.inputs.targetResourceId === (obj(target)?.id ?? target);
      });
    for (const vnet of spokeVnets(index)) {
      if (flowLogs.some((f) => index.refersTo(f.inputs.targetResourceId, vnet))) {
        emit(vnet, [], 'VNet flow log enabled');
        continue;
      }
      const unlogged = subnetsOf(index, vnet)
        .filter((s) => !PLATFORM_SUBNETS.includes(s.name))
        .filter((s) => !s.props.networkSecurityGroup || !logged(s.props.networkSecurityGroup))
        .map((s) => s.name);
      const problems =
        unlogged.length || !subnetsOf(index, vnet).length
          ? [
              `VNet ${index.azureName(vnet)} has no enabled VNet flow log and subnets ${unlogged.join(', ') || '(none)'} have no NSG flow log; allowed: a ${T.flowLog} targeting the VNet, or one per subnet NSG`,
            ]
          : [];
      emit(vnet, problems, 'NSG flow logs on every subnet');
    }
  },
});
