import * as path from 'node:path';
import {
  BASELINE_2026_11 as B,
  consentedMembers,
  isForceTenancy,
  loadEstateOrThrow,
  type ForceTenancySpec,
  type TenancySpec,
} from '@nplz/core';
import { AZURE_PLAN_CHECKS, evaluatePlanChecks, type AzurePlan } from '../../src/azure';
import {
  compliantPlan,
  forceLandingZone,
  mutate,
  nationalPlatform,
  planOf,
  res,
  ROOT_MG_ID,
  setAt,
  without,
  type Mutable,
} from './fixtures';

const SAMPLE = loadEstateOrThrow(path.join(__dirname, '../../../../examples/estate'), { now: new Date('2026-11-22T00:00:00Z') });
function kentSpec(): ForceTenancySpec {
  const kent = SAMPLE.tenancies.find((t) => t.spec.name === 'kent')?.spec;
  if (!kent || !isForceTenancy(kent)) throw new Error('the sample estate has a kent force tenancy');
  return kent;
}

const failures = (plan: AzurePlan, opts = {}) => evaluatePlanChecks(plan, { baseline: B, ...opts }).filter((r) => r.status === 'fail');

test('the compliant estate passes every plan check, and every check has something to say about it', () => {
  const results = evaluatePlanChecks(compliantPlan(['kent', 'durham']), B);
  expect(results.filter((r) => r.status === 'fail')).toEqual([]);
  expect(new Set(results.map((r) => r.policy))).toEqual(new Set(AZURE_PLAN_CHECKS.map((c) => c.name)));
});

const WS = '/nplz-plan/azure-native:operationalinsights:Workspace/workspace';
/** Durham exports its own activity log to the workspace, so a broken national assignment leaves only kent without one. */
const durhamOwnExport = (p: AzurePlan) =>
  mutate(p, 'durham-prod-activity-log', (r) => {
    r.inputs.workspaceId = WS;
    delete r.inputs.storageAccountId;
  });
const EXEMPTION = 'azure-native:authorization:PolicyExemption';
const REMEDIATION = 'azure-native:policyinsights:RemediationAtSubscription';
/** The plan with resources added in kent-prod's subscription (its provider, attributed to kent). */
function withKent(p: AzurePlan, add: (at: Partial<Mutable>) => Mutable[]): AzurePlan {
  const provider = p.resources.find((r) => r.name === 'kent-prod-provider')!;
  return planOf([...p.resources, ...add({ tenancy: 'kent', environment: 'prod', provider: `${provider.urn}::${provider.id}` })]);
}
/** A remediation of the activity-log assignment in every tenancy (and a grant of its identity), broken as asked. */
function withRemediations(p: AzurePlan, opts: { kentWaitsForGrant?: boolean; platformPlacement?: boolean }): AzurePlan {
  const assignment = p.resources.find((r) => r.name === 'nplz-activity-logs')!;
  const grant = res(
    'azure-native:authorization:RoleAssignment',
    'activity-logs-grant',
    { principalType: 'ServicePrincipal' },
    { dependencies: [assignment.urn] },
  );
  const added: Mutable[] = [grant];
  for (const t of ['kent', 'durham']) {
    const provider = p.resources.find((r) => r.name === `${t}-prod-provider`)!;
    const placement = p.resources.find((r) => r.name === `${t}-prod-placement`)!;
    const waits = t === 'kent' && opts.kentWaitsForGrant === false ? [placement.urn] : [placement.urn, grant.urn];
    added.push(
      res(
        REMEDIATION,
        `${t}-prod-remediate-activity-logs`,
        { policyAssignmentId: assignment.id },
        {
          tenancy: t,
          environment: 'prod',
          provider: `${provider.urn}::${provider.id}`,
          dependencies: waits,
        },
      ),
    );
  }
  if (opts.platformPlacement) {
    const hub = p.resources.find((r) => r.name === 'hub-provider')!;
    added.push(
      res(
        'azure-native:management:ManagementGroupSubscription',
        'connectivity-placement',
        { groupId: 'nplz-connectivity' },
        { provider: `${hub.urn}::${hub.id}` },
      ),
    );
  }
  return planOf([...p.resources, ...added]);
}

