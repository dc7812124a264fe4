import { getBaseline } from '@nplz/core';
import { NationalLandingZone, type Plan } from '../src';
import { named, ofType, plan, sampleEstate } from './mocks';

const subset = (names: string[]) => ({ ...sampleEstate(), tenancies: sampleEstate().tenancies.filter((t) => names.includes(t.spec.name)) });

const BREAK_GLASS = '00000000-0000-4e1d-8000-0000000b6a55';
/** Kent's declared exceptions on Azure: one to a control an assignment enforces (prod only), one to a control none enforces. */
const NET_05 = {
  control: 'NPLZ-NET-05',
  reason: 'The ANPR appliance needs a public address until the 2027 replacement lands.',
  approvedBy: 'siro@kent.police.uk',
  expires: '2027-03-31',
  scope: { cloud: 'azure' as const, environment: 'prod', resource: 'anpr-*' },
};
const LOG_04 = {
  control: 'NPLZ-LOG-04',
  reason: 'x'.repeat(40),
  approvedBy: 'a@kent.police.uk',
  expires: '2027-03-31',
  scope: { cloud: 'azure' as const },
};
const estate = (() => {
  const e = subset(['kent', 'essex', 'kent-essex-its']);
  return {
    ...e,
    tenancies: e.tenancies.map((t) => (t.spec.name === 'kent' ? { ...t, spec: { ...t.spec, exceptions: [NET_05, LOG_04] } } : t)),
  };
})();
const kent = estate.tenancies.find((t) => t.spec.name === 'kent')!;

let recorded: Promise<Plan> | undefined;
/**
 * The national landing zone of Kent, Essex and their collaboration, with Kent's exceptions and a
 * break-glass account, recorded once for the file (#14): every test that needs no other input reads it.
 */
const estatePlan = () =>
  (recorded ??= plan(() => {
    new NationalLandingZone('nplz', { forceLandingZones: true, estate, breakGlassAccountIds: [BREAK_GLASS] });
  }));

describe('NationalLandingZone', () => {
  test('builds the national platform and a landing zone per tenancy environment, wired to the hub and workspace', async () => {
    const p = await estatePlan();
    for (const t of ['ManagementGroupHierarchy', 'PolicyBaseline', 'ManagementPlatform', 'ConnectivityHub', 'IdentityBaseline']) {
      expect(ofType(p, `nplz:azure:${t}`)).toHaveLength(1);
    }
    expect(ofType(p, 'nplz:azure:ForceLandingZone').map((z) => z.name)).toEqual([
      'essex-nonprod',
      'essex-prod',
      'kent-essex-its-prod',
      'kent-nonprod',
      'kent-prod',
    ]);
    expect(named(p, 'kent-prod-to-hub').inputs.remoteVirtualNetwork).toEqual({ id: named(p, 'nplz-hub-vnet').id });
    expect(named(p, 'kent-prod-routes').inputs.routes).toEqual([expect.objectContaining({ nextHopIpAddress: '10.1.0.4' })]);
    expect(named(p, 'kent-prod-kv-diagnostics').inputs.workspaceId).toBe(named(p, 'nplz-management-workspace').id);
    expect(named(p, 'nplz-hub-provider').inputs).toMatchObject({
      subscriptionId: sampleEstate().national.azure!.subscriptions.connectivity,
    });
    expect(named(p, 'kent-prod-from-hub').provider).toContain('nplz-hub-provider');
    expect(named(p, 'nplz-hub-firewall-diagnostics').inputs).toMatchObject({
      resourceUri: named(p, 'nplz-hub-firewall').id,
      workspaceId: named(p, 'nplz-management-workspace').id,
    });
  });

  test('each force subscription remediates the national DeployIfNotExists assignments once it is placed: every Defender plan, and the activity log', async () => {
    const p = await estatePlan();
    // Not the zone's own backup enrolment (LandingZoneBackup): an assignment at the subscription, not national.
    const tasks = ofType(p, 'azure-native:policyinsights:RemediationAtSubscription').filter(
      (r) => r.tenancy === 'kent' && r.environment === 'prod' && !String(r.inputs.remediationName).startsWith('nplz-backup-'),
    );
    const defender = named(p, 'nplz-policy-defender-plans', 'azure-native:authorization:PolicyAssignment');
    const activity = named(p, 'nplz-policy-activity-logs', 'azure-native:authorization:PolicyAssignment');
    const plans = getBaseline(sampleEstate().national.baseline).guardrails.azure.defenderPlans;
    expect(tasks.map((t) => [t.inputs.policyAssignmentId, t.inputs.policyDefinitionReferenceId ?? null]).sort()).toEqual(
      [
        ...plans.map((pl) => [defender.id, `defender-${pl}`]),
        [defender.id, 'defender-security-contact'],
        [defender.id, 'defender-export'],
        [activity.id, null],
      ].sort(),
    );
    for (const t of tasks) {
      expect(t.inputs.resourceDiscoveryMode).toBe('ReEvaluateCompliance');
      expect(t.provider).toContain('kent-prod-provider');
      expect(t.dependencies).toContain(named(p, 'kent-prod-placement').urn);
    }
  });

  test('hands the break-glass account ids to the management platform', async () => {
    const p = await estatePlan();
    expect(ofType(p, 'azure-native:securityinsights:ScheduledAlertRule')).toHaveLength(1);
    expect(named(p, 'nplz-management-break-glass-alert').inputs.query).toContain(`dynamic(["${BREAK_GLASS}"])`);
  });

  test('places each platform subscription under its platform group', async () => {
    const p = await estatePlan();
    const subs = sampleEstate().national.azure!.subscriptions;
    for (const role of ['management', 'connectivity', 'identity', 'security'] as const) {
      const placement = named(p, `nplz-${role}-placement`);
      expect(placement.inputs).toEqual({ groupId: `nplz-${role}` });
      const provider = p.resources.find((r) => placement.provider!.startsWith(`${r.urn}::`))!;
      expect(provider.inputs.subscriptionId).toBe(subs[role]);
    }
  });

  test('fails if the national settings have no azure section', async () => {
    const estate = { ...subset(['kent']), national: { ...sampleEstate().national, azure: undefined }, nationalFile: 'national.yaml' };
    await expect(
      plan(() => {
        new NationalLandingZone('nplz', { forceLandingZones: true, estate });
      }),
    ).rejects.toThrow(
      'NationalLandingZone: estate.national.azure is missing in national.yaml; allowed: national settings with an azure section',
    );
  });
});

