/**
 * The national peerings stack drops a spoke (declares no hub peering for it) only when Azure says
 * the spoke's VNet or its resource group does not exist (HTTP 404, ResourceNotFound or
 * ResourceGroupNotFound), and the hub has no peering to it yet. Anything else (a wrong or cancelled
 * subscription: SubscriptionNotFound) stops the run, and a hub peering that exists is kept: a
 * passing fault never deletes one.
 */
import * as pulumi from '@pulumi/pulumi';
import { azureStacks, isNotFound, planAzureEstate, recordPlan, runAzureStack, type Plan } from '../src';
import { sampleEstate } from './mocks';
import { sharedPlanCache } from '../../../test/shared-plan-cache';

const PEERING = 'azure-native:network:VirtualNetworkPeering';
const NATIONAL = 'organization/nplz/national';
const KENT_PROD = 'organization/kent-landing-zone/prod';
const KENT_NONPROD = 'organization/kent-landing-zone/nonprod';
const estate = { ...sampleEstate(), tenancies: sampleEstate().tenancies.filter((t) => t.spec.name === 'kent') };
const peerings = azureStacks(estate).find((s) => s.kind === 'peerings')!;

let full: Plan;
beforeAll(async () => {
  full = await planAzureEstate(estate, { cache: sharedPlanCache() });
}, 120_000);
const outputsOf = (name: string) => full.stacks!.find((s) => s.name === name)!.outputs!;
const hub = () => outputsOf(NATIONAL).hub as { subscriptionId: string; resourceGroupName: string; virtualNetworkName: string };
const hubPeeringId = (env: string) =>
  `/subscriptions/${hub().subscriptionId}/resourceGroups/${hub().resourceGroupName}/providers/Microsoft.Network/virtualNetworks/${hub().virtualNetworkName}/virtualNetworkPeerings/to-kent-${env}`;

function quietly<T>(f: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const warn = jest.spyOn(pulumi.log, 'warn').mockImplementation((m: string) => {
    warnings.push(m);
    return Promise.resolve();
  });
  return f()
    .then((result) => ({ result, warnings }))
    .finally(() => warn.mockRestore());
}

describe('the national peerings stack never deletes a live hub peering on a failed read', () => {
  test('only a 404 ResourceNotFound or ResourceGroupNotFound means "not deployed yet"', () => {
    const rg = 'Status=404 Code="ResourceGroupNotFound" Message="Resource group \'x\' could not be found."';
    expect(isNotFound(new Error('Status=404 Code="ResourceNotFound" Message="The Resource ... was not found."'))).toBe(true);
    expect(isNotFound(new Error(rg))).toBe(true);
    expect(isNotFound(new Error('GET https://management.azure.com/...\nRESPONSE 404: 404 Not Found\nERROR CODE: ResourceNotFound'))).toBe(
      true,
    );
    expect(isNotFound(new Error('Status=404 Code="SubscriptionNotFound" Message="The subscription \'x\' could not be found."'))).toBe(
      false,
    );
    expect(isNotFound(new Error('RESPONSE 404: 404 Not Found\nERROR CODE: SubscriptionNotFound'))).toBe(false);
    expect(isNotFound(new Error('Status=403 Code="AuthorizationFailed" Message="... NotFound ..."'))).toBe(false);
    expect(isNotFound(new Error('Code="ResourceNotFound"'))).toBe(false);
  });

  test('the mock finds a spoke by subscription, resource group and name, not by its name alone', async () => {
    const kent = outputsOf(KENT_PROD);
    // The same VNet name recorded in another subscription is not this spoke.
    const elsewhere = { ...kent, subscriptionId: '00000000-0000-4000-8000-0000000000ff' };
    const { result } = await quietly(() =>
      recordPlan(() => runAzureStack(estate, peerings), {
        project: peerings.project,
        stack: peerings.stack,
        stackReferences: { [NATIONAL]: outputsOf(NATIONAL), [KENT_PROD]: elsewhere },
      }),
    );
    expect(result.resources.filter((r) => r.type === PEERING)).toEqual([]);
    const other = { ...kent, networkResourceGroupName: 'another-group' };
    const { result: again } = await quietly(() =>
      recordPlan(() => runAzureStack(estate, peerings), {
        project: peerings.project,
        stack: peerings.stack,
        stackReferences: { [NATIONAL]: outputsOf(NATIONAL), [KENT_PROD]: other },
      }),
    );
    expect(again.resources.filter((r) => r.type === PEERING)).toEqual([]);
  });

  test('a spoke whose subscription Azure does not find (SubscriptionNotFound: wrong or cancelled) stops the run', async () => {
    const kentProd = estate.tenancies[0]!.spec.azure!.subscriptions.prod!;
    await expect(
      quietly(() =>
        recordPlan(() => runAzureStack(estate, peerings), {
          project: peerings.project,
          stack: peerings.stack,
          stackReferences: { [NATIONAL]: outputsOf(NATIONAL), [KENT_PROD]: outputsOf(KENT_PROD) },
          subscriptions: [hub().subscriptionId, kentProd],
        }),
      ),
    ).rejects.toThrow(
      /national peerings: reading spoke \/subscriptions\/[^ ]+ \(stack organization\/kent-landing-zone\/nonprod\) failed: .*SubscriptionNotFound/,
    );
  });

  test('a spoke the hub is already peered with that now reads 404 keeps its hub peering, with a warning', async () => {
    const { result, warnings } = await quietly(() =>
      recordPlan(() => runAzureStack(estate, peerings), {
        project: peerings.project,
        stack: peerings.stack,
        // kent prod's stack outputs are gone (its VNet reads 404), but the hub's peering to it exists.
        stackReferences: { [NATIONAL]: outputsOf(NATIONAL) },
        existing: [hubPeeringId('prod')],
      }),
    );
    const kept = result.resources.filter((r) => r.type === PEERING);
    expect(kept.map((r) => r.name)).toEqual(['kent-prod-from-hub']);
    const out = result.stacks!.find((s) => s.recorded)!.outputs as { peered: string[]; pending: string[]; kept: string[] };
    expect(out.kept).toEqual([KENT_PROD]);
    expect(out.pending).toEqual([KENT_NONPROD]);
    expect(warnings.some((w) => w.includes('kent-prod') && /kept/.test(w))).toBe(true);
  });
});