test('remediation tasks that wait for placement and grants, in every placed subscription, pass first-apply-order', () => {
  const results = failures(withRemediations(compliantPlan(['kent', 'durham']), {}));
  expect(results.filter((r) => r.policy === 'first-apply-order')).toEqual([]);
});

type Case = [check: string, breakIt: (p: AzurePlan) => AzurePlan, message: RegExp];
const cases: Case[] = [
  ['break-glass-alerted', (p) => without(p, 'break-glass'), /no enabled scheduled alert rule queries SigninLogs for break-glass accounts/],
  // A rule named for break-glass whose query reads something else, or no account, alerts on nothing.
  [
    'break-glass-alerted',
    (p) => mutate(p, 'break-glass', (r) => void (r.inputs.query = 'AuditLogs | where OperationName has "break glass"')),
    /break-glass: its query does not read SigninLogs/,
  ],
  [
    'break-glass-alerted',
    (p) => mutate(p, 'break-glass', (r) => void (r.inputs.query = 'SigninLogs | where ResultType != 0')),
    /its query names no break-glass account/,
  ],
  ['break-glass-alerted', (p) => mutate(p, 'break-glass', (r) => void (r.inputs.enabled = false)), /break-glass/],
  [
    'tenancy-activity-log',
    (p) => durhamOwnExport(without(p, 'nplz-activity-logs')),
    /kent environment prod has no azure-native:monitor:SubscriptionDiagnosticSetting/,
  ],
  [
    'tenancy-activity-log',
    (p) => mutate(durhamOwnExport(p), 'nplz-activity-logs', (r) => void (r.inputs.parameters = { effect: { value: 'AuditIfNotExists' } })),
    /kent environment prod has no .* no enforced DeployIfNotExists assignment .*found: nplz-activity-logs/,
  ],
  [
    'tenancy-activity-log',
    (p) =>
      mutate(
        durhamOwnExport(p),
        'nplz-activity-logs',
        (r) => void (r.inputs.scope = '/providers/Microsoft.Management/managementGroups/nplz-sandbox'),
      ),
    /kent environment prod has no .*at a management group above it/,
  ],
  [
    'policy-deploys-in-uk',
    (p) =>
      mutate(
        p,
        'nplz-activity-logs',
        (r) =>
          void (r.inputs.policyDefinitionId = '/providers/Microsoft.Authorization/policyDefinitions/2465583e-4e78-4c15-b6be-a36cbc7c8b0f'),
      ),
    /nplz-activity-logs assigns built-in 2465583e-4e78-4c15-b6be-a36cbc7c8b0f, whose deployment runs from northeurope/,
  ],
  [
    'diagnostic-settings-present',
    (p) => without(p, 'kent-prod-kv-diag'),
    /Vault kent-prod-kv has no azure-native:monitor:DiagnosticSetting/,
  ],
  [
    'diagnostic-settings-present',
    (p) => mutate(p, 'kent-prod-audit-diag', (r) => void delete r.inputs.workspaceId),
    /StorageAccount kentprodaudit/,
  ],
  [
    'audit-storage-immutable',
    (p) => mutate(p, 'kent-prod-audit', (r) => void delete r.inputs.immutableStorageWithVersioning),
    /kentprodaudit receives logs but has no immutability/,
  ],
  [
    'spoke-flow-logs',
    (p) => without(p, 'kent-prod-flow-log'),
    /VNet kent-prod-spoke has no enabled VNet flow log and subnets workloads have no NSG flow log/,
  ],
  ['spoke-flow-logs', (p) => mutate(p, 'kent-prod-flow-log', (r) => void (r.inputs.enabled = false)), /kent-prod-spoke/],
  [
    'spoke-egress-via-firewall',
    (p) =>
      mutate(
        p,
        'kent-prod-rt',
        (r) =>
          void (r.inputs.routes = [
            ...(r.inputs.routes as object[]),
            { name: 'low', addressPrefix: '0.0.0.0/1', nextHopType: 'Internet' },
            { name: 'high', addressPrefix: '128.0.0.0/1', nextHopType: 'Internet' },
          ]),
      ),
    /route table kent-prod-rt sends 0.0.0.0\/1 to Internet.*sends 128.0.0.0\/1 to Internet/,
  ],
  [
    'spoke-peering-isolation',
    (p) =>
      mutate(
        p,
        'kent-prod-to-hub',
        (r) => void (r.inputs.remoteVirtualNetwork = { id: '/nplz-plan/azure-native:network:VirtualNetwork/durham-prod-vnet' }),
      ),
    /peers spoke of kent with spoke of durham, bypassing the hub firewall; allowed: hub↔spoke only/,
  ],
  [
    'spoke-peering-isolation',
    (p) =>
      mutate(
        p,
        'kent-prod-to-hub',
        (r) =>
          void (r.inputs.remoteVirtualNetwork = {
            id: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/virtualNetworks/elsewhere',
          }),
      ),
    /cannot tell the remote VNet/,
  ],
  [
    'spoke-egress-via-firewall',
    (p) => mutate(p, 'kent-prod-rt', (r) => void (r.inputs.routes = [])),
    /subnet workloads: route table kent-prod-rt sends 0.0.0.0\/0 to the default system route/,
  ],
  [
    'spoke-egress-via-firewall',
    (p) =>
      mutate(
        p,
        'kent-prod-rt',
        (r) => void (r.inputs.routes = [{ addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.9.9.9' }]),
      ),
    /next hop 10.9.9.9 is outside the hub AzureFirewallSubnet 10.1.0.0\/26/,
  ],
  [
    'spoke-egress-via-firewall',
    (p) => mutate(p, 'kent-prod-vnet', (r) => void (r.inputs.subnets = [{ name: 'workloads', addressPrefix: '10.20.0.0/24' }])),
    /subnet workloads has no route table/,
  ],
  [
    'root-allowed-locations',
    (p) =>
      mutate(
        p,
        'nplz-allowed-locations',
        (r) => void (r.inputs.parameters = { listOfAllowedLocations: { value: ['uksouth', 'westeurope'] } }),
      ),
    /listOfAllowedLocations is \["uksouth","westeurope"\]; allowed: a non-empty subset of uksouth, ukwest/,
  ],
  ['root-allowed-locations', (p) => without(p, 'nplz-allowed-locations'), /no allowed-locations assignment at root management group nplz/],
  [
    'stateful-resources-retained',
    (p) =>
      without(
        mutate(p, 'kent-prod-kv', (r) => void delete r.retainOnDelete),
        'kent-prod-rg-lock',
      ),
    /Vault kent-prod-kv is neither protected nor retained/,
  ],
  [
    'audit-storage-versioning',
    (p) => mutate(p, 'kent-prod-audit', (r) => void delete r.inputs.immutableStorageWithVersioning),
    /kentprodaudit has no azure-native:storage:BlobServiceProperties with isVersioningEnabled true/,
  ],
  [
    'tenancy-backup-vault',
    (p) => mutate(p, 'kent-prod-backup-vault', (r) => setAt(r, 'properties.securitySettings.immutabilitySettings.state', 'Unlocked')),
    /vault nplz-kent-prod-backup: immutabilitySettings.state is "Unlocked"; allowed: "Locked"/,
  ],
  [
    'tenancy-backup-vault',
    (p) =>
      mutate(p, 'kent-prod-backup-vault', (r) => setAt(r, 'properties.securitySettings.softDeleteSettings.softDeleteState', 'Enabled')),
    /softDeleteSettings.softDeleteState is "Enabled"; allowed: "AlwaysON"/,
  ],
  [
    'tenancy-backup-vault',
    (p) => without(p, 'kent-prod-backup-vault'),
    /tenancy kent environment prod has no Recovery Services vault with immutability Locked and soft delete always on/,
  ],
  [
    'tenancy-backup-enrolment',
    (p) => without(p, 'kent-prod-backup-enrol-official-sensitive'),
    /tenancy kent environment prod: no assignment of the built-in .*345fa903-145c-4fe1-8bcd-93ec2adccde8 enrols virtual machines tagged nplz:backup=OFFICIAL-SENSITIVE/,
  ],
  [
    'tenancy-backup-enrolment',
    (p) => mutate(p, 'kent-prod-backup-enrol-official', (r) => void (r.inputs.enforcementMode = 'DoNotEnforce')),
    /the OFFICIAL enrolment nplz-backup-official is not enforced DeployIfNotExists .* enforcementMode "DoNotEnforce"/,
  ],
  [
    'tenancy-backup-enrolment',
    (p) =>
      mutate(p, 'kent-prod-backup-policy-official', (r) => setAt(r, 'properties.retentionPolicy.dailySchedule.retentionDuration.count', 7)),
    /into a policy keeping 35 days .*retention 7/,
  ],
  [
    'tenancy-defender-plans',
    (p) => mutate(p, 'kent-prod-defender-KeyVaults', (r) => void (r.inputs.pricingTier = 'Free')),
    /lacks Defender plans KeyVaults on Standard/,
  ],
  [
    'posture-standards-assigned',
    (p) => without(p, 'nplz-guardrails'),
    /no initiative from the plan is assigned at root management group nplz/,
  ],
  [
    'posture-standards-assigned',
    (p) => mutate(p, 'guardrails', (r) => void (r.inputs.policyDefinitions = [])),
    /does not require tags nplz:force/,
  ],
  [
    'sentinel-onboarded',
    (p) => without(p, 'sentinel'),
    /no azure-native:securityinsights:SentinelOnboardingState for workspace nplz-central/,
  ],
  [
    'root-guardrails-assigned',
    (p) => mutate(p, 'nplz-guardrails', (r) => void (r.inputs.enforcementMode = 'DoNotEnforce')),
    /no enforced assignment of the nplz-guardrails initiative at root management group nplz/,
  ],
  // Deleting the guardrails assignment is not hidden by another initiative at the root.
  [
    'root-guardrails-assigned',
    (p) => without(p, 'nplz-guardrails'),
    /no enforced assignment of the nplz-guardrails initiative at root management group nplz/,
  ],
  [
    'root-guardrails-assigned',
    (p) =>
      mutate(
        p,
        'guardrails',
        (r) =>
          void (r.inputs.policyDefinitions = [
            ...(r.inputs.policyDefinitions as object[]),
            { policyDefinitionReferenceId: 'storage-minimum-tls', policyDefinitionId: '/x', parameters: { effect: { value: 'Audit' } } },
          ]),
      ),
    /nplz-guardrails members storage-minimum-tls \(Audit\) do not deny/,
  ],
  [
    'root-guardrails-assigned',
    (p) => mutate(p, 'nplz-guardrails', (r) => void (r.inputs.scope = `${ROOT_MG_ID}-forces`)),
    /no enforced assignment of the nplz-guardrails initiative at root management group nplz/,
  ],
  [
    'root-guardrails-assigned',
    (p) =>
      mutate(
        p,
        'nplz-deny-mgmt-ports',
        (r) => void (r.inputs.parameters = { ...(r.inputs.parameters as object), effect: { value: 'Audit' } }),
      ),
    /no enforced assignment at the forces group or the root denies internet access to ports/,
  ],
  [
    'root-guardrails-assigned',
    (p) => without(p, 'nplz-deny-public-ip'),
    /no enforced assignment at the forces group or the root denies Microsoft.Network\/publicIPAddresses/,
  ],
  [
    'root-guardrails-assigned',
    (p) => mutate(p, 'nplz-deny-mgmt-ports', (r) => void (r.inputs.parameters = { ports: { value: ['22'] } })),
    /ports 22, 3389/,
  ],
  [
    'baseline-resource-group-locks',
    (p) => without(p, 'kent-prod-rg-lock'),
    /resource group nplz-kent-prod \(created by nplz:azure:ForceLandingZone\) is not locked and Vault kent-prod-kv, NetworkSecurityGroup kent-prod-nsg, RouteTable kent-prod-rt, Vault nplz-kent-prod-backup, StorageAccount kentprodaudit carry no lock/,
  ],
  [
    'baseline-resource-group-locks',
    (p) => without(p, 'hub-rg-lock'),
    /resource group nplz-connectivity \(created by nplz:azure:ConnectivityHub\) is not locked and FirewallPolicy hub-fw-policy, PublicIPAddress hub-fw-pip carry no lock/,
  ],
  ['baseline-resource-group-locks', (p) => mutate(p, 'mgmt-rg-lock', (r) => void (r.inputs.level = 'None')), /nplz-management/],
  [
    'subscriptions-in-hierarchy',
    (p) => without(p, 'kent-prod-placement'),
    /kent environment prod does not place its subscription under a management group/,
  ],
  [
    'subscriptions-in-hierarchy',
    (p) => mutate(p, 'kent-prod-placement', (r) => void (r.inputs.groupId = 'nplz-sandbox')),
    /kent environment prod places its subscription under nplz-sandbox; allowed: nplz-force-kent/,
  ],
  ['tenancy-budget', (p) => without(p, 'kent-prod-budget'), /kent environment prod has no azure-native:consumption:Budget/],
  // Both the zone's own export and the national DeployIfNotExists send the activity log to one workspace: Azure refuses the second.
  [
    'tenancy-activity-log',
    (p) =>
      mutate(
        mutate(p, 'kent-prod-activity-log', (r) => void (r.inputs.workspaceId = WS)),
        'nplz-activity-logs',
        (r) => void (r.inputs.parameters = { effect: { value: 'DeployIfNotExists' }, logAnalytics: { value: WS } }),
      ),
    /kent environment prod exports its activity log to workspace .* twice, by kent-prod-activity-log and by national assignment nplz-activity-logs/,
  ],
  [
    'first-apply-order',
    (p) => mutate(p, 'require-tag', (r) => void (r.dependencies = [])),
    /require-tag is defined at management group nplz but does not wait for it/,
  ],
  [
    'first-apply-order',
    (p) =>
      mutate(p, 'guardrails', (r) => {
        const members = r.inputs.policyDefinitions as { policyDefinitionId: string }[];
        members[0]!.policyDefinitionId = '/providers/Microsoft.Authorization/policyDefinitions/871b6d14-10aa-478d-b590-94f262ecfa99';
      }),
    /requires tags with the built-in 871b6d14.*denies the Network Watchers/,
  ],
  [
    'first-apply-order',
    (p) =>
      withKent(p, (at) => [
        res(EXEMPTION, 'kent-prod-exemption-0-0', { description: 'x'.repeat(600), policyAssignmentId: '/nplz-plan/x' }, at),
      ]),
    /description is 600 characters; allowed: at most 512.*\n?.*|does not wait for its subscription's placement/,
  ],
  [
    'first-apply-order',
    (p) =>
      withKent(p, (at) => [res(EXEMPTION, 'kent-prod-exemption-0-0', { description: 'short', policyAssignmentId: '/nplz-plan/x' }, at)]),
    /kent-prod-exemption-0-0 does not wait for its subscription's placement \(kent-prod-placement\)/,
  ],
  [
    'first-apply-order',
    (p) => withRemediations(p, { kentWaitsForGrant: false }),
    /kent-prod-remediate-activity-logs does not wait for the role assignments of nplz-activity-logs's identity \(activity-logs-grant\)/,
  ],
  [
    'first-apply-order',
    (p) => withRemediations(p, { platformPlacement: true }),
    /placed by connectivity-placement\) has no remediation task for 1 of the national DeployIfNotExists items/,
  ],
  [
    'spoke-routes-isolated',
    (p) =>
      mutate(
        p,
        'kent-prod-rt',
        (r) =>
          void (r.inputs.routes = [
            ...(r.inputs.routes as object[]),
            { name: 'to-durham', addressPrefix: '10.21.0.0/25', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.1.0.4' },
          ]),
      ),
    /route to-durham sends 10\.21\.0\.0\/25 to VirtualAppliance 10\.1\.0\.4, and it reaches durham \(10\.21\.0\.0\/24\)/,
  ],
];

test.each(cases)('%s flags a broken fixture (%#)', (check, breakIt, message) => {
  const results = failures(breakIt(compliantPlan(['kent', 'durham'])));
  const own = results.filter((r) => r.policy === check);
  expect(own.length).toBeGreaterThan(0);
  expect(own.map((r) => r.message).join('\n')).toMatch(message);
  // The break is attributed to kent or to the platform, never to the untouched durham.
  expect(own.filter((r) => r.tenancy === 'durham')).toEqual([]);
  // and no other check notices it unless it names the same evidence
  expect(results.every((r) => r.policy === check || r.tenancy !== 'durham')).toBe(true);
});

test('every plan check has a breaking case above', () => {
  expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(AZURE_PLAN_CHECKS.map((c) => c.name)));
});

test('a hub resource group that is not locked whole passes when its firewall policy and public IPs are locked one by one', () => {
  const lockOn = (target: string) =>
    res('azure-native:authorization:ManagementLockByScope', `${target}-lock`, {
      scope: `/nplz-plan/${target === 'hub-fw-pip' ? 'azure-native:network:PublicIPAddress' : 'azure-native:network:FirewallPolicy'}/${target}`,
      level: 'CanNotDelete',
    });
  const unlocked = without(compliantPlan(['kent']), 'hub-rg-lock');
  const grd02 = (plan: AzurePlan) => failures(plan).filter((r) => r.policy === 'baseline-resource-group-locks');
  expect(grd02(planOf([...unlocked.resources, lockOn('hub-fw-policy'), lockOn('hub-fw-pip')]))).toEqual([]);
  expect(grd02(planOf([...unlocked.resources, lockOn('hub-fw-pip')])).map((r) => r.message)).toEqual([
    'resource group nplz-connectivity (created by nplz:azure:ConnectivityHub) is not locked and FirewallPolicy hub-fw-policy carry no lock; allowed: a lock on the group, or on each of its firewalls, firewall policies, public IPs, route tables, NSGs, Network Watchers, storage accounts, vaults and workspaces',
  ]);
});

test('a peering between a collaboration and a member spoke fails even when the member consents: it would bypass the hub firewall', () => {
  const collab = forceLandingZone('kent-durham-collab', { force: 'collaboration', cidr: '10.30.0.0/24' });
  const plan = mutate(planOf([...nationalPlatform(), ...forceLandingZone('kent'), ...collab]), 'kent-prod-to-hub', (r) => {
    r.inputs.remoteVirtualNetwork = { id: '/nplz-plan/azure-native:network:VirtualNetwork/kent-durham-collab-prod-vnet' };
  });
  const peering = (opts: object) => failures(plan, opts).filter((r) => r.policy === 'spoke-peering-isolation');
  expect(peering({ collaborations: { 'kent-durham-collab': ['kent', 'durham'] } }).map((r) => r.message)).toEqual([
    'peers spoke of kent with spoke of kent-durham-collab (a collaboration and a consenting member), bypassing the hub firewall; allowed: hub↔spoke only (a collaboration reaches its members through the hub firewall)',
  ]);
  expect(peering({ collaborations: { 'kent-durham-collab': ['durham'] } })).toHaveLength(1);
  expect(peering({})).toHaveLength(1);
  // The audit builds the membership from the estate with the contract's consent rule; consent or not, the peering fails.
  const its = (forces: string[], consent: boolean): TenancySpec[] => [
    { ...kentSpec(), collaborations: consent ? ['kent-durham-collab'] : [] },
    { ...kentSpec(), name: 'durham', force: 'durham', collaborations: ['kent-durham-collab'] },
    { ...kentSpec(), name: 'kent-durham-collab', force: undefined, forces, collaborations: undefined },
  ];
  expect(peering({ collaborations: consentedMembers(its(['kent', 'durham'], true)) })).toHaveLength(1);
  expect(peering({ collaborations: consentedMembers(its(['kent', 'durham'], false)) })).toHaveLength(1);
});

test('platform checks stay silent on a plan without the national platform; tenancy checks still run', () => {
  const results = evaluatePlanChecks(planOf(forceLandingZone('kent')), B);
  const names = new Set(results.map((r) => r.policy));
  for (const n of [
    'break-glass-alerted',
    'root-allowed-locations',
    'root-guardrails-assigned',
    'posture-standards-assigned',
    'sentinel-onboarded',
  ])
    expect(names.has(n)).toBe(false);
  // The hub is not in the plan, so the peering cannot be verified and fails closed; nor can the
  // national activity-log assignment the zone relies on for its workspace export.
  expect(results.filter((r) => r.status === 'fail').map((r) => r.policy)).toEqual(['tenancy-activity-log', 'spoke-peering-isolation']);
});

test('results carry tenancy and environment of their subject', () => {
  const budget = failures(without(compliantPlan(['kent']), 'kent-prod-budget')).find((r) => r.policy === 'tenancy-budget')!;
  expect(budget).toMatchObject({
    control: 'NPLZ-GOV-03',
    tenancy: 'kent',
    environment: 'prod',
    type: 'nplz:azure:ForceLandingZone',
    name: 'kent-prod',
  });
});

test('a baseline that does not enforce a control yields no results for it', () => {
  const lax = { ...B, controls: B.controls.filter((c) => c !== 'NPLZ-GOV-03') };
  const results = evaluatePlanChecks(without(compliantPlan(['kent']), 'kent-prod-budget'), { baselineFor: () => lax });
  expect(results.some((r) => r.control === 'NPLZ-GOV-03')).toBe(false);
});

test('Defender plans deployed by a national DeployIfNotExists initiative count for every tenancy', () => {
  const noOwnPlans = without(compliantPlan(['kent']), ...B.guardrails.azure.defenderPlans.map((p) => `kent-prod-defender-${p}`));
  expect(failures(noOwnPlans).map((r) => r.policy)).toEqual(['tenancy-defender-plans']);
  const set = res('azure-native:authorization:PolicySetDefinitionAtManagementGroup', 'defender-plans', {
    policyDefinitions: B.guardrails.azure.defenderPlans.map((plan) => ({
      policyDefinitionReferenceId: `defender-${plan}`,
      policyDefinitionId: '/nplz-plan/deploy-defender',
      parameters: { planName: { value: plan }, effect: { value: 'DeployIfNotExists' } },
    })),
  });
  const assignment = res('azure-native:authorization:PolicyAssignment', 'nplz-defender-plans', {
    scope: ROOT_MG_ID,
    policyDefinitionId: set.id,
    enforcementMode: 'Default',
  });
  const zone = noOwnPlans.resources.find((r) => r.name === 'kent-prod')!;
  const remediation = (plan: string) =>
    res(
      'azure-native:policyinsights:RemediationAtSubscription',
      `kent-prod-remediate-${plan}`,
      { policyAssignmentId: assignment.id, policyDefinitionReferenceId: `defender-${plan}`, resourceDiscoveryMode: 'ReEvaluateCompliance' },
      { tenancy: 'kent', environment: 'prod', parent: zone.urn },
    );
  const remediations = B.guardrails.azure.defenderPlans.map(remediation);
  expect(failures(planOf([...noOwnPlans.resources, set, assignment, ...remediations]))).toEqual([]);
  // Without a remediation task per plan, a subscription placed after the assignment never gets the plans.
  expect(failures(planOf([...noOwnPlans.resources, set, assignment, ...remediations.slice(1)])).map((r) => r.message)).toEqual([
    `tenancy kent environment prod has no remediation task for the national Defender plans ${B.guardrails.azure.defenderPlans[0]}; allowed: a azure-native:policyinsights:RemediationAtSubscription per plan naming the assignment and the plan's policyDefinitionReferenceId (DeployIfNotExists does not reach a subscription placed after the assignment)`,
  ]);
  const auditOnly = res('azure-native:authorization:PolicyAssignment', 'nplz-defender-plans', {
    scope: ROOT_MG_ID,
    policyDefinitionId: set.id,
    enforcementMode: 'DoNotEnforce',
  });
  expect(failures(planOf([...noOwnPlans.resources, set, auditOnly, ...remediations])).map((r) => r.policy)).toEqual([
    'tenancy-defender-plans',
  ]);
});
