import { ConnectivityHub, IdentityBaseline, ManagementGroupHierarchy, ManagementPlatform } from '../src';
import { baseline, named, ofType, plan, sampleEstate, sampleTenancy, TENANT_ID, WORKSPACE_ID } from './mocks';

const SUB = '00000000-0000-45b5-8000-0000000186a1';
const tags = { 'cost-centre': 'nplz-national' };

/** The test baseline with other break-glass rule timings. */
const withBreakGlassRule = (rule: Partial<typeof baseline.alerting.azure.breakGlassRule>): typeof baseline => ({
  ...baseline,
  alerting: { ...baseline.alerting, azure: { breakGlassRule: { ...baseline.alerting.azure.breakGlassRule, ...rule } } },
});

describe('ManagementPlatform', () => {
  const program =
    (args: Partial<ConstructorParameters<typeof ManagementPlatform>[1]> = {}) =>
    () => {
      new ManagementPlatform('mgmt', { baseline, subscriptionId: SUB, tags, ...args });
    };

  test('central workspace with baseline retention, Sentinel and activity-log export, pinned to its subscription', async () => {
    const p = await plan(program());
    const ws = named(p, 'mgmt-workspace');
    expect(ws.inputs).toMatchObject({
      retentionInDays: baseline.logging.operationalRetentionDays,
      location: baseline.regions.azure.home,
      workspaceName: 'nplz-central',
    });
    expect(named(p, 'mgmt-sentinel').inputs).toMatchObject({ workspaceName: 'nplz-central' });
    // The national DeployIfNotExists sends the activity log to the workspace; without a tenant id
    // (no national archive) the platform renders no export of its own.
    expect(ofType(p, 'azure-native:monitor:SubscriptionDiagnosticSetting')).toEqual([]);
    expect(named(p, 'mgmt-provider').inputs).toMatchObject({ subscriptionId: SUB });
    expect(ws.provider).toContain('mgmt-provider');
  });

  test('Entra sign-in and audit logs go to the workspace, and a Sentinel rule alerts the SOC on break-glass sign-ins', async () => {
    const ids = ['00000000-0000-4e1d-8000-0000000b6a55', '00000000-0000-4E1D-8000-0000000B6A56'];
    const p = await plan(program({ breakGlassAccountIds: ids }));
    const ws = named(p, 'mgmt-workspace');
    expect(named(p, 'mgmt-entra-logs').inputs).toEqual({
      name: 'nplz-entra-to-central',
      workspaceId: ws.id,
      logs: ['AuditLogs', 'SignInLogs', 'NonInteractiveUserSignInLogs'].map((category) => ({ category, enabled: true })),
    });
    const rule = named(p, 'mgmt-break-glass-alert');
    expect(rule.type).toBe('azure-native:securityinsights:ScheduledAlertRule');
    expect(rule.inputs).toMatchObject({
      kind: 'Scheduled',
      workspaceName: 'nplz-central',
      resourceGroupName: named(p, 'mgmt-rg').inputs.resourceGroupName,
      enabled: true,
      severity: 'High',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      incidentConfiguration: { createIncident: true },
      eventGroupingSettings: { aggregationKind: 'AlertPerResult' },
    });
    expect(rule.inputs.displayName).toMatch(/break-glass/);
    const query = rule.inputs.query as string;
    expect(query).toContain('SigninLogs');
    expect(query).toContain('AADNonInteractiveUserSignInLogs');
    for (const id of ids) expect(query).toContain(JSON.stringify(id.toLowerCase()));
    expect(query).toMatch(/break-\?glass\|emergency-\?access/);
    // Analytics rules need Sentinel on first.
    expect(rule.dependencies).toContain(named(p, 'mgmt-sentinel').urn);
    expect(rule.provider).toContain('mgmt-provider');
  });

  test('the break-glass rule looks back further than it runs, so late sign-in logs are not missed, and counts each sign-in once', async () => {
    const rule = named(await plan(program()), 'mgmt-break-glass-alert').inputs;
    const minutes = (iso: string) => {
      const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(iso)!;
      return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
    };
    expect(minutes(rule.queryPeriod as string)).toBeGreaterThan(minutes(rule.queryFrequency as string));
    expect(rule.query).toMatch(/\| where ingestion_time\(\) > ago\(\d+m\)/);
  });

  test('the management subscription archives every activity-log category, the same list as each landing zone', async () => {
    const p = await plan(program({ tenantId: TENANT_ID }));
    expect(named(p, 'mgmt-activity-log').inputs).toEqual({
      name: 'nplz-activity-archive',
      storageAccountId: named(p, 'mgmt-archive-audit').id,
      logs: baseline.logging.azure.activityLogCategories.map((category) => ({ category, enabled: true })),
    });
  });

  test('with the tenant id, a national archive keeps Entra ID logs immutably, locked for the baseline period, as the AWS log archive does', async () => {
    const p = await plan(program({ tenantId: TENANT_ID }));
    const account = named(p, 'mgmt-archive-audit');
    expect(account.inputs.immutableStorageWithVersioning).toEqual({
      enabled: true,
      immutabilityPolicy: {
        immutabilityPeriodSinceCreationInDays: baseline.logging.immutabilityDays,
        state: 'Locked',
        allowProtectedAppendWrites: true,
      },
    });
    expect(named(p, 'mgmt-archive-audit-lifecycle').inputs).toMatchObject({
      policy: {
        rules: [
          {
            definition: {
              actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: baseline.logging.securityAuditRetentionDays } } },
            },
          },
        ],
      },
    });
    const entra = named(p, 'mgmt-entra-logs').inputs;
    expect(entra.storageAccountId).toBe(account.id);
    expect(entra.workspaceId).toBe(named(p, 'mgmt-workspace').id);
    expect(named(p, 'mgmt-archive-rg-lock').inputs).toMatchObject({ level: 'CanNotDelete' });
  });

  test('the break-glass rule runs on the schedule the baseline sets, and keeps the rows of one run', async () => {
    const rule = named(
      await plan(program({ baseline: withBreakGlassRule({ frequency: 'PT15M', lookback: 'PT2H', groupingLookback: 'P1D' }) })),
      'mgmt-break-glass-alert',
    );
    expect(rule.inputs).toMatchObject({
      queryFrequency: 'PT15M',
      queryPeriod: 'PT2H',
      incidentConfiguration: { groupingConfiguration: { lookbackDuration: 'P1D' } },
      suppressionEnabled: false,
    });
    expect(rule.inputs.query).toContain('| where ingestion_time() > ago(16m)');
  });

  test('the break-glass rule recognises accounts by name when no account ids are given', async () => {
    const p = await plan(program());
    expect(named(p, 'mgmt-break-glass-alert').inputs.query).toContain('let breakGlassIds = dynamic([]);');
  });

  test('the workspace is protected, retained on delete and its resource group locked', async () => {
    const p = await plan(program());
    expect(named(p, 'mgmt-workspace')).toMatchObject({ protect: true, retainOnDelete: true });
    const lock = named(p, 'mgmt-rg-lock');
    expect(lock.inputs).toMatchObject({ level: 'CanNotDelete', scope: named(p, 'mgmt-rg').id });
    // Pulumi removes the lock before anything it covers.
    expect(lock.dependencies).toEqual(
      expect.arrayContaining(['mgmt-rg', 'mgmt-workspace', 'mgmt-sentinel', 'mgmt-break-glass-alert'].map((n) => named(p, n).urn)),
    );
  });

  test.each([
    [
      'a subscription id that is not a GUID',
      { subscriptionId: 'management' },
      'ManagementPlatform: subscriptionId "management" is not a subscription id; allowed: a GUID',
    ],
    ['a location outside the UK', { location: 'eastus' }, 'ManagementPlatform: location "eastus" is outside the UK regions'],
    [
      'a baseline whose break-glass rule looks back less far than it runs',
      { baseline: withBreakGlassRule({ frequency: 'PT1H', lookback: 'PT30M' }) },
      `ManagementPlatform: baseline ${baseline.version} alerting.azure.breakGlassRule.lookback PT30M is not longer than its frequency PT1H; allowed: longer than the frequency`,
    ],
    [
      'a baseline whose break-glass rule runs more often than Sentinel allows',
      { baseline: withBreakGlassRule({ frequency: 'PT1M' }) },
      `ManagementPlatform: baseline ${baseline.version} alerting.azure.breakGlassRule.frequency is "PT1M"; allowed: an ISO 8601 duration of days, hours and minutes from PT5M to P14D`,
    ],
    [
      'a baseline whose break-glass rule looks back exactly as far as it runs',
      { baseline: withBreakGlassRule({ frequency: 'PT1H', lookback: 'PT1H' }) },
      `ManagementPlatform: baseline ${baseline.version} alerting.azure.breakGlassRule.lookback PT1H is not longer than its frequency PT1H`,
    ],
    [
      'a baseline whose incident grouping looks back further than Sentinel allows',
      { baseline: withBreakGlassRule({ groupingLookback: 'P8D' }) },
      `ManagementPlatform: baseline ${baseline.version} alerting.azure.breakGlassRule.groupingLookback is "P8D"; allowed: an ISO 8601 duration of days, hours and minutes from PT5M to P7D`,
    ],
    [
      'a baseline whose break-glass rule has a duration in months',
      { baseline: withBreakGlassRule({ groupingLookback: 'P1M' }) },
      `ManagementPlatform: baseline ${baseline.version} alerting.azure.breakGlassRule.groupingLookback is "P1M"; allowed: an ISO 8601 duration`,
    ],
    [
      'a break-glass account that is not an object id',
      { breakGlassAccountIds: ['breakglass@police.uk'] },
      'ManagementPlatform: breakGlassAccountIds includes "breakglass@police.uk", which is not an Entra object id; allowed: GUIDs',
    ],
  ])('fails if given %s', async (_what, args, message) => {
    await expect(plan(program(args))).rejects.toThrow(message);
  });
});

