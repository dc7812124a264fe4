import { BASELINE_2026_11 as B } from '@nplz/core';
import { AZURE_POLICIES, runPolicy, validationArgs, type AzurePolicyFactory } from '../../src/azure';
import { PlanIndex } from '../../src/azure/private/plan-index';
import { forceLandingZone, nationalPlatform, res, subscriptionFor, tagsFor, type Mutable } from './fixtures';

const KENT = { tenancy: 'kent', environment: 'prod' };
const SUB = subscriptionFor('kent');
const provider = res('pulumi:providers:azure-native', 'kent-provider', { subscriptionId: SUB });

/** Violations a policy reports for a resource, through the same path the runner takes. */
async function violations(
  factory: AzurePolicyFactory,
  type: string,
  props: Record<string, unknown>,
  extra: Partial<Mutable> = {},
): Promise<string[]> {
  const r = res(type, 'subject', props, { provider: `${provider.urn}::${provider.id}`, ...extra });
  const args = validationArgs(r, new PlanIndex({ resources: [provider, r] }));
  return (await runPolicy(factory(B), args)) ?? [];
}

const byName = (n: string) => {
  const f = AZURE_POLICIES.find((p) => p.policyName === n);
  if (!f) throw new Error(`no policy ${n}`);
  return f;
};

