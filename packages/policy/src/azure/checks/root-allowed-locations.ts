import { arr, obj, str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/** Built-in "Allowed locations". */
const ALLOWED_LOCATIONS_POLICY = 'e56962a6-4747-49cd-b67b-bf8b01975c4c';

/**
 * NPLZ-RES-01: the NPLZ root management group enforces the built-in allowed-locations policy with
 * only the baseline's UK regions. Applies when the plan holds the management group hierarchy.
 */
export const rootAllowedLocations = definePlanCheck({
  name: 'root-allowed-locations',
  control: 'NPLZ-RES-01',
  description: 'The root management group enforces allowed locations = the baseline UK regions',
  check({ index, baselineFor }, emit) {
    const root = index.rootManagementGroup();
    if (!root) return;
    const b = baselineFor(root);
    const assignments = index
      .ofType(T.policyAssignment)
      .filter(
        (a) => index.refersTo(a.inputs.scope, root) && str(a.inputs.policyDefinitionId)?.toLowerCase().endsWith(ALLOWED_LOCATIONS_POLICY),
      );
    const problems: string[] = [];
    const a = assignments[0];
    if (!a) {
      problems.push(
        `no allowed-locations assignment at root management group ${str(root.inputs.groupId) ?? root.name}; allowed: the built-in ${ALLOWED_LOCATIONS_POLICY} with ${b.regions.azure.allowed.join(', ')}`,
      );
    } else {
      const list = arr(obj(obj(a.inputs.parameters)?.listOfAllowedLocations)?.value).map(str);
      const outside = list.filter((l) => !l || !b.regions.azure.allowed.includes(l));
      if (!list.length || outside.length)
        problems.push(
          `${a.name} listOfAllowedLocations is ${JSON.stringify(list)}; allowed: a non-empty subset of ${b.regions.azure.allowed.join(', ')} (baseline ${b.version})`,
        );
      if (a.inputs.enforcementMode === 'DoNotEnforce') problems.push(`${a.name} enforcementMode is "DoNotEnforce"; allowed: "Default"`);
    }
    emit(a ?? root, problems, `allowed locations ${b.regions.azure.allowed.join(', ')} enforced at the root`);
  },
});
