import { arr, obj, str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/**
 * NPLZ-MON-02: Azure Policy compliance is measured against the baseline: an initiative in the plan
 * references a required-tag policy for every required tag and is assigned at the root group.
 */
export const postureStandardsAssigned = definePlanCheck({
  name: 'posture-standards-assigned',
  control: 'NPLZ-MON-02',
  description: 'A guardrails initiative covering the baseline is assigned at the root group, so compliance is measured',
  check({ index, baselineFor }, emit) {
    const root = index.rootManagementGroup();
    if (!root) return;
    const b = baselineFor(root);
    const assigned = index
      .ofType(T.policyAssignment)
      .filter((a) => index.refersTo(a.inputs.scope, root))
      .map((a) => index.resolve(a.inputs.policyDefinitionId))
      .filter((d) => d?.type === T.policySetAtMg);
    const tagsIn = (set: (typeof assigned)[number]) =>
      arr(set?.inputs.policyDefinitions)
        .map((d) => str(obj(obj(obj(d)?.parameters)?.tagName)?.value))
        .filter((t): t is string => !!t);
    const best = assigned.find((s) => b.requiredTags.every((t) => tagsIn(s).includes(t.key)));
    const problems = best
      ? []
      : assigned.length
        ? [
            `the initiative assigned at the root does not require tags ${b.requiredTags
              .map((t) => t.key)
              .filter((k) => !assigned.some((s) => tagsIn(s).includes(k)))
              .join(', ')}; allowed: every required tag of baseline ${b.version}`,
          ]
        : [
            `no initiative from the plan is assigned at root management group ${str(root.inputs.groupId) ?? root.name}; allowed: the NPLZ guardrails initiative`,
          ];
    emit(best ?? root, problems, 'guardrails initiative assigned at the root; compliance measured');
  },
});
