import { defineAzurePolicy } from '../define-policy';
import { num, obj, show } from '../private/props';
import { T } from '../private/types';

/** Azure's soft-delete retention when a vault does not state one. */
const AZURE_DEFAULT_SOFT_DELETE_DAYS = 90;

/** NPLZ-ENC-05: vaults keep deleted keys for the baseline's window and cannot be purged early. */
export const keyVaultPurgeProtection = defineAzurePolicy({
  name: 'key-vault-purge-protection',
  control: 'NPLZ-ENC-05',
  resourceTypes: [T.vault],
  description: 'Key Vaults enable soft delete for at least the baseline deletion window and purge protection',
  validate(props, { baseline }, report) {
    const p = obj(props.properties) ?? {};
    if (baseline.guardrails.azure.keyVaultPurgeProtection && p.enablePurgeProtection !== true) {
      report(
        `properties.enablePurgeProtection is ${show(p.enablePurgeProtection)}; allowed: true (baseline ${baseline.version} guardrails.azure.keyVaultPurgeProtection)`,
      );
    }
    if (p.enableSoftDelete === false) report('properties.enableSoftDelete is false; allowed: true or not set');
    const days = num(p.softDeleteRetentionInDays) ?? AZURE_DEFAULT_SOFT_DELETE_DAYS;
    if (days < baseline.encryption.keyDeletionWindowDays) {
      report(
        `properties.softDeleteRetentionInDays is ${days}; allowed: at least ${baseline.encryption.keyDeletionWindowDays} (baseline ${baseline.version} encryption.keyDeletionWindowDays)`,
      );
    }
  },
});
