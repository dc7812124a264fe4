import { BASELINE_2026_11 as B, PLAN_FORMAT } from '@nplz/core';
import type { PolicyResource, StackValidationArgs } from '@pulumi/policy';
import { auditAzurePlan, evaluatePlan, parseAzurePlan, planFromStack, stackPolicyFor, tenancyBudget } from '../../src/azure';
import { compliantPlan, forceLandingZone, mutate, nationalPlatform, planOf, without } from './fixtures';

/** kent compliant; durham with a public storage account and a key vault outside the UK. */
function brokenDurham() {
  let plan = compliantPlan(['kent', 'durham']);
  plan = mutate(plan, 'durham-prod-audit', (r) => void (r.inputs.allowBlobPublicAccess = true));
  plan = mutate(plan, 'durham-prod-kv', (r) => void (r.inputs.location = 'westeurope'));
  return plan;
}

test('two tenancies, one broken: exactly the expected failures, attributed to durham/prod', async () => {
  const results = await evaluatePlan(brokenDurham(), B);
  const fails = results
    .filter((r) => r.status === 'fail')
    .map(({ policy, control, name, tenancy, environment, message }) => ({ policy, control, name, tenancy, environment, message }));
  expect(fails).toEqual([
    {
      policy: 'storage-no-public-access',
      control: 'NPLZ-NET-01',
      name: 'durham-prod-audit',
      tenancy: 'durham',
      environment: 'prod',
      message: 'allowBlobPublicAccess is true; allowed: false',
    },
    {
      policy: 'allowed-locations',
      control: 'NPLZ-RES-01',
      name: 'durham-prod-kv',
      tenancy: 'durham',
      environment: 'prod',
      message: 'location is "westeurope"; allowed: one of uksouth, ukwest (baseline 2026.11 regions.azure.allowed)',
    },
    {
      policy: 'tenancy-home-region',
      control: 'NPLZ-RES-02',
      name: 'durham-prod-kv',
      tenancy: 'durham',
      environment: 'prod',
      message: 'location is "westeurope" in tenancy durham; allowed: uksouth (home) or ukwest (pair) (baseline 2026.11 regions.azure)',
    },
  ]);
  // kent's resources were evaluated too, and passed
  expect(results.filter((r) => r.tenancy === 'kent' && r.policy === 'storage-no-public-access')).toEqual([
    expect.objectContaining({ status: 'pass', name: 'kent-prod-audit' }),
  ]);
  // the whole audit adds no plan-check failure for these breaks
  expect((await auditAzurePlan(brokenDurham(), B)).filter((r) => r.status === 'fail')).toHaveLength(3);
});

test('a pass result per policy × applicable resource; components and providers are not evaluated', async () => {
  const results = await evaluatePlan(compliantPlan(['kent']), B);
  expect(results.every((r) => r.status === 'pass')).toBe(true);
  expect(results.some((r) => r.type.startsWith('nplz:') || r.type.startsWith('pulumi:'))).toBe(false);
  const storage = results
    .filter((r) => r.name === 'kent-prod-audit')
    .map((r) => r.policy)
    .sort();
  expect(storage).toEqual([
    'allowed-locations',
    'classification-tag',
    'immutability-meets-baseline',
    'no-shared-key-access',
    'required-tags',
    'storage-customer-managed-key',
    'storage-https-only',
    'storage-minimum-tls',
    'storage-no-public-access',
    'tenancy-home-region',
  ]);
});

test('the baseline is chosen per resource: baselineFor wins, and a baseline without a control skips its policies', async () => {
  const lax = { ...B, version: '2099.01', controls: B.controls.filter((c) => c !== 'NPLZ-NET-01') };
  const results = await evaluatePlan(brokenDurham(), { baselineFor: (r) => (r.tenancy === 'durham' ? lax : B) });
  expect(results.filter((r) => r.status === 'fail').map((r) => r.policy)).toEqual(['allowed-locations', 'tenancy-home-region']);
});

test('async validations are awaited and notApplicable drops the result', async () => {
  const factory = Object.assign(
    () => ({
      control: 'NPLZ-NET-01',
      resourceTypes: ['azure-native:storage:StorageAccount'],
      policy: {
        name: 'slow',
        description: 'slow',
        validateResource: [
          async (args: { name: string; notApplicable(): never }, report: (m: string) => void) => {
            await new Promise((r) => setTimeout(r, 1));
            if (args.name === 'kent-prod-audit') report('late');
            else args.notApplicable();
          },
        ],
      },
    }),
    { policyName: 'slow', control: 'NPLZ-NET-01', resourceTypes: ['azure-native:storage:StorageAccount'] },
  );
  const results = await evaluatePlan(compliantPlan(['kent', 'durham']), B, [factory as never]);
  expect(results.map((r) => [r.name, r.status, r.message])).toEqual([['kent-prod-audit', 'fail', 'late']]);
});

test('parseAzurePlan accepts a recorded plan and rejects a wrong one with the field named', () => {
  const plan = JSON.parse(JSON.stringify(compliantPlan()));
  expect(parseAzurePlan(plan, 'plan.json').resources).toHaveLength(plan.resources.length);
  expect(() => parseAzurePlan({ ...plan, format: 'x' }, 'plan.json')).toThrow(/format/);
  expect(() => parseAzurePlan({ format: PLAN_FORMAT, resources: [{ urn: 1 }] }, 'plan.json')).toThrow(/resources\[0\]\.urn/);
});

test('plan checks run as stack policies over the resources a real engine reports', async () => {
  // Rebuild PolicyResources from the fixture plan: parent links, providers, outputs = inputs.
  const plan = without(planOf([...nationalPlatform(), ...forceLandingZone('kent')]), 'kent-prod-budget');
  const byUrn = new Map<string, PolicyResource>();
  for (const r of plan.resources) {
    byUrn.set(r.urn, {
      type: r.type,
      urn: r.urn,
      name: r.name,
      props: { ...r.inputs, ...(r.id ? { id: r.id } : {}) },
      opts: { protect: !!r.protect } as PolicyResource['opts'],
      dependencies: [],
      propertyDependencies: {},
    } as unknown as PolicyResource);
  }
  for (const r of plan.resources) {
    const pr = byUrn.get(r.urn) as { parent?: PolicyResource; provider?: unknown };
    if (r.parent) pr.parent = byUrn.get(r.parent);
    if (r.provider) {
      const p = byUrn.get(r.provider.slice(0, r.provider.lastIndexOf('::')))!;
      pr.provider = { type: p.type, urn: p.urn, name: p.name, props: p.props };
    }
  }
  const resources = [...byUrn.values()];
  expect(planFromStack(resources).resources.find((r) => r.name === 'kent-prod-kv')).toMatchObject({ tenancy: 'kent', environment: 'prod' });
  const reported: [string, string | undefined][] = [];
  const args = { resources, stackTags: new Map([['nplz:baseline', B.version]]) } as unknown as StackValidationArgs;
  await stackPolicyFor(tenancyBudget).validateStack(args, (m, urn) => void reported.push([m, urn]));
  expect(reported).toEqual([
    [
      expect.stringMatching(/kent environment prod has no azure-native:consumption:Budget/),
      'urn:pulumi:plan::nplz::nplz:azure:ForceLandingZone::kent-prod',
    ],
  ]);
});
