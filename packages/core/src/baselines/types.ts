import type { Classification } from '../classification';
import type { Severity } from '../controls';

/** A role that national or force staff hold, with the intent that each cloud renders. */
export interface BaselineRole {
  /** Stable id, used as the key in a tenancy's `identity.groups`. */
  readonly id: string;
  /** What the role is for, in one sentence (shown in docs and permission-set descriptions). */
  readonly intent: string;
  /** True for roles that can change infrastructure or read all data. */
  readonly privileged: boolean;
  /**
   * Maximum session length in hours of the AWS permission set. On Azure, PIM activation length is
   * the tenant's role management policy, which NPLZ does not set (azure-native cannot address it
   * without a lookup at deploy time); the national identity team sets it to the same figure.
   */
  readonly sessionHours: number;
  readonly aws: {
    /** AWS managed policies attached to the permission set. */
    readonly managedPolicies: readonly string[];
  };
  readonly azure: {
    /** Built-in role definition name, e.g. `Reader`. */
    readonly builtInRole: string;
    /** Built-in role definition GUID (the real id in every Azure tenant). */
    readonly roleDefinitionId: string;
    /** True when the assignment is PIM-eligible rather than active. */
    readonly eligible: boolean;
  };
}

/** An Azure activity-log category (the subscription diagnostic setting's `logs[].category`). */
export type AzureActivityLogCategory =
  'Administrative' | 'Security' | 'ServiceHealth' | 'Alert' | 'Recommendation' | 'Policy' | 'Autoscale' | 'ResourceHealth';

/** A tag every tenancy resource carries. */
export interface RequiredTag {
  readonly key: string;
  /** Where its value comes from: filled by NPLZ from the spec, or supplied by the tenancy under `tags`. */
  readonly source: 'force' | 'tenancy' | 'environment' | 'classification' | 'baseline' | 'spec';
  readonly description: string;
}

/**
 * A versioned national baseline: every rule and number the cloud packages render.
 * Values are deep-frozen; a new baseline is a new file, never an edit.
 *
 * Its sections are those every baseline was published with ({@link PublishedSections}) and those
 * added to the type after 2026.11 and 2027.02 were published ({@link LaterSections}).
 */
export interface Baseline extends PublishedSections, LaterSections {}

/**
 * Sections added to the baseline after 2026.11 and 2027.02 were published. A baseline published
 * before a section existed takes the section's first values, held once in `LATER_SECTIONS`
 * (later-sections.ts) and frozen by digest when the section is added; a later baseline states its
 * own values. Adding a section here is how new national settings (backups, egress allow-lists, …)
 * reach every tenancy without editing a published file. Keep each section's doc comment saying
 * which baseline first carried it.
 */
export interface LaterSections {
  /**
   * Internet egress from force spokes: what both clouds' hub firewalls allow out, and nothing else.
   * The AWS Network Firewall renders it as a domain-list allow-list (TLS SNI and HTTP Host, every
   * other flow dropped); the Azure Firewall policy as application rules (HTTPS and HTTP) from the
   * same list, so both clouds allow the same egress. First carried by every baseline from 2026.12,
   * values in LATER_SECTIONS.
   */
  readonly egress: {
    /**
     * Domains spokes may reach over HTTPS (by TLS SNI) on 443 and HTTP (by Host header) on 80.
     * `host.example.com` is that name only; `.example.com` (a leading dot, AWS Network Firewall's
     * notation) is the domain and every name under it. Lower case, no scheme, port or path.
     */
    readonly allowedFqdns: readonly string[];
  };
  /**
   * Backups of tenancy data (CAF B5.c): what each cloud's backup plans, vaults and enrolment policy
   * render. On AWS an organisation backup policy (one plan per classification) backs up to a vault
   * with Vault Lock in compliance mode in every account; on Azure an immutable, always-on soft
   * delete Recovery Services vault per landing zone holds one protection policy per classification,
   * and a DeployIfNotExists assignment enrols tagged virtual machines. First carried by every
   * baseline from 2026.12, values in LATER_SECTIONS.
   */
  readonly backup: BackupSettings;
  /**
   * What the AWS region guardrail allows outside the baseline's regions beyond the global services
   * (`regions.aws.globalServiceActions`): requests that CloudFront itself needs in us-east-1 (its
   * ACM certificates, its WAF web ACLs), each limited to its region and resources. Data stays in
   * the UK regions: none of these stores tenancy data. First carried by every baseline from
   * 2026.12, values in LATER_SECTIONS; 2027.05 states its own (adds ACM certificate import and the
   * log delivery that sends a CloudFront web ACL's logs to an S3 bucket in the UK).
   */
  readonly regionGuardrail: {
    readonly allowances: readonly RegionAllowance[];
  };
}

