import { Fn } from 'aws-cdk-lib';

/**
 * Deterministic physical names shared between accounts. Forces live in separate accounts, so
 * national identifiers reach them as plain values (these names, or the services manifest),
 * never as CloudFormation exports.
 */
export const names = {
  logArchiveBucket: (account: string, region: string) => `nplz-log-archive-${account}-${region}`,
  accessLogBucket: (account: string, region: string) => `nplz-access-logs-${account}-${region}`,
  /** AWS Config's delivery bucket: Config cannot deliver to a bucket with Object Lock enabled. */
  configArchiveBucket: (account: string, region: string) => `nplz-config-archive-${account}-${region}`,
  logArchiveKeyAlias: 'alias/nplz/log-archive',
  organizationTrail: 'nplz-organization-trail',
  breakGlassRole: 'nplz-break-glass',
  /** The account-settings Lambda's role: named under the protected prefix so the guardrails let it set the account public access block. */
  accountSettingsRole: 'nplz-account-settings',
  /** The role AWS Config records with in every force account. */
  configRecorderRole: 'nplz-config-recorder',
  /** Every account's alerts topic (CIS monitors, break-glass use, budgets). */
  accountAlertsTopic: 'nplz-account-alerts',
  localAssetsBoundary: 'nplz-local-assets-boundary',
  localAssetsRole: 'nplz-local-assets-deployer',
  forceDataKeyAlias: 'alias/nplz/force-data',
  forceAlertsKeyAlias: 'alias/nplz/force-alerts',
  /** Stack id of one force tenancy environment. */
  forceStack: (tenancy: string, environment: string) => `Force-${tenancy}-${environment}`,
  /** Prefix of every role NPLZ itself owns: protected by the guardrails. */
  protectedRolePrefix: 'nplz-',
} as const;

/**
 * The first `count` availability zones of the stack's region, resolved by CloudFormation
 * (`Fn::GetAZs`), so synthesis stays offline and no zone name is written into a template.
 */
export function availabilityZones(count: number): { readonly name: string; readonly label: string }[] {
  return Array.from({ length: count }, (_, i) => ({ name: Fn.select(i, Fn.getAzs()), label: `az${i + 1}` }));
}