describe('declared exceptions on Azure', () => {
  test('become policy exemptions against the assignment that enforces the control, expiring with the exception', async () => {
    const p = await estatePlan();
    const exemptions = ofType(p, 'azure-native:authorization:PolicyExemption');
    // prod only: the exception is scoped to one environment (and Kent's other exception, to
    // NPLZ-LOG-04, renders nothing: see the next test)
    expect(exemptions.map((e) => e.tenancy + '/' + e.environment)).toEqual(['kent/prod']);
    const denyPublicIp = named(p, 'nplz-policy-deny-public-ip');
    expect(exemptions[0]!.inputs).toMatchObject({
      scope: `/subscriptions/${kent.spec.azure!.subscriptions.prod}`,
      policyAssignmentId: denyPublicIp.id,
      exemptionCategory: 'Waiver',
      expiresOn: '2027-03-31T23:59:59Z',
      description: expect.stringContaining('Approved by siro@kent.police.uk'),
    });
  });

  test('an exception to a control no assignment enforces renders nothing', async () => {
    const p = await estatePlan();
    // Kent's exceptions are [NET_05, LOG_04]: an exemption of LOG_04's would be named for its
    // control, or carry its approver.
    expect(kent.spec.exceptions).toEqual([NET_05, LOG_04]);
    const exemptions = ofType(p, 'azure-native:authorization:PolicyExemption');
    expect(
      exemptions.filter(
        (e) =>
          String(e.inputs.policyExemptionName).startsWith(`nplz-${LOG_04.control.toLowerCase()}-`) ||
          String(e.inputs.description).includes(LOG_04.approvedBy),
      ),
    ).toEqual([]);
    // And the whole list is NET_05's one exemption, however a LOG_04 one would be named.
    expect(exemptions.map((e) => [e.tenancy, e.environment, String(e.inputs.description).includes(NET_05.approvedBy)])).toEqual([
      ['kent', 'prod', true],
    ]);
  });

  test('the platform subscriptions remediate the national DeployIfNotExists assignments too, once placed', async () => {
    const p = await estatePlan();
    // The zone's backup enrolment is the zone's own (assigned at its subscription), not a national item.
    const force = ofType(p, 'azure-native:policyinsights:RemediationAtSubscription')
      .filter((r) => r.tenancy === 'kent' && r.environment === 'prod' && !String(r.inputs.remediationName).startsWith('nplz-backup-'))
      .map((r) => r.inputs.remediationName)
      .sort();
    for (const role of ['management', 'connectivity', 'identity', 'security']) {
      const tasks = ofType(p, 'azure-native:policyinsights:RemediationAtSubscription').filter((r) =>
        r.name.startsWith(`nplz-${role}-subscription-policy-remediate-`),
      );
      expect(tasks.map((r) => r.inputs.remediationName).sort()).toEqual(force);
      for (const t of tasks) expect(t.dependencies).toContain(named(p, `nplz-${role}-placement`).urn);
    }
  });
});

test('an audit-only rollout keeps the activity log reaching the workspace: the zone exports it itself, since the national assignment deploys nothing', async () => {
  const audit = {
    ...subset(['kent']),
    national: { ...sampleEstate().national, azure: { ...sampleEstate().national.azure!, policyEnforcement: 'audit-only' as const } },
  };
  const p = await plan(() => {
    new NationalLandingZone('nplz', { forceLandingZones: true, estate: audit });
  });
  expect(named(p, 'kent-prod-activity-log').inputs.workspaceId).toBe(named(p, 'nplz-management-workspace').id);
  const enforced = await estatePlan();
  expect(named(enforced, 'kent-prod-activity-log').inputs).not.toHaveProperty('workspaceId');
});
