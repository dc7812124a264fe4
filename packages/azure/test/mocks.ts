/**
 * The one shared test module for @nplz/azure. The plan recorder installs Pulumi's mocks itself
 * (`pulumi.runtime.setMocks`), so every test records a plan and asserts on it: the same view
 * the policy pack and the auditor get.
 */
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { Provider } from '@pulumi/azure-native/provider';
import { defineTenancy, loadEstateOrThrow, LATEST_BASELINE, type Estate, type TenancySpec, type TenancySpecInput } from '@nplz/core';
import { recordPlan, type Plan, type PlanResource } from '../src';

export const ESTATE_DIR = path.resolve(__dirname, '../../../examples/estate');
export const baseline = LATEST_BASELINE;

let estate: Estate | undefined;
/** The sample estate (examples/estate), loaded once per test file. */
export function sampleEstate(): Estate {
  estate ??= loadEstateOrThrow(ESTATE_DIR);
  return estate;
}

/** A tenancy of the sample estate by name. */
export function sampleTenancy(name: string): TenancySpec {
  const t = sampleEstate().tenancies.find((x) => x.spec.name === name);
  if (!t) throw new Error(`no tenancy ${name} in ${ESTATE_DIR}`);
  return t.spec;
}

/** A tenancy spec derived from kent's, with overrides (validated by @nplz/core). */
export function tenancyWith(overrides: Partial<TenancySpecInput>): TenancySpec {
  const { collaborations: _c, ...kent } = sampleTenancy('kent');
  return defineTenancy({ ...kent, ...overrides } as TenancySpecInput);
}

/** Record a program's plan under the mocks. */
export function plan(program: () => void | Promise<void>): Promise<Plan> {
  return recordPlan(program, { project: 'test', stack: 'unit' });
}

/** Resources of a type token. */
export function ofType(p: Plan, type: string): PlanResource[] {
  return p.resources.filter((r) => r.type === type);
}

/** The resource with this logical name (and type, when names repeat across types). */
export function named(p: Plan, name: string, type?: string): PlanResource {
  const found = p.resources.filter((r) => r.name === name && (!type || r.type === type));
  if (found.length !== 1) throw new Error(`expected one resource named ${name}${type ? ` of type ${type}` : ''}, found ${found.length}`);
  return found[0]!;
}

/** Children (direct) of a resource. */
export function childrenOf(p: Plan, parent: PlanResource): PlanResource[] {
  return p.resources.filter((r) => r.parent === parent.urn);
}

/** Every resource below a resource in the tree. */
export function descendantsOf(p: Plan, root: PlanResource): PlanResource[] {
  const out: PlanResource[] = [];
  const walk = (r: PlanResource) =>
    childrenOf(p, r).forEach((c) => {
      out.push(c);
      walk(c);
    });
  walk(root);
  return out;
}

/** A hub reference for landing zones tested without a ConnectivityHub. */
export const TEST_HUB = {
  resourceGroupName: 'nplz-connectivity',
  virtualNetworkName: 'nplz-hub',
  virtualNetworkId:
    '/subscriptions/00000000-0000-45b5-8000-0000000186a2/resourceGroups/nplz-connectivity/providers/Microsoft.Network/virtualNetworks/nplz-hub',
  firewallPrivateIp: '10.1.0.4',
} as const;

export const TENANT_ID = '00000000-0000-47e7-8000-000000000001';
export const WORKSPACE_ID =
  '/subscriptions/00000000-0000-45b5-8000-0000000186a1/resourceGroups/nplz-management/providers/Microsoft.OperationalInsights/workspaces/nplz-central';

/** The subscription of components tested on their own. */
export const TEST_SUBSCRIPTION = '00000000-0000-4b5e-8000-00000000e571';

/** A provider pinned to TEST_SUBSCRIPTION, for components tested on their own (create it inside the program). */
export function testProvider(name = 'test-provider', subscriptionId = TEST_SUBSCRIPTION): Provider {
  return new Provider(name, { subscriptionId, location: 'uksouth' });
}

/**
 * Collects the parent aliases resources are given. The recorder drops every alias of an
 * azure-native resource (its stack transformation), so this transformation has to be on a
 * component above the resources, whose transformations run first: `{ transformations: [capture] }`.
 * `parents()` gives, per `type|name`, the URNs of the parents those aliases name.
 */
export function aliasRecorder(): { capture: pulumi.ResourceTransformation; parents(): Promise<Map<string, string[]>> } {
  const found: { key: string; parent: pulumi.Output<string> }[] = [];
  const capture: pulumi.ResourceTransformation = ({ name, type, opts }) => {
    // NPLZ gives aliases as plain objects; azure-native's own name only an older type.
    for (const alias of (opts.aliases ?? []) as unknown[]) {
      if (typeof alias !== 'object' || alias === null || pulumi.Output.isInstance(alias) || !(alias as pulumi.Alias).parent) continue;
      const parent = (alias as pulumi.Alias).parent!;
      found.push({ key: `${type}|${name}`, parent: pulumi.Resource.isInstance(parent) ? parent.urn : pulumi.output(parent) });
    }
    return undefined;
  };
  const parents = async () => {
    const out = new Map<string, string[]>();
    for (const f of found) {
      const urn = await new Promise<string>((resolve) => f.parent.apply(resolve));
      out.set(f.key, [...(out.get(f.key) ?? []), urn]);
    }
    return out;
  };
  return { capture, parents };
}

/**
 * Builds one component under a plain parent component (`test:index:Parent`) and returns the
 * parent and each resource of that component with the parents its aliases name. Pulumi resolves
 * an alias to its parent as the URN the resource would have directly under that parent: for a
 * component ForceLandingZone creates, the URNs its resources had as the landing zone's own.
 */
export async function aliasesUnderParent(
  build: (parent: pulumi.Resource) => void,
): Promise<{ parent: PlanResource; moved: { resource: PlanResource; aliasParents: string[] }[] }> {
  const recorder = aliasRecorder();
  const p = await plan(() => {
    build(new pulumi.ComponentResource('test:index:Parent', 'parent', {}, { transformations: [recorder.capture] }));
  });
  const aliases = await recorder.parents();
  const parent = named(p, 'parent', 'test:index:Parent');
  const [component, ...others] = childrenOf(p, parent).filter((r) => !r.custom);
  if (!component || others.length) throw new Error('aliasesUnderParent: build one component under the parent');
  return {
    parent,
    moved: childrenOf(p, component).map((resource) => ({ resource, aliasParents: aliases.get(`${resource.type}|${resource.name}`) ?? [] })),
  };
}
