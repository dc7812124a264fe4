import type * as pulumi from '@pulumi/pulumi';
import type { Baseline } from '@nplz/core';
import { AuditArchive, AuditKeyVault, type AuditArchiveArgs } from '../src';
import { aliasesUnderParent, baseline, named, ofType, plan, TENANT_ID, TEST_SUBSCRIPTION, testProvider, WORKSPACE_ID } from './mocks';

const TAGS = { 'nplz:tenancy': 'kent', 'nplz:environment': 'prod' };
const place = { tenancy: 'kent', environment: 'prod', resourceGroupName: 'nplz-kent-prod-security', location: 'uksouth', tags: TAGS };

/** An archive with the key of an AuditKeyVault, each with its own provider. */
const archive = (name: string, args: Partial<AuditArchiveArgs> = {}, opts?: pulumi.ComponentResourceOptions) => {
  const b: Baseline = args.baseline ?? baseline;
  const key =
    args.key ??
    new AuditKeyVault(`${name}-keys`, {
      ...place,
      baseline: b,
      subscriptionId: TEST_SUBSCRIPTION,
      tenantId: TENANT_ID,
      workspaceId: WORKSPACE_ID,
      provider: testProvider(`${name}-keys-provider`),
    });
  return new AuditArchive(
    name,
    { ...place, baseline: b, key, workspaceId: WORKSPACE_ID, ...args, provider: args.provider ?? testProvider(`${name}-provider`) },
    opts,
  );
};

