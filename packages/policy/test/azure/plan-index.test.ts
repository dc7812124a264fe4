import { PlanIndex } from '../../src/azure/private/plan-index';
import { T } from '../../src/azure/private/types';
import { compliantPlan, mutate, res } from './fixtures';

/** What the index's lookups gave before they were worked out once per index: a scan of the plan. */
function naive(index: PlanIndex) {
  return {
    inGroup: (key: string) => index.resources.filter((r) => index.resourceGroupKey(r) === key),
    groupOf: (key: string | undefined) => (key ? index.ofType(T.resourceGroup).find((g) => index.resourceGroupKey(g) === key) : undefined),
  };
}

describe('PlanIndex works each lookup out once, per index', () => {
  test('resources by resource group and the group of each resource are what a scan of the plan gives', () => {
    const index = new PlanIndex(compliantPlan(['kent', 'durham']));
    const scan = naive(index);
    const keys = new Set(index.resources.map((r) => index.resourceGroupKey(r)).filter((k): k is string => k !== undefined));
    expect(keys.size).toBeGreaterThan(3);
    for (const key of keys) expect(index.inResourceGroup(key)).toEqual(scan.inGroup(key));
    expect(index.inResourceGroup('/subscriptions/none|nowhere')).toEqual([]);
    for (const r of index.resources) expect(index.resourceGroupOf(r)).toBe(scan.groupOf(index.resourceGroupKey(r)));
  });

  test('two plans sharing resource objects, in one process: each index answers for its own plan', () => {
    const before = compliantPlan(['kent']);
    // A copy of the plan whose hub provider names another subscription: every other resource object is shared.
    const after = mutate(before, 'hub-provider', (p) => {
      p.inputs.subscriptionId = '00000000-0000-45b5-8000-00000000beef';
    });
    const a = new PlanIndex(before);
    const hubProvider = before.resources.find((r) => r.name === 'hub-provider')!;
    const onHub = before.resources.find((r) => r.provider?.startsWith(`${hubProvider.urn}::`) && r.inputs.resourceGroupName);
    expect(onHub).toBeDefined();
    expect(after.resources).toContain(onHub);
    const keyA = a.resourceGroupKey(onHub!);
    const b = new PlanIndex(after);
    const keyB = b.resourceGroupKey(onHub!);
    expect(keyA).toContain(a.subscriptionOf(onHub!)!.toLowerCase());
    expect(keyB).toContain('/subscriptions/00000000-0000-45b5-8000-00000000beef|');
    expect(keyB).not.toBe(keyA);
    // Neither index takes the other's answer, whichever asks first.
    expect(a.resourceGroupKey(onHub!)).toBe(keyA);
    expect(a.inResourceGroup(keyA!)).toContain(onHub);
    expect(b.inResourceGroup(keyA!)).not.toContain(onHub);
    expect(b.inResourceGroup(keyB!)).toContain(onHub);
    expect(b.providerOf(onHub!)?.inputs.subscriptionId).toBe('00000000-0000-45b5-8000-00000000beef');
    expect(a.providerOf(onHub!)?.inputs.subscriptionId).not.toBe('00000000-0000-45b5-8000-00000000beef');
  });

  test('a resource with no resource group has no key and no group', () => {
    const r = res(T.vnet, 'loose', {});
    const index = new PlanIndex({ resources: [r] });
    expect(index.resourceGroupKey(r)).toBeUndefined();
    expect(index.resourceGroupOf(r)).toBeUndefined();
  });
});
