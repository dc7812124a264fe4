/**
 * NPLZ's own storage accounts and key vaults must pass the Deny guardrails NPLZ assigns, or the
 * first deploy of a landing zone is refused by its own policy. The rules are azure-policy's own
 * (`policyRuleIf` in fixtures/azure-policy/built-ins.json, copied from each built-in's file), read
 * by a small evaluator of the condition grammar they use; only the translation from ARM aliases to
 * azure-native input names below is NPLZ's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TenancySpecInput } from '@nplz/core';
import { DECOMMISSIONED_ALLOWED_RESOURCE_TYPES, ForceLandingZone, type PlanResource } from '../src';
import { ARM_TYPE_OF, azureNativeTypes } from './arm-types';
import { plan, sampleEstate, sampleTenancy, tenancyWith, TENANT_ID, TEST_HUB, WORKSPACE_ID } from './mocks';

type Cond = Record<string, unknown>;
const EXTRACT = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/azure-policy/built-ins.json'), 'utf8')) as {
  definitions: Record<string, { displayName: string; policyRuleIf?: Cond }>;
};

/** ARM type of the azure-native resources checked here. */
const ARM_TYPE: Record<string, string> = {
  'azure-native:storage:StorageAccount': 'Microsoft.Storage/storageAccounts',
  'azure-native:keyvault:Vault': 'Microsoft.KeyVault/vaults',
};
/** ARM alias → the path of the same value in the azure-native inputs. */
const ALIAS: Record<string, string> = {
  'Microsoft.Storage/storageAccounts/allowSharedKeyAccess': 'allowSharedKeyAccess',
  'Microsoft.Storage/storageAccounts/allowCrossTenantReplication': 'allowCrossTenantReplication',
  'Microsoft.Storage/storageAccounts/allowBlobPublicAccess': 'allowBlobPublicAccess',
  'Microsoft.Storage/storageAccounts/minimumTlsVersion': 'minimumTlsVersion',
  'Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly': 'enableHttpsTrafficOnly',
  'Microsoft.Storage/storageAccounts/networkAcls.defaultAction': 'networkRuleSet.defaultAction',
  'Microsoft.Storage/storageAccounts/networkAcls.ipRules[*]': 'networkRuleSet.ipRules',
  'Microsoft.KeyVault/vaults/createMode': 'properties.createMode',
  'Microsoft.KeyVault/vaults/enableSoftDelete': 'properties.enableSoftDelete',
  'Microsoft.KeyVault/vaults/enablePurgeProtection': 'properties.enablePurgeProtection',
  'Microsoft.KeyVault/vaults/enableRbacAuthorization': 'properties.enableRbacAuthorization',
  'Microsoft.KeyVault/vaults/publicNetworkAccess': 'properties.publicNetworkAccess',
};
/** The API version azure-native 3 writes these resources with (requestContext().apiVersion). */
const API_VERSION = '2024-01-01';

interface Target {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly parameters: Record<string, unknown>;
}

function fieldValue(t: Target, field: string): unknown {
  if (field === 'type') return t.type;
  if (field === 'name') return t.name;
  if (field === 'id') return `/subscriptions/x/resourceGroups/x/providers/${t.type}/${t.name}`;
  const p = ALIAS[field];
  if (!p) throw new Error(`no azure-native path for alias ${field}`);
  return p.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), t.inputs);
}

function expression(t: Target, v: unknown): unknown {
  if (typeof v !== 'string' || !v.startsWith('[')) return v;
  if (v === '[requestContext().apiVersion]') return API_VERSION;
  const f = /^\[field\('(.+)'\)\]$/.exec(v);
  if (f) return fieldValue(t, f[1]!);
  const p = /^\[parameters\('(.+)'\)\]$/.exec(v);
  if (p) return t.parameters[p[1]!];
  throw new Error(`expression ${v} is not read by this evaluator`);
}

const lc = (x: unknown) =>
  (typeof x === 'boolean' || typeof x === 'number' ? String(x) : typeof x === 'string' ? x : JSON.stringify(x)).toLowerCase();
const like = (x: unknown, pattern: string) =>
  new RegExp(
    `^${pattern
      .toLowerCase()
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')}$`,
  ).test(lc(x));