describe('AuditArchive', () => {
  test('a storage account no network may reach (trusted Azure services may write), HTTPS and TLS from the baseline, no shared keys', async () => {
    const p = await plan(() => {
      archive('kent-prod');
    });
    const account = named(p, 'kent-prod-audit');
    expect(account.inputs).toMatchObject({
      resourceGroupName: 'nplz-kent-prod-security',
      kind: 'StorageV2',
      sku: { name: baseline.logging.azure.auditStorageSku },
      minimumTlsVersion: 'TLS1_2',
      enableHttpsTrafficOnly: baseline.guardrails.azure.httpsOnly,
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      publicNetworkAccess: 'Enabled',
      networkRuleSet: { defaultAction: 'Deny', bypass: 'AzureServices' },
      tags: TAGS,
    });
    expect(account.inputs.accountName).toMatch(/^nplzkentprod[a-z0-9]*$/);
    expect(String(account.inputs.accountName).length).toBeLessThanOrEqual(24);
  });

  test('encrypts with the customer-managed key through its identity, following the newest key version, once the identity may use the key', async () => {
    const p = await plan(() => {
      archive('kent-prod');
    });
    const account = named(p, 'kent-prod-audit');
    const identity = named(p, 'kent-prod-keys-audit-identity');
    expect(account.inputs).toMatchObject({
      identity: { type: 'UserAssigned', userAssignedIdentities: [identity.id] },
      encryption: {
        keySource: 'Microsoft.Keyvault',
        keyVaultProperties: {
          keyName: 'nplz-audit-storage',
          keyVaultUri: `https://${String(named(p, 'kent-prod-keys-kv').inputs.vaultName)}.vault.azure.net/`,
        },
        encryptionIdentity: { encryptionUserAssignedIdentity: identity.id },
        services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } },
      },
    });
    expect((account.inputs.encryption as { keyVaultProperties: object }).keyVaultProperties).not.toHaveProperty('keyVersion');
    expect(account.dependencies).toContain(named(p, 'kent-prod-keys-audit-key-access').urn);
  });

  test('versioning, and soft delete for the audit retention up to the 365 days Azure allows', async () => {
    const short: Baseline = { ...baseline, logging: { ...baseline.logging, securityAuditRetentionDays: 90 } };
    const p = await plan(() => {
      archive('long');
      archive('short', { baseline: short });
    });
    const softDelete = (days: number) => ({ enabled: true, days });
    expect(baseline.logging.securityAuditRetentionDays).toBeGreaterThan(365);
    expect(named(p, 'long-audit-blob-service').inputs).toEqual({
      resourceGroupName: 'nplz-kent-prod-security',
      accountName: named(p, 'long-audit').inputs.accountName,
      blobServicesName: 'default',
      isVersioningEnabled: true,
      deleteRetentionPolicy: softDelete(365),
      containerDeleteRetentionPolicy: softDelete(365),
    });
    expect(named(p, 'short-audit-blob-service').inputs).toMatchObject({
      deleteRetentionPolicy: softDelete(90),
      containerDeleteRetentionPolicy: softDelete(90),
    });
  });

  test('account-level immutability, locked for the baseline period, and a lifecycle from the baseline for blobs and their versions', async () => {
    const p = await plan(() => {
      archive('kent-prod');
    });
    const accountName = named(p, 'kent-prod-audit').inputs.accountName;
    // Every container and blob version in the account, whoever writes it (activity logs, flow logs), not one container.
    expect(named(p, 'kent-prod-audit').inputs.immutableStorageWithVersioning).toEqual({
      enabled: true,
      immutabilityPolicy: {
        immutabilityPeriodSinceCreationInDays: baseline.logging.immutabilityDays,
        state: 'Locked',
        allowProtectedAppendWrites: true,
      },
    });
    // No container-level policy: it cannot be locked from a program, and changing it needs its ETag.
    expect(ofType(p, 'azure-native:storage:BlobContainerImmutabilityPolicy')).toEqual([]);
    const { archiveTransitionDays: cold, securityAuditRetentionDays: gone } = baseline.logging;
    expect(named(p, 'kent-prod-audit-lifecycle').inputs).toMatchObject({
      accountName,
      managementPolicyName: 'default',
      policy: {
        rules: [
          {
            enabled: true,
            definition: {
              filters: { blobTypes: ['blockBlob'] },
              actions: {
                baseBlob: { tierToCold: { daysAfterModificationGreaterThan: cold }, delete: { daysAfterModificationGreaterThan: gone } },
                version: { tierToCold: { daysAfterCreationGreaterThan: cold }, delete: { daysAfterCreationGreaterThan: gone } },
              },
            },
          },
        ],
      },
    });
  });

  test("the blob service's logs go to the central workspace", async () => {
    const p = await plan(() => {
      archive('kent-prod');
    });
    expect(named(p, 'kent-prod-audit-diagnostics').inputs).toEqual({
      name: 'nplz-central',
      resourceUri: `${named(p, 'kent-prod-audit').id}/blobServices/default`,
      workspaceId: WORKSPACE_ID,
      logs: [{ categoryGroup: 'allLogs', enabled: true }],
    });
  });

  test('what holds audit data is protected and retained on delete; the lifecycle and the diagnostic setting are not', async () => {
    const p = await plan(() => {
      archive('kent-prod');
    });
    for (const n of ['kent-prod-audit', 'kent-prod-audit-blob-service'])
      expect(named(p, n)).toMatchObject({ protect: true, retainOnDelete: true });
    for (const n of ['kent-prod-audit-lifecycle', 'kent-prod-audit-diagnostics']) expect(named(p, n)).not.toHaveProperty('retainOnDelete');
  });

  test('names its resources from namePrefix, else from its own name', async () => {
    const p = await plan(() => {
      archive('kent-prod-audit-archive', { namePrefix: 'kent-prod' });
      archive('other', { tenancy: 'essex' });
    });
    expect(named(p, 'kent-prod-audit').parent).toBe(named(p, 'kent-prod-audit-archive', 'nplz:azure:AuditArchive').urn);
    expect(named(p, 'other-audit').parent).toBe(named(p, 'other', 'nplz:azure:AuditArchive').urn);
  });

  test('its resources alias the parent it is created under, where ForceLandingZone created them before', async () => {
    const { parent, moved } = await aliasesUnderParent((parent) => archive('z', {}, { parent }));
    expect(moved.map((m) => m.resource.name).sort()).toEqual([
      'z-audit',
      'z-audit-blob-service',
      'z-audit-diagnostics',
      'z-audit-lifecycle',
    ]);
    for (const { aliasParents } of moved) expect(aliasParents).toEqual([parent.urn]);
  });
});

test('a new archive is applied Unlocked first (Azure creates the policy only Unlocked), then Locked', async () => {
  const p = await plan(() => {
    archive('kent-prod', { immutabilityState: 'Unlocked' });
  });
  expect(named(p, 'kent-prod-audit').inputs).toMatchObject({
    immutableStorageWithVersioning: {
      immutabilityPolicy: { state: 'Unlocked', immutabilityPeriodSinceCreationInDays: baseline.logging.immutabilityDays },
    },
  });
});
