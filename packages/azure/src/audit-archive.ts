import * as pulumi from '@pulumi/pulumi';
import * as monitor from '@pulumi/azure-native/monitor';
import * as storage from '@pulumi/azure-native/storage';
import type { Baseline } from '@nplz/core';
import type { AuditKeyReference } from './audit-key-vault';
import { formerParentAlias } from './private/moved';
import { compactName } from './private/naming';
import { azureTlsVersion } from './private/tags';

/** Blob and container soft delete keep deleted data 1–365 days (an Azure limit, not a policy number). */
const SOFT_DELETE_MAX_DAYS = 365;

export interface AuditArchiveArgs {
  readonly baseline: Baseline;
  /** Tenancy and environment the archive serves, e.g. `kent` and `prod`: they name the storage account. */
  readonly tenancy: string;
  readonly environment: string;
  /** The resource group of the account: the one that holds its key. */
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The customer-managed key the account encrypts with, and the identity it reaches the key as. */
  readonly key: AuditKeyReference;
  /** Resource id of the central Log Analytics workspace that receives the blob service's logs. */
  readonly workspaceId: pulumi.Input<string>;
  /**
   * State of the account's immutability policy. Azure creates the policy only Unlocked (or
   * Disabled) and locks it only from Unlocked, irreversibly; a Locked policy can only be lengthened.
   * A new archive is therefore applied once with `Unlocked` and then with `Locked` (the default,
   * and what the audit requires in the baseline's COMPLIANCE mode).
   * @default 'Locked'
   */
  readonly immutabilityState?: 'Unlocked' | 'Locked';
  /** Provider pinned to the subscription. */
  readonly provider: pulumi.ProviderResource;
  /**
   * Prefix of the logical names of its resources (`<namePrefix>-audit`, `<namePrefix>-audit-container`, …).
   * ForceLandingZone passes its own name: the names its resources had before it was split into components.
   * @default - the component's name
   */
  readonly namePrefix?: string;
}

/**
 * An audit archive: a storage account that no network may reach (trusted Azure services may
 * write), encrypted with a customer-managed key, immutable at the account level (version-level
 * WORM on every container and blob, so whatever Azure writes there — activity logs, Entra ID
 * logs, flow logs — is covered, not one container), locked for the baseline's immutability
 * period, with blob versioning and soft delete, a lifecycle from the baseline, and the blob
 * service's logs to the central workspace. What holds audit data is protected and retained on delete.
 */
export class AuditArchive extends pulumi.ComponentResource {
  public readonly account: storage.StorageAccount;
  public readonly blobService: storage.BlobServiceProperties;
  public readonly lifecycle: storage.ManagementPolicy;
  /** The blob service's logs to the central workspace. */
  public readonly diagnostics: monitor.DiagnosticSetting;

  constructor(name: string, args: AuditArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
    super('nplz:azure:AuditArchive', name, {}, opts);
    const b = args.baseline;
    const { tenancy, environment: env, tags, location, resourceGroupName } = args;
    const prefix = args.namePrefix ?? name;
    const child = { parent: this, provider: args.provider, ...formerParentAlias(opts) };
    const stateful = { ...child, protect: true, retainOnDelete: true };

    this.account = new storage.StorageAccount(
      `${prefix}-audit`,
      {
        resourceGroupName,
        accountName: compactName(`nplz${tenancy}${env}`, `${tenancy}/${env}/audit`),
        location,
        kind: 'StorageV2',
        sku: { name: b.logging.azure.auditStorageSku },
        minimumTlsVersion: azureTlsVersion(b.encryption.minimumTlsVersion),
        enableHttpsTrafficOnly: b.guardrails.azure.httpsOnly,
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        // The national storage guardrails deny an account that does not say false here.
        allowCrossTenantReplication: false,
        // Account-level WORM, which Azure accepts only when the account is created: every
        // container and blob version, including those Azure Monitor and Network Watcher create,
        // is immutable for the baseline's period. Appends stay allowed (diagnostic logs append).
        immutableStorageWithVersioning: {
          enabled: true,
          immutabilityPolicy: {
            immutabilityPeriodSinceCreationInDays: b.logging.immutabilityDays,
            state: args.immutabilityState ?? 'Locked',
            allowProtectedAppendWrites: true,
          },
        },
        // No network may reach the account (defaultAction Deny), but trusted Azure services may:
        // with publicNetworkAccess Disabled even the bypass is refused, and the VNet flow logs
        // (written by Network Watcher, a trusted service) could not land.
        publicNetworkAccess: 'Enabled',
        networkRuleSet: { defaultAction: 'Deny', bypass: 'AzureServices' },
        identity: { type: 'UserAssigned', userAssignedIdentities: [args.key.identityId] },
        encryption: {
          keySource: 'Microsoft.Keyvault',
          // No keyVersion: the account follows the key's newest version, so rotation needs no change here.
          keyVaultProperties: { keyName: args.key.keyName, keyVaultUri: args.key.vaultUri },
          encryptionIdentity: { encryptionUserAssignedIdentity: args.key.identityId },
          services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } },
        },
        tags,
      },
      { ...stateful, dependsOn: [args.key.keyAccess] },
    );
    // Versioning keeps every overwritten or deleted blob as a version; soft delete keeps deleted
    // blobs and containers recoverable for as long as Azure allows, up to the audit retention.
    const softDeleteDays = Math.min(b.logging.securityAuditRetentionDays, SOFT_DELETE_MAX_DAYS);
    this.blobService = new storage.BlobServiceProperties(
      `${prefix}-audit-blob-service`,
      {
        resourceGroupName,
        accountName: this.account.name,
        blobServicesName: 'default',
        isVersioningEnabled: true,
        deleteRetentionPolicy: { enabled: true, days: softDeleteDays },
        containerDeleteRetentionPolicy: { enabled: true, days: softDeleteDays },
      },
      stateful,
    );
    // The lifecycle, from the baseline: colder storage after archiveTransitionDays, deletion (of
    // blobs and their versions) after securityAuditRetentionDays. Immutability still refuses any
    // deletion inside its own period.
    this.lifecycle = new storage.ManagementPolicy(
      `${prefix}-audit-lifecycle`,
      {
        resourceGroupName,
        accountName: this.account.name,
        managementPolicyName: 'default',
        policy: {
          rules: [
            {
              name: 'nplz-audit-retention',
              type: 'Lifecycle',
              enabled: true,
              definition: {
                filters: { blobTypes: ['blockBlob'] },
                actions: {
                  baseBlob: {
                    tierToCold: { daysAfterModificationGreaterThan: b.logging.archiveTransitionDays },
                    delete: { daysAfterModificationGreaterThan: b.logging.securityAuditRetentionDays },
                  },
                  version: {
                    tierToCold: { daysAfterCreationGreaterThan: b.logging.archiveTransitionDays },
                    delete: { daysAfterCreationGreaterThan: b.logging.securityAuditRetentionDays },
                  },
                },
              },
            },
          ],
        },
      },
      child,
    );
    this.diagnostics = new monitor.DiagnosticSetting(
      `${prefix}-audit-diagnostics`,
      {
        name: 'nplz-central',
        resourceUri: pulumi.interpolate`${this.account.id}/blobServices/default`,
        workspaceId: args.workspaceId,
        logs: [{ categoryGroup: 'allLogs', enabled: true }],
      },
      child,
    );

    this.registerOutputs({ accountId: this.account.id });
  }
}