const T = (s: string) => `azure-native:${s}`;
const tags = tagsFor('kent', 'kent', 'prod');
const goodStorage = forceLandingZone('kent').find((r) => r.name === 'kent-prod-audit')!.inputs;
const goodVault = forceLandingZone('kent').find((r) => r.name === 'kent-prod-kv')!.inputs;
const role = (guid: string) => `/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const NETWORK_CONTRIBUTOR = '4d97b98b-1d4f-4787-a291-c67834d212e7';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const rule = (over: Record<string, unknown>) => ({
  name: 'r',
  access: 'Allow',
  direction: 'Inbound',
  protocol: 'Tcp',
  priority: 100,
  sourceAddressPrefix: 'Internet',
  destinationPortRange: '443',
  ...over,
});

type Case = [
  policy: string,
  type: string,
  good: Record<string, unknown>,
  bad: Record<string, unknown>,
  message: string | RegExp,
  extra?: Partial<Mutable>,
];

const cases: Case[] = [
  [
    'no-shared-key-access',
    T('storage:StorageAccount'),
    goodStorage,
    { ...goodStorage, allowSharedKeyAccess: true },
    'allowSharedKeyAccess is true; allowed: false (use Entra ID)',
  ],
  [
    'no-shared-key-access',
    T('operationalinsights:Workspace'),
    { features: { disableLocalAuth: true } },
    { features: {} },
    'features.disableLocalAuth is not set; allowed: true (use Entra ID)',
  ],
  [
    'key-vault-rbac-authorization',
    T('keyvault:Vault'),
    goodVault,
    { ...goodVault, properties: { enableRbacAuthorization: false, accessPolicies: [{}] } },
    'properties.enableRbacAuthorization is false; allowed: true; properties.accessPolicies has 1 entries; allowed: none (grant roles to groups instead)',
  ],
  [
    'role-assignment-to-groups',
    T('authorization:RoleAssignment'),
    { principalType: 'Group' },
    { principalType: 'User' },
    'principalType is "User"; allowed: "Group" (workforce access through national identity groups) or "ServicePrincipal" (workloads)',
  ],
  ['role-assignment-to-groups', T('authorization:RoleAssignment'), { principalType: 'ServicePrincipal' }, {}, /principalType is not set/],
  [
    'role-assignment-to-groups',
    T('authorization:PimRoleEligibilitySchedule'),
    { principalType: 'Group', principalId: 'g' },
    { principalType: 'User', principalId: 'u' },
    'principalType is "User"; allowed: "Group" (PIM eligibility through national identity groups)',
  ],
  [
    'role-assignment-force-scoped',
    T('authorization:RoleAssignment'),
    { scope: `/subscriptions/${SUB}/resourceGroups/x` },
    { scope: `/subscriptions/${subscriptionFor('durham')}` },
    `scope is "/subscriptions/${subscriptionFor('durham')}" in subscription ${subscriptionFor('durham')}; allowed: the tenancy's own subscription ${SUB} or a scope inside it`,
    KENT,
  ],
  [
    'role-assignment-force-scoped',
    T('authorization:PimRoleEligibilitySchedule'),
    { scope: `/subscriptions/${SUB}` },
    { scope: '/providers/Microsoft.Management/managementGroups/nplz' },
    /a management group; allowed: the subscription of tenancy kent/,
    KENT,
  ],
  [
    'privileged-roles-eligible-only',
    T('authorization:RoleAssignment'),
    { principalType: 'Group', roleDefinitionId: role(CONTRIBUTOR) },
    { principalType: 'Group', roleDefinitionId: role(NETWORK_CONTRIBUTOR) },
    'a standing assignment of Network Contributor; allowed: a PIM eligibility (PimRoleEligibilitySchedule) for privileged roles (baseline 2026.11 roles)',
  ],
  [
    'privileged-roles-eligible-only',
    T('authorization:RoleAssignment'),
    { principalType: 'Group', roleDefinitionId: role(READER) },
    { principalType: 'Group', roleDefinitionId: role(OWNER) },
    /standing assignment of Owner/,
  ],
  // User Access Administrator by the id Azure publishes (18d7d88d-…-7773c20a72d9), not the wrong one the published baselines' role helper holds.
  [
    'no-access-admin-in-force-scope',
    T('authorization:PimRoleEligibilitySchedule'),
    { roleDefinitionId: role(CONTRIBUTOR) },
    { roleDefinitionId: role('18d7d88d-d35e-4fb5-a5c3-7773c20a72d9') },
    'grants User Access Administrator in tenancy kent; allowed: roles without Microsoft.Authorization write (e.g. Contributor, Reader)',
    KENT,
  ],
  [
    'no-access-admin-in-force-scope',
    T('authorization:PimRoleEligibilitySchedule'),
    { roleDefinitionId: role(CONTRIBUTOR) },
    { roleDefinitionId: role(OWNER) },
    'grants Owner in tenancy kent; allowed: roles without Microsoft.Authorization write (e.g. Contributor, Reader)',
    KENT,
  ],
  [
    'activity-log-export',
    T('monitor:SubscriptionDiagnosticSetting'),
    { workspaceId: 'ws', logs: B.logging.azure.activityLogCategories.map((category) => ({ category, enabled: true })) },
    {
      logs: B.logging.azure.activityLogCategories.map((category) => ({
        category,
        enabled: category !== 'Security' && category !== 'Policy',
      })),
    },
    'neither workspaceId nor storageAccountId is set; allowed: the national Log Analytics workspace, or an immutable audit archive; logs do not enable Security, Policy; allowed: Administrative, Security, ServiceHealth, Alert, Recommendation, Policy, Autoscale, ResourceHealth enabled (baseline 2026.11 logging.azure.activityLogCategories)',
  ],
  [
    'diagnostic-settings-to-workspace',
    T('monitor:DiagnosticSetting'),
    { workspaceId: 'ws', logs: [{ categoryGroup: 'allLogs', enabled: true }] },
    { workspaceId: 'ws', logs: [{ categoryGroup: 'allLogs', enabled: false }] },
    /logs has no enabled category/,
  ],
  [
    'immutability-meets-baseline',
    T('storage:StorageAccount'),
    goodStorage,
    {
      immutableStorageWithVersioning: {
        enabled: true,
        immutabilityPolicy: { immutabilityPeriodSinceCreationInDays: 30, state: 'Unlocked' },
      },
    },
    'immutableStorageWithVersioning.immutabilityPolicy.immutabilityPeriodSinceCreationInDays is 30; allowed: at least 365 (baseline 2026.11 logging.immutabilityDays); immutableStorageWithVersioning.immutabilityPolicy.state is "Unlocked"; allowed: "Locked" (baseline 2026.11 logging.immutabilityMode COMPLIANCE)',
  ],
  [
    'storage-customer-managed-key',
    T('storage:StorageAccount'),
    goodStorage,
    { encryption: { keySource: 'Microsoft.Storage' } },
    'encryption.keySource is "Microsoft.Storage"; allowed: "Microsoft.Keyvault" (a customer-managed key)',
  ],
  [
    'storage-customer-managed-key',
    T('storage:StorageAccount'),
    goodStorage,
    { encryption: { keySource: 'Microsoft.Keyvault' } },
    /needs keyName and keyVaultUri/,
  ],
  [
    'key-rotation-policy',
    T('keyvault:Key'),
    { properties: { rotationPolicy: { lifetimeActions: [{ action: { type: 'Rotate' }, trigger: { timeBeforeExpiry: 'P30D' } }] } } },
    { properties: { rotationPolicy: { lifetimeActions: [{ action: { type: 'Notify' }, trigger: { timeBeforeExpiry: 'P30D' } }] } } },
    /no "rotate" action/,
  ],
  [
    'storage-https-only',
    T('storage:StorageAccount'),
    {},
    { enableHttpsTrafficOnly: false },
    'enableHttpsTrafficOnly is false; allowed: true (baseline 2026.11 guardrails.azure.httpsOnly)',
  ],
  [
    'storage-minimum-tls',
    T('storage:StorageAccount'),
    { minimumTlsVersion: 'TLS1_3' },
    { minimumTlsVersion: 'TLS1_0' },
    'minimumTlsVersion is "TLS1_0"; allowed: TLS1_2 or later (baseline 2026.11 encryption.minimumTlsVersion)',
  ],
  ['storage-minimum-tls', T('storage:StorageAccount'), { minimumTlsVersion: 'TLS1_2' }, {}, /minimumTlsVersion is not set/],
  [
    'key-vault-purge-protection',
    T('keyvault:Vault'),
    goodVault,
    { properties: { enablePurgeProtection: false, softDeleteRetentionInDays: 7 } },
    'properties.enablePurgeProtection is false; allowed: true (baseline 2026.11 guardrails.azure.keyVaultPurgeProtection); properties.softDeleteRetentionInDays is 7; allowed: at least 30 (baseline 2026.11 encryption.keyDeletionWindowDays)',
  ],
  [
    'key-vault-purge-protection',
    T('keyvault:Vault'),
    goodVault,
    { properties: { enablePurgeProtection: true, enableSoftDelete: false } },
    /enableSoftDelete is false/,
  ],
  [
    'storage-no-public-access',
    T('storage:StorageAccount'),
    goodStorage,
    { ...goodStorage, allowBlobPublicAccess: true },
    'allowBlobPublicAccess is true; allowed: false',
  ],
  ['storage-no-public-access', T('storage:StorageAccount'), goodStorage, {}, 'allowBlobPublicAccess is not set; allowed: false'],
  [
    'storage-no-public-access',
    T('storage:BlobContainer'),
    { publicAccess: 'None' },
    { publicAccess: 'Blob' },
    'publicAccess is "Blob"; allowed: "None" or not set',
  ],
  [
    'nsg-no-internet-management-ports',
    T('network:NetworkSecurityGroup'),
    {
      securityRules: [
        rule({}),
        rule({ destinationPortRange: '22', sourceAddressPrefix: '10.1.0.64/26' }),
        rule({ destinationPortRange: '3389', access: 'Deny' }),
      ],
    },
    { securityRules: [rule({ name: 'ssh', destinationPortRange: '20-25' })] },
    'securityRules[0] (ssh) allows port 22 inbound from Internet; allowed: no internet source for ports 22, 3389 (baseline 2026.11; use Bastion)',
  ],
  [
    'nsg-no-internet-management-ports',
    T('network:SecurityRule'),
    rule({ destinationPortRanges: ['80', '443'] }),
    rule({ sourceAddressPrefix: '*', destinationPortRanges: ['443', '3389'] }),
    /allows port 3389 inbound from \*/,
  ],
  [
    'nsg-no-internet-management-ports',
    T('network:SecurityRule'),
    rule({ destinationPortRange: '8080' }),
    rule({ sourceAddressPrefixes: ['0.0.0.0/0'], destinationPortRange: '*' }),
    /allows port 22, 3389/,
  ],
  [
    'firewall-threat-intel-deny',
    T('network:FirewallPolicy'),
    { threatIntelMode: 'Deny' },
    { threatIntelMode: 'Alert' },
    'threatIntelMode is "Alert"; allowed: "Deny"',
  ],
  [
    'allowed-locations',
    T('network:VirtualNetwork'),
    { location: 'UK South' },
    { location: 'westeurope' },
    'location is "westeurope"; allowed: one of uksouth, ukwest (baseline 2026.11 regions.azure.allowed)',
  ],
  ['allowed-locations', T('privatedns:PrivateZone'), { location: 'global' }, { location: 'eastus' }, /"eastus"/],
  [
    'tenancy-home-region',
    T('keyvault:Vault'),
    { location: 'ukwest' },
    { location: 'northeurope' },
    'location is "northeurope" in tenancy kent; allowed: uksouth (home) or ukwest (pair) (baseline 2026.11 regions.azure)',
    KENT,
  ],
  [
    'log-retention',
    T('operationalinsights:Workspace'),
    { retentionInDays: 730 },
    { retentionInDays: 30 },
    'retentionInDays is 30; allowed: at least 365 (baseline 2026.11 logging.operationalRetentionDays)',
  ],
  [
    'log-retention',
    T('network:FlowLog'),
    { retentionPolicy: { enabled: true, days: 0 } },
    { retentionPolicy: { enabled: true, days: 90 } },
    'retentionPolicy.days is 90; allowed: 0 (keep) or at least 2557 (baseline 2026.11 logging.securityAuditRetentionDays)',
  ],
  [
    'defender-plan-standard',
    T('security:Pricing'),
    { pricingName: 'KeyVaults', pricingTier: 'Standard' },
    { pricingName: 'KeyVaults', pricingTier: 'Free' },
    'pricingTier of KeyVaults is "Free"; allowed: "Standard" (baseline 2026.11 guardrails.azure.defenderPlans)',
  ],
  [
    'security-alerts-to-soc',
    T('security:SecurityContact'),
    { emails: 'soc@x', isEnabled: true, notificationsSources: [{ sourceType: 'Alert', minimalSeverity: 'Medium' }] },
    { emails: 'soc@x', notificationsSources: [{ sourceType: 'Alert', minimalSeverity: 'Low' }].slice(0, 0) },
    'notificationsSources Alert minimalSeverity is not set; allowed: High or lower (baseline 2026.11 alerting.socMinimumSeverity high)',
  ],
  [
    'security-alerts-to-soc',
    T('security:SecurityContact'),
    { emails: 'soc@x', notificationsSources: [{ sourceType: 'Alert', minimalSeverity: 'High' }] },
    { isEnabled: false, notificationsSources: [{ sourceType: 'Alert', minimalSeverity: 'High' }] },
    'isEnabled is false; allowed: true; emails is not set; allowed: the national SOC address',
  ],
  [
    'management-lock-level',
    T('authorization:ManagementLockByScope'),
    { level: 'CanNotDelete' },
    { level: 'NotSpecified' },
    'level is "NotSpecified"; allowed: CanNotDelete or ReadOnly',
  ],
  [
    'required-tags',
    T('storage:StorageAccount'),
    { location: 'uksouth', tags },
    { location: 'uksouth', tags: { ...tags, 'cost-centre': '', 'data-owner': undefined } },
    'tags lack cost-centre, data-owner; allowed: every required tag of baseline 2026.11 (nplz:force, nplz:tenancy, nplz:environment, nplz:classification, nplz:baseline, cost-centre, data-owner)',
  ],
  [
    'required-tags',
    T('network:VirtualNetwork'),
    { location: 'uksouth', tags },
    { location: 'uksouth' },
    /tags lack nplz:force, nplz:tenancy/,
  ],
  [
    'classification-tag',
    T('keyvault:Vault'),
    { location: 'uksouth', tags },
    { location: 'uksouth', tags: { ...tags, 'nplz:classification': 'SECRET' } },
    'tags["nplz:classification"] is "SECRET"; allowed: one of OFFICIAL, OFFICIAL-SENSITIVE',
    KENT,
  ],
  [
    'budget-alert-thresholds',
    T('consumption:Budget'),
    { amount: 100, notifications: { a: { enabled: true, threshold: 80 }, b: { threshold: 100 } } },
    { amount: 0, notifications: { a: { enabled: false, threshold: 80 }, b: { threshold: 100 } } },
    'amount is 0; allowed: a positive monthly amount; notifications lack thresholds 80%; allowed: enabled notifications at 80, 100% (baseline 2026.11 budgets.alertThresholds)',
  ],
];

