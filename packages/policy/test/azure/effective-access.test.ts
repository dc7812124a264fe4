import * as path from 'node:path';
import {
  AZURE_ROLE_DEFINITIONS,
  AZURE_ROLES_ELIGIBLE_ONLY_IN_PRODUCTION,
  defineTenancy,
  isProductionEnvironment,
  loadEstateOrThrow,
  type Estate,
  type PlanFile,
  type PlanResource,
} from '@nplz/core';
import { planAzureEstate } from '@nplz/azure';
import { sharedPlanCache } from '../../../../test/shared-plan-cache';
import { effectiveGrants, evaluateEffectiveAccess } from '../../src/azure';

/**
 * Azure effective access (issue #10): what each group can do where, computed from the plan's role
 * assignments, PIM eligibilities, their scopes and the management-group hierarchy. Each defect is
 * injected into a recorded plan of a two-force estate (dorset and durham) as a careless or hostile
 * change would make it, and must fail with its control, tenancy and the grant's URN.
 */
const ROOT = path.join(__dirname, '../../../..');
const NOW = new Date('2026-11-22T00:00:00Z');
const ROLE = AZURE_ROLE_DEFINITIONS;
const RA = 'azure-native:authorization:RoleAssignment';

function twoForces(): Estate {
  const base = loadEstateOrThrow(path.join(ROOT, 'test/fixtures/bad-input-base'), { now: NOW });
  const durham = loadEstateOrThrow(path.join(ROOT, 'examples/estate'), { now: NOW }).tenancies.find((t) => t.spec.name === 'durham')!;
  return { ...base, tenancies: [...base.tenancies, durham] };
}

const estate = twoForces();
let plan: PlanFile;
beforeAll(async () => {
  plan = await planAzureEstate(estate, { cache: sharedPlanCache() });
}, 120_000);

const spec = (name: string) => estate.tenancies.find((t) => t.spec.name === name)!.spec;
const groupId = (tenancy: string, role: string) => spec(tenancy).identity.groups[role]!.entraObjectId!;
const sub = (tenancy: string, env: string) => spec(tenancy).azure!.subscriptions[env]!;
const grant = (p: PlanFile, name: string) => p.resources.find((r) => r.name === name)!;

/** The plan with one resource replaced (same URN) or added. */
const withResource = (p: PlanFile, r: PlanResource): PlanFile => ({
  ...p,
  resources: [...p.resources.filter((x) => x.urn !== r.urn), r],
});
/** A new standing role assignment inside a tenancy zone, copied from one the zone has. */
function assignment(p: PlanFile, like: string, name: string, inputs: Record<string, unknown>): PlanResource {
  const model = grant(p, like);
  return {
    ...model,
    name,
    urn: model.urn.replace(/::[^:]+$/, `::${name}`),
    id: `/nplz-plan/${RA}/${name}`,
    inputs: { ...model.inputs, ...inputs },
  };
}
const failures = (p: PlanFile) =>
  evaluateEffectiveAccess(p, estate)
    .filter((r) => r.status === 'fail')
    .map((r) => ({ control: r.control, policy: r.policy, tenancy: r.tenancy, urn: r.urn, message: r.message }));

test('the plan as rendered: every grant is a built-in it claims, in its own tenancy, none standing-privileged in production', () => {
  const results = evaluateEffectiveAccess(plan, estate);
  expect(results.filter((r) => r.status === 'fail')).toEqual([]);
  // every role assignment and eligibility is looked at
  const grants = plan.resources.filter((r) => r.type === RA || r.type === 'azure-native:authorization:PimRoleEligibilitySchedule');
  expect(new Set(results.filter((r) => r.policy === 'role-definition-is-claimed-built-in').map((r) => r.urn))).toEqual(
    new Set(grants.map((g) => g.urn)),
  );
});

