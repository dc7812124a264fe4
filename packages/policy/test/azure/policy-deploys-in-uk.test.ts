import { BASELINE_2026_11 as B } from '@nplz/core';
import { evaluatePlanChecks, type AzurePlan } from '../../src/azure';
import { compliantPlan, mutate } from './fixtures';

const results = (plan: AzurePlan, policy: string) => evaluatePlanChecks(plan, B).filter((r) => r.policy === policy);
const BUILT_IN_ACTIVITY_LOG = '/providers/Microsoft.Authorization/policyDefinitions/2465583e-4e78-4c15-b6be-a36cbc7c8b0f';

describe('policy-deploys-in-uk', () => {
  test("passes NPLZ's activity-log definition, deployed from uksouth", () => {
    const r = results(compliantPlan(['kent']), 'policy-deploys-in-uk');
    expect(r.map((x) => [x.name, x.status, x.message])).toEqual([
      ['deploy-activity-log', 'pass', 'deploy-activity-log deploys from uksouth'],
    ]);
  });

  test('fails a definition that deploys from outside the UK', () => {
    const p = mutate(compliantPlan(['kent']), 'deploy-activity-log', (r) => {
      (r.inputs.policyRule as { then: { details: { deployment: { location: string } } } }).then.details.deployment.location = 'northeurope';
    });
    expect(
      results(p, 'policy-deploys-in-uk')
        .filter((x) => x.status === 'fail')
        .map((x) => x.message),
    ).toEqual(['deploy-activity-log deploys from northeurope; allowed: one of uksouth, ukwest (baseline 2026.11 regions.azure.allowed)']);
  });

  test('fails an assignment of the built-in activity-log policy, whose deployment runs from northeurope (what NPLZ assigned before)', () => {
    const p = mutate(compliantPlan(['kent']), 'nplz-activity-logs', (r) => void (r.inputs.policyDefinitionId = BUILT_IN_ACTIVITY_LOG));
    const fails = results(p, 'policy-deploys-in-uk').filter((x) => x.status === 'fail');
    expect(fails.map((x) => x.message)).toEqual([
      "nplz-activity-logs assigns built-in 2465583e-4e78-4c15-b6be-a36cbc7c8b0f, whose deployment runs from northeurope; allowed: a definition that deploys from one of uksouth, ukwest (NPLZ's own, as PolicyBaseline renders)",
    ]);
    // The export itself still counts for the tenancies: it is the activity-log policy, wherever it deploys from.
    expect(results(p, 'tenancy-activity-log').filter((x) => x.status === 'fail')).toEqual([]);
  });

  test("tenancy-activity-log counts NPLZ's own definition as the national export, and not an unrelated one", () => {
    expect(results(compliantPlan(['kent']), 'tenancy-activity-log').filter((x) => x.status === 'fail')).toEqual([]);
    const p = mutate(compliantPlan(['kent']), 'deploy-activity-log', (r) => {
      r.inputs.policyDefinitionName = 'nplz-something-else';
      (r.inputs.policyRule as { then: { details: { type: string } } }).then.details.type = 'Microsoft.Security/pricings';
    });
    expect(
      results(p, 'tenancy-activity-log')
        .filter((x) => x.status === 'fail')
        .map((x) => x.message),
    ).toEqual([expect.stringMatching(/^tenancy kent environment prod has no .*activity-log policy/)]);
  });
});