// Every row gets all six values: a shorter row would make jest pass its `done` callback as `extra`.
const rows = cases.map((c) => [c[0], c[1], c[2], c[3], c[4], c[5] ?? {}] as const);

test.each(rows)('%s passes a compliant %s and flags a broken one', async (policy, type, good, bad, message, extra) => {
  const f = byName(policy);
  expect(await violations(f, type, good, extra)).toEqual([]);
  const v = await violations(f, type, bad, extra);
  if (typeof message === 'string') expect(v.join('; ')).toBe(message);
  else expect(v.join('; ')).toMatch(message);
});

test('no-public-ip-in-force-spokes passes a hub public IP and flags one in a force landing zone', async () => {
  const f = byName('no-public-ip-in-force-spokes');
  expect(await violations(f, T('network:PublicIPAddress'), { location: 'uksouth' })).toEqual([]);
  expect(await violations(f, T('network:PublicIPAddress'), { location: 'uksouth' }, KENT)).toEqual([
    'public IP address in tenancy kent; allowed: none in force landing zones (baseline 2026.11 guardrails.azure.denyPublicIpInForces; reach workloads through the hub)',
  ]);
});

test('every resource policy has a case above', () => {
  expect(new Set([...cases.map((c) => c[0]), 'no-public-ip-in-force-spokes'])).toEqual(new Set(AZURE_POLICIES.map((p) => p.policyName)));
});