test('effective grants follow the management-group hierarchy: the national auditor’s Reader at the root reaches every subscription', () => {
  const auditor = effectiveGrants(plan, estate).find(
    (g) => g.principalId === estate.national.identity.groups['national-auditor']!.entraObjectId,
  )!;
  expect(auditor).toMatchObject({ standing: true, roleName: 'Reader', group: { owner: 'national', role: 'national-auditor' } });
  for (const t of ['dorset', 'durham'])
    for (const e of ['prod', 'nonprod']) expect(auditor.subscriptions).toContain(sub(t, e).toLowerCase());
  for (const s of Object.values(estate.national.azure!.subscriptions)) expect(auditor.subscriptions).toContain(s.toLowerCase());
});

test('production: force-developer’s Contributor is a PIM eligibility in prod, a standing assignment in nonprod', () => {
  expect(grant(plan, 'dorset-prod-force-developer').type).toBe('azure-native:authorization:PimRoleEligibilitySchedule');
  expect(grant(plan, 'dorset-nonprod-force-developer').type).toBe(RA);
  const named = (env: string) => isProductionEnvironment({}, env);
  expect(['prod', 'production', 'prod2'].map(named)).toEqual([true, true, true]);
  expect(['nonprod', 'preprod', 'product', 'dev', 'live', 'prd'].map(named)).toEqual([false, false, false, false, false, false]);
  // the spec's `production` list adds environments; a name that is production stays production
  expect(['live', 'prod', 'dev'].map((e) => isProductionEnvironment({ production: ['live'] }, e))).toEqual([true, true, false]);
});

