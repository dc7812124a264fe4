/**
 * The Azure landing zones guardrails NPLZ adopts sit at the group where ALZ's archetypes put them,
 * judged by fixtures/alz/assignments.json: every archetype's default policy assignments as listed
 * in github.com/Azure/Azure-Landing-Zones-Library (platform/alz/archetype_definitions and
 * policy_assignments) at the commit it records. docs/alz-guardrails.md has a row for each.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TenancySpecInput } from '@nplz/core';
import { ForceLandingZone, ManagementGroupHierarchy, PolicyBaseline, type ArchetypeAssignment, type PolicyBaselineArgs } from '../src';
import { ARM_TYPE_OF, azureNativeTypes } from './arm-types';
import { baseline, ofType, plan, tenancyWith, TENANT_ID, TEST_HUB, WORKSPACE_ID } from './mocks';

interface AlzAssignment {
  readonly name: string;
  readonly displayName: string;
  readonly definition: string;
  readonly enforcementMode: string;
}
interface AlzLibrary {
  readonly source: string;
  readonly commit: string;
  readonly archetypes: Readonly<Record<string, readonly AlzAssignment[]>>;
}
const ALZ: AlzLibrary = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/alz/assignments.json'), 'utf8')) as AlzLibrary;
const DOC = path.resolve(__dirname, '../../../docs/alz-guardrails.md');

/** ALZ archetype → the NPLZ group that plays its part (ALZ's landing_zones and corp are NPLZ's forces group). */
export const ARCHETYPE_GROUP: Readonly<Record<string, ArchetypeAssignment['group'] | undefined>> = {
  root: 'root',
  platform: 'platform',
  landing_zones: 'forces',
  corp: 'forces',
  online: undefined,
  identity: 'identity',
  connectivity: 'connectivity',
  management: undefined,
  security: undefined,
  sandbox: 'sandbox',
  decommissioned: 'decommissioned',
  local: undefined,
};

/** Where each adopted assignment is, against where ALZ puts it; [] when each is where ALZ has it. */
export function placementProblems(adopted: readonly { group: ArchetypeAssignment['group']; alz: string }[], alz: AlzLibrary): string[] {
  return adopted.flatMap(({ group, alz: name }) => {
    const archetypes = Object.entries(alz.archetypes)
      .filter(([, list]) => list.some((a) => a.name === name))
      .map(([archetype]) => archetype);
    if (!archetypes.length) return [`${name} is not an ALZ default assignment (Azure-Landing-Zones-Library@${alz.commit.slice(0, 7)})`];
    const groups = archetypes.map((a) => ARCHETYPE_GROUP[a]);
    return groups.includes(group)
      ? []
      : [
          `${name} is at the ${group} group; ALZ puts it in archetype ${archetypes.join(', ')} (NPLZ group ${groups.filter(Boolean).join(', ') || 'none'})`,
        ];
  });
}

const GROUP_SCOPE: Readonly<Record<ArchetypeAssignment['group'], string>> = {
  root: 'nplz',
  platform: 'nplz-platform',
  identity: 'nplz-identity',
  connectivity: 'nplz-connectivity',
  forces: 'nplz-forces',
  sandbox: 'nplz-sandbox',
  decommissioned: 'nplz-decommissioned',
};

const program = (args: Partial<PolicyBaselineArgs>, built: (p: PolicyBaseline) => void) => () => {
  const mg = new ManagementGroupHierarchy('mg', { tenantId: TENANT_ID, rootGroupId: 'nplz', forces: ['kent'] });
  built(
    new PolicyBaseline('policy', {
      baseline,
      rootGroup: mg.root,
      rootGroupId: 'nplz',
      forcesGroup: mg.forces,
      groups: mg,
      securityContactEmail: 'soc@police.example.uk',
      privateDnsZoneIds: {
        'privatelink.vaultcore.azure.net':
          '/subscriptions/x/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net',
      },
      ddosProtectionPlanId: '/subscriptions/x/resourceGroups/hub/providers/Microsoft.Network/ddosProtectionPlans/nplz',
      workspaceId: WORKSPACE_ID,
      ...args,
    }),
  );
};

