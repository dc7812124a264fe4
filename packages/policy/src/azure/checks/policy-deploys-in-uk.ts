import { obj, str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

const POLICY_DEFINITION_AT_MG = 'azure-native:authorization:PolicyDefinitionAtManagementGroup';

/**
 * Built-ins whose DeployIfNotExists deployment runs from a fixed location outside the UK, as their
 * files in github.com/Azure/azure-policy give it (`policyRule.then.details.deployment.location`).
 */
export const BUILT_INS_DEPLOYING_OUTSIDE_UK: Readonly<Record<string, string>> = Object.freeze({
  // built-in-policies/policyDefinitions/Monitoring/DataConnectorsAzureActivity.json
  '2465583e-4e78-4c15-b6be-a36cbc7c8b0f': 'northeurope',
  // built-in-policies/policyDefinitions/Security Center/ASC_ExportToLogAnalyticsWorkspace_DINE.json
  'ffb6f416-7bd2-4488-8828-56585fef2be9': 'westeurope',
});

/**
 * NPLZ-RES-01: the guardrails' own deployments stay in the UK. A DeployIfNotExists deployment at
 * subscription scope runs from the location its definition names, and Azure keeps the deployment
 * record there: every definition in the plan that names one names a region the baseline allows, and
 * no assignment uses a built-in whose fixed deployment location is outside the UK.
 */
export const policyDeploysInUk = definePlanCheck({
  name: 'policy-deploys-in-uk',
  control: 'NPLZ-RES-01',
  description: "Policy deployments (DeployIfNotExists) run from the baseline's UK regions",
  check({ index, baselineFor }, emit) {
    for (const d of index.ofType(POLICY_DEFINITION_AT_MG)) {
      const deployment = obj(obj(obj(obj(d.inputs.policyRule)?.then)?.details)?.deployment);
      const location = str(deployment?.location);
      if (!deployment || location === undefined) continue;
      const allowed = baselineFor(d).regions.azure.allowed;
      emit(
        d,
        allowed.includes(location)
          ? []
          : [
              `${d.name} deploys from ${location}; allowed: one of ${allowed.join(', ')} (baseline ${baselineFor(d).version} regions.azure.allowed)`,
            ],
        `${d.name} deploys from ${location}`,
      );
    }
    for (const a of index.ofType(T.policyAssignment)) {
      const id = str(a.inputs.policyDefinitionId)?.toLowerCase() ?? '';
      const guid = Object.keys(BUILT_INS_DEPLOYING_OUTSIDE_UK).find((g) => id.endsWith(`/policydefinitions/${g}`));
      if (!guid) continue;
      emit(
        a,
        [
          `${a.name} assigns built-in ${guid}, whose deployment runs from ${BUILT_INS_DEPLOYING_OUTSIDE_UK[guid]}; allowed: a definition that deploys from one of ${baselineFor(a).regions.azure.allowed.join(', ')} (NPLZ's own, as PolicyBaseline renders)`,
        ],
        '',
      );
    }
  },
});