/** One allowance of {@link LaterSections.regionGuardrail}: actions allowed in one region outside the baseline's, on these resources only. */
export interface RegionAllowance {
  /** Statement id suffix (letters and digits). */
  readonly name: string;
  /** The one region outside the baseline's where these actions are allowed. */
  readonly region: string;
  /** The actions (IAM `service:Action`, wildcards allowed within a service). */
  readonly actions: readonly string[];
  /** The resources they are allowed on there (`*` for actions IAM gives no resource). */
  readonly resources: readonly string[];
  /** Why residency allows it. */
  readonly reason: string;
}

/** The backup settings of a baseline (see {@link LaterSections.backup}). */
export interface BackupSettings {
  /**
   * The tag key that enrols a resource. Its value names the classification whose plan backs the
   * resource up (`OFFICIAL`, `OFFICIAL-SENSITIVE`); a resource without it is not backed up.
   */
  readonly enrolmentTag: string;
  /** When the daily backup starts, `HH:MM` in UTC (the AWS cron and the Azure schedule both). */
  readonly dailyAtUtc: string;
  /** Days each classification's recovery points are kept before they expire. */
  readonly retentionDays: Readonly<Record<Classification, number>>;
  readonly aws: {
    /** Minutes after the scheduled time a job may still start (AWS Backup requires at least 60). */
    readonly startWindowMinutes: number;
    /** Minutes a started job may run before AWS Backup cancels it. */
    readonly completionWindowMinutes: number;
    /**
     * Vault Lock in compliance mode on every account's vault. A recovery point must be kept at least
     * `minRetentionDays` and at most `maxRetentionDays` (jobs outside the range fail). The lock can be
     * changed or removed for `changeableForDays` after it is first set (AWS: 3 or more); after that
     * it is immutable, and no one, AWS included, can change or remove it.
     */
    readonly vaultLock: { readonly minRetentionDays: number; readonly maxRetentionDays: number; readonly changeableForDays: number };
  };
  readonly azure: {
    /** Days deleted backup data stays recoverable (soft delete, always on; Azure allows 14 to 180). */
    readonly softDeleteRetentionDays: number;
    /** Vault immutability. `Locked` cannot be undone: retention can then only be lengthened. */
    readonly immutability: 'Locked';
    /** Redundancy of the vault's storage: geo-redundant, so backups survive the loss of a region. */
    readonly storageRedundancy: 'GeoRedundant';
    /** Days instant-restore snapshots of a virtual machine are kept (Azure allows 1 to 5 for a daily policy). */
    readonly instantRestoreDays: number;
  };
}

/** The sections every baseline was published with. */
export interface PublishedSections {
  /** Date version `YYYY.MM`. */
  readonly version: string;
  /** ISO date the baseline was published. */
  readonly released: string;
  /** What changed for forces since the previous version (the changelog entry). */
  readonly changes: readonly string[];
  /** How many versions (this one and the ones before it) tenancies may pin. */
  readonly supportWindow: number;

  readonly regions: {
    readonly aws: {
      readonly allowed: readonly string[];
      readonly home: string;
      /**
       * IAM action prefixes of global services whose control-plane calls land outside the
       * UK region (usually us-east-1) and must stay allowed by the region guardrail.
       */
      readonly globalServiceActions: readonly string[];
    };
    readonly azure: {
      readonly allowed: readonly string[];
      readonly home: string;
      readonly pair: string;
    };
  };

  readonly logging: {
    /** Security audit logs (trail, activity, flow): days kept, object-locked. */
    readonly securityAuditRetentionDays: number;
    /** Operational logs and workspaces: days kept. */
    readonly operationalRetentionDays: number;
    /** Days after which archived objects move to colder storage. */
    readonly archiveTransitionDays: number;
    /** Object lock / immutability mode for the audit archive. */
    readonly immutabilityMode: 'COMPLIANCE' | 'GOVERNANCE';
    /** Days of immutability applied to each archived object by default. */
    readonly immutabilityDays: number;
    readonly azure: {
      /**
       * Redundancy of each force's audit storage account. Only geo-redundant SKUs: evidence must
       * survive the loss of a region (the paired UK region holds the copy).
       */
      readonly auditStorageSku: 'Standard_GRS' | 'Standard_RAGRS' | 'Standard_GZRS' | 'Standard_RAGZRS';
      /** Activity-log categories every subscription exports to the central workspace. */
      readonly activityLogCategories: readonly AzureActivityLogCategory[];
      /** How often VNet flow-log traffic analytics aggregates, in minutes (Azure allows 10 or 60). */
      readonly trafficAnalyticsIntervalMinutes: 10 | 60;
    };
  };

