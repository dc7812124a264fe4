import { at, str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/**
 * NPLZ-GRD-04: every tenancy subscription is placed under a management group of the hierarchy, so it
 * inherits the guardrails. A subscription alias states the group in its properties, or the plan
 * holds a management-group-subscription association.
 */
export const subscriptionsInHierarchy = definePlanCheck({
  name: 'subscriptions-in-hierarchy',
  control: 'NPLZ-GRD-04',
  description: 'Every tenancy subscription is placed under an NPLZ management group',
  check({ index }, emit) {
    for (const g of index.tenancyGroups()) {
      const placed = g.resources.find(
        (r) =>
          (r.type === T.managementGroupSubscription && str(r.inputs.groupId)) ||
          (r.type === T.subscriptionAlias && str(at(r.inputs, 'properties.additionalProperties.managementGroupId'))),
      );
      emit(
        g.subject,
        placed
          ? []
          : [
              `tenancy ${g.tenancy} environment ${g.environment} does not place its subscription under a management group; allowed: a ${T.managementGroupSubscription} (or a subscription alias with managementGroupId) under its force group`,
            ],
        `subscription placed by ${placed?.name}`,
      );
    }
  },
});
