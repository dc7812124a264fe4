import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONTROLS, findControl } from '@nplz/core';
import {
  AZURE_PLAN_CHECKS,
  AZURE_POLICIES,
  AZURE_PLAN_CHECKS_BY_CONTROL,
  AZURE_POLICIES_BY_CONTROL,
  azurePackPolicies,
} from '../../src/azure';

test('the nplz-azure pack holds exactly these policies', () => {
  expect(
    azurePackPolicies()
      .map((p) => p.name)
      .sort(),
  ).toEqual([
    'activity-log-export',
    'allowed-locations',
    'audit-storage-immutable',
    'audit-storage-versioning',
    'baseline-resource-group-locks',
    'break-glass-alerted',
    'budget-alert-thresholds',
    'classification-tag',
    'defender-plan-standard',
    'diagnostic-settings-present',
    'diagnostic-settings-to-workspace',
    'firewall-threat-intel-deny',
    'first-apply-order',
    'immutability-meets-baseline',
    'key-rotation-policy',
    'key-vault-purge-protection',
    'key-vault-rbac-authorization',
    'log-retention',
    'management-lock-level',
    'no-access-admin-in-force-scope',
    'no-public-ip-in-force-spokes',
    'no-shared-key-access',
    'nsg-no-internet-management-ports',
    'policy-deploys-in-uk',
    'posture-standards-assigned',
    'privileged-roles-eligible-only',
    'required-tags',
    'role-assignment-force-scoped',
    'role-assignment-to-groups',
    'root-allowed-locations',
    'root-guardrails-assigned',
    'security-alerts-to-soc',
    'sentinel-onboarded',
    'spoke-egress-via-firewall',
    'spoke-flow-logs',
    'spoke-peering-isolation',
    'spoke-routes-isolated',
    'stateful-resources-retained',
    'storage-customer-managed-key',
    'storage-https-only',
    'storage-minimum-tls',
    'storage-no-public-access',
    'subscriptions-in-hierarchy',
    'tenancy-activity-log',
    'tenancy-backup-enrolment',
    'tenancy-backup-vault',
    'tenancy-budget',
    'tenancy-defender-plans',
    'tenancy-home-region',
  ]);
});

test('pack enforcement levels follow control severity: mandatory for critical and high', () => {
  const levels = Object.fromEntries(azurePackPolicies().map((p) => [p.name, p.enforcementLevel]));
  for (const p of AZURE_POLICIES)
    expect([p.policyName, levels[p.policyName]]).toEqual([
      p.policyName,
      ['critical', 'high'].includes(findControl(p.control)!.severity) ? 'mandatory' : 'advisory',
    ]);
  for (const c of AZURE_PLAN_CHECKS)
    expect([c.name, levels[c.name]]).toEqual([
      c.name,
      ['critical', 'high'].includes(findControl(c.control)!.severity) ? 'mandatory' : 'advisory',
    ]);
});

test('every Azure control of the catalog has at least one policy or plan check', () => {
  const azure = CONTROLS.filter((c) => c.scopes.includes('azure')).map((c) => c.id);
  expect(azure).toHaveLength(34); // NPLZ-RET-04 (backups) joined in 2026.12
  const uncovered = azure.filter((id) => !AZURE_POLICIES_BY_CONTROL[id]?.length && !AZURE_PLAN_CHECKS_BY_CONTROL[id]?.length);
  expect(uncovered).toEqual([]);
  // and nothing claims a control the catalog does not scope to Azure
  for (const id of [...Object.keys(AZURE_POLICIES_BY_CONTROL), ...Object.keys(AZURE_PLAN_CHECKS_BY_CONTROL)]) expect(azure).toContain(id);
});

test('pack/index.js builds the nplz-azure PolicyPack from the same policy objects', () => {
  const dir = path.join(__dirname, '../../pack');
  expect(fs.readFileSync(path.join(dir, 'PulumiPolicy.yaml'), 'utf8')).toMatch(/^runtime: nodejs$/m);
  // Run the entry point with PolicyPack replaced (the real one starts a plugin server).
  const made: { name: string; args: { policies: { name: string }[] } }[] = [];
  jest.isolateModules(() => {
    jest.doMock('@pulumi/policy', () => ({
      PolicyPack: class {
        constructor(name: string, args: never) {
          made.push({ name, args });
        }
      },
    }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the pack entry is plain CommonJS, run as Pulumi runs it
    require(path.join(dir, 'index.js'));
  });
  expect(made.map((m) => m.name)).toEqual(['nplz-azure']);
  expect(made[0]!.args.policies.map((p) => p.name)).toEqual(azurePackPolicies().map((p) => p.name));
});