  readonly encryption: {
    readonly keyRotation: boolean;
    /** Days a scheduled key deletion waits (AWS KMS 7–30; Azure soft-delete 7–90). */
    readonly keyDeletionWindowDays: number;
    readonly minimumTlsVersion: '1.2' | '1.3';
    readonly azure: {
      /**
       * The customer-managed key of each force's audit storage account. When `keyRotation` is on it
       * rotates `rotateAfter` its creation, and each version expires `expireAfter` its creation, so a
       * failed rotation is noticed long before the key stops working. ISO 8601 durations.
       */
      readonly auditKey: {
        /** RSA in software (the vault is Standard; HSM keys would need a Premium vault). */
        readonly type: 'RSA';
        readonly size: 3072 | 4096;
        readonly rotateAfter: string;
        readonly expireAfter: string;
      };
    };
  };

  readonly requiredTags: readonly RequiredTag[];

  readonly guardrails: {
    /** Network guardrails both clouds enforce alike. */
    readonly network: {
      /**
       * TCP ports that no internet source may reach in a force tenancy, on either cloud: the Azure
       * deny policy renders them and the AWS and Azure checks flag a rule that opens one.
       */
      readonly denyInternetManagementPorts: readonly number[];
    };
    readonly aws: {
      readonly denyNonUkRegions: boolean;
      readonly denyRootUser: boolean;
      readonly denyIamUsersAndKeys: boolean;
      readonly denyPublicS3: boolean;
      readonly protectSecurityServices: boolean;
      readonly denyLeaveOrganization: boolean;
      readonly dataPerimeter: boolean;
      readonly requireImdsV2: boolean;
      /** Security Hub standards enabled organisation-wide (standard ARNs without region/account). */
      readonly securityHubStandards: readonly string[];
      /** AWS Config managed rule identifiers deployed organisation-wide. */
      readonly configRules: readonly string[];
    };
    readonly azure: {
      readonly denyPublicIpInForces: boolean;
      readonly httpsOnly: boolean;
      readonly keyVaultPurgeProtection: boolean;
      readonly denyClassicResources: boolean;
      /** Defender for Cloud plans switched on in every subscription. */
      readonly defenderPlans: readonly string[];
    };
  };

  readonly roles: {
    readonly national: readonly BaselineRole[];
    readonly force: readonly BaselineRole[];
  };

  readonly network: {
    readonly aws: {
      /** Prefix length of each spoke subnet carved from a tenancy environment's range. */
      readonly spokeSubnetPrefix: number;
      /** Availability zones a spoke spans. */
      readonly availabilityZones: number;
      readonly transitGatewayAsn: number;
      /** Flow log aggregation interval in seconds (60 or 600). */
      readonly flowLogIntervalSeconds: 60 | 600;
    };
    readonly azure: {
      readonly spokeSubnetPrefix: number;
      readonly firewallSku: 'Standard' | 'Premium';
      readonly privateDnsZones: readonly string[];
    };
    /** Smallest and largest prefix a tenancy environment may request. */
    readonly tenancyPrefix: { readonly min: number; readonly max: number };
  };

  readonly budgets: {
    /** Monthly budget in GBP when a tenancy states none. */
    readonly defaultMonthlyGbp: number;
    /** Percentages of the budget that raise an alert. */
    readonly alertThresholds: readonly number[];
  };

  readonly exceptions: {
    /** Longest an exception may run, in days from today. */
    readonly maxDurationDays: number;
    readonly minReasonLength: number;
  };

  readonly alerting: {
    /** Findings at or above this severity are routed to the national SOC. */
    readonly socMinimumSeverity: Severity;
    readonly azure: {
      /**
       * Schedule of the Sentinel rule that raises an incident on every break-glass sign-in (ISO 8601
       * durations). It runs every `frequency` over a `lookback` several times as long, because
       * sign-in logs can reach the workspace many minutes late; each sign-in still raises one
       * incident (the rule keeps only rows ingested since its last run). Repeated alerts for the same
       * account are not suppressed; incident grouping looks back `groupingLookback`.
       */
      readonly breakGlassRule: { readonly frequency: string; readonly lookback: string; readonly groupingLookback: string };
    };
  };

  /** Control ids this baseline enforces. */
  readonly controls: readonly string[];
}