describe('ConnectivityHub', () => {
  const program =
    (hubCidr = '10.1.0.0/16') =>
    () => {
      new ConnectivityHub('hub', { baseline, subscriptionId: SUB, hubCidr, tags });
    };

  test('hub VNet, firewall with a policy on the baseline SKU, Bastion, and the baseline private DNS zones', async () => {
    const p = await plan(program());
    expect(named(p, 'hub-vnet').inputs).toMatchObject({
      addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
      subnets: [
        { name: 'AzureFirewallSubnet', addressPrefix: '10.1.0.0/26' },
        { name: 'AzureBastionSubnet', addressPrefix: '10.1.0.64/26' },
      ],
    });
    expect(named(p, 'hub-firewall').inputs).toMatchObject({
      sku: { name: 'AZFW_VNet', tier: baseline.network.azure.firewallSku },
      firewallPolicy: { id: named(p, 'hub-firewall-policy').id },
    });
    expect(named(p, 'hub-firewall-policy').inputs).toMatchObject({ threatIntelMode: 'Deny', dnsSettings: { enableProxy: true } });
    expect(named(p, 'hub-bastion').inputs).toMatchObject({ sku: { name: 'Standard' } });
  });

  test("the firewall, its policy and the public IPs are locked one by one; the hub resource group and VNet are not (they hold every force's peering)", async () => {
    const p = await plan(program());
    const locks = ofType(p, 'azure-native:authorization:ManagementLockByScope');
    const targets = ['hub-firewall', 'hub-firewall-policy', 'hub-firewall-pip', 'hub-bastion-pip'];
    expect(locks.map((l) => l.inputs.scope).sort()).toEqual(targets.map((n) => named(p, n).id).sort());
    for (const n of targets) {
      const lock = named(p, `${n}-lock`);
      expect(lock.inputs).toMatchObject({ level: 'CanNotDelete', lockName: 'nplz-do-not-delete' });
      expect(lock.dependencies).toContain(named(p, n).urn);
    }
    expect(ofType(p, 'azure-native:privatedns:PrivateZone').map((z) => z.inputs.privateZoneName)).toEqual(
      [...baseline.network.azure.privateDnsZones].sort(),
    );
    expect(ofType(p, 'azure-native:privatedns:VirtualNetworkLink')).toHaveLength(baseline.network.azure.privateDnsZones.length);
  });

  /** A host name against the rule lists of each cloud, as each documents matching. */
  const awsAllows = (domains: readonly string[], host: string) =>
    domains.some((d) => (d.startsWith('.') ? host === d.slice(1) || host.endsWith(d) : host === d));
  const azureAllows = (fqdns: readonly string[], host: string) =>
    fqdns.some((f) => (f.startsWith('*.') ? host.endsWith(f.slice(1)) : host === f));
  type Rule = {
    ruleType: string;
    name: string;
    sourceAddresses: string[];
    destinationAddresses?: string[];
    targetFqdns?: string[];
    protocols?: { protocolType: string; port: number }[];
  };
  type Collection = { name: string; action: { type: string }; rules: Rule[] };
  const collections = (p: Awaited<ReturnType<typeof plan>>) =>
    ofType(p, 'azure-native:network:FirewallPolicyRuleCollectionGroup').flatMap((g) => g.inputs.ruleCollections as Collection[]);

  test("the firewall allows egress to the baseline's domains on HTTPS and HTTP, the same names the AWS hub allows", async () => {
    const p = await plan(program());
    const group = named(p, 'hub-firewall-rules');
    expect(group.inputs).toMatchObject({ firewallPolicyName: 'nplz-hub' });
    // Not in parallel with the firewall attaching to the policy (Azure refuses the group's PUT then).
    expect(named(p, 'hub-firewall').dependencies).toContain(group.urn);
    const allow = collections(p)
      .filter((c) => c.action.type === 'Allow')
      .flatMap((c) => c.rules.filter((r) => r.ruleType === 'ApplicationRule'));
    expect(allow.length).toBeGreaterThan(0);
    for (const r of allow)
      expect(r.protocols).toEqual([
        { protocolType: 'Https', port: 443 },
        { protocolType: 'Http', port: 80 },
      ]);
    const fqdns = allow.flatMap((r) => r.targetFqdns ?? []);
    const hosts = [
      'police.uk',
      'www.kent.police.uk',
      'www.gov.uk',
      'gov.uk',
      'security.ubuntu.com',
      'ubuntu.com',
      'evilgov.uk',
      'paste.example.com',
      'download.windowsupdate.com',
    ];
    for (const host of hosts) expect([host, azureAllows(fqdns, host)]).toEqual([host, awsAllows(baseline.egress.allowedFqdns, host)]);
    expect(hosts.filter((h) => azureAllows(fqdns, h))).toEqual([
      'police.uk',
      'www.kent.police.uk',
      'www.gov.uk',
      'gov.uk',
      'security.ubuntu.com',
      'download.windowsupdate.com',
    ]);
  });

  test("Windows activation reaches Azure's KMS through the firewall: a fixed platform network rule, TCP 1688 by FQDN, resolved by the DNS proxy", async () => {
    const p = await plan(program());
    const platform = collections(p).find((c) => c.name === 'azure-platform')!;
    expect(platform.action.type).toBe('Allow');
    const kms = platform.rules.find((r) => r.name === 'windows-activation-kms') as Rule & {
      ipProtocols: string[];
      destinationFqdns: string[];
      destinationPorts: string[];
    };
    expect(kms).toMatchObject({
      ruleType: 'NetworkRule',
      ipProtocols: ['TCP'],
      destinationFqdns: ['azkms.core.windows.net', 'kms.core.windows.net'],
      destinationPorts: ['1688'],
    });
    expect(kms.sourceAddresses).toContain('10.1.0.0/16');
    // FQDNs in network rules need the firewall's DNS proxy (and clients that use it: each spoke's DNS server is the firewall).
    expect(named(p, 'hub-firewall-policy').inputs.dnsSettings).toEqual({ enableProxy: true });
    // It is not the baseline's: no HTTP(S) application rule names the KMS hosts.
    const appFqdns = collections(p).flatMap((c) =>
      c.rules.filter((r) => r.ruleType === 'ApplicationRule').flatMap((r) => r.targetFqdns ?? []),
    );
    expect(appFqdns.filter((f) => /kms/.test(f))).toEqual([]);
  });

  test('collaboration traffic is allowed through the firewall only between a collaboration and its linked members', async () => {
    const tenancies = sampleEstate().tenancies.map((t) => t.spec);
    const p = await plan(() => void new ConnectivityHub('hub', { baseline, subscriptionId: SUB, hubCidr: '10.1.0.0/16', tags, tenancies }));
    const rules = collections(p)
      .filter((c) => c.name === 'collaborations')
      .flatMap((c) => c.rules);
    const its = sampleTenancy('kent-essex-its').azure!.network.prod!;
    const members = ['essex', 'kent'].map((t) => sampleTenancy(t).azure!.network.prod!);
    expect(rules.find((r) => r.name === 'kent-essex-its-prod-to-members')).toMatchObject({
      sourceAddresses: [its],
      destinationAddresses: members,
    });
    expect(rules.find((r) => r.name === 'kent-essex-its-prod-from-members')).toMatchObject({
      sourceAddresses: members,
      destinationAddresses: [its],
    });
    // Every range a collaboration rule names belongs to a collaboration or one of its linked members.
    const collaborationRanges = new Set(tenancies.filter((t) => t.forces?.length).flatMap((t) => Object.values(t.azure?.network ?? {})));
    for (const r of rules) expect([...r.sourceAddresses, ...r.destinationAddresses!].some((x) => collaborationRanges.has(x))).toBe(true);
    expect(rules.flatMap((r) => [...r.sourceAddresses, ...r.destinationAddresses!])).not.toContain(
      sampleTenancy('surrey').azure?.network.prod ?? 'none',
    );
  });

  test('the hub has its own tagged Network Watcher before its VNet, and a VNet flow log into the national archive', async () => {
    const storage =
      '/subscriptions/00000000-0000-45b5-8000-0000000186a1/resourceGroups/nplz-management/providers/Microsoft.Storage/storageAccounts/nplzaudit';
    const p = await plan(
      () =>
        void new ConnectivityHub('hub', {
          baseline,
          subscriptionId: SUB,
          hubCidr: '10.1.0.0/16',
          tags,
          workspaceId: WORKSPACE_ID,
          flowLogStorageId: storage,
        }),
    );
    const watcher = named(p, 'hub-network-watcher');
    expect(watcher.inputs).toMatchObject({
      networkWatcherName: `NetworkWatcher_${baseline.regions.azure.home}`,
      // Where Azure puts the one watcher per subscription and region it allows.
      resourceGroupName: 'NetworkWatcherRG',
      tags,
    });
    expect(named(p, 'hub-vnet').dependencies).toContain(watcher.urn);
    const flowLog = ofType(p, 'azure-native:network:FlowLog');
    expect(flowLog).toHaveLength(1);
    expect(flowLog[0]!.inputs).toMatchObject({
      networkWatcherName: watcher.inputs.networkWatcherName,
      targetResourceId: named(p, 'hub-vnet').id,
      storageId: storage,
      enabled: true,
      flowAnalyticsConfiguration: { networkWatcherFlowAnalyticsConfiguration: { enabled: true, workspaceResourceId: WORKSPACE_ID } },
    });
    expect(named(p, 'hub-network-watcher-lock').inputs).toMatchObject({ scope: watcher.id, level: 'CanNotDelete' });
  });

  test("a spoke's private endpoint resolves through the hub: the firewall's DNS proxy answers from the hub VNet, which every baseline zone is linked to", async () => {
    const p = await plan(program());
    expect(named(p, 'hub-firewall-policy').inputs).toMatchObject({ dnsSettings: { enableProxy: true } });
    const links = ofType(p, 'azure-native:privatedns:VirtualNetworkLink');
    expect(links.map((l) => l.inputs.privateZoneName).sort()).toEqual([...baseline.network.azure.privateDnsZones].sort());
    for (const l of links) expect(l.inputs).toMatchObject({ virtualNetwork: { id: named(p, 'hub-vnet').id }, registrationEnabled: false });
  });

  test.each([
    ['10.1.0.0/26', 'hubCidr "10.1.0.0/26" cannot hold the hub; allowed: a private IPv4 range of /25 or larger'],
    ['8.8.0.0/16', 'hubCidr "8.8.0.0/16" cannot hold the hub'],
    ['10.1.0.1/16', 'hubCidr "10.1.0.1/16" is invalid (host bits are set'],
  ])('fails if hubCidr is %s', async (cidr, message) => {
    await expect(plan(program(cidr))).rejects.toThrow(message);
  });
});