describe('ALZ guardrails', () => {
  test('the library extract has every archetype and all 123 default assignments, from a named commit', () => {
    expect(ALZ.source).toBe('github.com/Azure/Azure-Landing-Zones-Library');
    expect(ALZ.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.values(ALZ.archetypes).flat()).toHaveLength(123);
    expect(Object.keys(ARCHETYPE_GROUP).sort()).toEqual(Object.keys(ALZ.archetypes).sort());
  });

  test('each adopted guardrail is assigned at the group where ALZ puts it, and the plan scopes it there', async () => {
    let adopted: readonly ArchetypeAssignment[] = [];
    const p = await plan(program({}, (policy) => (adopted = policy.archetypeAssignments)));
    expect(placementProblems(adopted, ALZ)).toEqual([]);
    const names = new Set(adopted.map((a) => a.alz));
    for (const wanted of [
      'Enforce-GR-KeyVault',
      'Enforce-GR-Storage0',
      'Deny-Subnet-Without-Nsg',
      'Deny-IP-forwarding',
      'Deny-Public-Endpoints',
      'Deploy-Private-DNS-Zones',
      'Deploy-Diag-LogsCat',
      'Enable-DDoS-VNET',
      'Deny-UnmanagedDisk',
      'Deny-Classic-Resources',
      'Enforce-ALZ-Sandbox',
      'Enforce-ALZ-Decomm',
    ])
      expect(names).toContain(wanted);
    // The plan agrees: every assignment's scope is its group.
    const assignments = ofType(p, 'azure-native:authorization:PolicyAssignment');
    for (const a of adopted) {
      const r = assignments.filter((x) => x.urn.endsWith(`::${(a.assignment as unknown as { __name: string }).__name}`));
      expect(r).toHaveLength(1);
      expect({ alz: a.alz, scope: r[0]!.inputs.scope }).toEqual({
        alz: a.alz,
        scope: `/providers/Microsoft.Management/managementGroups/${GROUP_SCOPE[a.group]}`,
      });
    }
  });

  test('the placement check fails for an assignment at the wrong group, or one ALZ does not have', () => {
    expect(
      placementProblems(
        [
          { group: 'root', alz: 'Deny-IP-forwarding' },
          { group: 'forces', alz: 'Enforce-ALZ-Sandbox' },
          { group: 'forces', alz: 'Deny-Everything' },
        ],
        ALZ,
      ),
    ).toEqual([
      'Deny-IP-forwarding is at the root group; ALZ puts it in archetype landing_zones (NPLZ group forces)',
      'Enforce-ALZ-Sandbox is at the forces group; ALZ puts it in archetype sandbox (NPLZ group sandbox)',
      expect.stringMatching(/^Deny-Everything is not an ALZ default assignment/),
    ]);
  });

  test('the sandbox and decommissioned groups have policy: an enforced deny, and the decommissioned VMs shut down', async () => {
    const p = await plan(program({}, () => undefined));
    const at = (g: string) =>
      ofType(p, 'azure-native:authorization:PolicyAssignment').filter(
        (a) => a.inputs.scope === `/providers/Microsoft.Management/managementGroups/${g}`,
      );
    expect(at('nplz-sandbox').map((a) => a.inputs.policyAssignmentName)).toEqual(['nplz-sandbox']);
    expect(at('nplz-decommissioned').map((a) => a.inputs.policyAssignmentName)).toEqual(['nplz-decommissioned']);
    const sets = ofType(p, 'azure-native:authorization:PolicySetDefinitionAtManagementGroup');
    const decomm = sets.find((s) => s.inputs.policySetDefinitionName === 'nplz-decommissioned')!;
    const members = decomm.inputs.policyDefinitions as {
      policyDefinitionReferenceId: string;
      parameters: Record<string, { value: unknown }>;
    }[];
    expect(members.map((m) => m.policyDefinitionReferenceId)).toEqual(['decommissioned-allowed-types', 'decommissioned-vm-shutdown']);
    expect(members[0]!.parameters.effect!.value).toBe('Deny');
    // Nothing that runs is allowed (own-resources-pass-guardrails.test.ts proves what NPLZ renders there is).
    const allowed = members[0]!.parameters.listOfResourceTypesAllowed!.value as string[];
    // The list assigned covers every type a decommissioning zone's plan renders (by ARM type).
    const spec = tenancyWith({ lifecycle: { state: 'decommissioning', since: '2026-06-01' } } as Partial<TenancySpecInput>);
    const zone = await plan(() => {
      new ForceLandingZone('kent-prod', {
        tenancy: spec,
        environment: 'prod',
        tenantId: TENANT_ID,
        managementGroupId: 'nplz-decommissioned',
        workspaceId: WORKSPACE_ID,
        hub: TEST_HUB,
      });
    });
    const zoneTypes = azureNativeTypes(zone.resources);
    expect(zoneTypes.filter((t) => !ARM_TYPE_OF[t])).toEqual([]);
    const lower = new Set(allowed.map((t) => t.toLowerCase()));
    expect(zoneTypes.filter((t) => !lower.has(ARM_TYPE_OF[t]!.toLowerCase()))).toEqual([]);
    expect(allowed.filter((t) => /virtualMachine|publicIP|Gateway|azureFirewall|ContainerService|Web|Sql|disks/i.test(t))).toEqual([]);
    const sandbox = sets.find((s) => s.inputs.policySetDefinitionName === 'nplz-sandbox')!;
    const denied = (sandbox.inputs.policyDefinitions as { parameters: Record<string, { value: unknown }> }[])[0]!.parameters
      .listOfResourceTypesNotAllowed!.value as string[];
    expect(denied).toEqual(expect.arrayContaining(['Microsoft.Network/expressRouteCircuits', 'Microsoft.Network/virtualNetworkGateways']));
  });

  test("a decommissioned subscription's existing VMs get a remediation task, which waits for the identity's role", async () => {
    let policy: PolicyBaseline | undefined;
    const p = await plan(program({}, (x) => (policy = x)));
    expect(policy!.decommissionedRemediations.map((r) => [r.name, r.definitionReferenceId])).toEqual([
      ['vm-shutdown', 'decommissioned-vm-shutdown'],
    ]);
    expect(policy!.decommissionedRemediations[0]!.prerequisites).toHaveLength(1);
    const grant = ofType(p, 'azure-native:authorization:RoleAssignment').filter((r) => r.name.startsWith('policy-decommissioned-role-'));
    expect(grant.map((g) => [g.inputs.scope, g.inputs.roleDefinitionId])).toEqual([
      [
        '/providers/Microsoft.Management/managementGroups/nplz-decommissioned',
        '/providers/Microsoft.Authorization/roleDefinitions/9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
      ],
    ]);
  });

  test('the activity log and Defender export deploy from the baseline UK location, not from northeurope or westeurope', async () => {
    const p = await plan(program({}, () => undefined));
    const defs = ofType(p, 'azure-native:authorization:PolicyDefinitionAtManagementGroup');
    const deploying = defs.filter((d) => JSON.stringify(d.inputs.policyRule).includes('"deployment"'));
    const locations = Object.fromEntries(
      deploying.map((d) => [
        d.inputs.policyDefinitionName,
        (d.inputs.policyRule as { then: { details: { deployment: { location?: string } } } }).then.details.deployment.location ??
          '(resource group)',
      ]),
    );
    expect(locations).toEqual({
      'nplz-deploy-defender-plan': 'uksouth',
      'nplz-deploy-security-contact': 'uksouth',
      'nplz-deploy-defender-export': 'uksouth',
      'nplz-deploy-activity-log': 'uksouth',
      'nplz-deploy-vm-shutdown': '(resource group)',
    });
    const ukwest = await plan(program({ location: 'ukwest' }, () => undefined));
    const activity = ofType(ukwest, 'azure-native:authorization:PolicyDefinitionAtManagementGroup').find(
      (d) => d.inputs.policyDefinitionName === 'nplz-deploy-activity-log',
    )!;
    expect(
      (activity.inputs.policyRule as { then: { details: { deployment: { location: string } } } }).then.details.deployment.location,
    ).toBe('ukwest');
  });

  test('the private DNS policy registers endpoints in the hub zones, and its identity may join them', async () => {
    const p = await plan(program({}, () => undefined));
    const set = ofType(p, 'azure-native:authorization:PolicySetDefinitionAtManagementGroup').find(
      (s) => s.inputs.policySetDefinitionName === 'nplz-private-dns-zones',
    )!;
    expect(set.inputs.policyDefinitions).toEqual([
      {
        policyDefinitionReferenceId: 'dns-vaultcore-azure-net',
        policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/ac673a9a-f77d-4846-b2d8-a57f8e1c01d4',
        parameters: {
          privateDnsZoneId: {
            value: '/subscriptions/x/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net',
          },
          effect: { value: 'DeployIfNotExists' },
        },
      },
    ]);
    const grants = ofType(p, 'azure-native:authorization:RoleAssignment').filter((r) => r.name.startsWith('policy-private-dns-zones-'));
    expect(grants.map((g) => [g.inputs.scope, g.inputs.roleDefinitionId])).toEqual([
      [
        '/providers/Microsoft.Management/managementGroups/nplz-forces',
        '/providers/Microsoft.Authorization/roleDefinitions/4d97b98b-1d4f-4787-a291-c67834d212e7',
      ],
      [
        '/subscriptions/x/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net',
        '/providers/Microsoft.Authorization/roleDefinitions/b12aa53e-6015-4669-85d0-8515ebb3ae7f',
      ],
    ]);
  });

  test('without a DDoS plan no DDoS assignment is made (the plan is a fixed monthly cost the estate opts into)', async () => {
    const p = await plan(program({ ddosProtectionPlanId: undefined }, () => undefined));
    const names = ofType(p, 'azure-native:authorization:PolicyAssignment').map((a) => a.inputs.policyAssignmentName);
    expect(names).not.toContain('nplz-ddos-vnets');
  });

  test('docs/alz-guardrails.md has a row for every ALZ default assignment of every archetype', () => {
    const doc = fs.readFileSync(DOC, 'utf8');
    const rows = new Set(
      doc
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .map((l) => {
          const [archetype, assignment] = l
            .split('|')
            .slice(1, 3)
            .map((c) => c.trim().replace(/`/g, ''));
          return `${archetype}/${assignment}`;
        }),
    );
    const missing = Object.entries(ALZ.archetypes).flatMap(([archetype, list]) =>
      list.map((a) => `${archetype}/${a.name}`).filter((k) => !rows.has(k)),
    );
    expect(missing).toEqual([]);
    expect(doc).toContain(ALZ.commit);
  });
});
