import * as pulumi from '@pulumi/pulumi';
import { ManagementGroupHierarchy, PolicyBaseline, type PolicyBaselineArgs } from '../src';
import { managementGroupAssignmentName } from '../src/private/policy-assignment-name';
import { baseline, named, ofType, plan, TENANT_ID, WORKSPACE_ID } from './mocks';

const PA = 'azure-native:authorization:PolicyAssignment';
/** A program with the hierarchy and a PolicyBaseline (given `args`); `built` sees the component. */
const programWith =
  (args: Partial<PolicyBaselineArgs> = {}, built?: (policy: PolicyBaseline) => void) =>
  () => {
    const mg = new ManagementGroupHierarchy('mg', { tenantId: TENANT_ID, rootGroupId: 'nplz', forces: ['kent'] });
    const policy = new PolicyBaseline('policy', {
      baseline,
      rootGroup: mg.root,
      rootGroupId: 'nplz',
      forcesGroup: mg.forces,
      groups: mg,
      securityContactEmail: SOC_EMAIL,
      privateDnsZoneIds: HUB_ZONES,
      workspaceId: WORKSPACE_ID,
      ...args,
    });
    built?.(policy);
  };
const program = (location?: string) => programWith(location ? { location } : {});
const SOC_EMAIL = 'soc@police.example.uk';
const HUB_RG =
  '/subscriptions/00000000-0000-0000-0000-0000000000c0/resourceGroups/nplz-connectivity/providers/Microsoft.Network/privateDnsZones';
/** The hub's zones, as ConnectivityHub.privateDnsZones gives them. */
const HUB_ZONES = Object.fromEntries(baseline.network.azure.privateDnsZones.map((z) => [z, `${HUB_RG}/${z}`]));
const ROOT = '/providers/Microsoft.Management/managementGroups/nplz';
const FORCES = '/providers/Microsoft.Management/managementGroups/nplz-forces';