export function evaluate(c: Cond, t: Target): boolean {
  if (c.allOf) return (c.allOf as Cond[]).every((x) => evaluate(x, t));
  if (c.anyOf) return (c.anyOf as Cond[]).some((x) => evaluate(x, t));
  if (c.not) return !evaluate(c.not as Cond, t);
  let subject: unknown;
  if ('count' in c) {
    const counted = fieldValue(t, (c.count as { field: string }).field);
    subject = Array.isArray(counted) ? counted.length : 0;
  } else subject = 'field' in c ? fieldValue(t, c.field as string) : expression(t, c.value);
  const [op, rawExpected] = Object.entries(c).find(([k]) => !['field', 'value', 'count'].includes(k))!;
  const expected = expression(t, rawExpected);
  const present = subject !== undefined && subject !== null;
  switch (op) {
    case 'exists':
      return present === (lc(expected) === 'true');
    case 'equals':
      return present && lc(subject) === lc(expected);
    case 'notEquals':
      return !present || lc(subject) !== lc(expected);
    case 'in':
      return present && (expected as unknown[]).some((e) => lc(e) === lc(subject));
    case 'notIn':
      return !present || !(expected as unknown[]).some((e) => lc(e) === lc(subject));
    case 'contains':
      return present && lc(subject).includes(lc(expected));
    case 'like':
      return present && like(subject, String(expected));
    case 'less':
      return typeof subject === 'number' ? subject < Number(expected) : lc(subject) < lc(expected);
    case 'greaterOrEquals':
      return typeof subject === 'number' ? subject >= Number(expected) : lc(subject) >= lc(expected);
    default:
      throw new Error(`condition ${op} is not read by this evaluator`);
  }
}

/** The Deny members NPLZ assigns on storage and key vaults (policy-baseline.ts), with their parameters. */
const DENIES: readonly [guid: string, parameters: Record<string, unknown>][] = [
  ['8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54', {}],
  ['92a89a79-6c52-4a7e-a03f-61306fc49312', {}],
  ['4fa4b6c0-31ca-4c0d-b10d-24b96f62a751', {}],
  ['37e0d2fe-28a5-43d6-a273-67d37d1f5606', {}],
  ['2a1a9cdf-e04d-429a-8416-3bfb72a1b26f', {}],
  ['fe83a0eb-a853-422d-aac2-1bffd182c5d0', { minimumTlsVersion: 'TLS1_2' }],
  ['404c3081-a854-4457-ae30-26a93ef643f9', {}],
  ['1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d', {}],
  ['0b60c0b2-2dc2-4e1c-b5c9-abbed971de53', {}],
  ['12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5', {}],
  ['405c5871-3e91-4644-8a63-58e19d68ff5b', {}],
];

function refusals(resources: readonly PlanResource[]): string[] {
  const out: string[] = [];
  for (const r of resources) {
    const type = ARM_TYPE[r.type];
    if (!type) continue;
    for (const [guid, parameters] of DENIES) {
      const def = EXTRACT.definitions[guid]!;
      if (evaluate(def.policyRuleIf!, { type, name: r.name, inputs: r.inputs, parameters })) out.push(`${r.name}: ${def.displayName}`);
    }
  }
  return out;
}

describe("NPLZ's own storage and key vaults pass the Deny guardrails NPLZ assigns", () => {
  test("a force landing zone's audit storage and key vault are not refused", async () => {
    const kent = sampleTenancy('kent');
    const p = await plan(() => {
      new ForceLandingZone('kent-prod', {
        tenancy: kent,
        environment: 'prod',
        tenantId: sampleEstate().national.azure!.tenantId,
        managementGroupId: 'nplz-force-kent',
        workspaceId:
          '/subscriptions/00000000-0000-45b5-8000-0000000186a1/resourceGroups/nplz-management/providers/Microsoft.OperationalInsights/workspaces/nplz-central',
        hub: {
          resourceGroupName: 'nplz-connectivity',
          virtualNetworkName: 'nplz-hub',
          virtualNetworkId:
            '/subscriptions/00000000-0000-45b5-8000-0000000186a2/resourceGroups/nplz-connectivity/providers/Microsoft.Network/virtualNetworks/nplz-hub',
          firewallPrivateIp: '10.1.0.4',
        },
      });
    });
    const checked = p.resources.filter((r) => ARM_TYPE[r.type]);
    expect(checked.map((r) => r.type).sort()).toEqual(['azure-native:keyvault:Vault', 'azure-native:storage:StorageAccount']);
    expect(refusals(p.resources)).toEqual([]);
  });

  test('the evaluator refuses what a careless change would write (and did: the archive once said nothing of cross-tenant replication)', () => {
    const storage = (inputs: Record<string, unknown>) =>
      ({ type: 'azure-native:storage:StorageAccount', name: 'bad', inputs, urn: 'u' }) as unknown as PlanResource;
    const good = {
      allowSharedKeyAccess: false,
      allowCrossTenantReplication: false,
      allowBlobPublicAccess: false,
      minimumTlsVersion: 'TLS1_2',
      enableHttpsTrafficOnly: true,
      networkRuleSet: { defaultAction: 'Deny', bypass: 'AzureServices' },
    };
    expect(refusals([storage(good)])).toEqual([]);
    const { allowCrossTenantReplication: _x, ...noCrossTenant } = good;
    expect(refusals([storage(noCrossTenant)])).toEqual(['bad: Storage accounts should prevent cross tenant object replication']);
    expect(refusals([storage({ ...good, networkRuleSet: { defaultAction: 'Allow' }, minimumTlsVersion: 'TLS1_0' })])).toEqual([
      'bad: Storage accounts should restrict network access using virtual network rules',
      'bad: Storage accounts should have the specified minimum TLS version',
    ]);
    const vault = {
      type: 'azure-native:keyvault:Vault',
      name: 'kv',
      urn: 'u',
      inputs: { properties: { enableSoftDelete: true } },
    } as unknown as PlanResource;
    expect(refusals([vault])).toEqual([
      'kv: Key vaults should have deletion protection enabled',
      'kv: Azure Key Vault should use RBAC permission model',
      'kv: Azure Key Vault should disable public network access',
    ]);
  });
});

