import { str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/**
 * NPLZ-MON-04: the national workspace has Microsoft Sentinel, where the SOC triages high-severity
 * findings. Applies when the plan holds the national platform.
 */
export const sentinelOnboarded = definePlanCheck({
  name: 'sentinel-onboarded',
  control: 'NPLZ-MON-04',
  description: 'The national Log Analytics workspace is onboarded to Microsoft Sentinel',
  check({ index }, emit) {
    if (!index.hasNationalPlatform()) return;
    const workspaces = index.ofType(T.workspace).filter((w) => !w.tenancy);
    const subject = workspaces[0] ?? index.rootManagementGroup();
    if (!subject) return;
    const sentinel = index.ofType(T.sentinel);
    const onboarded = workspaces.filter((w) =>
      sentinel.some((s) => s.inputs.workspaceName === index.azureName(w) && s.inputs.resourceGroupName === w.inputs.resourceGroupName),
    );
    const problems = !workspaces.length
      ? ['the plan holds the national platform but no national Log Analytics workspace; allowed: a central workspace with Sentinel']
      : !onboarded.length
        ? [
            `no ${T.sentinel} for workspace ${workspaces.map((w) => str(w.inputs.workspaceName) ?? w.name).join(', ')}; allowed: Sentinel onboarded on the national workspace`,
          ]
        : [];
    emit(onboarded[0] ?? subject, problems, `Sentinel onboarded on ${onboarded.map((w) => index.azureName(w)).join(', ')}`);
  },
});