describe('PolicyBaseline', () => {
  test('assigns the built-in allowed-locations policy at the root with the baseline UK regions', async () => {
    const a = named(await plan(program()), 'policy-allowed-locations').inputs;
    expect(a.scope).toBe(ROOT);
    expect(a.policyDefinitionId).toBe('/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c');
    expect(a.parameters).toEqual({ listOfAllowedLocations: { value: ['uksouth', 'ukwest'] } });
  });

  test('the guardrails initiative takes every parameter from the baseline', async () => {
    const set = named(await plan(program()), 'policy-guardrails', 'azure-native:authorization:PolicySetDefinitionAtManagementGroup').inputs;
    const refs = set.policyDefinitions as {
      policyDefinitionReferenceId: string;
      policyDefinitionId: string;
      parameters: Record<string, { value: unknown }>;
    }[];
    const byId = Object.fromEntries(refs.map((r) => [r.policyDefinitionReferenceId, r]));
    expect(refs.filter((r) => r.policyDefinitionReferenceId.startsWith('require-tag-')).map((r) => r.parameters.tagName!.value)).toEqual(
      baseline.requiredTags.map((t) => t.key),
    );
    expect(byId['storage-minimum-tls']!.parameters.minimumTlsVersion!.value).toBe('TLS1_2');
    expect(byId['key-vault-purge-protection']!.policyDefinitionId).toMatch(/0b60c0b2-2dc2-4e1c-b5c9-abbed971de53$/);
    expect(byId['storage-https-only']!.parameters.effect!.value).toBe('Deny');
    expect(byId['deny-classic-storage']).toBeDefined();
  });

  test('denies public IPs and internet management ports at the forces group', async () => {
    const p = await plan(program());
    const publicIp = named(p, 'policy-deny-public-ip').inputs;
    expect(publicIp.scope).toBe(FORCES);
    expect(publicIp.parameters).toEqual({ listOfResourceTypesNotAllowed: { value: ['Microsoft.Network/publicIPAddresses'] } });
    const ports = named(p, 'policy-deny-mgmt-ports', PA).inputs;
    expect(ports.scope).toBe(FORCES);
    expect((ports.parameters as { ports: { value: string[] } }).ports.value).toEqual(
      baseline.guardrails.network.denyInternetManagementPorts.map(String),
    );
  });

  test('the management-ports Deny reads whole NSGs and rule resources, source lists, and port ranges (the ALZ Deny-MgmtPorts-From-Internet pattern)', async () => {
    const def = named(
      await plan(program()),
      'policy-deny-mgmt-ports',
      'azure-native:authorization:PolicyDefinitionAtManagementGroup',
    ).inputs;
    const rule = (def.policyRule as { if: { anyOf: { allOf: Record<string, unknown>[] }[] } }).if;
    const [child, nsg] = rule.anyOf;
    expect(child!.allOf[0]).toEqual({ field: 'type', equals: 'Microsoft.Network/networkSecurityGroups/securityRules' });
    expect(nsg!.allOf[0]).toEqual({ field: 'type', equals: 'Microsoft.Network/networkSecurityGroups' });
    const count = nsg!.allOf[1] as { count: { field: string; where: { allOf: unknown[] } }; greater: number };
    expect(count).toMatchObject({ count: { field: 'Microsoft.Network/networkSecurityGroups/securityRules[*]' }, greater: 0 });
    const text = JSON.stringify(count.count.where);
    for (const alias of [
      'access',
      'direction',
      'sourceAddressPrefix',
      'sourceAddressPrefixes[*]',
      'destinationPortRange',
      'destinationPortRanges[*]',
    ])
      expect(text).toContain(`"Microsoft.Network/networkSecurityGroups/securityRules[*].${alias}"`);
    // A range such as 20-25 is compared numerically with each listed port.
    expect(text).toContain("greaterOrEquals(int(current('port')), int(first(split(");
    expect(JSON.stringify(child)).toContain('"Microsoft.Network/networkSecurityGroups/securityRules/sourceAddressPrefixes[*]"');
    // Inside the count, field() of a member's property is an array, so a range written in an NSG's
    // inline rule would never match: template expressions read the counted member with current().
    const expressions: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string' && v.startsWith('[')) expressions.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(count.count.where);
    expect(expressions.length).toBeGreaterThan(0);
    for (const e of expressions) expect(e).not.toMatch(/field\('Microsoft\.Network\/networkSecurityGroups\/securityRules\[\*\]/);
    expect(text).toContain("current('Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRange')");
    expect(text).toContain("current('Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRanges[*]')");
  });

  test('assignments that deploy get a managed identity and the roles they need', async () => {
    const p = await plan(program());
    for (const name of ['policy-activity-logs', 'policy-defender-plans']) {
      const a = named(p, name, PA);
      expect(a.inputs.identity).toEqual({ type: 'SystemAssigned' });
      expect(a.inputs.location).toBe('uksouth');
      const roles = ofType(p, 'azure-native:authorization:RoleAssignment').filter((r) => r.name.startsWith(`${name}-role-`));
      expect(roles.length).toBeGreaterThan(0);
      for (const r of roles)
        expect(r.inputs).toMatchObject({ scope: ROOT, principalType: 'ServicePrincipal', principalId: `principal-of-${name}` });
    }
    const defender = named(p, 'policy-defender-plans', 'azure-native:authorization:PolicySetDefinitionAtManagementGroup').inputs;
    const members = defender.policyDefinitions as { policyDefinitionReferenceId: string; parameters: Record<string, { value: unknown }> }[];
    expect(members.filter((d) => d.parameters.planName).map((d) => d.parameters.planName!.value)).toEqual(
      baseline.guardrails.azure.defenderPlans,
    );
    // The SOC is Defender's security contact, and Defender's data reaches the workspace Sentinel reads.
    const byRef = Object.fromEntries(members.map((m) => [m.policyDefinitionReferenceId, m.parameters]));
    expect(byRef['defender-security-contact']).toMatchObject({ emails: { value: SOC_EMAIL }, minimalSeverity: { value: 'High' } });
    expect(byRef['defender-export']).toMatchObject({
      workspaceResourceId: { value: WORKSPACE_ID },
      resourceGroupLocation: { value: 'uksouth' },
    });
  });

  test('every assignment name fits the 24-character limit Azure sets at management-group scope', async () => {
    const names = ofType(await plan(program()), PA).map((a) => a.inputs.policyAssignmentName as string);
    expect(names).toContain('nplz-allowed-rg-locs');
    expect(names.length).toBeGreaterThanOrEqual(7);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(24);
  });

  test('fails if an assignment name is longer than 24 characters', async () => {
    await expect(
      plan(() => {
        const owner = new pulumi.ComponentResource('nplz:test:Owner', 'owner');
        managementGroupAssignmentName('PolicyBaseline', 'nplz-allowed-rg-locations', owner);
      }),
    ).rejects.toThrow(
      'PolicyBaseline: policyAssignmentName "nplz-allowed-rg-locations" has 25 characters; allowed: at most 24 at management-group scope (an Azure limit)',
    );
  });

  test('names the DeployIfNotExists work each subscription remediates: every Defender plan member, and the activity-log export', async () => {
    let names: string[] = [];
    await plan(programWith({}, (policy) => (names = policy.remediations.map((r) => `${r.name}:${r.definitionReferenceId ?? ''}`))));
    expect(names).toEqual([
      ...baseline.guardrails.azure.defenderPlans.map((p) => `defender-${p.toLowerCase()}:defender-${p}`),
      'defender-security-contact:defender-security-contact',
      'defender-export:defender-export',
      'activity-logs:',
    ]);
  });

  describe('an audit-only rollout', () => {
    const rollout = (enforcement: string) => {
      const result = { remediations: -1 };
      const program = programWith(
        { enforcement: enforcement as 'audit-only' },
        (policy) => (result.remediations = policy.remediations.length),
      );
      return { program, result };
    };

    test('enforces every assignment by default', async () => {
      const modes = ofType(await plan(program()), PA).map((a) => a.inputs.enforcementMode);
      expect(modes.length).toBeGreaterThanOrEqual(7);
      expect(new Set(modes)).toEqual(new Set(['Default']));
    });

    test('renders every assignment DoNotEnforce, with the same definitions and parameters, and no remediation', async () => {
      const r = rollout('audit-only');
      const auditPlan = await plan(r.program);
      const audit = ofType(auditPlan, PA);
      // Nothing deploys, so the assignments' identities get no rights.
      const RA = 'azure-native:authorization:RoleAssignment';
      expect(ofType(auditPlan, RA)).toEqual([]);
      expect(ofType(await plan(program()), RA).length).toBeGreaterThan(0);
      expect(new Set(audit.map((a) => a.inputs.enforcementMode))).toEqual(new Set(['DoNotEnforce']));
      expect(r.result.remediations).toBe(0);
      const enforced = ofType(await plan(program()), PA);
      const strip = (a: (typeof audit)[number]) => ({ ...a.inputs, enforcementMode: undefined });
      expect(audit.map(strip)).toEqual(enforced.map(strip));
    });

    test('fails if the rollout mode is neither', async () => {
      await expect(plan(rollout('warn').program)).rejects.toThrow(
        'PolicyBaseline: enforcement "warn" is not a rollout mode; allowed: "enforce" or "audit-only"',
      );
    });
  });

  test('fails if the assignment location is outside the UK', async () => {
    await expect(plan(program('westeurope'))).rejects.toThrow(
      `PolicyBaseline: location "westeurope" is outside the UK regions baseline ${baseline.version} allows; allowed: one of uksouth, ukwest`,
    );
  });
});

describe('PolicyBaseline on a fresh tenant', () => {
  const DEFINITIONS = [
    'azure-native:authorization:PolicyDefinitionAtManagementGroup',
    'azure-native:authorization:PolicySetDefinitionAtManagementGroup',
  ];

  test('every custom definition and initiative waits for the root group it is defined at', async () => {
    const p = await plan(program());
    const root = named(p, 'mg-root');
    const defs = p.resources.filter((r) => DEFINITIONS.includes(r.type));
    expect(defs.length).toBeGreaterThanOrEqual(5);
    for (const d of defs) {
      expect(d.inputs.managementGroupId).toBe('nplz');
      expect(d.dependencies).toContain(root.urn);
    }
  });

  test('required tags deny untagged resources, except what Azure creates by itself (Network Watcher, Defender, backup helpers)', async () => {
    const p = await plan(program());
    const def = named(p, 'policy-require-tag');
    const rule = def.inputs.policyRule as { if: { allOf: Record<string, unknown>[] }; then: unknown };
    expect(rule.if.allOf).toEqual(
      expect.arrayContaining([
        { field: "[concat('tags[', parameters('tagName'), ']')]", exists: 'false' },
        {
          field: 'type',
          notIn: expect.arrayContaining(['Microsoft.Network/networkWatchers', 'Microsoft.Compute/restorePointCollections']),
        },
        { field: 'id', notContains: '/resourceGroups/NetworkWatcherRG/' },
        { field: 'id', notContains: '/resourceGroups/DefaultResourceGroup-' },
        { field: 'id', notContains: '/resourceGroups/AzureBackupRG' },
      ]),
    );
    const set = named(p, 'policy-guardrails', 'azure-native:authorization:PolicySetDefinitionAtManagementGroup').inputs;
    const tagRefs = (
      set.policyDefinitions as { policyDefinitionReferenceId: string; policyDefinitionId: string; parameters: object }[]
    ).filter((r) => r.policyDefinitionReferenceId.startsWith('require-tag-'));
    expect(tagRefs).toHaveLength(baseline.requiredTags.length);
    for (const r of tagRefs) {
      expect(r.policyDefinitionId).toBe(def.id);
      expect(r.parameters).toMatchObject({ effect: { value: 'Deny' } });
    }
  });

  test("each remediation names the role assignments of its assignment's identity as prerequisites", async () => {
    let policy: PolicyBaseline | undefined;
    await plan(programWith({}, (pb) => (policy = pb)));
    for (const r of policy!.remediations) expect(r.prerequisites?.length).toBeGreaterThan(0);
  });
});
