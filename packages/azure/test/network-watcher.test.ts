/**
 * The Network Watcher NPLZ renders is the one Azure allows per subscription and region, in the
 * group Azure uses (NetworkWatcherRG). A subscription that already has them (Azure made them for an
 * earlier VNet) adopts them through the `import` resource option, from the stack config
 * `nplz:adoptNetworkWatcher`: `pulumi import --parent` needs the parent in state, which a new stack
 * does not have. The group and watcher hold what Azure made for other regions: never deleted.
 */
import * as pulumi from '@pulumi/pulumi';
import {
  adoptNetworkWatcherFromConfig,
  azureDeployPlan,
  azureStacks,
  recordPlan,
  runAzureStack,
  type Plan,
  type PlanResource,
} from '../src';
import { named, plan, sampleEstate, sampleTenancy, TENANT_ID, TEST_HUB, WORKSPACE_ID } from './mocks';
import { ForceLandingZone } from '../src';

const KEY = 'nplz:adoptNetworkWatcher';
const subset = (names: string[]) => ({ ...sampleEstate(), tenancies: sampleEstate().tenancies.filter((t) => names.includes(t.spec.name)) });
/**
 * The `import` option of each resource the program registers, by logical name: the plan does not
 * record it (the engine's import is a one-off), so a stack transformation reads it.
 */
function importsOf<T>(program: () => T | Promise<T>): { program: () => Promise<T>; imports: Map<string, string | undefined> } {
  const imports = new Map<string, string | undefined>();
  return {
    imports,
    program: async () => {
      pulumi.runtime.registerStackTransformation((a) => {
        imports.set(a.name, (a.opts as pulumi.CustomResourceOptions).import);
        return undefined;
      });
      return program();
    },
  };
}
const watchers = (p: Plan): PlanResource[] =>
  p.resources.filter(
    (r) =>
      (r.type === 'azure-native:resources:ResourceGroup' && r.inputs.resourceGroupName === 'NetworkWatcherRG') ||
      r.type === 'azure-native:network:NetworkWatcher',
  );

describe("a subscription's Network Watcher and NetworkWatcherRG", () => {
  afterEach(() => pulumi.runtime.setConfig(KEY, ''));

  const zone = async (adoptNetworkWatcher?: boolean) => {
    const run = importsOf(() => {
      new ForceLandingZone('kent-prod', {
        tenancy: sampleTenancy('kent'),
        environment: 'prod',
        tenantId: TENANT_ID,
        managementGroupId: 'nplz-force-kent',
        workspaceId: WORKSPACE_ID,
        hub: TEST_HUB,
        ...(adoptNetworkWatcher === undefined ? {} : { adoptNetworkWatcher }),
      });
    });
    return { p: await plan(run.program), imports: run.imports };
  };

  test('are retained on delete (they hold the watchers Azure made for other regions), and the group keeps the region it has', async () => {
    const { p, imports } = await zone();
    const [group, watcher] = [named(p, 'kent-prod-network-watcher-rg'), named(p, 'kent-prod-network-watcher')];
    expect(group.retainOnDelete).toBe(true);
    expect(watcher.retainOnDelete).toBe(true);
    // A resource group's location cannot change; an existing NetworkWatcherRG may be in another region.
    expect(group.ignoreChanges).toEqual(['location']);
    expect(imports.get(group.name)).toBeUndefined();
    expect(imports.get(watcher.name)).toBeUndefined();
  });

  test("adopting imports both by the ids Azure gives them, through the zone's subscription provider", async () => {
    const { p, imports } = await zone(true);
    const sub = sampleTenancy('kent').azure!.subscriptions.prod!;
    const [group, watcher] = [named(p, 'kent-prod-network-watcher-rg'), named(p, 'kent-prod-network-watcher')];
    expect(imports.get(group.name)).toBe(`/subscriptions/${sub}/resourceGroups/NetworkWatcherRG`);
    expect(imports.get(watcher.name)).toBe(
      `/subscriptions/${sub}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_uksouth`,
    );
    const provider = named(p, 'kent-prod-provider');
    expect(provider.inputs.subscriptionId).toBe(sub);
    for (const r of [group, watcher]) expect(r.provider?.startsWith(`${provider.urn}::`)).toBe(true);
    // Nothing else is imported.
    expect(
      [...imports]
        .filter(([, id]) => id !== undefined)
        .map(([n]) => n)
        .sort(),
    ).toEqual([watcher.name, group.name].sort());
  });

  test('the stack config drives it, for the national stack (the hub) and a tenancy stack; anything but true or false is refused', async () => {
    const estate = subset(['kent']);
    const national = azureStacks(estate).find((s) => s.kind === 'national')!;
    const opts = { project: national.project, stack: national.stack };
    const idsOf = (p: Plan, imports: Map<string, string | undefined>) =>
      watchers(p)
        .map((r) => imports.get(r.name))
        .sort();
    const before = importsOf(() => runAzureStack(estate, national));
    const beforePlan = await recordPlan(before.program, opts);
    expect(idsOf(beforePlan, before.imports)).toEqual([undefined, undefined]);
    pulumi.runtime.setConfig(KEY, 'true');
    const adopted = importsOf(() => runAzureStack(estate, national));
    const adoptedPlan = await recordPlan(adopted.program, opts);
    const sub = estate.national.azure!.subscriptions.connectivity;
    expect(idsOf(adoptedPlan, adopted.imports)).toEqual([
      `/subscriptions/${sub}/resourceGroups/NetworkWatcherRG`,
      `/subscriptions/${sub}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_uksouth`,
    ]);
    const nationalOutputs = adoptedPlan.stacks!.find((s) => s.recorded)!.outputs!;
    const tenancy = azureStacks(estate).find((s) => s.name === 'organization/kent-landing-zone/prod')!;
    const inZone = importsOf(() => runAzureStack(estate, tenancy));
    const zonePlan = await recordPlan(inZone.program, {
      project: tenancy.project,
      stack: tenancy.stack,
      stackReferences: { 'organization/nplz/national': nationalOutputs },
    });
    const kentSub = sampleTenancy('kent').azure!.subscriptions.prod!;
    expect(idsOf(zonePlan, inZone.imports)).toEqual([
      `/subscriptions/${kentSub}/resourceGroups/NetworkWatcherRG`,
      `/subscriptions/${kentSub}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_uksouth`,
    ]);
    pulumi.runtime.setConfig(KEY, 'yes');
    expect(() => adoptNetworkWatcherFromConfig()).toThrow(/nplz:adoptNetworkWatcher is "yes"; allowed: true .* or false/);
  });

  test("the deploy plan adopts them through the stack config, not `pulumi import --parent` (the parent is not in a new stack's state)", () => {
    const step = azureDeployPlan(sampleEstate()).prerequisites.find((s) => s.id === 'network-watchers')!;
    const text = [...step.commands, step.why].join('\n');
    expect(text).not.toMatch(/pulumi import|--parent/);
    expect(step.commands.some((c) => c.startsWith('pulumi config set nplz:adoptNetworkWatcher true --stack '))).toBe(true);
    expect(step.commands.some((c) => c.startsWith('pulumi config rm nplz:adoptNetworkWatcher --stack '))).toBe(true);
    expect(step.why).toMatch(/cannot be undone without Azure support/);
  });
});
