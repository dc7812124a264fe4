import * as pulumi from '@pulumi/pulumi';
import * as authorization from '@pulumi/azure-native/authorization';
import * as managedidentity from '@pulumi/azure-native/managedidentity';
import * as network from '@pulumi/azure-native/network';
import type { Baseline } from '@nplz/core';
import { BUILT_IN_ROLES_FOR_WORKLOADS, roleDefinitionId } from './private/built-ins';
import { formerParentAlias } from './private/moved';
import { stableUuid } from './private/naming';

/** VNet flow logs keep data 1–365 days; 0 (with retention on) means they never delete it. An Azure limit, not a policy number. */
const FLOW_LOG_RETENTION_MAX_DAYS = 365;

export interface VnetFlowLogArgs {
  readonly baseline: Baseline;
  /** Tenancy and environment of the spoke, e.g. `kent` and `prod`: they name the flow log and its identity. */
  readonly tenancy: string;
  readonly environment: string;
  /** The subscription of the spoke; with the tenancy and environment it fixes the storage grant's name. */
  readonly subscriptionId: string;
  /** The resource group of the Network Watcher, where the flow log and its identity go too. */
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Name of the Network Watcher that holds the flow log. */
  readonly networkWatcherName: pulumi.Input<string>;
  /** Resource id of the VNet whose traffic is logged. */
  readonly virtualNetworkId: pulumi.Input<string>;
  /** Resource id of the audit storage account the flow log writes to. */
  readonly auditStorageId: pulumi.Input<string>;
  /** Resource id of the central Log Analytics workspace that receives traffic analytics. */
  readonly workspaceId: pulumi.Input<string>;
  /** Provider pinned to the spoke's subscription. */
  readonly provider: pulumi.ProviderResource;
  /**
   * Prefix of the logical names of its resources (`<namePrefix>-flow-log`, `<namePrefix>-flow-log-access`, …).
   * ForceLandingZone passes its own name: the names its resources had before it was split into components.
   * @default - the component's name
   */
  readonly namePrefix?: string;
}

/**
 * The VNet flow log of a spoke, with traffic analytics to the central workspace. It writes to
 * the audit storage account as its own user-assigned identity, with blob write access to that
 * account only: the account takes no shared keys.
 */
export class VnetFlowLog extends pulumi.ComponentResource {
  public readonly flowLog: network.FlowLog;
  /** The identity the flow log writes as. */
  public readonly identity: managedidentity.UserAssignedIdentity;
  /** Storage Blob Data Contributor for the identity, on the audit storage account. */
  public readonly storageAccess: authorization.RoleAssignment;

  constructor(name: string, args: VnetFlowLogArgs, opts?: pulumi.ComponentResourceOptions) {
    super('nplz:azure:VnetFlowLog', name, {}, opts);
    const b = args.baseline;
    const { tenancy, environment: env, tags, location, resourceGroupName } = args;
    const prefix = args.namePrefix ?? name;
    const child = { parent: this, provider: args.provider, ...formerParentAlias(opts) };

    this.identity = new managedidentity.UserAssignedIdentity(
      `${prefix}-flow-log-identity`,
      { resourceGroupName, resourceName: `nplz-${tenancy}-${env}-flow-log`, location, tags },
      child,
    );
    const blobWriter = BUILT_IN_ROLES_FOR_WORKLOADS['Storage Blob Data Contributor'];
    this.storageAccess = new authorization.RoleAssignment(
      `${prefix}-flow-log-access`,
      {
        scope: args.auditStorageId,
        roleAssignmentName: stableUuid(`${args.subscriptionId}/${tenancy}/${env}/flow-log/${blobWriter}`),
        principalId: this.identity.principalId,
        principalType: 'ServicePrincipal',
        roleDefinitionId: roleDefinitionId(blobWriter),
        description: `NPLZ: the VNet flow log of ${tenancy}/${env} writes to its audit storage account`,
      },
      child,
    );
    // Flow logs are security audit logs. Azure keeps them 1–365 days, or for ever with 0: a longer
    // baseline retention is kept (0) and the audit archive's lifecycle deletes it.
    const auditDays = b.logging.securityAuditRetentionDays;
    const retentionDays = auditDays <= FLOW_LOG_RETENTION_MAX_DAYS ? auditDays : 0;
    // NSG flow logs can no longer be created (retired June 2025); VNet flow logs cover the same traffic.
    this.flowLog = new network.FlowLog(
      `${prefix}-flow-log`,
      {
        resourceGroupName,
        networkWatcherName: args.networkWatcherName,
        flowLogName: `nplz-${tenancy}-${env}`,
        location,
        identity: { type: 'UserAssigned', userAssignedIdentities: [this.identity.id] },
        targetResourceId: args.virtualNetworkId,
        storageId: args.auditStorageId,
        enabled: true,
        retentionPolicy: { enabled: true, days: retentionDays },
        format: { type: 'JSON', version: 2 },
        flowAnalyticsConfiguration: {
          networkWatcherFlowAnalyticsConfiguration: {
            enabled: true,
            workspaceResourceId: args.workspaceId,
            trafficAnalyticsInterval: b.logging.azure.trafficAnalyticsIntervalMinutes,
          },
        },
        tags,
      },
      { ...child, dependsOn: [this.storageAccess] },
    );

    this.registerOutputs({ flowLogId: this.flowLog.id, identityId: this.identity.id });
  }
}
