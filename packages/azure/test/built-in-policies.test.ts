/**
 * Every Azure Policy built-in NPLZ names, checked against github.com/Azure/azure-policy: the id
 * table below gives each one's file there, and fixtures/azure-policy/built-ins.json holds what was
 * extracted from those files (display name, parameters with their allowed values, a fixed effect,
 * the deployment location of a DeployIfNotExists) at the commit it records. The recorded plan's
 * every use of a built-in is then checked against that extract, not against NPLZ's own belief.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ManagementGroupHierarchy, PolicyBaseline, type PolicyBaselineArgs } from '../src';
import { BUILT_IN_POLICIES, BUILT_IN_POLICY_SETS, PRIVATE_DNS_ZONE_POLICIES } from '../src/private/built-ins';
import { baseline, plan, TENANT_ID, WORKSPACE_ID } from './mocks';
import type { Plan } from '../src';

interface Param {
  readonly type: string;
  readonly allowedValues?: readonly unknown[];
  readonly hasDefault?: true;
}
interface BuiltIn {
  readonly kind: 'policyDefinition' | 'policySetDefinition';
  readonly path: string;
  readonly displayName: string;
  readonly parameters: Readonly<Record<string, Param>>;
  readonly fixedEffect?: string;
  readonly deploymentLocation?: string;
}
interface Extract {
  readonly source: string;
  readonly commit: string;
  readonly definitions: Readonly<Record<string, BuiltIn>>;
}

const EXTRACT: Extract = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/azure-policy/built-ins.json'), 'utf8')) as Extract;

/** NPLZ's name for each built-in → its id and its file in Azure/azure-policy (under built-in-policies/). */
const TABLE: Readonly<Record<string, readonly [id: string, file: string]>> = {
  allowedLocations: ['e56962a6-4747-49cd-b67b-bf8b01975c4c', 'policyDefinitions/General/AllowedLocations_Deny.json'],
  allowedResourceGroupLocations: [
    'e765b5de-1225-4ba3-bd56-1ac6695af988',
    'policyDefinitions/General/ResourceGroupAllowedLocations_Deny.json',
  ],
  requireTagOnResources: ['871b6d14-10aa-478d-b590-94f262ecfa99', 'policyDefinitions/Tags/RequireTag_Deny.json'],
  notAllowedResourceTypes: ['6c112d4e-5bc7-47ae-a041-ea2d9dccd749', 'policyDefinitions/General/InvalidResourceTypes_Deny.json'],
  storageMinimumTls: ['fe83a0eb-a853-422d-aac2-1bffd182c5d0', 'policyDefinitions/Storage/StorageAccountMinimumTLSVersion_Audit.json'],
  storageSecureTransfer: ['404c3081-a854-4457-ae30-26a93ef643f9', 'policyDefinitions/Storage/Storage_AuditForHTTPSEnabled_Audit.json'],
  appServiceHttpsOnly: ['a4af4a39-4135-47fb-b175-47fbdf85311d', 'policyDefinitions/App Service/Webapp_AuditHTTP_Audit.json'],
  keyVaultPurgeProtection: ['0b60c0b2-2dc2-4e1c-b5c9-abbed971de53', 'policyDefinitions/Key Vault/Recoverable_Audit.json'],
  classicStorageAccounts: ['37e0d2fe-28a5-43d6-a273-67d37d1f5606', 'policyDefinitions/Storage/Classic_AuditForClassicStorages_Audit.json'],
  classicVirtualMachines: ['1d84d5fb-01f6-4d12-ba4f-4a26081d403d', 'policyDefinitions/Compute/ClassicCompute_Audit.json'],
  allowedResourceTypes: ['a08ec900-254a-4555-9bf5-e42af04b5c5c', 'policyDefinitions/General/AllowedResourceTypes_Deny.json'],
  nicIpForwarding: ['88c0b9da-ce96-4b03-9635-f29a937e2900', 'policyDefinitions/Network/NetworkIPForwardingNic_Deny.json'],
  unmanagedDisks: ['06a78e20-9358-41c9-923c-fb736d382a4d', 'policyDefinitions/Compute/VMRequireManagedDisk_Audit.json'],
  vnetDdosProtection: ['94de2ad3-e0c1-4caf-ad78-5d47bbc83d3d', 'policyDefinitions/Network/VirtualNetworkDdosStandard_Audit.json'],
  keyVaultSoftDelete: ['1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d', 'policyDefinitions/Key Vault/SoftDeleteMustBeEnabled_Audit.json'],
  keyVaultRbac: ['12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5', 'policyDefinitions/Key Vault/Should_Use_RBAC.json'],
  keyVaultFirewall: ['55615ac9-af46-4a59-874e-391cc3dfb490', 'policyDefinitions/Key Vault/FirewallEnabled_Audit.json'],
  keyVaultSecretExpiry: ['98728c90-32c7-4049-8429-847dc0f4fe37', 'policyDefinitions/Key Vault/Secrets_ExpirationSet.json'],
  keyVaultKeyExpiry: ['152b15f7-8e1f-4c1f-ab71-8c010ba5dbc0', 'policyDefinitions/Key Vault/Keys_ExpirationSet.json'],
  keyVaultPublicNetwork: ['405c5871-3e91-4644-8a63-58e19d68ff5b', 'policyDefinitions/Key Vault/PublicNetworkAccess_Audit.json'],
  storageSharedKey: ['8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54', 'policyDefinitions/Storage/StorageAccountAllowSharedKeyAccess_Audit.json'],
  storageCrossTenantReplication: [
    '92a89a79-6c52-4a7e-a03f-61306fc49312',
    'policyDefinitions/Storage/StorageAccountAllowCrossTenantReplication_Audit.json',
  ],
  storagePublicBlobAccess: [
    '4fa4b6c0-31ca-4c0d-b10d-24b96f62a751',
    'policyDefinitions/Storage/ASC_Storage_DisallowPublicBlobAccess_Audit.json',
  ],
  storageNetworkRules: ['2a1a9cdf-e04d-429a-8416-3bfb72a1b26f', 'policyDefinitions/Storage/StorageAccountOnlyVnetRulesEnabled_Audit.json'],
  sqlPublicNetwork: ['1b8ca024-1d5c-4dec-8995-b1a932b41780', 'policyDefinitions/SQL/SqlServer_PublicNetworkAccess_Audit.json'],
  cosmosPublicNetwork: ['797b37f7-06b8-444c-b1ad-fc62867f335a', 'policyDefinitions/Cosmos DB/Cosmos_PrivateNetworkAccess_AuditDeny.json'],
  containerRegistryPublicNetwork: [
    '0fdf0491-d080-4575-b627-ad0e843cba0f',
    'policyDefinitions/Container Registry/ACR_PublicNetworkAccess_AuditDeny.json',
  ],
  sqlMinimumTls: ['32e6bbec-16b6-44c2-be37-c5b672d103cf', 'policyDefinitions/SQL/SqlServer_MiniumTLSVersion_Audit.json'],
  appServiceEnvironmentTls: [
    'd6545c6b-dd9d-4265-91e6-0b451e2f1c50',
    'policyDefinitions/App Service/HostingEnvironment_DisableTls_Audit.json',
  ],
  privateDnsStorageBlob: ['75973700-529f-4de2-b794-fb9b6781b6b0', 'policyDefinitions/Storage/StoragePrivateDnsZoneGroup_Blob.json'],
  privateDnsStorageFile: ['6df98d03-368a-4438-8730-a93c4d7693d6', 'policyDefinitions/Storage/StoragePrivateDnsZoneGroup_File.json'],
  privateDnsKeyVault: ['ac673a9a-f77d-4846-b2d8-a57f8e1c01d4', 'policyDefinitions/Key Vault/AutoConfigure_PrivateDNSZone_DINE.json'],
  privateDnsContainerRegistry: [
    'e9585a95-5b8c-4d03-b193-dc7eb5ac4c32',
    'policyDefinitions/Container Registry/ACR_PrivateDNSZone_DINE.json',
  ],
  allLogsToWorkspace: [
    '0884adba-2312-4468-abeb-5422caed1038',
    'policySetDefinitions/Monitoring/AzureMonitor_DiagSettings_logAnalytics_allLogs.json',
  ],
};

