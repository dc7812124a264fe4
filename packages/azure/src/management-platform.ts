import * as pulumi from '@pulumi/pulumi';
import * as authorization from '@pulumi/azure-native/authorization';
import * as monitor from '@pulumi/azure-native/monitor';
import * as operationalinsights from '@pulumi/azure-native/operationalinsights';
import * as resources from '@pulumi/azure-native/resources';
import * as securityinsights from '@pulumi/azure-native/securityinsights';
import type { Provider } from '@pulumi/azure-native/provider';
import type { Baseline } from '@nplz/core';
import { subscriptionScope } from './private/built-ins';
import { isSubscriptionId, subscriptionProvider } from './private/provider';

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
}

/** Log Analytics keeps data interactively for 30–730 days; longer retention is the archive's job. */
const WORKSPACE_RETENTION = { min: 30, max: 730 };

/**
 * The national management platform: the central Log Analytics workspace (retention from the
 * baseline) with Microsoft Sentinel, and the management subscription's activity-log export.
 * The workspace is protected, retained on delete and under a delete lock.
 */
export class ManagementPlatform extends pulumi.ComponentResource {
  public readonly provider: Provider;
  public readonly resourceGroup: resources.ResourceGroup;
  public readonly workspace: operationalinsights.Workspace;
  public readonly sentinel: securityinsights.SentinelOnboardingState;
  /** Resource id of the central workspace. */
  public readonly workspaceId: pulumi.Output<string>;

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
    this.provider = subscriptionProvider(`${name}-provider`, args.subscriptionId, location, this);
    const child = { parent: this, provider: this.provider };
    const tags = { ...args.tags };

    this.resourceGroup = new resources.ResourceGroup(
      `${name}-rg`,
      { resourceGroupName: args.resourceGroupName ?? 'nplz-management', location, tags },
      child,
    );
    new authorization.ManagementLockByScope(
      `${name}-rg-lock`,
      {
        scope: this.resourceGroup.id,
        lockName: 'nplz-do-not-delete',
        level: 'CanNotDelete',
        notes: 'NPLZ baseline resource: the national log workspace. Remove only through the national platform.',
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

    new monitor.SubscriptionDiagnosticSetting(
      `${name}-activity-log`,
      {
        name: 'nplz-activity-log',
        workspaceId: this.workspace.id,
        logs: ['Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Policy', 'Autoscale', 'ResourceHealth'].map(
          (category) => ({ category, enabled: true }),
        ),
      },
      { ...child, dependsOn: [this.resourceGroup] },
    );

    this.registerOutputs({ workspaceId: this.workspaceId, subscription: subscriptionScope(args.subscriptionId) });
  }
}
