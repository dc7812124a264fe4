import { COLLABORATION_TAG_VALUE, MANAGEMENT_GROUP_IDS, NPLZ_TAGS } from '@nplz/core';
import { at, str, tagsOf } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/** The required tag holding the owning force; `collaboration` marks a shared tenancy. */

/**
 * NPLZ-GRD-04: every tenancy subscription is placed under its own management group of the
 * hierarchy, so it inherits the guardrails meant for it: a force's tenancy under
 * `<root>-force-<force>`, a collaboration under `<root>-collab-<tenancy>`. A subscription alias
 * states the group in its properties, or the plan holds a management-group-subscription association.
 * Without the hierarchy in the plan, the root is read as any prefix.
 */
export const subscriptionsInHierarchy = definePlanCheck({
  name: 'subscriptions-in-hierarchy',
  control: 'NPLZ-GRD-04',
  description: "Every tenancy subscription is placed under its force's (or collaboration's) NPLZ management group",
  check({ index }, emit) {
    const root = str(index.rootManagementGroup()?.inputs.groupId);
    for (const g of index.tenancyGroups()) {
      const force = g.resources.map((r) => tagsOf(r.inputs)[NPLZ_TAGS.force]).find((f) => !!f);
      // The group id with the root left out, so that a plan without the root group can still be judged.
      const suffix =
        force === COLLABORATION_TAG_VALUE
          ? MANAGEMENT_GROUP_IDS.collaboration('', g.tenancy)
          : force
            ? MANAGEMENT_GROUP_IDS.force('', force)
            : undefined;
      const expected = suffix ? (root ? `${root}${suffix}` : `<root>${suffix}`) : 'its force group';
      const groupOf = (r: (typeof g.resources)[number]) =>
        r.type === T.managementGroupSubscription
          ? str(r.inputs.groupId)
          : r.type === T.subscriptionAlias
            ? str(at(r.inputs, 'properties.additionalProperties.managementGroupId'))?.split('/').pop()
            : undefined;
      const placements = g.resources.flatMap((r) => {
        const group = groupOf(r);
        return group ? [{ resource: r, group }] : [];
      });
      // A decommissioning tenancy's subscriptions sit under the decommissioned group: the plan does
      // not say which tenancies are decommissioning, the audit's DecommissionedPlacement (from the
      // estate) fails one placed there that is not, and one that is but is placed elsewhere.
      const retired = MANAGEMENT_GROUP_IDS.decommissioned('');
      const right = (id: string) =>
        (!!suffix && (root ? id === `${root}${suffix}` : id.endsWith(suffix))) ||
        (root ? id === `${root}${retired}` : id.endsWith(retired));
      const placed = placements.find((p) => right(p.group));
      const problems = placed
        ? []
        : placements.length
          ? [
              `tenancy ${g.tenancy} environment ${g.environment} places its subscription under ${placements.map((p) => p.group).join(', ')}; allowed: ${expected}`,
            ]
          : [
              `tenancy ${g.tenancy} environment ${g.environment} does not place its subscription under a management group; allowed: a ${T.managementGroupSubscription} (or a subscription alias with managementGroupId) under ${expected}`,
            ];
      emit(g.subject, problems, `subscription placed under ${placed ? placed.group : ''} by ${placed?.resource.name}`);
    }
  },
});