const BUILT_IN_ID = /^\/providers\/Microsoft\.Authorization\/(policyDefinitions|policySetDefinitions)\/([0-9a-f-]{36})$/i;

interface Use {
  readonly where: string;
  readonly definitionId: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** Every use of a built-in in a plan: assignments of one, and initiative members that are one. */
export function builtInUses(p: Plan): Use[] {
  const uses: Use[] = [];
  const values = (ps: unknown) =>
    Object.fromEntries(Object.entries((ps ?? {}) as Record<string, { value?: unknown }>).map(([k, v]) => [k, v?.value]));
  for (const r of p.resources) {
    if (r.type === 'azure-native:authorization:PolicyAssignment' && typeof r.inputs.policyDefinitionId === 'string')
      uses.push({ where: r.name, definitionId: r.inputs.policyDefinitionId, parameters: values(r.inputs.parameters) });
    if (r.type === 'azure-native:authorization:PolicySetDefinitionAtManagementGroup')
      for (const m of (r.inputs.policyDefinitions ?? []) as {
        policyDefinitionReferenceId: string;
        policyDefinitionId: unknown;
        parameters?: unknown;
      }[])
        if (typeof m.policyDefinitionId === 'string')
          uses.push({
            where: `${r.name}/${m.policyDefinitionReferenceId}`,
            definitionId: m.policyDefinitionId,
            parameters: values(m.parameters),
          });
  }
  return uses.filter((u) => BUILT_IN_ID.test(u.definitionId));
}

/** What is wrong with each use, judged by the azure-policy extract; [] when nothing is. */
export function builtInProblems(uses: readonly Use[], extract: Extract, allowedRegions: readonly string[]): string[] {
  const problems: string[] = [];
  for (const u of uses) {
    const [, kind, guid] = BUILT_IN_ID.exec(u.definitionId) ?? [];
    const def = guid ? extract.definitions[guid.toLowerCase()] : undefined;
    if (!def) {
      problems.push(`${u.where}: ${u.definitionId} is not a built-in in azure-policy@${extract.commit.slice(0, 7)}`);
      continue;
    }
    if (`${def.kind}s` !== kind) problems.push(`${u.where}: ${guid} is a ${def.kind}, named as ${kind}`);
    for (const [k, v] of Object.entries(u.parameters)) {
      const p = def.parameters[k];
      if (!p) {
        problems.push(
          `${u.where}: parameter ${k} is not one of ${def.displayName}'s (${Object.keys(def.parameters).join(', ') || 'none'})`,
        );
        continue;
      }
      const given = Array.isArray(v) ? v : [v];
      if (p.allowedValues && !Array.isArray(v) && typeof v !== 'object' && !p.allowedValues.includes(v))
        problems.push(`${u.where}: ${k} ${JSON.stringify(v)} is not allowed; allowed: ${p.allowedValues.join(', ')}`);
      if (p.allowedValues && Array.isArray(v)) {
        const bad = given.filter((x) => !p.allowedValues!.includes(x));
        if (bad.length) problems.push(`${u.where}: ${k} has ${JSON.stringify(bad)}, outside ${def.displayName}'s allowed values`);
      }
    }
    for (const [k, p] of Object.entries(def.parameters))
      if (!p.hasDefault && !(k in u.parameters)) problems.push(`${u.where}: required parameter ${k} of ${def.displayName} is not given`);
    if (def.deploymentLocation && !allowedRegions.includes(def.deploymentLocation))
      problems.push(
        `${u.where}: ${def.displayName} deploys from ${def.deploymentLocation}, outside the UK regions ${allowedRegions.join(', ')}`,
      );
  }
  return problems;
}

const SOC = 'soc@police.example.uk';
const programWith =
  (args: Partial<PolicyBaselineArgs> = {}) =>
  () => {
    const mg = new ManagementGroupHierarchy('mg', { tenantId: TENANT_ID, rootGroupId: 'nplz', forces: ['kent'] });
    new PolicyBaseline('policy', {
      baseline,
      rootGroup: mg.root,
      rootGroupId: 'nplz',
      forcesGroup: mg.forces,
      groups: mg,
      securityContactEmail: SOC,
      privateDnsZoneIds: Object.fromEntries(
        baseline.network.azure.privateDnsZones.map((z) => [
          z,
          `/subscriptions/x/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/${z}`,
        ]),
      ),
      ddosProtectionPlanId: '/subscriptions/x/resourceGroups/hub/providers/Microsoft.Network/ddosProtectionPlans/nplz',
      workspaceId: WORKSPACE_ID,
      ...args,
    });
  };

describe('Azure Policy built-ins, against Azure/azure-policy', () => {
  test('the extract names its source commit', () => {
    expect(EXTRACT.source).toBe('github.com/Azure/azure-policy');
    expect(EXTRACT.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  test('every id NPLZ names is in the table, with the file azure-policy holds it in', () => {
    const named: Record<string, string> = { ...BUILT_IN_POLICIES, ...BUILT_IN_POLICY_SETS };
    expect(Object.keys(named).sort()).toEqual(Object.keys(TABLE).sort());
    for (const [key, [id, file]] of Object.entries(TABLE)) {
      expect({ key, id: named[key] }).toEqual({ key, id });
      expect({ key, path: EXTRACT.definitions[id]?.path }).toEqual({ key, path: `built-in-policies/${file}` });
    }
    for (const id of Object.values(PRIVATE_DNS_ZONE_POLICIES)) expect(EXTRACT.definitions[id]?.parameters.privateDnsZoneId).toBeDefined();
  });

  test('every built-in the recorded plan uses exists, with only its parameters, required ones given, effects it allows, deployed from the UK', async () => {
    const uses = builtInUses(await plan(programWith()));
    expect(uses.length).toBeGreaterThan(30);
    expect(builtInProblems(uses, EXTRACT, baseline.regions.azure.allowed)).toEqual([]);
  });

  test('the check fails on what a careless change would write', () => {
    const bad: Use[] = [
      // an id with a digit wrong
      {
        where: 'a',
        definitionId: '/providers/Microsoft.Authorization/policyDefinitions/88c0b9da-ce96-4b03-9635-f29a937e2901',
        parameters: {},
      },
      // an effect passed to a fixed-effect built-in
      {
        where: 'b',
        definitionId: '/providers/Microsoft.Authorization/policyDefinitions/88c0b9da-ce96-4b03-9635-f29a937e2900',
        parameters: { effect: 'Deny' },
      },
      // an effect the built-in does not allow
      {
        where: 'c',
        definitionId: '/providers/Microsoft.Authorization/policyDefinitions/e71308d3-144b-4262-b144-efdc3cc90517',
        parameters: { effect: 'Deny' },
      },
      // the required zone id missing
      {
        where: 'd',
        definitionId: '/providers/Microsoft.Authorization/policyDefinitions/ac673a9a-f77d-4846-b2d8-a57f8e1c01d4',
        parameters: {},
      },
      // a set named as a definition
      {
        where: 'e',
        definitionId: '/providers/Microsoft.Authorization/policyDefinitions/0884adba-2312-4468-abeb-5422caed1038',
        parameters: { logAnalytics: 'w' },
      },
      // the activity-log built-in NPLZ used to assign: it deploys from northeurope
      {
        where: 'f',
        definitionId: '/providers/Microsoft.Authorization/policyDefinitions/2465583e-4e78-4c15-b6be-a36cbc7c8b0f',
        parameters: { logAnalytics: 'w', effect: 'DeployIfNotExists' },
      },
    ];
    const problems = builtInProblems(bad, EXTRACT, baseline.regions.azure.allowed);
    expect(problems).toEqual([
      expect.stringMatching(/^a: .* is not a built-in in azure-policy@/),
      expect.stringMatching(/^b: parameter effect is not one of Network interfaces should disable IP forwarding's \(none\)/),
      'c: effect "Deny" is not allowed; allowed: AuditIfNotExists, Disabled',
      'd: required parameter privateDnsZoneId of Configure Azure Key Vaults to use private DNS zones is not given',
      'e: 0884adba-2312-4468-abeb-5422caed1038 is a policySetDefinition, named as policyDefinitions',
      'f: Configure Azure Activity logs to stream to specified Log Analytics workspace deploys from northeurope, outside the UK regions uksouth, ukwest',
    ]);
  });
});
