import { AZURE_POLICY_NAMES, MANAGEMENT_GROUP_IDS } from '@nplz/core';
import type { AzurePlanResource } from '../plan';
import { arr, obj, str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

const PUBLIC_IP_TYPE = 'microsoft.network/publicipaddresses';

/** The name PolicyBaseline gives the guardrails initiative. */
export const GUARDRAILS_SET_NAME = AZURE_POLICY_NAMES.guardrails;

function parameter(a: AzurePlanResource, key: string): unknown {
  return obj(obj(a.inputs.parameters)?.[key])?.value;
}

/**
 * NPLZ-GRD-01: the national guardrails are attached and enforced: the NPLZ guardrails initiative
 * (by its id in the plan) assigned at the root management group itself, enforced, with every member
 * that takes an effect set to Deny; and — as the baseline asks — a deny of public IP addresses and
 * a deny of internet management ports (effect Deny) at the forces group or the root. Applies when
 * the plan holds the hierarchy.
 */
export const rootGuardrailsAssigned = definePlanCheck({
  name: 'root-guardrails-assigned',
  control: 'NPLZ-GRD-01',
  description: 'Guardrail initiative at the root group and force denies assigned, enforced and denying',
  check({ index, baselineFor }, emit) {
    const root = index.rootManagementGroup();
    if (!root) return;
    const b = baselineFor(root);
    const rootName = str(root.inputs.groupId) ?? root.name;
    const forcesGroup = index.ofType(T.managementGroup).find((g) => str(g.inputs.groupId) === MANAGEMENT_GROUP_IDS.forces(rootName));
    const enforced = index.ofType(T.policyAssignment).filter((a) => a.inputs.enforcementMode !== 'DoNotEnforce');
    const atRoot = (a: AzurePlanResource) => str(a.inputs.scope) === root.id || a.inputs.scope === root.urn;
    const atForcesOrRoot = (a: AzurePlanResource) =>
      atRoot(a) || (!!forcesGroup && (str(a.inputs.scope) === forcesGroup.id || a.inputs.scope === forcesGroup.urn));
    const problems: string[] = [];

    const set = index.ofType(T.policySetAtMg).find((d) => str(d.inputs.policySetDefinitionName) === GUARDRAILS_SET_NAME);
    if (!set) {
      problems.push(`the plan holds no ${GUARDRAILS_SET_NAME} initiative; allowed: the NPLZ guardrails initiative assigned at the root`);
    } else {
      if (!enforced.some((a) => atRoot(a) && index.resolve(a.inputs.policyDefinitionId)?.urn === set.urn)) {
        problems.push(
          `no enforced assignment of the ${GUARDRAILS_SET_NAME} initiative at root management group ${rootName}; allowed: the initiative assigned at the root with enforcementMode Default`,
        );
      }
      const weak = arr(set.inputs.policyDefinitions)
        .map(obj)
        .filter((r) => {
          const effect = str(obj(obj(r?.parameters)?.effect)?.value);
          return effect !== undefined && effect !== 'Deny';
        })
        .map((r) => `${str(r?.policyDefinitionReferenceId) ?? '?'} (${str(obj(obj(r?.parameters)?.effect)?.value)})`);
      if (weak.length)
        problems.push(`${GUARDRAILS_SET_NAME} members ${weak.join(', ')} do not deny; allowed: effect Deny for every guardrail`);
    }
    const denies = (a: AzurePlanResource) => {
      const effect = parameter(a, 'effect');
      return effect === undefined || effect === 'Deny';
    };
    if (
      b.guardrails.azure.denyPublicIpInForces &&
      !enforced.some(
        (a) =>
          atForcesOrRoot(a) && arr(parameter(a, 'listOfResourceTypesNotAllowed')).some((t) => str(t)?.toLowerCase() === PUBLIC_IP_TYPE),
      )
    ) {
      problems.push(
        `no enforced assignment at the forces group or the root denies Microsoft.Network/publicIPAddresses; allowed: one at the forces management group (baseline ${b.version} guardrails.azure.denyPublicIpInForces)`,
      );
    }
    const ports = b.guardrails.network.denyInternetManagementPorts.map(String);
    if (
      ports.length &&
      !enforced.some((a) => {
        const p = arr(parameter(a, 'ports')).map((x) => String(x));
        return atForcesOrRoot(a) && denies(a) && p.length > 0 && ports.every((x) => p.includes(x));
      })
    ) {
      problems.push(
        `no enforced assignment at the forces group or the root denies internet access to ports ${ports.join(', ')}; allowed: one at the forces management group with effect Deny (baseline ${b.version} guardrails.network.denyInternetManagementPorts)`,
      );
    }
    emit(root, problems, 'guardrail initiative and force denies assigned, enforced and denying');
  },
});
