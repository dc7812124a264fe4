import * as pulumi from '@pulumi/pulumi';
import * as authorization from '@pulumi/azure-native/authorization';
import * as keyvault from '@pulumi/azure-native/keyvault';
import * as managedidentity from '@pulumi/azure-native/managedidentity';
import * as monitor from '@pulumi/azure-native/monitor';
import type { Baseline } from '@nplz/core';
import { BUILT_IN_ROLES_FOR_WORKLOADS, roleDefinitionId } from './private/built-ins';
import { formerParentAlias } from './private/moved';
import { stableUuid, vaultName } from './private/naming';

/** The customer-managed key of the audit storage account, in the landing zone's vault. */
const AUDIT_KEY_NAME = 'nplz-audit-storage';

/** What an audit storage account needs to encrypt with a customer-managed key (an AuditKeyVault is one). */
export interface AuditKeyReference {
  /** The vault's URI (`properties.vaultUri`). */
  readonly vaultUri: pulumi.Input<string>;
  readonly keyName: pulumi.Input<string>;
  /** Resource id of the user-assigned identity allowed to wrap and unwrap with the key: the account runs as it. */
  readonly identityId: pulumi.Input<string>;
  /** The grant that lets the identity use the key. The account waits for it: without it the account cannot reach its key. */
  readonly keyAccess: pulumi.Resource;
}

export interface AuditKeyVaultArgs {
  readonly baseline: Baseline;
  /** Tenancy and environment the vault serves, e.g. `kent` and `prod`: they name the vault and the identity. */
  readonly tenancy: string;
  readonly environment: string;
  /** The subscription the vault is in; with the tenancy and environment it fixes the key grant's name. */
  readonly subscriptionId: string;
  /** The Entra tenant id. */
  readonly tenantId: string;
  /** The resource group of the vault, the identity and the storage that uses the key. */
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Resource id of the central Log Analytics workspace that receives the vault's logs and metrics. */
  readonly workspaceId: pulumi.Input<string>;
  /** Provider pinned to the subscription. */
  readonly provider: pulumi.ProviderResource;
  /**
   * Prefix of the logical names of its resources (`<namePrefix>-kv`, `<namePrefix>-audit-key`, …).
   * ForceLandingZone passes its own name: the names its resources had before it was split into components.
   * @default - the component's name
   */
  readonly namePrefix?: string;
}

/**
 * The Key Vault of a landing zone (RBAC, soft delete and purge protection, no public network
 * access) with its diagnostic setting, and the customer-managed key of the audit storage: an RSA
 * key that rotates as the baseline asks, and a user-assigned identity allowed to wrap and unwrap
 * with it. Everything that holds or reaches the key is protected and retained on delete.
 */
export class AuditKeyVault extends pulumi.ComponentResource implements AuditKeyReference {
  public readonly vault: keyvault.Vault;
  /** The customer-managed key (RSA, rotated per the baseline). */
  public readonly key: keyvault.Key;
  /** The identity the audit storage account uses to reach its key. */
  public readonly identity: managedidentity.UserAssignedIdentity;
  /** Key Vault Crypto Service Encryption User for the identity, on the vault. */
  public readonly keyAccess: authorization.RoleAssignment;
  /** The vault's logs and metrics to the central workspace. */
  public readonly diagnostics: monitor.DiagnosticSetting;
  public readonly vaultUri: pulumi.Output<string>;
  public readonly keyName: pulumi.Output<string>;
  public readonly identityId: pulumi.Output<string>;

  constructor(name: string, args: AuditKeyVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    super('nplz:azure:AuditKeyVault', name, {}, opts);
    const b = args.baseline;
    const { tenancy, environment: env, tags, location } = args;
    const prefix = args.namePrefix ?? name;
    const child = { parent: this, provider: args.provider, ...formerParentAlias(opts) };
    const stateful = { ...child, protect: true, retainOnDelete: true };

    this.vault = new keyvault.Vault(
      `${prefix}-kv`,
      {
        resourceGroupName: args.resourceGroupName,
        vaultName: vaultName(`nplz-${tenancy}-${env}`, `${tenancy}/${env}/kv`),
        location,
        properties: {
          tenantId: args.tenantId,
          sku: { family: 'A', name: 'standard' },
          enableRbacAuthorization: true,
          enableSoftDelete: true,
          softDeleteRetentionInDays: b.encryption.keyDeletionWindowDays,
          enablePurgeProtection: b.guardrails.azure.keyVaultPurgeProtection,
          publicNetworkAccess: 'Disabled',
          networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' },
        },
        tags,
      },
      stateful,
    );

    const enc = b.encryption;
    this.key = new keyvault.Key(
      `${prefix}-audit-key`,
      {
        resourceGroupName: args.resourceGroupName,
        vaultName: this.vault.name,
        keyName: AUDIT_KEY_NAME,
        properties: {
          kty: enc.azure.auditKey.type,
          keySize: enc.azure.auditKey.size,
          keyOps: ['wrapKey', 'unwrapKey'],
          attributes: { enabled: true },
          ...(enc.keyRotation
            ? {
                rotationPolicy: {
                  attributes: { expiryTime: enc.azure.auditKey.expireAfter },
                  lifetimeActions: [{ action: { type: 'rotate' }, trigger: { timeAfterCreate: enc.azure.auditKey.rotateAfter } }],
                },
              }
            : {}),
        },
        tags,
      },
      stateful,
    );
    this.identity = new managedidentity.UserAssignedIdentity(
      `${prefix}-audit-identity`,
      {
        resourceGroupName: args.resourceGroupName,
        resourceName: `nplz-${tenancy}-${env}-audit-cmk`,
        location,
        tags,
      },
      stateful,
    );
    const cryptoRole = BUILT_IN_ROLES_FOR_WORKLOADS['Key Vault Crypto Service Encryption User'];
    // Without this grant the audit account cannot decrypt its own data: it is kept like the key.
    this.keyAccess = new authorization.RoleAssignment(
      `${prefix}-audit-key-access`,
      {
        scope: this.vault.id,
        roleAssignmentName: stableUuid(`${args.subscriptionId}/${tenancy}/${env}/audit-cmk/${cryptoRole}`),
        principalId: this.identity.principalId,
        principalType: 'ServicePrincipal',
        roleDefinitionId: roleDefinitionId(cryptoRole),
        description: `NPLZ: the audit storage account of ${tenancy}/${env} encrypts with its customer-managed key`,
      },
      stateful,
    );
    this.diagnostics = new monitor.DiagnosticSetting(
      `${prefix}-kv-diagnostics`,
      {
        name: 'nplz-central',
        resourceUri: this.vault.id,
        workspaceId: args.workspaceId,
        logs: [{ categoryGroup: 'allLogs', enabled: true }],
        metrics: [{ category: 'AllMetrics', enabled: true }],
      },
      child,
    );

    this.vaultUri = this.vault.properties.vaultUri;
    this.keyName = this.key.name;
    this.identityId = this.identity.id;
    this.registerOutputs({ vaultId: this.vault.id, keyName: this.keyName, identityId: this.identityId });
  }
}