/**
 * What Azure and NPLZ's DeployIfNotExists policies create in a decommissioned subscription by
 * themselves: Azure Backup's instant-restore points (in AzureBackupRG_<region>_1), Defender's
 * export automation, the nightly shutdown schedule of each VM, and the protected item the backup
 * enrolment built-in (345fa903, VirtualMachineWithTag_DINE.json) deploys in the zone's vault.
 */
const CREATED_FOR_NPLZ = [
  'Microsoft.Compute/restorePointCollections',
  'Microsoft.Security/automations',
  'Microsoft.DevTestLab/schedules',
  'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems',
];

describe('the decommissioned allowed-types deny lets NPLZ keep updating what it renders there', () => {
  const allowedTypes = EXTRACT.definitions['a08ec900-254a-4555-9bf5-e42af04b5c5c'] as { mode?: string; policyRuleIf?: Cond };
  const refused = (type: string) =>
    evaluate(allowedTypes.policyRuleIf!, {
      type,
      name: 'x',
      inputs: {},
      parameters: { listOfResourceTypesAllowed: [...DECOMMISSIONED_ALLOWED_RESOURCE_TYPES] },
    });

  test("every resource type of a decommissioning zone's plan is allowed, judged by type (not by its inputs)", async () => {
    // Mode Indexed evaluates a resource by its type (types that support tags and location), on
    // create and update alike, whether or not NPLZ sets tags on it: every plan type is judged.
    expect(allowedTypes.mode).toBe('Indexed');
    const spec = tenancyWith({ lifecycle: { state: 'decommissioning', since: '2026-06-01' } } as Partial<TenancySpecInput>);
    const p = await plan(() => {
      new ForceLandingZone('kent-prod', {
        tenancy: spec,
        environment: 'prod',
        tenantId: TENANT_ID,
        managementGroupId: 'nplz-decommissioned',
        workspaceId: WORKSPACE_ID,
        hub: TEST_HUB,
      });
    });
    const types = azureNativeTypes(p.resources);
    expect(types.filter((t) => !ARM_TYPE_OF[t])).toEqual([]);
    expect(types.filter((t) => refused(ARM_TYPE_OF[t]!)).map((t) => `${t} (${ARM_TYPE_OF[t]})`)).toEqual([]);
    expect(CREATED_FOR_NPLZ.filter(refused)).toEqual([]);
  });

  test('what a decommissioned subscription must not gain is still refused, new or changed', () => {
    const runs = [
      'Microsoft.Compute/virtualMachines',
      'Microsoft.Compute/virtualMachineScaleSets',
      'Microsoft.Compute/disks',
      'Microsoft.ContainerService/managedClusters',
      'Microsoft.Web/sites',
      'Microsoft.Sql/servers',
      'Microsoft.Network/publicIPAddresses',
      'Microsoft.Network/virtualNetworkGateways',
      'Microsoft.Network/azureFirewalls',
    ];
    expect(runs.filter((t) => !refused(t))).toEqual([]);
  });
});
