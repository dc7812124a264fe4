import * as pulumi from '@pulumi/pulumi';
import {
  auditImmutabilityStateFromConfig,
  azureDeployPlan,
  azureStackProgram,
  azureStacks,
  planAzureEstate,
  recordPlan,
  runAzureStack,
  type Plan,
  type PlanResource,
} from '../src';
import { sampleEstate } from './mocks';
import { sharedPlanCache } from '../../../test/shared-plan-cache';

const subset = (names: string[]) => ({ ...sampleEstate(), tenancies: sampleEstate().tenancies.filter((t) => names.includes(t.spec.name)) });
const PEERING = 'azure-native:network:VirtualNetworkPeering';
const NATIONAL = 'organization/nplz/national';
const PEERINGS = 'organization/nplz/national-peerings';

let p: Plan;
beforeAll(async () => {
  p = await planAzureEstate(subset(['kent', 'essex', 'kent-essex-its']), { cache: sharedPlanCache() });
}, 120_000);

const inStack = (stack: string) => p.resources.filter((r) => r.stack === stack);
const named = (name: string, type = PEERING) => {
  const r = p.resources.find((x) => x.name === name && x.type === type);
  if (!r) throw new Error(`no ${type} ${name}`);
  return r;
};

describe('the Azure estate as stacks', () => {
  test('one national stack, one per tenancy environment after it, the national peerings after them all', () => {
    const stacks = azureStacks(subset(['kent', 'essex', 'kent-essex-its']));
    const tenancies = [
      'organization/essex-landing-zone/nonprod',
      'organization/essex-landing-zone/prod',
      'organization/kent-essex-its-landing-zone/prod',
      'organization/kent-landing-zone/nonprod',
      'organization/kent-landing-zone/prod',
    ];
    expect(stacks[0]).toMatchObject({ name: NATIONAL, after: [] });
    expect(stacks.at(-1)).toMatchObject({ name: PEERINGS, subscriptions: [sampleEstate().national.azure!.subscriptions.connectivity] });
    expect([...stacks.at(-1)!.after].sort()).toEqual([NATIONAL, ...tenancies].sort());
    const middle = stacks.slice(1, -1);
    expect(middle.map((s) => s.name).sort()).toEqual(tenancies);
    for (const s of middle)
      expect(s).toMatchObject({ kind: 'tenancy', after: [NATIONAL], project: `${s.tenancy}-landing-zone`, stack: s.environment });
  });

  test('every resource belongs to exactly one recorded stack, and nothing in a stack points at another stack by URN', () => {
    const recorded = (p.stacks ?? []).filter((s) => s.recorded).map((s) => s.name);
    expect(recorded.sort()).toEqual(
      azureStacks(subset(['kent', 'essex', 'kent-essex-its']))
        .map((s) => s.name)
        .sort(),
    );
    for (const r of p.resources) expect(recorded).toContain(r.stack);
    const stackOf = new Map(p.resources.map((r) => [r.urn, r.stack]));
    const crossing: string[] = [];
    for (const r of p.resources) {
      // A parent or provider is always the stack's own: Pulumi has no cross-stack parent or provider.
      for (const ref of [r.parent, r.provider?.slice(0, r.provider.lastIndexOf('::'))])
        if (ref && stackOf.get(ref) !== r.stack) crossing.push(`${r.name} → ${ref}`);
      // The stack's own URN prefix: `urn:pulumi:<stack>::<project>::`.
      const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(r.urn);
      expect(r.stack).toBe(`organization/${m?.[2]}/${m?.[1]}`);
    }
    expect(crossing).toEqual([]);
  });

  test('a tenancy stack writes only in its subscription: the hub side of its peering is in the national peerings stack', () => {
    for (const s of azureStacks(subset(['kent', 'essex', 'kent-essex-its'])).filter((x) => x.kind === 'tenancy')) {
      const subs = new Set(
        inStack(s.name)
          .filter((r) => r.type.startsWith('pulumi:providers:'))
          .map((r) => r.inputs.subscriptionId),
      );
      expect([...subs]).toEqual(s.subscriptions);
    }
    expect(named('kent-prod-to-hub').stack).toBe('organization/kent-landing-zone/prod');
    expect(p.resources.filter((r) => r.name.endsWith('-from-hub')).map((r) => r.stack)).toEqual(Array(5).fill(PEERINGS));
    // The hub side names the spoke by the id the tenancy stack exported; the spoke side names the hub by the national output.
    const kentVnet = p.resources.find((r) => r.name === 'kent-prod-spoke')!;
    const hubVnet = p.resources.find((r) => r.name === 'nplz-hub-vnet')!;
    expect(named('kent-prod-from-hub').inputs.remoteVirtualNetwork).toEqual({ id: kentVnet.id });
    expect(named('kent-prod-to-hub').inputs.remoteVirtualNetwork).toEqual({ id: hubVnet.id });
    expect(hubVnet.stack).toBe(NATIONAL);
    // The hub side is national (the connectivity subscription), not the tenancy's.
    expect(named('kent-prod-from-hub').tenancy).toBeUndefined();
  });

  test('a tenancy stack takes the platform from the national stack outputs: workspace, firewall, group, policy assignments', () => {
    const national = p.stacks?.find((s) => s.name === NATIONAL);
    const outputs = national!.outputs as {
      workspaceId: string;
      hub: { firewallPrivateIp: string };
      managementGroups: Record<string, string>;
    };
    expect(p.resources.find((r) => r.name === 'kent-prod-kv-diagnostics')!.inputs.workspaceId).toBe(outputs.workspaceId);
    expect(p.resources.find((r) => r.name === 'nplz-management-workspace')!.id).toBe(outputs.workspaceId);
    expect(p.resources.find((r) => r.name === 'kent-prod-routes')!.inputs.routes).toEqual([
      expect.objectContaining({ nextHopIpAddress: outputs.hub.firewallPrivateIp }),
    ]);
    expect(p.resources.find((r) => r.name === 'kent-prod-placement')!.inputs.groupId).toBe(outputs.managementGroups.kent);
    // A remediation task waits for the national grants it read (a read of a national resource is that resource).
    const grants = p.resources.filter((r) => r.type === 'azure-native:authorization:RoleAssignment' && r.stack === NATIONAL);
    const tasks = p.resources.filter((r) => r.type === 'azure-native:policyinsights:RemediationAtSubscription' && r.tenancy === 'kent');
    expect(tasks.some((t) => t.dependencies.some((d) => grants.some((g) => g.urn === d)))).toBe(true);
    const urns = new Set(p.resources.map((r) => r.urn));
    for (const t of tasks) expect(t.dependencies.filter((d) => !urns.has(d))).toEqual([]);
    expect(p.stacks?.find((s) => s.name === 'organization/kent-landing-zone/prod')?.references).toEqual([NATIONAL]);
  });

  test('a stack reference to a stack not recorded before fails, naming the stacks there are', async () => {
    const estate = subset(['kent']);
    const kent = azureStacks(estate).find((s) => s.tenancy === 'kent' && s.environment === 'prod')!;
    await expect(recordPlan(() => runAzureStack(estate, kent), { project: kent.project, stack: kent.stack })).rejects.toThrow(
      /reads StackReference "organization\/nplz\/national", which is not among the stacks recorded before this one; allowed: \(none\)/,
    );
  });

  test('the national peerings stack deploys with tenancy stacks missing (first deploy): it peers those there and names the rest', async () => {
    const estate = subset(['kent', 'essex', 'kent-essex-its']);
    const outputsOf = (name: string) => p.stacks!.find((s) => s.name === name)!.outputs!;
    const KENT_PROD = 'organization/kent-landing-zone/prod';
    const peerings = azureStacks(estate).find((s) => s.kind === 'peerings')!;
    const warnings: string[] = [];
    const warn = jest.spyOn(pulumi.log, 'warn').mockImplementation((m: string) => {
      warnings.push(m);
      return Promise.resolve();
    });
    try {
      const only = await recordPlan(() => runAzureStack(estate, peerings), {
        project: peerings.project,
        stack: peerings.stack,
        stackReferences: { [NATIONAL]: outputsOf(NATIONAL), [KENT_PROD]: outputsOf(KENT_PROD) },
      });
      expect(only.resources.filter((r) => r.type === PEERING).map((r) => r.name)).toEqual(['kent-prod-from-hub']);
      expect(only.resources.find((r) => r.type === PEERING)!.inputs.remoteVirtualNetwork).toEqual({
        id: p.resources.find((r) => r.name === 'kent-prod-spoke')!.id,
      });
      const out = only.stacks!.find((s) => s.recorded)!.outputs as { peered: string[]; pending: string[] };
      expect(out.peered).toEqual([KENT_PROD]);
      expect([...out.pending].sort()).toEqual([
        'organization/essex-landing-zone/nonprod',
        'organization/essex-landing-zone/prod',
        'organization/kent-essex-its-landing-zone/prod',
        'organization/kent-landing-zone/nonprod',
      ]);
      expect(warnings).toContain(
        `spoke nplz-essex-prod of stack organization/essex-landing-zone/prod does not exist yet, so the hub is not peered with it: deploy organization/essex-landing-zone/prod (pulumi up --stack organization/essex-landing-zone/prod), then run ${PEERINGS} again`,
      );
    } finally {
      warn.mockRestore();
    }
  });

  test('one program runs the stack it is deployed as, and refuses a stack the estate does not have', async () => {
    const estate = subset(['kent']);
    const national = await recordPlan(azureStackProgram(estate), { project: 'nplz', stack: 'national' });
    expect(national.resources.filter((r) => r.type === 'nplz:azure:NationalLandingZone')).toHaveLength(1);
    expect(national.resources.filter((r) => r.type === 'nplz:azure:ForceLandingZone')).toHaveLength(0);
    await expect(recordPlan(azureStackProgram(estate), { project: 'nplz', stack: 'kent-prod' })).rejects.toThrow(
      /stack organization\/nplz\/kent-prod is not a stack of the Azure estate; allowed: organization\/nplz\/national, organization\/kent-landing-zone\/prod/,
    );
  });

  test('the deploy plan puts every Azure stack in exactly one wave, after every stack it reads', () => {
    const estate = sampleEstate();
    const plan = azureDeployPlan(estate);
    const stacks = azureStacks(estate);
    const waveOf = new Map<string, number>();
    for (const w of plan.waves)
      for (const i of w.items) {
        expect(waveOf.has(i.id)).toBe(false);
        waveOf.set(i.id, w.wave);
      }
    expect([...waveOf.keys()].sort()).toEqual(stacks.map((s) => s.name).sort());
    for (const s of stacks) for (const a of s.after) expect(waveOf.get(a)!).toBeLessThan(waveOf.get(s.name)!);
    expect(waveOf.get(NATIONAL)).toBe(1);
    expect(waveOf.get(PEERINGS)).toBe(plan.waves.length);
  });
});

