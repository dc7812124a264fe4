import type { AzurePlanResource } from '../plan';
import type { PlanIndex } from '../private/plan-index';
import { arr, obj, str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

const POLICY_DEFINITION_AT_MG = 'azure-native:authorization:PolicyDefinitionAtManagementGroup';
const EXEMPTION = 'azure-native:authorization:PolicyExemption';
/** Azure refuses a policy exemption whose description is longer. */
const EXEMPTION_DESCRIPTION_MAX = 512;
/** Built-in "Require a tag on resources": a fixed Deny that also refuses what Azure creates itself. */
const REQUIRE_TAG_BUILT_IN = '871b6d14-10aa-478d-b590-94f262ecfa99';

/** Everything a resource waits for, directly or through what it waits for. */
function waitsFor(index: PlanIndex, r: AzurePlanResource): Set<string> {
  const seen = new Set<string>();
  const todo = [...r.dependencies];
  for (let urn = todo.pop(); urn !== undefined; urn = todo.pop()) {
    if (seen.has(urn)) continue;
    seen.add(urn);
    todo.push(...(index.get(urn)?.dependencies ?? []));
  }
  return seen;
}

/** The placements of a subscription under a management group, among the plan's placements (by subscription, lower case, in plan order). */
function placements(index: PlanIndex): (subscription: string | undefined) => AzurePlanResource[] {
  const bySubscription = new Map<string | undefined, AzurePlanResource[]>();
  for (const p of index.ofType(T.managementGroupSubscription)) {
    const sub = index.subscriptionOf(p)?.toLowerCase();
    const list = bySubscription.get(sub);
    if (list) list.push(p);
    else bySubscription.set(sub, [p]);
  }
  return (subscription) => (subscription ? [...(bySubscription.get(subscription.toLowerCase()) ?? [])] : []);
}

/**
 * NPLZ-GRD-01: the guardrails apply on a fresh tenant in one run, in the order Azure needs:
 * definitions and initiatives at a management group wait for that group; exemptions and
 * remediation tasks wait for their subscription's placement under the hierarchy; a remediation
 * task waits for the role assignments of the assignment's managed identity (a task started before
 * them fails and is never retried); every platform subscription placed in the hierarchy has the
 * remediation tasks force subscriptions get; exemption descriptions fit Azure's 512 characters; and the
 * required-tag guardrail is not the built-in that also refuses the resources Azure creates by itself.
 */
export const firstApplyOrder = definePlanCheck({
  name: 'first-apply-order',
  control: 'NPLZ-GRD-01',
  description: 'Guardrails, exemptions and remediation tasks wait for what Azure needs first',
  check({ index }, emit) {
    const placementOf = placements(index);
    const groups = index.ofType(T.managementGroup);
    for (const d of index.ofType(POLICY_DEFINITION_AT_MG, T.policySetAtMg)) {
      const groupId = str(d.inputs.managementGroupId);
      const group = groups.find((g) => str(g.inputs.groupId) === groupId);
      if (!group) continue;
      const problems = waitsFor(index, d).has(group.urn)
        ? []
        : [
            `${d.name} is defined at management group ${groupId} but does not wait for it; allowed: dependsOn the group's resource (${group.name}), which a definition named by a plain group id does not get by itself`,
          ];
      if (d.type === T.policySetAtMg) {
        const builtIn = arr(d.inputs.policyDefinitions)
          .map(obj)
          .filter((m) => str(m?.policyDefinitionId)?.toLowerCase().endsWith(REQUIRE_TAG_BUILT_IN));
        if (builtIn.length)
          problems.push(
            `${d.name} requires tags with the built-in ${REQUIRE_TAG_BUILT_IN} (${builtIn.map((m) => str(m?.policyDefinitionReferenceId)).join(', ')}), which denies the Network Watchers, Defender workspaces and backup restore points Azure creates untagged; allowed: a definition that exempts what Azure creates itself`,
          );
      }
      emit(d, problems, `${d.name} waits for management group ${groupId}`);
    }

    for (const e of index.ofType(EXEMPTION)) {
      const problems: string[] = [];
      const description = str(e.inputs.description) ?? '';
      if (description.length > EXEMPTION_DESCRIPTION_MAX)
        problems.push(
          `description is ${description.length} characters; allowed: at most ${EXEMPTION_DESCRIPTION_MAX} (Azure refuses a longer one)`,
        );
      const placed = placementOf(index.subscriptionOf(e));
      const deps = waitsFor(index, e);
      if (placed.length && !placed.some((p) => deps.has(p.urn)))
        problems.push(
          `${e.name} does not wait for its subscription's placement (${placed.map((p) => p.name).join(', ')}); allowed: dependsOn the placement, since the assignment it exempts reaches the subscription only once it is placed`,
        );
      emit(e, problems, `${e.name} fits Azure's limits and waits for placement`);
    }

    const grants = index.ofType(T.roleAssignment);
    for (const r of index.ofType(T.remediationAtSubscription)) {
      const problems: string[] = [];
      const assignment = index.resolve(r.inputs.policyAssignmentId);
      const deps = waitsFor(index, r);
      const placed = placementOf(index.subscriptionOf(r));
      if (placed.length && !placed.some((p) => deps.has(p.urn)))
        problems.push(
          `${r.name} does not wait for its subscription's placement; allowed: dependsOn ${placed.map((p) => p.name).join(', ')}`,
        );
      if (assignment) {
        // The identity's grants name the assignment's principal, so they depend on the assignment.
        const identityGrants = grants.filter((g) => g.dependencies.includes(assignment.urn));
        const missing = identityGrants.filter((g) => !deps.has(g.urn));
        if (missing.length)
          problems.push(
            `${r.name} does not wait for the role assignments of ${assignment.name}'s identity (${missing.map((g) => g.name).join(', ')}); allowed: dependsOn them, since a task whose deployments fail for want of them is not run again`,
          );
      }
      emit(r, problems, `${r.name} waits for placement and for its assignment's role assignments`);
    }

    // The platform subscriptions get what force subscriptions get (whose remediation tasks
    // tenancy-defender-plans checks).
    const remediations = index.ofType(T.remediationAtSubscription);
    // National items only: an assignment at one subscription (a landing zone's backup enrolment) reaches no other.
    const atOneSubscription = (r: (typeof remediations)[number]) =>
      /^\/subscriptions\//i.test(str(index.resolve(r.inputs.policyAssignmentId)?.inputs.scope) ?? '');
    const wanted = new Set(
      remediations
        .filter((r) => !atOneSubscription(r))
        .map((r) => `${str(r.inputs.policyAssignmentId)}|${str(r.inputs.policyDefinitionReferenceId) ?? ''}`),
    );
    if (!wanted.size) return;
    for (const p of index.ofType(T.managementGroupSubscription).filter((x) => !x.tenancy)) {
      const sub = index.subscriptionOf(p)?.toLowerCase();
      if (!sub) continue;
      const here = new Set(
        remediations
          .filter((r) => index.subscriptionOf(r)?.toLowerCase() === sub)
          .map((r) => `${str(r.inputs.policyAssignmentId)}|${str(r.inputs.policyDefinitionReferenceId) ?? ''}`),
      );
      const missing = [...wanted].filter((w) => !here.has(w));
      emit(
        p,
        missing.length
          ? [
              `subscription ${sub} (placed by ${p.name}) has no remediation task for ${missing.length} of the national DeployIfNotExists items (${missing
                .map((m) => m.split('|')[1] || index.resolve(m.split('|')[0])?.name || m)
                .join(', ')}); allowed: a ${T.remediationAtSubscription} for each, as every force subscription has`,
            ]
          : [],
        `subscription ${sub} remediates every national DeployIfNotExists item`,
      );
    }
  },
});
