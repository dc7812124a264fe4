/**
 * Integration: the sample estate recorded by @nplz/azure, audited by the Azure pack. Kept apart from
 * the unit tests (which use only fixtures) because it depends on the Azure package's output.
 */
import * as path from 'node:path';
import { loadEstateOrThrow } from '@nplz/core';
import * as azure from '@nplz/azure';
import { auditAzurePlan, azureEvaluationOptionsFor, type AzurePlan } from '@nplz/policy';
import { sharedPlanCache } from './shared-plan-cache';

const planAzureEstate = (azure as { planAzureEstate?: (e: unknown, opts?: { cache?: azure.StackPlanCache }) => Promise<AzurePlan> })
  .planAzureEstate;
const describeIfRecorder = planAzureEstate ? describe : describe.skip;

describeIfRecorder('sample estate (examples/estate) on Azure', () => {
  const estate = loadEstateOrThrow(path.join(__dirname, '../examples/estate'));
  let plan: AzurePlan;
  beforeAll(async () => {
    plan = await planAzureEstate!(estate, { cache: sharedPlanCache() });
  }, 300_000);

  test('audits with zero failures', async () => {
    const results = await auditAzurePlan(plan, azureEvaluationOptionsFor(estate));
    expect(results.length).toBeGreaterThan(1000);
    expect(results.filter((r) => r.status === 'fail').map((r) => `${r.policy} ${r.name}: ${r.message}`)).toEqual([]);
  });

  test('breaking one force yields exactly the expected failures for that force', async () => {
    const victim = plan.resources.find((r) => r.type === 'azure-native:storage:StorageAccount' && r.tenancy);
    expect(victim).toBeDefined();
    const broken: AzurePlan = {
      ...plan,
      resources: plan.resources.map((r) =>
        r === victim ? { ...r, inputs: { ...r.inputs, allowBlobPublicAccess: true, location: 'westeurope' } } : r,
      ),
    };
    const fails = (await auditAzurePlan(broken, azureEvaluationOptionsFor(estate))).filter((r) => r.status === 'fail');
    expect(fails.map((r) => [r.policy, r.urn, r.tenancy])).toEqual([
      ['storage-no-public-access', victim!.urn, victim!.tenancy],
      ['allowed-locations', victim!.urn, victim!.tenancy],
      ['tenancy-home-region', victim!.urn, victim!.tenancy],
    ]);
  });
});

describeIfRecorder('an audit-only rollout (national settings azure.policyEnforcement: audit-only)', () => {
  const full = loadEstateOrThrow(path.join(__dirname, '../examples/estate'));
  const estate = {
    ...full,
    national: { ...full.national, azure: { ...full.national.azure!, policyEnforcement: 'audit-only' as const } },
    tenancies: full.tenancies.filter((t) => t.spec.name === 'kent'),
  };

  test('the audit reports every guardrail as not enforced, and nothing else', async () => {
    const plan = await planAzureEstate!(estate, { cache: sharedPlanCache() });
    const fails = (await auditAzurePlan(plan, azureEvaluationOptionsFor(estate))).filter((r) => r.status === 'fail');
    // Nothing denies, nothing deploys: the guardrails, UK residency and the Defender plans the
    // DeployIfNotExists initiative would switch on. What NPLZ renders directly (logs, keys, locks) stays.
    expect(fails.map((r) => `${r.control} ${r.policy} ${r.tenancy ?? 'national'}${r.environment ? `/${r.environment}` : ''}`)).toEqual([
      'NPLZ-RES-01 root-allowed-locations national',
      'NPLZ-MON-01 tenancy-defender-plans kent/nonprod',
      'NPLZ-MON-01 tenancy-defender-plans kent/prod',
      'NPLZ-GRD-01 root-guardrails-assigned national',
    ]);
    expect(fails[0]!.message).toBe('nplz-policy-allowed-locations enforcementMode is "DoNotEnforce"; allowed: "Default"');
    expect(fails[3]!.message).toContain('no enforced assignment of the nplz-guardrails initiative at root management group nplz');
  }, 60_000);
});
