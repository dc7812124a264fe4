import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALLOWED_CLASSIFICATIONS } from '@nplz/core';
import { LandingZoneBackup, type LandingZoneBackupArgs } from '../src';
import { baseline as b, named, ofType, plan, TEST_SUBSCRIPTION, testProvider } from './mocks';

/** The published built-in definition (an extract of Azure/azure-policy, see its `_source`). */
const definition = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/azure-policy/VirtualMachineWithTag_DINE.json'), 'utf8')) as {
  name: string;
  parameters: Record<string, { type: string; allowedValues?: string[] }>;
  roleDefinitionIds: string[];
};

const backup = (name: string, args: Partial<LandingZoneBackupArgs> = {}) =>
  new LandingZoneBackup(name, {
    baseline: b,
    tenancy: 'kent',
    environment: 'prod',
    subscriptionId: TEST_SUBSCRIPTION,
    resourceGroupName: 'nplz-kent-prod-security',
    location: 'uksouth',
    tags: { 'nplz:tenancy': 'kent' },
    ...args,
    provider: args.provider ?? testProvider(`${name}-provider`),
  });

describe('LandingZoneBackup', () => {
  test('the vault is immutable (Locked), soft delete is always on for the baseline days, geo-redundant, and retained', async () => {
    const p = await plan(() => {
      backup('kent-prod');
    });
    const vault = named(p, 'kent-prod-backup-vault', 'azure-native:recoveryservices:Vault');
    expect(vault.inputs).toMatchObject({
      vaultName: 'nplz-kent-prod-backup',
      resourceGroupName: 'nplz-kent-prod-security',
      location: 'uksouth',
      sku: { name: 'RS0', tier: 'Standard' },
      properties: {
        redundancySettings: { standardTierStorageRedundancy: 'GeoRedundant' },
        securitySettings: {
          immutabilitySettings: { state: 'Locked' },
          softDeleteSettings: {
            softDeleteState: 'AlwaysON',
            enhancedSecurityState: 'AlwaysON',
            softDeleteRetentionPeriodInDays: b.backup.azure.softDeleteRetentionDays,
          },
        },
      },
    });
    expect(vault.retainOnDelete).toBe(true);
  });

  test('one daily protection policy per classification keeps backups for its baseline days', async () => {
    const p = await plan(() => {
      backup('kent-prod');
    });
    for (const c of ALLOWED_CLASSIFICATIONS) {
      const policy = named(p, `kent-prod-backup-policy-${c.toLowerCase()}`, 'azure-native:recoveryservices:ProtectionPolicy');
      expect(policy.inputs).toMatchObject({
        policyName: `nplz-${c.toLowerCase()}`,
        properties: {
          backupManagementType: 'AzureIaasVM',
          schedulePolicy: { scheduleRunFrequency: 'Daily', scheduleRunTimes: ['2026-01-01T01:00:00Z'] },
          retentionPolicy: { dailySchedule: { retentionDuration: { count: b.backup.retentionDays[c], durationType: 'Days' } } },
        },
      });
    }
  });

  test('the enrolment assignments use the published built-in, with exactly its parameters, and their identities get exactly its roles', async () => {
    const p = await plan(() => {
      backup('kent-prod');
    });
    const assignments = ofType(p, 'azure-native:authorization:PolicyAssignment').filter((a) => a.name.includes('-backup-enrol-'));
    expect(assignments).toHaveLength(ALLOWED_CLASSIFICATIONS.length);
    for (const c of ALLOWED_CLASSIFICATIONS) {
      const a = named(p, `kent-prod-backup-enrol-${c.toLowerCase()}`, 'azure-native:authorization:PolicyAssignment');
      expect(a.inputs.policyDefinitionId).toBe(`/providers/Microsoft.Authorization/policyDefinitions/${definition.name}`);
      const params = a.inputs.parameters as Record<string, { value: unknown }>;
      expect(Object.keys(params).sort()).toEqual(Object.keys(definition.parameters).sort());
      expect(definition.parameters.effect!.allowedValues).toContain(params.effect!.value);
      expect(params).toMatchObject({
        vaultLocation: { value: 'uksouth' },
        inclusionTagName: { value: b.backup.enrolmentTag },
        inclusionTagValue: { value: [c] },
        effect: { value: 'DeployIfNotExists' },
      });
      expect(a.inputs.identity).toEqual({ type: 'SystemAssigned' });
      expect(a.inputs.scope).toBe(`/subscriptions/${TEST_SUBSCRIPTION}`);
    }
    const granted = ofType(p, 'azure-native:authorization:RoleAssignment').map((r) => String(r.inputs.roleDefinitionId).toLowerCase());
    const needed = definition.roleDefinitionIds.map((r) => r.toLowerCase());
    for (const r of needed) expect(granted.filter((g) => g === r)).toHaveLength(ALLOWED_CLASSIFICATIONS.length);
    expect(granted).toHaveLength(needed.length * ALLOWED_CLASSIFICATIONS.length);
    expect(ofType(p, 'azure-native:policyinsights:RemediationAtSubscription')).toHaveLength(ALLOWED_CLASSIFICATIONS.length);
  });

  test('what the enrolment built-in cannot reach (custom images, machines outside the vault region) is reported, not silently unprotected', async () => {
    // The built-in's own conditions (Azure/azure-policy Backup/VirtualMachineWithTag_DINE.json): the
    // machine's location equals the vault's, and its image is one of the Marketplace images it lists.
    const params = Object.keys(definition.parameters);
    expect(params).toEqual(expect.arrayContaining(['vaultLocation', 'inclusionTagName', 'inclusionTagValue', 'backupPolicyId']));
    const p = await plan(() => {
      backup('kent-prod');
    });
    const audit = named(p, 'kent-prod-backup-audit', 'azure-native:authorization:PolicyAssignment');
    // "Azure Backup should be enabled for Virtual Machines": every VM, whatever its image or region.
    expect(audit.inputs).toMatchObject({
      policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/013e242c-8828-4970-87b3-ab247555486d',
      parameters: { effect: { value: 'AuditIfNotExists' } },
      enforcementMode: 'Default',
      scope: expect.stringMatching(/^\/subscriptions\//),
    });
    expect(JSON.stringify(audit.inputs.nonComplianceMessages)).toMatch(/Marketplace image.*uksouth|uksouth.*Marketplace image/);
  });

  test('audit-only: the assignments report and deploy nothing; no roles, no remediation', async () => {
    const p = await plan(() => {
      backup('kent-prod', { enforcement: 'audit-only' });
    });
    for (const a of ofType(p, 'azure-native:authorization:PolicyAssignment')) {
      expect(a.inputs.enforcementMode).toBe('DoNotEnforce');
      expect((a.inputs.parameters as Record<string, { value: unknown }>).effect!.value).toBe('AuditIfNotExists');
    }
    expect(ofType(p, 'azure-native:authorization:RoleAssignment')).toHaveLength(0);
    expect(ofType(p, 'azure-native:policyinsights:RemediationAtSubscription')).toHaveLength(0);
  });

  test('a baseline whose backup settings Azure refuses is refused with the field and what is allowed', async () => {
    const bad = { ...b, backup: { ...b.backup, azure: { ...b.backup.azure, softDeleteRetentionDays: 7 } } };
    await expect(
      plan(() => {
        backup('kent-prod', { baseline: bad });
      }),
    ).rejects.toThrow(/backup\.azure\.softDeleteRetentionDays is 7; allowed: 14 to 180/);
  });
});