test('policies scoped to force landing zones leave the national platform alone', async () => {
  expect(await violations(byName('no-public-ip-in-force-spokes'), T('network:PublicIPAddress'), {})).toEqual([]);
  expect(
    await violations(byName('no-access-admin-in-force-scope'), T('authorization:RoleAssignment'), { roleDefinitionId: role(OWNER) }),
  ).toEqual([]);
  expect(
    await violations(byName('role-assignment-force-scoped'), T('authorization:RoleAssignment'), {
      scope: '/providers/Microsoft.Management/managementGroups/nplz',
    }),
  ).toEqual([]);
});

test('policies ignore types they do not read, and values the recorder could not resolve', async () => {
  expect(await violations(byName('storage-no-public-access'), T('keyvault:Vault'), { allowBlobPublicAccess: true })).toEqual([]);
  expect(await violations(byName('allowed-locations'), T('network:VirtualNetwork'), { location: '[unknown]' })).toEqual([]);
  expect(await violations(byName('required-tags'), T('authorization:PolicyAssignment'), { location: 'uksouth' })).toEqual([]);
});

test('under a real engine (no runner extras) placement comes from tags and the provider', async () => {
  const p = byName('role-assignment-force-scoped')(B).policy;
  const reported: string[] = [];
  const args = {
    type: T('authorization:RoleAssignment'),
    urn: 'u',
    name: 'n',
    props: { scope: `/subscriptions/${subscriptionFor('durham')}`, tags: { 'nplz:tenancy': 'kent' } },
    provider: { type: 'pulumi:providers:azure-native', urn: 'p', name: 'p', props: { subscriptionId: SUB } },
  } as unknown as Parameters<NonNullable<typeof p.validateResource> & ((...a: never[]) => unknown)>[0];
  await (p.validateResource as (a: unknown, r: (m: string) => void) => void)(args, (m) => reported.push(m));
  expect(reported).toHaveLength(1);
});

