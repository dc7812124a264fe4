import { NationalLandingZone, recordPlan } from '@nplz/azure';
import type { NationalSettings } from '@nplz/core';

/** A national policy assignment as a force program refers to it: the logical name and the Azure id. */
export interface AssignmentReference {
  readonly name: string;
  readonly id: string;
}

/**
 * `national-policy.json`: what a force's Pulumi program needs from the national Azure policy
 * baseline, which it does not deploy — the assignments that enforce each control (a declared
 * exception becomes a policy exemption of the assignment) and the DeployIfNotExists work a new
 * subscription needs a remediation task for. The same lists NationalLandingZone gives each zone.
 */
export interface NationalPolicyFile {
  readonly enforcements: readonly { control: string; assignment: AssignmentReference; definitionReferenceIds?: readonly string[] }[];
  readonly remediations: readonly {
    name: string;
    assignment: AssignmentReference;
    definitionReferenceId?: string;
    /** The role assignments of the assignment's identity, which a task must follow. */
    prerequisites?: readonly AssignmentReference[];
  }[];
  /** An audit-only rollout: the zone sends its activity log to the workspace itself. */
  readonly activityLogToWorkspace?: boolean;
}

/**
 * The national policy references of these national settings, read from NPLZ's own national
 * landing zone recorded offline (no tenancies): every assignment by its logical name and its Azure
 * id, `<scope>/providers/Microsoft.Authorization/policyAssignments/<name>`.
 */
export async function nationalPolicyFile(national: NationalSettings): Promise<NationalPolicyFile> {
  let zone: NationalLandingZone | undefined;
  const plan = await recordPlan(
    () => {
      zone = new NationalLandingZone('nplz', { estate: { national, tenancies: [] } });
    },
    { project: 'nplz', stack: 'national-policy' },
  );
  if (!zone) throw new Error('the national landing zone was not built');
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const urnOf = (r: { urn: { apply: (f: (u: string) => void) => unknown } }) =>
    new Promise<string>((resolve) => {
      r.urn.apply((u) => resolve(u));
    });
  const ref = async (a: Parameters<typeof urnOf>[0]): Promise<AssignmentReference> => {
    const r = byUrn.get(await urnOf(a));
    const scope = r?.inputs.scope;
    const name = r?.inputs.policyAssignmentName;
    if (!r || typeof scope !== 'string' || typeof name !== 'string')
      throw new Error('a national policy assignment has no scope or name in the plan');
    return { name: r.name, id: `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}` };
  };
  const roleRef = async (a: Parameters<typeof urnOf>[0]): Promise<AssignmentReference> => {
    const r = byUrn.get(await urnOf(a));
    const scope = r?.inputs.scope;
    const name = r?.inputs.roleAssignmentName;
    if (!r || typeof scope !== 'string' || typeof name !== 'string')
      throw new Error('a national role assignment has no scope or name in the plan');
    return { name: r.name, id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}` };
  };
  const policy = zone.policy;
  return {
    enforcements: await Promise.all(
      policy.enforcements.map(async (e) => ({
        control: e.control,
        assignment: await ref(e.assignment),
        ...(e.definitionReferenceIds ? { definitionReferenceIds: [...e.definitionReferenceIds] } : {}),
      })),
    ),
    remediations: await Promise.all(
      policy.remediations.map(async (r) => ({
        name: r.name,
        assignment: await ref(r.assignment),
        ...(r.definitionReferenceId ? { definitionReferenceId: r.definitionReferenceId } : {}),
        ...(r.prerequisites?.length
          ? { prerequisites: await Promise.all(r.prerequisites.map((p) => roleRef(p as Parameters<typeof urnOf>[0]))) }
          : {}),
      })),
    ),
    ...(national.azure?.policyEnforcement === 'audit-only' ? { activityLogToWorkspace: true } : {}),
  };
}