/** Kept for the type: a resource of the plan. */
export type { PlanResource };

describe("a stack's first apply leaves the audit archive Unlocked (Azure creates an immutability policy only Unlocked)", () => {
  const KEY = 'nplz:auditImmutabilityState';
  afterEach(() => pulumi.runtime.setConfig(KEY, ''));
  const stateOf = (p: Plan) =>
    p.resources
      .filter((r) => r.type === 'azure-native:storage:StorageAccount' && r.inputs.immutableStorageWithVersioning)
      .map((r) => (r.inputs.immutableStorageWithVersioning as { immutabilityPolicy?: { state?: string } }).immutabilityPolicy?.state);

  test('from the stack config: Unlocked when set, Locked (what the audit checks) otherwise; anything else is refused', async () => {
    const estate = sampleEstate();
    const unit = azureStacks(estate).find((s) => s.kind === 'national')!;
    expect(stateOf(await recordPlan(() => runAzureStack(estate, unit)))).toContain('Locked');
    pulumi.runtime.setConfig(KEY, 'Unlocked');
    const first = stateOf(await recordPlan(() => runAzureStack(estate, unit)));
    expect(first.length).toBeGreaterThan(0);
    expect(new Set(first)).toEqual(new Set(['Unlocked']));
    pulumi.runtime.setConfig(KEY, 'unlocked');
    expect(() => auditImmutabilityStateFromConfig()).toThrow(/allowed: Unlocked .* or Locked/);
  });
});
