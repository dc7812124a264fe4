import { getBaseline } from '../baselines';
import type { NationalSettings } from '../national-settings';

/**
 * Physical names NPLZ gives AWS resources, defined once: the renderers create resources with them
 * and the checks recognise those resources by them. Forces live in separate accounts, so national
 * identifiers reach them as plain values (these names, or the services manifest), never as
 * CloudFormation exports.
 */
export const AWS_NAMES = Object.freeze({
  logArchiveBucket: (account: string, region: string) => `nplz-log-archive-${account}-${region}`,
  accessLogBucket: (account: string, region: string) => `nplz-access-logs-${account}-${region}`,
  /** AWS Config's delivery bucket: Config cannot deliver to a bucket with Object Lock enabled. */
  configArchiveBucket: (account: string, region: string) => `nplz-config-archive-${account}-${region}`,
  logArchiveKeyAlias: 'alias/nplz/log-archive',
  organizationTrail: 'nplz-organization-trail',
  breakGlassRole: 'nplz-break-glass',
  /** The account-settings Lambda's role: named under the protected prefix so the guardrails let it set the account public access block. */
  accountSettingsRole: 'nplz-account-settings',
  /** The custom resource type that removes every rule of a VPC's default security group (the check looks for it). */
  defaultSecurityGroupClosedType: 'Custom::NplzDefaultSecurityGroupClosed',
  /** The role AWS Config records with in every force account. */
  configRecorderRole: 'nplz-config-recorder',
  /** Every account's alerts topic (CIS monitors, break-glass use, budgets). */
  accountAlertsTopic: 'nplz-account-alerts',
  /** The national SOC's event bus in the audit account (home region): every account's baseline alerts are forwarded to it, and it alone publishes to the SOC topic. */
  socEventBus: 'nplz-soc',
  /** The role each account's baseline alert rules forward to the SOC bus with. */
  socForwarderRole: 'nplz-soc-forwarder',
  /** Every account baseline alert rule's name begins so (`nplz-baseline-RootUse`): the guardrails protect them by it. */
  baselineAlertRulePrefix: 'nplz-baseline-',
  localAssetsBoundary: 'nplz-local-assets-boundary',
  localAssetsRole: 'nplz-local-assets-deployer',
  forceDataKeyAlias: 'alias/nplz/force-data',
  forceAlertsKeyAlias: 'alias/nplz/force-alerts',
  /** Stack id of one force tenancy environment. */
  forceStack: (tenancy: string, environment: string) => `Force-${tenancy}-${environment}`,
  /** Stack id of one AWS tenancy's Identity Center assignments (a national stack of the management account). */
  tenancyIdentityStack: (tenancy: string) => `Nplz-Identity-${tenancy}`,
  /** Every account's AWS Backup vault (Vault Lock in compliance mode): the organisation backup policy's plans back up to it. */
  backupVault: 'nplz-backup-vault',
  /** The role AWS Backup assumes in every account for the organisation backup policy: under the protected prefix. */
  backupRole: 'nplz-backup',
  /** Prefix of every role NPLZ itself owns: protected by the guardrails, exempt from the local-assets boundary. */
  protectedRolePrefix: 'nplz-',
} as const);

/**
 * A pattern for names that begin as an account-and-region builder of {@link AWS_NAMES} begins, for
 * checks that must recognise such a resource when the exact account and region are not known. It is
 * deliberately loose: a bucket named like the archive is treated as the archive, so it is held to
 * the archive's rules.
 */
export function awsNamePattern(build: (account: string, region: string) => string): RegExp {
  const marker = '\u0000';
  const prefix = build(marker, marker).split(marker)[0] ?? '';
  // Anchored at the start of the name or of an S3 ARN's resource part, so `my-nplz-log-archive-x` is not it.
  return new RegExp(`(^|:::)${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

/** The national archive buckets of an estate, named from its national settings (before anything deploys). */
export interface NationalArchiveNames {
  readonly region: string;
  readonly logArchiveBucket: string;
  readonly configArchiveBucket: string;
}

/** The archive bucket names the national settings imply; undefined for an estate without AWS. */
export function nationalArchiveNames(national: NationalSettings): NationalArchiveNames | undefined {
  const aws = national.aws;
  if (!aws) return undefined;
  const region = aws.region ?? getBaseline(national.baseline).regions.aws.home;
  return {
    region,
    logArchiveBucket: AWS_NAMES.logArchiveBucket(aws.logArchiveAccount, region),
    configArchiveBucket: AWS_NAMES.configArchiveBucket(aws.logArchiveAccount, region),
  };
}

/**
 * Management-group ids under the NPLZ root group `root`, defined once for the hierarchy that
 * creates them and the checks that look for them.
 */
export const MANAGEMENT_GROUP_IDS = Object.freeze({
  platform: (root: string) => `${root}-platform`,
  management: (root: string) => `${root}-management`,
  connectivity: (root: string) => `${root}-connectivity`,
  identity: (root: string) => `${root}-identity`,
  security: (root: string) => `${root}-security`,
  forces: (root: string) => `${root}-forces`,
  collaborations: (root: string) => `${root}-collaborations`,
  sandbox: (root: string) => `${root}-sandbox`,
  decommissioned: (root: string) => `${root}-decommissioned`,
  force: (root: string, force: string) => `${root}-force-${force}`,
  collaboration: (root: string, collaboration: string) => `${root}-collab-${collaboration}`,
} as const);

/** The top-level organisational units NPLZ creates under the AWS organisation root, in creation order. */
export const AWS_TOP_LEVEL_OUS = Object.freeze(['Security', 'Infrastructure', 'Forces', 'Collaborations', 'Sandbox', 'Suspended'] as const);
/** One of {@link AWS_TOP_LEVEL_OUS}. */
export type AwsTopLevelOu = (typeof AWS_TOP_LEVEL_OUS)[number];
/** The OU that holds one force tenancy's accounts, and the one that holds collaborations' accounts. */
export const AWS_TENANCY_OUS = Object.freeze({ force: 'Forces', collaboration: 'Collaborations' } as const satisfies Record<
  string,
  AwsTopLevelOu
>);

/** Azure policy names NPLZ defines and the checks look for. */
export const AZURE_POLICY_NAMES = Object.freeze({
  /** The national guardrails initiative at the root group. */
  guardrails: 'nplz-guardrails',
} as const);
