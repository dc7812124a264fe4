import type * as pulumi from '@pulumi/pulumi';
import { AuditKeyVault, type AuditKeyVaultArgs } from '../src';
import {
  aliasesUnderParent,
  aliasRecorder,
  baseline as b,
  childrenOf,
  named,
  plan,
  TENANT_ID,
  TEST_SUBSCRIPTION,
  testProvider,
  WORKSPACE_ID,
} from './mocks';

const TAGS = { 'nplz:tenancy': 'kent', 'nplz:environment': 'prod' };
const vault = (name: string, args: Partial<AuditKeyVaultArgs> = {}, opts?: pulumi.ComponentResourceOptions) =>
  new AuditKeyVault(
    name,
    {
      baseline: b,
      tenancy: 'kent',
      environment: 'prod',
      subscriptionId: TEST_SUBSCRIPTION,
      tenantId: TENANT_ID,
      resourceGroupName: 'nplz-kent-prod-security',
      location: 'uksouth',
      tags: TAGS,
      workspaceId: WORKSPACE_ID,
      ...args,
      provider: args.provider ?? testProvider(`${name}-provider`),
    },
    opts,
  );

describe('AuditKeyVault', () => {
  test('a Key Vault with RBAC, soft delete, purge protection and no public network access, logging to the central workspace', async () => {
    const p = await plan(() => {
      vault('kent-prod');
    });
    const kv = named(p, 'kent-prod-kv');
    expect(kv.inputs).toMatchObject({ resourceGroupName: 'nplz-kent-prod-security', location: 'uksouth', tags: TAGS });
    expect(kv.inputs.vaultName).toMatch(/^nplz-kent-prod/);
    expect(kv.inputs.properties).toMatchObject({
      tenantId: TENANT_ID,
      enableRbacAuthorization: true,
      enableSoftDelete: true,
      softDeleteRetentionInDays: b.encryption.keyDeletionWindowDays,
      enablePurgeProtection: b.guardrails.azure.keyVaultPurgeProtection,
      publicNetworkAccess: 'Disabled',
      networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' },
    });
    expect(kv.provider).toContain('kent-prod-provider');
    expect(named(p, 'kent-prod-kv-diagnostics').inputs).toEqual({
      name: 'nplz-central',
      resourceUri: kv.id,
      workspaceId: WORKSPACE_ID,
      logs: [{ categoryGroup: 'allLogs', enabled: true }],
      metrics: [{ category: 'AllMetrics', enabled: true }],
    });
  });

  test('an RSA key for wrapping only, rotated as the baseline asks, and an identity allowed to use it', async () => {
    const p = await plan(() => {
      vault('kent-prod');
    });
    const kv = named(p, 'kent-prod-kv');
    expect(named(p, 'kent-prod-audit-key').inputs).toMatchObject({
      vaultName: kv.inputs.vaultName,
      keyName: 'nplz-audit-storage',
      properties: {
        kty: b.encryption.azure.auditKey.type,
        keySize: b.encryption.azure.auditKey.size,
        keyOps: ['wrapKey', 'unwrapKey'],
        rotationPolicy: {
          attributes: { expiryTime: b.encryption.azure.auditKey.expireAfter },
          lifetimeActions: [{ action: { type: 'rotate' }, trigger: { timeAfterCreate: b.encryption.azure.auditKey.rotateAfter } }],
        },
      },
    });
    expect(named(p, 'kent-prod-audit-identity').inputs).toMatchObject({ resourceName: 'nplz-kent-prod-audit-cmk', location: 'uksouth' });
    const access = named(p, 'kent-prod-audit-key-access');
    expect(access.inputs).toMatchObject({
      scope: kv.id,
      principalId: 'principal-of-kent-prod-audit-identity',
      principalType: 'ServicePrincipal',
      // Key Vault Crypto Service Encryption User
      roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6',
    });
    expect(access.inputs.roleAssignmentName).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('the key grant keeps its name from run to run, and differs per subscription', async () => {
    const other = '00000000-0000-4b5e-8000-0000000000aa';
    const p = await plan(() => {
      vault('a');
      vault('b', { subscriptionId: other, provider: testProvider('b-provider', other) });
    });
    const again = await plan(() => {
      vault('a');
    });
    expect(named(again, 'a-audit-key-access').inputs.roleAssignmentName).toBe(named(p, 'a-audit-key-access').inputs.roleAssignmentName);
    expect(named(p, 'b-audit-key-access').inputs.roleAssignmentName).not.toBe(named(p, 'a-audit-key-access').inputs.roleAssignmentName);
  });

  test('a baseline without key rotation gives the key no rotation policy', async () => {
    const p = await plan(() => {
      vault('kent-prod', { baseline: { ...b, encryption: { ...b.encryption, keyRotation: false } } });
    });
    expect(named(p, 'kent-prod-audit-key').inputs.properties).not.toHaveProperty('rotationPolicy');
  });

  test('what holds or reaches the key is protected and retained on delete; its diagnostic setting is not', async () => {
    const p = await plan(() => {
      vault('kent-prod');
    });
    for (const n of ['kent-prod-kv', 'kent-prod-audit-key', 'kent-prod-audit-identity', 'kent-prod-audit-key-access'])
      expect(named(p, n)).toMatchObject({ protect: true, retainOnDelete: true });
    expect(named(p, 'kent-prod-kv-diagnostics')).not.toHaveProperty('protect');
  });

  test('exposes what an audit account needs of its key: the vault URI, the key name and the identity', async () => {
    const seen: Record<string, string> = {};
    const p = await plan(() => {
      const kv = vault('kent-prod');
      kv.vaultUri.apply((v) => (seen.vaultUri = v));
      kv.keyName.apply((v) => (seen.keyName = v));
      kv.identityId.apply((v) => (seen.identityId = v));
    });
    expect(seen).toEqual({
      vaultUri: `https://${String(named(p, 'kent-prod-kv').inputs.vaultName)}.vault.azure.net/`,
      keyName: 'nplz-audit-storage',
      identityId: named(p, 'kent-prod-audit-identity').id,
    });
  });

  test('names its resources from namePrefix, else from its own name', async () => {
    const p = await plan(() => {
      vault('kent-prod-key-vault', { namePrefix: 'kent-prod' });
      vault('other', { tenancy: 'essex' });
    });
    const ours = childrenOf(p, named(p, 'kent-prod-key-vault', 'nplz:azure:AuditKeyVault')).map((r) => r.name);
    expect(ours.sort()).toEqual([
      'kent-prod-audit-identity',
      'kent-prod-audit-key',
      'kent-prod-audit-key-access',
      'kent-prod-kv',
      'kent-prod-kv-diagnostics',
    ]);
    expect(childrenOf(p, named(p, 'other', 'nplz:azure:AuditKeyVault')).every((r) => r.name.startsWith('other-'))).toBe(true);
  });

  test('its resources alias the parent it is created under, where ForceLandingZone created them before', async () => {
    const { parent, moved } = await aliasesUnderParent((parent) => vault('z', {}, { parent }));
    expect(moved).toHaveLength(5);
    for (const { aliasParents } of moved) expect(aliasParents).toEqual([parent.urn]);
  });

  test('at the stack root its resources get no alias', async () => {
    const recorder = aliasRecorder();
    await plan(() => {
      vault('z', {}, { transformations: [recorder.capture] });
    });
    expect(await recorder.parents()).toEqual(new Map());
  });
});
