import * as pulumi from '@pulumi/pulumi';
import * as aadiam from '@pulumi/azure-native/aadiam';
import * as monitor from '@pulumi/azure-native/monitor';
import * as operationalinsights from '@pulumi/azure-native/operationalinsights';
import * as resources from '@pulumi/azure-native/resources';
import * as securityinsights from '@pulumi/azure-native/securityinsights';
import type { Provider } from '@pulumi/azure-native/provider';
import { getControl, isoDurationMinutes, SEVERITIES, type Baseline, type Severity } from '@nplz/core';
import { AuditArchive } from './audit-archive';
import { AuditKeyVault } from './audit-key-vault';
import { subscriptionScope } from './private/built-ins';
import { stableUuid } from './private/naming';
import { isSubscriptionId, subscriptionProvider } from './private/provider';
import { deleteLock, resourceGroup } from './private/locked-resource-group';

export interface ManagementPlatformArgs {
  readonly baseline: Baseline;
  /** The national management subscription. */
  readonly subscriptionId: string;
  /**
   * Azure location.
   * @default - the baseline home region
   */
  readonly location?: string;
  /** Tags on every taggable resource (the required tags of the national platform). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Resource group name.
   * @default 'nplz-management'
   */
  readonly resourceGroupName?: string;
  /**
   * Entra object ids of the break-glass (emergency access) accounts. Their sign-ins raise a
   * Sentinel incident for the national SOC, as do sign-ins of any account named `breakglass…`,
   * `break-glass…`, `emergencyaccess…` or `emergency-access…`.
   * @default - the naming convention alone
   */
  readonly breakGlassAccountIds?: readonly string[];
  /**
   * The Entra tenant id. With it the platform holds the national audit archive (an AuditKeyVault and
   * an immutable AuditArchive in the management subscription), which keeps the Entra ID logs, the
   * management subscription's activity log and the hub's flow logs for the baseline's
   * security-audit retention, as the AWS log archive does.
   * @default - no national archive (Entra ID and activity logs only in the workspace)
   */
  readonly tenantId?: string;
  /**
   * State of the national archive's immutability policy (see AuditArchiveArgs.immutabilityState).
   * @default 'Locked'
   */
  readonly auditImmutabilityState?: 'Unlocked' | 'Locked';
}

/** Log Analytics keeps data interactively for 30–730 days; longer retention is the archive's job. */
const WORKSPACE_RETENTION = { min: 30, max: 730 };

/**
 * Sentinel scheduled analytics rules: how often and how far back a rule queries lie between
 * 5 minutes and 14 days; incident grouping looks back 5 minutes to 7 days.
 */
const SCHEDULED_RULE = {
  frequency: { min: 5, max: 14 * 1440, text: 'PT5M to P14D' },
  lookback: { min: 5, max: 14 * 1440, text: 'PT5M to P14D' },
  groupingLookback: { min: 5, max: 7 * 1440, text: 'PT5M to P7D' },
} as const;

/** Suppression is off, but the API still asks for a duration (at most a day). */
const SUPPRESSION_UNUSED = 'PT5H';

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Entra ID logs the break-glass rule reads (tables SigninLogs, AADNonInteractiveUserSignInLogs, AuditLogs). */
const ENTRA_LOG_CATEGORIES = ['AuditLogs', 'SignInLogs', 'NonInteractiveUserSignInLogs'] as const;

/** Sentinel's severity for an NPLZ severity (Sentinel has no "critical": High is its top). */
function sentinelSeverity(s: Severity): 'High' | 'Medium' | 'Low' {
  return s === 'critical' || s === 'high' ? 'High' : s === 'medium' ? 'Medium' : 'Low';
}

/** The more severe of two severities. */
function moreSevere(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b;
}

/**
 * The KQL of the break-glass rule: every sign-in, interactive or not, successful or not, of a
 * listed account or of an account named as an emergency account.
 */
function breakGlassQuery(accountIds: readonly string[], ingestedWithinMinutes: number): string {
  const ids = accountIds.map((id) => JSON.stringify(id.toLowerCase())).join(', ');
  return [
    `let breakGlassIds = dynamic([${ids}]);`,
    'union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs',
    // Only rows new since the last run: the lookback overlaps earlier runs, and one sign-in is one incident.
    `| where ingestion_time() > ago(${ingestedWithinMinutes}m)`,
    '| where tolower(UserId) in (breakGlassIds) or UserPrincipalName matches regex @"(?i)^(break-?glass|emergency-?access)"',
    '| project TimeGenerated, UserPrincipalName, UserId, IPAddress, AppDisplayName, ResultType, ResultDescription, Location, Type',
  ].join('\n');
}

/**
 * The national management platform: the central Log Analytics workspace (retention from the
 * baseline) with Microsoft Sentinel, Entra ID sign-in and audit logs, the break-glass sign-in
 * alert rule, and the management subscription's activity-log export.
 * The workspace is protected, retained on delete and under a delete lock.
 */
