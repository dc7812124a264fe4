/**
 * Policy decisions the Azure components make that the baseline (in @nplz/core) does not yet hold.
 * They are here, in one place, named and explained, until the baseline carries them; each names
 * the baseline field it should become. Azure platform limits are not here: they sit beside the
 * code they constrain (e.g. AZURE_LIMITS in force-landing-zone.ts).
 */

/**
 * The customer-managed key of each audit storage account. RSA 3072 (NCSC and NIST SP 800-57 give
 * 3072 bits for protection beyond 2030). When the baseline switches rotation on
 * (`encryption.keyRotation`) it rotates yearly, as AWS KMS rotates under the same switch, and each
 * version expires a year after it is due to rotate, so a failed rotation is noticed long before the
 * key stops working.
 * Baseline: `encryption.azure.keyType`, `keySize`, `rotateAfter`, `expireAfter`.
 */
export const AUDIT_KEY = { kty: 'RSA', keySize: 3072, rotateAfter: 'P1Y', expireAfter: 'P2Y' } as const;

/**
 * Redundancy of each audit storage account: geo-redundant, so evidence survives the loss of a
 * region (the paired UK region).
 * Baseline: `logging.azure.auditStorageSku`.
 */
export const AUDIT_STORAGE_SKU = 'Standard_GRS';

/**
 * Activity-log categories every subscription sends to the central workspace: all of them, so
 * nothing that happened to a subscription is missing from the national record.
 * Baseline: `logging.azure.activityLogCategories` (the policy package's required subset,
 * Administrative/Security/Policy, would then read it too).
 */
export const ACTIVITY_LOG_CATEGORIES: readonly string[] = [
  'Administrative',
  'Security',
  'ServiceHealth',
  'Alert',
  'Recommendation',
  'Policy',
  'Autoscale',
  'ResourceHealth',
];

/**
 * How often VNet flow-log traffic analytics aggregates (Azure allows 10 or 60 minutes): the shorter,
 * so the SOC sees traffic within minutes.
 * Baseline: `logging.azure.trafficAnalyticsIntervalMinutes`.
 */
export const TRAFFIC_ANALYTICS_INTERVAL_MINUTES = 10;

/**
 * Schedule of the break-glass sign-in rule. It runs every `frequency` over a `lookback` twelve times
 * as long, because sign-in logs can reach the workspace many minutes late: a window equal to the
 * frequency misses any sign-in ingested after its window ran. The query keeps only rows ingested
 * within the last `ingestedWithin` (the frequency plus a minute of scheduling slack), so each
 * sign-in raises one incident, not one per overlapping window.
 * Baseline: `alerting.breakGlass.frequency`, `lookback`.
 */
export const BREAK_GLASS_RULE = {
  frequency: 'PT5M',
  lookback: 'PT1H',
  ingestedWithin: '6m',
  suppression: 'PT5H',
  groupingLookback: 'PT5H',
} as const;