describe('each defect fails with its control, tenancy and URN', () => {
  test('a force group given Owner standing in prod (NPLZ-PAM-02)', () => {
    const r = assignment(plan, 'dorset-prod-force-readonly', 'dorset-prod-owner', {
      principalId: groupId('dorset', 'force-developer'),
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE.Owner}`,
      description: 'NPLZ force-developer for DORSET-NPLZ-DEVELOPER: break-fix',
    });
    const f = failures(withResource(plan, r));
    expect(f).toContainEqual(
      expect.objectContaining({
        control: 'NPLZ-PAM-02',
        policy: 'no-standing-privileged-access-in-production',
        tenancy: 'dorset',
        urn: r.urn,
        message: expect.stringContaining(`holds Owner standing (not through PIM) on production dorset/prod (${sub('dorset', 'prod')})`),
      }),
    );
    // the same grant in nonprod is not a production finding
    const nonprod = assignment(plan, 'dorset-nonprod-force-readonly', 'dorset-nonprod-owner', {
      principalId: groupId('dorset', 'force-developer'),
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE.Owner}`,
    });
    expect(failures(withResource(plan, nonprod)).filter((x) => x.policy === 'no-standing-privileged-access-in-production')).toEqual([]);
  });

  test.each(AZURE_ROLES_ELIGIBLE_ONLY_IN_PRODUCTION.map((n) => [n]))(
    'standing %s at the forces management group reaches production',
    (name) => {
      const r = assignment(plan, 'dorset-nonprod-force-readonly', `mg-${name.replace(/\W/g, '')}`, {
        principalId: groupId('durham', 'force-security'),
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE[name]}`,
        scope: '/providers/Microsoft.Management/managementGroups/nplz-forces',
        description: undefined,
      });
      const f = failures(withResource(plan, r)).filter((x) => x.urn === r.urn);
      expect(f.map((x) => x.control).sort()).toEqual(['NPLZ-IAM-02', 'NPLZ-IAM-03', 'NPLZ-PAM-02']);
      expect(f.find((x) => x.control === 'NPLZ-PAM-02')!.message).toMatch(/production dorset\/prod .*, durham\/prod/);
    },
  );

  test('a force group declared as a service principal is still held to PIM in production (NPLZ-PAM-02)', () => {
    const r = assignment(plan, 'dorset-prod-force-readonly', 'dorset-prod-owner-as-sp', {
      principalId: groupId('dorset', 'force-developer'),
      principalType: 'ServicePrincipal',
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE.Owner}`,
    });
    expect(failures(withResource(plan, r))).toContainEqual(
      expect.objectContaining({
        control: 'NPLZ-PAM-02',
        urn: r.urn,
        message: expect.stringContaining('holds Owner standing (not through PIM)'),
      }),
    );
  });

  test('a standing Owner at a scope the plan cannot place fails (NPLZ-PAM-02): it may reach production', () => {
    const r = assignment(plan, 'dorset-prod-force-readonly', 'unplaced-owner', {
      principalId: '00000000-0000-4000-8000-00000000beef',
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE.Owner}`,
      scope: '/providers/Microsoft.Resources/deploymentScripts/elsewhere',
    });
    expect(failures(withResource(plan, r))).toContainEqual(
      expect.objectContaining({ control: 'NPLZ-PAM-02', urn: r.urn, message: expect.stringContaining('which the plan cannot place') }),
    );
  });

  test('a force group assigned at another force’s subscription (NPLZ-IAM-03)', () => {
    const r = assignment(plan, 'durham-prod-force-readonly', 'durham-prod-dorset-reader', {
      principalId: groupId('dorset', 'force-readonly'),
      scope: `/subscriptions/${sub('durham', 'prod')}`,
      description: 'NPLZ force-readonly for DORSET-NPLZ-READONLY: a shared dashboard',
    });
    expect(failures(withResource(plan, r))).toEqual([
      {
        control: 'NPLZ-IAM-03',
        policy: 'force-group-access-in-own-tenancy',
        tenancy: 'durham',
        urn: r.urn,
        message: expect.stringContaining(
          `group ${groupId('dorset', 'force-readonly')} (tenancy dorset force-readonly) holds Reader reaching durham/prod (${sub('durham', 'prod')}); allowed: only the subscriptions of tenancy dorset`,
        ),
      },
    ]);
  });

  test('a force group’s own grant moved to another force’s subscription, in place (NPLZ-IAM-03)', () => {
    const own = grant(plan, 'dorset-prod-force-security');
    const moved = { ...own, inputs: { ...own.inputs, scope: `/subscriptions/${sub('durham', 'nonprod')}` } };
    expect(failures(withResource(plan, moved)).map((x) => [x.control, x.tenancy, x.urn])).toEqual([['NPLZ-IAM-03', 'dorset', own.urn]]);
  });

  test('a role definition id swapped for Owner’s while the grant says Reader (NPLZ-IAM-02, and standing Owner in prod)', () => {
    const reader = grant(plan, 'dorset-prod-force-readonly');
    expect(reader.inputs.roleDefinitionId).toBe(`/providers/Microsoft.Authorization/roleDefinitions/${ROLE.Reader}`);
    const swapped = {
      ...reader,
      inputs: { ...reader.inputs, roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE.Owner}` },
    };
    const f = failures(withResource(plan, swapped));
    expect(f.map((x) => [x.control, x.tenancy, x.urn]).sort()).toEqual([
      ['NPLZ-IAM-02', 'dorset', reader.urn],
      ['NPLZ-PAM-02', 'dorset', reader.urn],
    ]);
    expect(f.find((x) => x.control === 'NPLZ-IAM-02')!.message).toBe(
      `rendered for baseline role force-readonly, which names Reader (${ROLE.Reader}), but the role definition id is Owner's (${ROLE.Owner})`,
    );
  });

  test('a role definition id that is no built-in (a custom role named like one) fails NPLZ-IAM-02', () => {
    const reader = grant(plan, 'durham-nonprod-force-readonly');
    const custom = {
      ...reader,
      inputs: {
        ...reader.inputs,
        roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae8',
      },
    };
    const f = failures(withResource(plan, custom));
    expect(f).toEqual([expect.objectContaining({ control: 'NPLZ-IAM-02', tenancy: 'durham', urn: reader.urn })]);
    expect(f[0]!.message).toContain('is not an Azure built-in role NPLZ grants');
  });
});