test.each([
  [
    'no-access-admin-in-force-scope',
    { roleDefinitionId: role(OWNER), principalType: 'Group', scope: `/subscriptions/${SUB}` },
    /grants Owner in a force landing zone/,
  ],
  [
    'role-assignment-force-scoped',
    { roleDefinitionId: role(READER), principalType: 'Group', scope: `/subscriptions/${subscriptionFor('durham')}` },
    /allowed: the landing zone's own subscription/,
  ],
])('under a real engine an untagged role assignment under a ForceLandingZone is still in the zone: %s', async (name, props, message) => {
  const p = byName(name)(B).policy;
  const run = async (urn: string) => {
    const reported: string[] = [];
    const args = {
      type: T('authorization:RoleAssignment'),
      urn,
      name: 'kent-prod-x',
      props,
      provider: { type: 'pulumi:providers:azure-native', urn: 'p', name: 'p', props: { subscriptionId: SUB } },
    } as unknown as Parameters<NonNullable<typeof p.validateResource> & ((...a: never[]) => unknown)>[0];
    await (p.validateResource as (a: unknown, r: (m: string) => void) => void)(args, (m) => reported.push(m));
    return reported;
  };
  // Role assignments carry no tags; the URN's type chain says they sit in a landing zone.
  const inZone = await run(
    'urn:pulumi:estate::nplz::nplz:azure:NationalLandingZone$nplz:azure:ForceLandingZone$azure-native:authorization:RoleAssignment::kent-prod-x',
  );
  expect(inZone.join('\n')).toMatch(message);
  expect(
    await run(
      'urn:pulumi:estate::nplz::nplz:azure:NationalLandingZone$nplz:azure:IdentityBaseline$azure-native:authorization:RoleAssignment::n',
    ),
  ).toEqual([]);
});

