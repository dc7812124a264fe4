import { defineAzurePolicy } from '../define-policy';
import { str, isUnknown } from '../private/props';
import { isManagementGroupScope, subscriptionInScope } from '../private/roles';
import { T } from '../private/types';

/**
 * NPLZ-IAM-03: a role granted in a force landing zone reaches only that landing zone's own
 * subscription (or something inside it), never a management group or another subscription.
 */
export const roleAssignmentForceScoped = defineAzurePolicy({
  name: 'role-assignment-force-scoped',
  control: 'NPLZ-IAM-03',
  resourceTypes: [T.roleAssignment, T.pimEligibility],
  description: "Role assignments and eligibilities in a force landing zone are scoped to the force's own subscription",
  validate(props, { args, placement }, report) {
    // Role assignments take no tags: under a real engine the URN says the resource is in a zone,
    // and its provider (pinned to the zone's subscription) which subscription is its own.
    if (!placement.inForceZone) return;
    const who = placement.tenancy ? `tenancy ${placement.tenancy}` : 'the landing zone';
    const owner = placement.tenancy ? 'the tenancy' : 'the landing zone';
    const scope = str(props.scope);
    if (!scope || isUnknown(scope)) return;
    if (isManagementGroupScope(scope)) {
      report(`scope is ${JSON.stringify(scope)}, a management group; allowed: the subscription of ${who} or a scope inside it`);
      return;
    }
    const own = placement.subscriptionId?.toLowerCase();
    const target = subscriptionInScope(scope) ?? args.nplz?.subscriptionOf?.(scope)?.toLowerCase();
    if (own && target && own !== target) {
      report(
        `scope is ${JSON.stringify(scope)} in subscription ${target}; allowed: ${owner}'s own subscription ${own} or a scope inside it`,
      );
    }
  },
});
