import type { AzurePlanResource } from '../plan';
import { arr, obj, str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

const PUBLIC_IP_TYPE = 'microsoft.network/publicipaddresses';

function parameter(a: AzurePlanResource, key: string): unknown {
  return obj(obj(a.inputs.parameters)?.[key])?.value;
}

/**
 * NPLZ-GRD-01: the national guardrails are attached and enforced: an initiative at the root
 * management group, and — as the baseline asks — a deny of public IP addresses and a deny of
 * internet management ports on a management group. Applies when the plan holds the hierarchy.
 */
export const rootGuardrailsAssigned = definePlanCheck({
  name: 'root-guardrails-assigned',
  control: 'NPLZ-GRD-01',
  description: 'Guardrail initiative at the root group and force denies assigned and enforced',
  check({ index, baselineFor }, emit) {
    const root = index.rootManagementGroup();
    if (!root) return;
    const b = baselineFor(root);
    const groups = index.ofType(T.managementGroup);
    const atGroup = index
      .ofType(T.policyAssignment)
      .filter((a) => groups.some((g) => index.refersTo(a.inputs.scope, g)) && a.inputs.enforcementMode !== 'DoNotEnforce');
    const problems: string[] = [];
    const isSet = (a: AzurePlanResource) => {
      const def = str(a.inputs.policyDefinitionId);
      return index.resolve(def)?.type === T.policySetAtMg || /\/policySetDefinitions\//i.test(def ?? '');
    };
    if (!atGroup.some((a) => index.refersTo(a.inputs.scope, root) && isSet(a))) {
      problems.push(
        `no enforced initiative (policy set) assignment at root management group ${str(root.inputs.groupId) ?? root.name}; allowed: the NPLZ guardrails initiative assigned with enforcementMode Default`,
      );
    }
    if (
      b.guardrails.azure.denyPublicIpInForces &&
      !atGroup.some((a) => arr(parameter(a, 'listOfResourceTypesNotAllowed')).some((t) => str(t)?.toLowerCase() === PUBLIC_IP_TYPE))
    ) {
      problems.push(
        `no enforced assignment denies Microsoft.Network/publicIPAddresses; allowed: one at the forces management group (baseline ${b.version} guardrails.azure.denyPublicIpInForces)`,
      );
    }
    const ports = b.guardrails.azure.denyInternetManagementPorts.map(String);
    if (
      ports.length &&
      !atGroup.some((a) => {
        const p = arr(parameter(a, 'ports')).map((x) => String(x));
        return p.length > 0 && ports.every((x) => p.includes(x));
      })
    ) {
      problems.push(
        `no enforced assignment denies internet access to ports ${ports.join(', ')}; allowed: one at the forces management group (baseline ${b.version} guardrails.azure.denyInternetManagementPorts)`,
      );
    }
    emit(root, problems, 'guardrail initiative and force denies assigned and enforced');
  },
});