test('policy metadata: kebab-case names, enforcement from control severity, baseline in the description', () => {
  for (const f of AZURE_POLICIES) {
    const { policy, control } = f(B);
    expect(policy.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(policy.name).toBe(f.policyName);
    expect(control).toBe(f.control);
    expect(policy.enforcementLevel).toBe(['critical', 'high'].includes(policy.severity!) ? 'mandatory' : 'advisory');
    expect(policy.description).toContain(`(${control}, baseline 2026.11)`);
  }
  expect(byName('storage-no-public-access')(B).policy.enforcementLevel).toBe('mandatory');
  expect(byName('required-tags')(B).policy.enforcementLevel).toBe('advisory');
});

test('the compliant fixtures pass every resource policy', async () => {
  const all = [...nationalPlatform(), ...forceLandingZone('kent')];
  const index = new PlanIndex({ resources: all });
  for (const r of all.filter((x) => x.custom && !x.type.startsWith('pulumi:'))) {
    for (const f of AZURE_POLICIES)
      expect({ policy: f.policyName, r: r.name, v: (await runPolicy(f(B), validationArgs(r, index))) ?? [] }).toEqual({
        policy: f.policyName,
        r: r.name,
        v: [],
      });
  }
});

test('immutability-meets-baseline: a container immutability policy never satisfies COMPLIANCE mode (it cannot be locked from the program)', async () => {
  const f = byName('immutability-meets-baseline');
  const container = T('storage:BlobContainerImmutabilityPolicy');
  expect(await violations(f, container, { immutabilityPeriodSinceCreationInDays: 400 })).toEqual([
    'a container immutability policy cannot be locked from the program and stays Unlocked (deletable by an administrator); allowed: account-level immutableStorageWithVersioning with state "Locked" (baseline 2026.11 logging.immutabilityMode COMPLIANCE)',
  ]);
  expect((await violations(f, container, { immutabilityPeriodSinceCreationInDays: 7 })).join('; ')).toMatch(/at least 365/);
  // Account-level, locked, for the baseline's days: what NPLZ renders.
  const locked = {
    immutableStorageWithVersioning: { enabled: true, immutabilityPolicy: { immutabilityPeriodSinceCreationInDays: 365, state: 'Locked' } },
  };
  expect(await violations(f, T('storage:StorageAccount'), locked)).toEqual([]);
});
