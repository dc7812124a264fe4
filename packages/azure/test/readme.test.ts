// The minimal example of packages/azure/README.md, kept here so it compiles (tsconfig.test.json)
// and runs. Keep the two in step.
import { loadEstateOrThrow } from '@nplz/core';
import { ForceLandingZone, planAzureEstate, recordPlan, writePlan } from '@nplz/azure';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESTATE_DIR } from './mocks';

// The example records the whole estate, as the README says; here it takes each stack from the
// shared plan cache (test/shared-plan-cache.ts, #14) rather than recording the 89 stacks cold once
// more. A cached plan is the recorded one byte for byte (plan-cache.test.ts), and estate-plan.test.ts
// records the estate cold. Only the cache is added: the example's text stays the README's.
jest.mock('@nplz/azure', () => {
  const actual = jest.requireActual<typeof import('@nplz/azure')>('@nplz/azure');
  return {
    ...actual,
    planAzureEstate: (estate: Parameters<typeof actual.planAzureEstate>[0], opts: Parameters<typeof actual.planAzureEstate>[1] = {}) =>
      actual.planAzureEstate(estate, {
        cache: jest.requireActual<typeof import('../../../test/shared-plan-cache')>('../../../test/shared-plan-cache').sharedPlanCache(),
        ...opts,
      }),
  };
});

async function readmeExample(estateDir: string, outDir: string) {
  // The whole national estate, recorded offline:
  const estate = loadEstateOrThrow(estateDir);
  const plan = await planAzureEstate(estate);
  writePlan(plan, path.join(outDir, 'azure', 'plan.json'));

  // One force's landing zone, as a force would write it in its own Pulumi program:
  const kent = estate.tenancies.find((t) => t.spec.name === 'kent')!.spec;
  const one = await recordPlan(() => {
    new ForceLandingZone('kent-prod', {
      tenancy: kent,
      environment: 'prod',
      tenantId: estate.national.azure!.tenantId,
      managementGroupId: 'nplz-force-kent',
      workspaceId:
        '/subscriptions/00000000-0000-45b5-8000-0000000186a1/resourceGroups/nplz-management/providers/Microsoft.OperationalInsights/workspaces/nplz-central',
      hub: {
        resourceGroupName: 'nplz-connectivity',
        virtualNetworkName: 'nplz-hub',
        virtualNetworkId:
          '/subscriptions/00000000-0000-45b5-8000-0000000186a2/resourceGroups/nplz-connectivity/providers/Microsoft.Network/virtualNetworks/nplz-hub',
        firewallPrivateIp: '10.1.0.4',
      },
    });
  });
  return { estateResources: plan.resources.length, kentResources: one.resources.length };
}

test('the README example compiles and runs', async () => {
  const r = await readmeExample(ESTATE_DIR, path.join(os.tmpdir(), 'nplz-readme'));
  expect(r.estateResources).toBeGreaterThan(r.kentResources);
  expect(r.kentResources).toBeGreaterThan(20);
});
