import { deepFreeze } from '../private/deep-freeze';
import { role } from './roles';
import { NPLZ_TAGS } from '../contract/tag-keys';
import { withLaterSections } from './later-sections';
import type { Baseline } from './types';

/**
 * Baseline 2026.11: the first national baseline.
 * Published baselines are never edited. To change anything, add a new file. Sections added to
 * the baseline type after publication take their first values (`withLaterSections`).
 */
export const BASELINE_2026_11: Baseline = deepFreeze<Baseline>(
  withLaterSections({
    version: '2026.11',
    released: '2026-11-01',
    changes: ['First national baseline.'],
    supportWindow: 2,

    regions: {
      aws: {
        allowed: ['eu-west-2'],
        home: 'eu-west-2',
        globalServiceActions: [
          'account:*',
          'aws-portal:*',
          'budgets:*',
          'ce:*',
          'cloudfront:*',
          'cur:*',
          'globalaccelerator:*',
          'health:*',
          'iam:*',
          'identitystore:*',
          'organizations:*',
          'pricing:*',
          'route53:*',
          'route53domains:*',
          'shield:*',
          'sso:*',
          'sts:*',
          'support:*',
          'trustedadvisor:*',
          'waf:*',
        ],
      },
      azure: { allowed: ['uksouth', 'ukwest'], home: 'uksouth', pair: 'ukwest' },
    },

    logging: {
      securityAuditRetentionDays: 2557, // 7 years (product default, not a MoPI figure)
      operationalRetentionDays: 365,
      archiveTransitionDays: 90,
      immutabilityMode: 'COMPLIANCE',
      immutabilityDays: 365,
      azure: {
        auditStorageSku: 'Standard_GRS',
        // All of them: nothing that happened to a subscription is missing from the national record.
        activityLogCategories: [
          'Administrative',
          'Security',
          'ServiceHealth',
          'Alert',
          'Recommendation',
          'Policy',
          'Autoscale',
          'ResourceHealth',
        ],
        // The shorter interval, so the SOC sees traffic within minutes.
        trafficAnalyticsIntervalMinutes: 10,
      },
    },

    encryption: {
      keyRotation: true,
      keyDeletionWindowDays: 30,
      minimumTlsVersion: '1.2',
      // RSA 3072: NCSC and NIST SP 800-57 give 3072 bits for protection beyond 2030. Rotated yearly,
      // as AWS KMS rotates under the same switch.
      azure: { auditKey: { type: 'RSA', size: 3072, rotateAfter: 'P1Y', expireAfter: 'P2Y' } },
    },

    requiredTags: [
      { key: NPLZ_TAGS.force, source: 'force', description: 'Owning force id (or "national"; "collaboration" for shared tenancies).' },
      { key: NPLZ_TAGS.tenancy, source: 'tenancy', description: 'Tenancy name.' },
      { key: NPLZ_TAGS.environment, source: 'environment', description: 'Environment name, e.g. prod.' },
      { key: NPLZ_TAGS.classification, source: 'classification', description: 'OFFICIAL or OFFICIAL-SENSITIVE.' },
      { key: NPLZ_TAGS.baseline, source: 'baseline', description: 'Baseline version the resource was rendered from.' },
      { key: 'cost-centre', source: 'spec', description: 'The force finance cost centre that pays for the tenancy.' },
      { key: 'data-owner', source: 'spec', description: 'Role or team accountable for the data (information asset owner).' },
    ],

    guardrails: {
      network: { denyInternetManagementPorts: [22, 3389] },
      aws: {
        denyNonUkRegions: true,
        denyRootUser: true,
        denyIamUsersAndKeys: true,
        denyPublicS3: true,
        protectSecurityServices: true,
        denyLeaveOrganization: true,
        dataPerimeter: true,
        requireImdsV2: true,
        securityHubStandards: [
          'standards/aws-foundational-security-best-practices/v/1.0.0',
          'standards/cis-aws-foundations-benchmark/v/3.0.0',
        ],
        configRules: [
          'CLOUD_TRAIL_ENABLED',
          'ENCRYPTED_VOLUMES',
          'IAM_ROOT_ACCESS_KEY_CHECK',
          'INCOMING_SSH_DISABLED',
          'S3_BUCKET_PUBLIC_READ_PROHIBITED',
          'S3_BUCKET_SSL_REQUESTS_ONLY',
          'VPC_FLOW_LOGS_ENABLED',
        ],
      },
      azure: {
        denyPublicIpInForces: true,
        httpsOnly: true,
        keyVaultPurgeProtection: true,
        denyClassicResources: true,
        defenderPlans: ['VirtualMachines', 'StorageAccounts', 'KeyVaults', 'Arm', 'SqlServers', 'Containers', 'CloudPosture'],
      },
    },

    roles: {
      national: [
        role('national-platform-admin', 'National platform engineers who operate the landing zone itself.', {
          privileged: true,
          sessionHours: 4,
          aws: ['AdministratorAccess'],
          azure: 'Owner',
        }),
        role('national-security-analyst', 'National cyber centre analysts who investigate across every force.', {
          privileged: false,
          sessionHours: 8,
          aws: ['SecurityAudit', 'job-function/ViewOnlyAccess'],
          azure: 'Security Reader',
        }),
        role('national-network-admin', 'Engineers who run the network hub and firewall.', {
          privileged: true,
          sessionHours: 4,
          aws: ['job-function/NetworkAdministrator'],
          azure: 'Network Contributor',
        }),
        role('national-auditor', 'Internal and external auditors: read-only evidence across the estate.', {
          privileged: false,
          sessionHours: 8,
          aws: ['SecurityAudit', 'ReadOnlyAccess'],
          azure: 'Reader',
        }),
      ],
      force: [
        role('force-admin', 'Force platform engineers who administer their own tenancy and local assets.', {
          privileged: true,
          sessionHours: 4,
          aws: ['AdministratorAccess'],
          azure: 'Contributor',
        }),
        role('force-developer', 'Force engineers who build and run workloads in non-production.', {
          privileged: false,
          sessionHours: 8,
          aws: ['PowerUserAccess'],
          azure: 'Contributor',
          eligible: false,
        }),
        role('force-readonly', 'Force staff who need to see, not change, their tenancy.', {
          privileged: false,
          sessionHours: 8,
          aws: ['ReadOnlyAccess'],
          azure: 'Reader',
        }),
        role('force-security', 'Force information security officers.', {
          privileged: false,
          sessionHours: 8,
          aws: ['SecurityAudit'],
          azure: 'Security Reader',
        }),
      ],
    },

    network: {
      aws: { spokeSubnetPrefix: 24, availabilityZones: 3, transitGatewayAsn: 64512, flowLogIntervalSeconds: 60 },
      azure: {
        spokeSubnetPrefix: 24,
        firewallSku: 'Standard',
        privateDnsZones: [
          'privatelink.blob.core.windows.net',
          'privatelink.file.core.windows.net',
          'privatelink.vaultcore.azure.net',
          'privatelink.database.windows.net',
          'privatelink.azurecr.io',
        ],
      },
      tenancyPrefix: { min: 16, max: 22 },
    },

    budgets: { defaultMonthlyGbp: 5000, alertThresholds: [80, 100] },

    exceptions: { maxDurationDays: 365, minReasonLength: 30 },

    alerting: {
      socMinimumSeverity: 'high',
      // Every 5 minutes over the last hour: sign-in logs can reach the workspace many minutes late.
      azure: { breakGlassRule: { frequency: 'PT5M', lookback: 'PT1H', groupingLookback: 'PT5H' } },
    },

    controls: [
      'NPLZ-IAM-01',
      'NPLZ-IAM-02',
      'NPLZ-IAM-03',
      'NPLZ-IAM-04',
      'NPLZ-PAM-01',
      'NPLZ-PAM-02',
      'NPLZ-PAM-03',
      'NPLZ-LOG-01',
      'NPLZ-LOG-02',
      'NPLZ-LOG-03',
      'NPLZ-LOG-04',
      'NPLZ-LOG-05',
      'NPLZ-ENC-01',
      'NPLZ-ENC-02',
      'NPLZ-ENC-03',
      'NPLZ-ENC-04',
      'NPLZ-ENC-05',
      'NPLZ-NET-01',
      'NPLZ-NET-02',
      'NPLZ-NET-03',
      'NPLZ-NET-04',
      'NPLZ-NET-05',
      'NPLZ-NET-06',
      'NPLZ-RES-01',
      'NPLZ-RES-02',
      'NPLZ-RET-01',
      'NPLZ-RET-02',
      'NPLZ-RET-03',
      'NPLZ-MON-01',
      'NPLZ-MON-02',
      'NPLZ-MON-03',
      'NPLZ-MON-04',
      'NPLZ-MON-05',
      'NPLZ-GRD-01',
      'NPLZ-GRD-02',
      'NPLZ-GRD-03',
      'NPLZ-GRD-04',
      'NPLZ-CLS-01',
      'NPLZ-CLS-02',
      'NPLZ-GOV-01',
      'NPLZ-GOV-02',
      'NPLZ-GOV-03',
      'NPLZ-GOV-04',
    ],
  }),
);
