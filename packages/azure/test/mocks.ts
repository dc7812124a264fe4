/**
 * The one shared test module for @nplz/azure. The plan recorder installs Pulumi's mocks itself
 * (`pulumi.runtime.setMocks`), so every test records a plan and asserts on it: the same view
 * the policy pack and the auditor get.
 */
import * as path from 'node:path';
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