// A force that calls production `live` lists it under the spec's `production`: the renderer grants
// through PIM there and the audit holds it to production's rules, from the one answer. Without the
// field the name alone decides, and `live` is not production.
describe('a production environment named live', () => {
  const dorset = estate.tenancies.find((t) => t.spec.name === 'dorset')!;
  const rename = <T>(map: Readonly<Record<string, T>>) =>
    Object.fromEntries(Object.entries(map).map(([k, v]) => [k === 'prod' ? 'live' : k === 'nonprod' ? 'dev' : k, v]));
  const liveEstate = (production?: string[]): Estate => {
    const { aws, azure, ...rest } = dorset.spec;
    const liveSpec = defineTenancy(
      {
        ...rest,
        environments: ['live', 'dev'],
        production: production ?? [],
        aws: { ...aws!, accounts: rename(aws!.accounts), network: rename(aws!.network) },
        azure: { ...azure!, subscriptions: rename(azure!.subscriptions), network: rename(azure!.network) },
      },
      { now: NOW },
    );
    return { ...estate, tenancies: [{ ...dorset, spec: liveSpec }] };
  };
  const listed = liveEstate(['live']);
  const unlisted = liveEstate();
  let listedPlan: PlanFile;
  let unlistedPlan: PlanFile;
  beforeAll(async () => {
    listedPlan = await planAzureEstate(listed, { cache: sharedPlanCache() });
    unlistedPlan = await planAzureEstate(unlisted, { cache: sharedPlanCache() });
  }, 120_000);
  const failing = (p: PlanFile, e: Estate) => evaluateEffectiveAccess(p, e).filter((r) => r.status === 'fail');
  const standingOwner = (p: PlanFile) =>
    assignment(p, 'dorset-live-force-readonly', 'dorset-live-owner', {
      principalId: groupId('dorset', 'force-developer'),
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE.Owner}`,
    });

  test('listed: force-developer’s Contributor is a PIM eligibility on live, the plan passes, and a standing Owner on live fails NPLZ-PAM-02', () => {
    expect(grant(listedPlan, 'dorset-live-force-developer').type).toBe('azure-native:authorization:PimRoleEligibilitySchedule');
    expect(grant(listedPlan, 'dorset-dev-force-developer').type).toBe(RA);
    expect(failing(listedPlan, listed)).toEqual([]);
    const r = standingOwner(listedPlan);
    expect(failing(withResource(listedPlan, r), listed)).toContainEqual(
      expect.objectContaining({
        control: 'NPLZ-PAM-02',
        policy: 'no-standing-privileged-access-in-production',
        tenancy: 'dorset',
        urn: r.urn,
        message: expect.stringContaining(`holds Owner standing (not through PIM) on production dorset/live (${sub('dorset', 'prod')})`),
      }),
    );
  });

  test('not listed: live is not production by its name, so a standing Contributor and Owner there are no production finding', () => {
    expect(grant(unlistedPlan, 'dorset-live-force-developer').type).toBe(RA);
    const f = failing(withResource(unlistedPlan, standingOwner(unlistedPlan)), unlisted);
    expect(f.filter((x) => x.policy === 'no-standing-privileged-access-in-production')).toEqual([]);
  });
});

test('the four roles held only through PIM in production carry the ids Azure publishes (a second source beside test/azure-built-in-roles)', () => {
  // As Azure publishes them: `Get-AzRoleDefinition Owner` (MicrosoftDocs azure-docs, role-based-access-control),
  // and the built-in role maps of Azure Verified Modules (Azure/bicep-registry-modules, avm/res/*/main.bicep).
  expect(AZURE_ROLES_ELIGIBLE_ONLY_IN_PRODUCTION.map((n) => [n, ROLE[n]])).toEqual([
    ['Owner', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635'],
    ['Contributor', 'b24988ac-6180-42a0-ab88-20f7382dd24c'],
    ['User Access Administrator', '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9'],
    ['Role Based Access Control Administrator', 'f58310d9-a9f6-439a-9e8d-f62e7b41a168'],
  ]);
});