export class ManagementPlatform extends pulumi.ComponentResource {
  public readonly provider: Provider;
  public readonly resourceGroup: resources.ResourceGroup;
  public readonly workspace: operationalinsights.Workspace;
  public readonly sentinel: securityinsights.SentinelOnboardingState;
  /** The Sentinel rule that opens an incident for the national SOC on every break-glass sign-in (NPLZ-PAM-01). */
  public readonly breakGlassAlert: securityinsights.ScheduledAlertRule;
  /** Resource id of the central workspace. */
  public readonly workspaceId: pulumi.Output<string>;
  /** The national audit archive (when `tenantId` is given): Entra ID logs, activity logs and hub flow logs, immutable. */
  public readonly archive?: AuditArchive;
  /** The key vault and key that encrypt the national archive. */
  public readonly archiveKeys?: AuditKeyVault;

  constructor(name: string, args: ManagementPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('nplz:azure:ManagementPlatform', name, {}, opts);
    const b = args.baseline;
    const location = args.location ?? b.regions.azure.home;
    if (!isSubscriptionId(args.subscriptionId)) {
      throw new pulumi.ResourceError(
        `ManagementPlatform: subscriptionId ${JSON.stringify(args.subscriptionId)} is not a subscription id; allowed: a GUID such as 00000000-0000-0000-0000-000000000000`,
        this,
      );
    }
    if (!b.regions.azure.allowed.includes(location)) {
      throw new pulumi.ResourceError(
        `ManagementPlatform: location ${JSON.stringify(location)} is outside the UK regions baseline ${b.version} allows; allowed: one of ${b.regions.azure.allowed.join(', ')}`,
        this,
      );
    }
    const retention = b.logging.operationalRetentionDays;
    if (retention < WORKSPACE_RETENTION.min || retention > WORKSPACE_RETENTION.max) {
      throw new pulumi.ResourceError(
        `ManagementPlatform: baseline ${b.version} logging.operationalRetentionDays is ${retention}; allowed: ${WORKSPACE_RETENTION.min}–${WORKSPACE_RETENTION.max} days (Log Analytics interactive retention)`,
        this,
      );
    }
    const rule = b.alerting.azure.breakGlassRule;
    const checkedMinutes = (field: keyof typeof SCHEDULED_RULE): number => {
      const minutes = isoDurationMinutes(rule[field]);
      const range = SCHEDULED_RULE[field];
      if (minutes === undefined || minutes < range.min || minutes > range.max) {
        throw new pulumi.ResourceError(
          `ManagementPlatform: baseline ${b.version} alerting.azure.breakGlassRule.${field} is ${JSON.stringify(rule[field])}; allowed: an ISO 8601 duration of days, hours and minutes from ${range.text} (Sentinel scheduled rules)`,
          this,
        );
      }
      return minutes;
    };
    // Checked in this order, so the first bad field is the one reported.
    const ruleMinutes = {
      frequency: checkedMinutes('frequency'),
      lookback: checkedMinutes('lookback'),
      groupingLookback: checkedMinutes('groupingLookback'),
    };
    if (ruleMinutes.lookback <= ruleMinutes.frequency) {
      throw new pulumi.ResourceError(
        `ManagementPlatform: baseline ${b.version} alerting.azure.breakGlassRule.lookback ${rule.lookback} is not longer than its frequency ${rule.frequency}; allowed: longer than the frequency (sign-in logs arrive late, and a window no longer than the schedule misses them)`,
        this,
      );
    }
    const breakGlassIds = args.breakGlassAccountIds ?? [];
    const badId = breakGlassIds.find((id) => !OBJECT_ID.test(id));
    if (badId !== undefined) {
      throw new pulumi.ResourceError(
        `ManagementPlatform: breakGlassAccountIds includes ${JSON.stringify(badId)}, which is not an Entra object id; allowed: GUIDs such as 00000000-0000-0000-0000-000000000000`,
        this,
      );
    }
    this.provider = subscriptionProvider(`${name}-provider`, args.subscriptionId, location, this);
    const child = { parent: this, provider: this.provider };
    const tags = { ...args.tags };

    this.resourceGroup = resourceGroup(
      `${name}-rg`,
      {
        resourceGroupName: args.resourceGroupName ?? 'nplz-management',
        location,
        tags,
      },
      child,
    );

    this.workspace = new operationalinsights.Workspace(
      `${name}-workspace`,
      {
        resourceGroupName: this.resourceGroup.name,
        workspaceName: 'nplz-central',
        location,
        sku: { name: 'PerGB2018' },
        retentionInDays: retention,
        features: { disableLocalAuth: true, enableLogAccessUsingOnlyResourcePermissions: true },
        tags,
      },
      { ...child, protect: true, retainOnDelete: true },
    );
    this.workspaceId = this.workspace.id;

    this.sentinel = new securityinsights.SentinelOnboardingState(
      `${name}-sentinel`,
      {
        resourceGroupName: this.resourceGroup.name,
        workspaceName: this.workspace.name,
        sentinelOnboardingStateName: 'default',
        customerManagedKey: false,
      },
      child,
    );

    // The national archive: what must be kept for the security-audit retention, immutably.
    if (args.tenantId) {
      const security = resourceGroup(
        `${name}-archive-rg`,
        { resourceGroupName: 'nplz-management-archive', location, tags },
        { ...child, retainOnDelete: true },
      );
      const inArchiveGroup = { resourceGroupName: security.name, location, tags, provider: this.provider };
      const who = { tenancy: 'national', environment: 'archive' };
      this.archiveKeys = new AuditKeyVault(
        `${name}-archive-keys`,
        {
          ...inArchiveGroup,
          ...who,
          baseline: b,
          subscriptionId: args.subscriptionId,
          tenantId: args.tenantId,
          workspaceId: this.workspace.id,
        },
        { parent: this },
      );
      this.archive = new AuditArchive(
        `${name}-archive`,
        {
          ...inArchiveGroup,
          ...who,
          baseline: b,
          key: this.archiveKeys,
          workspaceId: this.workspace.id,
          ...(args.auditImmutabilityState ? { immutabilityState: args.auditImmutabilityState } : {}),
        },
        { parent: this },
      );
      deleteLock(
        `${name}-archive-rg-lock`,
        security,
        [
          this.archiveKeys.vault,
          this.archiveKeys.key,
          this.archiveKeys.identity,
          this.archiveKeys.keyAccess,
          this.archiveKeys.diagnostics,
          this.archive.account,
          this.archive.blobService,
          this.archive.lifecycle,
          this.archive.diagnostics,
        ],
        'NPLZ baseline resource: the national audit archive. Remove only through the national platform.',
        child,
      );
    }

    // Entra ID sign-in and audit logs (tenant-wide) into the workspace, so Sentinel sees sign-ins,
    // and into the national archive, which keeps them immutably for the security-audit retention.
    new aadiam.DiagnosticSetting(
      `${name}-entra-logs`,
      {
        name: 'nplz-entra-to-central',
        workspaceId: this.workspace.id,
        ...(this.archive ? { storageAccountId: this.archive.account.id } : {}),
        logs: ENTRA_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
      },
      child,
    );

    // NPLZ-PAM-01: a break-glass sign-in is an incident for the national SOC, at the control's
    // severity and never below the baseline's SOC threshold.
    const control = getControl('NPLZ-PAM-01');
    this.breakGlassAlert = new securityinsights.ScheduledAlertRule(
      `${name}-break-glass-alert`,
      {
        resourceGroupName: this.resourceGroup.name,
        workspaceName: this.workspace.name,
        ruleId: stableUuid('nplz/sentinel/break-glass-sign-in'),
        kind: 'Scheduled',
        displayName: 'NPLZ: break-glass (emergency access) account sign-in',
        description: `${control.id} ${control.title}: every sign-in of a break-glass or emergency access account raises an incident for the national SOC. ${control.rationale}`,
        enabled: true,
        // Only rows ingested since the last run (plus a minute of scheduling slack): one sign-in, one incident.
        query: breakGlassQuery(breakGlassIds, ruleMinutes.frequency + 1),
        // The lookback is longer than the frequency: sign-ins that reach the workspace late are still seen.
        queryFrequency: rule.frequency,
        queryPeriod: rule.lookback,
        triggerOperator: 'GreaterThan',
        triggerThreshold: 0,
        severity: sentinelSeverity(moreSevere(control.severity, b.alerting.socMinimumSeverity)),
        suppressionEnabled: false,
        suppressionDuration: SUPPRESSION_UNUSED,
        eventGroupingSettings: { aggregationKind: 'AlertPerResult' },
        incidentConfiguration: {
          createIncident: true,
          groupingConfiguration: {
            enabled: false,
            lookbackDuration: rule.groupingLookback,
            matchingMethod: 'AllEntities',
            reopenClosedIncident: false,
          },
        },
        entityMappings: [
          {
            entityType: 'Account',
            fieldMappings: [
              { identifier: 'AadUserId', columnName: 'UserId' },
              { identifier: 'FullName', columnName: 'UserPrincipalName' },
            ],
          },
          { entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'IPAddress' }] },
        ],
        tactics: ['InitialAccess', 'PrivilegeEscalation'],
        techniques: ['T1078'],
      },
      // Sentinel must be on before the workspace takes analytics rules.
      { ...child, dependsOn: [this.sentinel] },
    );

    deleteLock(
      `${name}-rg-lock`,
      this.resourceGroup,
      [this.workspace, this.sentinel, this.breakGlassAlert],
      'NPLZ baseline resource: the national log workspace. Remove only through the national platform.',
      child,
    );

    // The management subscription's activity log reaches the workspace through the national
    // DeployIfNotExists assignment (a second setting to the same sink is refused); its own setting
    // archives it immutably.
    if (this.archive) {
      new monitor.SubscriptionDiagnosticSetting(
        `${name}-activity-log`,
        {
          name: 'nplz-activity-archive',
          storageAccountId: this.archive.account.id,
          logs: b.logging.azure.activityLogCategories.map((category) => ({ category, enabled: true })),
        },
        { ...child, dependsOn: [this.archive.account] },
      );
    }

    this.registerOutputs({ workspaceId: this.workspaceId, subscription: subscriptionScope(args.subscriptionId) });
  }
}
