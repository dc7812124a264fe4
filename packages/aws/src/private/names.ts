/**
 * Deterministic physical names shared between accounts. Forces live in separate accounts, so
 * national identifiers reach them as plain values (these names, or the services manifest),
 * never as CloudFormation exports.
 */
export const names = {
  logArchiveBucket: (account: string, region: string) => `nplz-log-archive-${account}-${region}`,
  accessLogBucket: (account: string, region: string) => `nplz-access-logs-${account}-${region}`,
  logArchiveKeyAlias: 'alias/nplz/log-archive',
  organizationTrail: 'nplz-organization-trail',
  breakGlassRole: 'nplz-break-glass',
  localAssetsBoundary: 'nplz-local-assets-boundary',
  localAssetsRole: 'nplz-local-assets-deployer',
  forceDataKeyAlias: 'alias/nplz/force-data',
  forceAlertsKeyAlias: 'alias/nplz/force-alerts',
  /** Stack id of one force tenancy environment. */
  forceStack: (tenancy: string, environment: string) => `Force-${tenancy}-${environment}`,
  /** Prefix of every role NPLZ itself owns: protected by the guardrails. */
  protectedRolePrefix: 'nplz-',
} as const;

/** Availability-zone names for a region: `<region>a`, `<region>b`, ... (no lookup, synthesis stays offline). */
export function availabilityZones(region: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${region}${String.fromCharCode(97 + i)}`);
}