describe('IdentityBaseline', () => {
  const groups = {
    'national-platform-admin': { displayName: 'ADMINS', entraObjectId: '00000000-0000-4e1d-8000-0000000dbba1' },
    'national-auditor': { displayName: 'AUDIT', entraObjectId: '00000000-0000-4e1d-8000-0000000dbba4' },
  };
  const program =
    (g: Record<string, { displayName: string; entraObjectId?: string }> = groups) =>
    () => {
      const mg = new ManagementGroupHierarchy('mg', { tenantId: TENANT_ID, rootGroupId: 'nplz', forces: [] });
      new IdentityBaseline('identity', { baseline, rootGroup: mg.root, rootGroupId: 'nplz', groups: g });
    };

  test('privileged roles are PIM-eligible, the others active assignments, at the root group', async () => {
    const p = await plan(program());
    const admin = named(p, 'identity-national-platform-admin');
    expect(admin.type).toBe('azure-native:authorization:PimRoleEligibilitySchedule');
    expect(admin.inputs).toMatchObject({
      scope: '/providers/Microsoft.Management/managementGroups/nplz',
      principalId: groups['national-platform-admin'].entraObjectId,
      roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    });
    const auditor = named(p, 'identity-national-auditor');
    expect(auditor.type).toBe('azure-native:authorization:RoleAssignment');
    expect(auditor.inputs).toMatchObject({
      principalType: 'Group',
      roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7',
    });
    expect(auditor.inputs.roleAssignmentName).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('fails if a group names a role that is not a national role', async () => {
    await expect(
      plan(program({ 'force-admin': { displayName: 'X', entraObjectId: groups['national-auditor'].entraObjectId } })),
    ).rejects.toThrow(
      /IdentityBaseline: groups.force-admin names a role that is not a national role in baseline .*; allowed: one of national-platform-admin/,
    );
  });

  test('fails if a group has no Entra object id', async () => {
    await expect(plan(program({ 'national-auditor': { displayName: 'AUDIT' } }))).rejects.toThrow(
      'IdentityBaseline: groups.national-auditor.entraObjectId is missing for group "AUDIT"',
    );
  });
});
