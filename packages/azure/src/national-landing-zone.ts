import * as pulumi from '@pulumi/pulumi';
import * as management from '@pulumi/azure-native/management';
import { Provider } from '@pulumi/azure-native/provider';
import {
  collaborationMembers,
  forcesWithGroups,
  getBaseline,
  isCollaboration,
  isDecommissioning,
  nationalTagValues,
  successorIds,
  tenancyForces,
  type Estate,
  type TenancySpec,
  NPLZ_AZURE_COMPONENTS,
  defined,
} from '@nplz/core';
import { ConnectivityHub } from './connectivity-hub';
import { ForceLandingZone } from './force-landing-zone';
import { IdentityBaseline } from './identity-baseline';
import { ManagementGroupHierarchy } from './management-group-hierarchy';
import { ManagementPlatform } from './management-platform';
import { PolicyBaseline } from './policy-baseline';
import { SubscriptionPolicy } from './subscription-policy';
import { requiredTags } from './private/tags';

export interface NationalLandingZoneArgs {
  /** The estate from @nplz/core (`loadEstateOrThrow`): national settings with an `azure` section, and the tenancies. */
  readonly estate: Estate;
  /** See ManagementPlatformArgs.auditImmutabilityState (the national archive's; `Unlocked` on the first apply). */
  readonly auditImmutabilityState?: 'Unlocked' | 'Locked';
  /** See ConnectivityHubArgs.adoptNetworkWatcher (the connectivity subscription's). */
  readonly adoptNetworkWatcher?: boolean;
  /**
   * Entra object ids of the break-glass (emergency access) accounts, for the Sentinel rule that
   * alerts the national SOC on their sign-ins (see ManagementPlatformArgs.breakGlassAccountIds).
   * @default - accounts recognised by name only
   */
  readonly breakGlassAccountIds?: readonly string[];
  /**
   * Called as each tenancy environment's landing zone is built, for progress output.
   * @default - nothing is called
   */
  readonly onTenancy?: (tenancy: string, environment: string) => void;
  /**
   * First day of the month every landing zone's budget starts, `YYYY-MM-01` (see
   * ForceLandingZoneArgs.budgetStartDate: a real first deployment passes its own month).
   * @default - each landing zone's default: the first of its baseline's release month (deterministic offline)
   */
  readonly budgetStartDate?: string;
  /**
   * Also build every tenancy environment's ForceLandingZone inside this component, as one program.
   * The estate does not deploy so: the national stack holds the platform only, each tenancy
   * environment is a stack of its own and the hub side of every peering is the national peerings
   * stack (see azure-stacks.ts, `azureStacks`). Kept for a sandbox that deploys everything as one
   * stack, and for tests of the wiring.
   * @default false - the national platform only
   */
  readonly forceLandingZones?: boolean;
}

/**
 * The national Azure platform: the management-group hierarchy (a group for every force and
 * collaboration of the estate), policy baseline, management platform, connectivity hub and national
 * identity. This is the national stack; each tenancy environment's landing zone is a stack of its
 * own (`tenancyStack`). With `forceLandingZones` it also builds a ForceLandingZone named
 * `<tenancy>-<env>` for every environment of every tenancy that uses Azure, as one program.
 */
export class NationalLandingZone extends pulumi.ComponentResource {
  public readonly hierarchy: ManagementGroupHierarchy;
  public readonly policy: PolicyBaseline;
  public readonly managementPlatform: ManagementPlatform;
  public readonly hub: ConnectivityHub;
  public readonly identity: IdentityBaseline;
  /** `<tenancy>-<env>` → landing zone. */
  public readonly landingZones: Readonly<Record<string, ForceLandingZone>>;

  constructor(name: string, args: NationalLandingZoneArgs, opts?: pulumi.ComponentResourceOptions) {
    super(NPLZ_AZURE_COMPONENTS.nationalLandingZone, name, {}, opts);
    const national = args.estate.national;
    const azure = national.azure;
    if (!azure) {
      throw new pulumi.ResourceError(
        `NationalLandingZone: estate.national.azure is missing${args.estate.nationalFile ? ` in ${args.estate.nationalFile}` : ''}; allowed: national settings with an azure section (tenantId, rootManagementGroup, subscriptions, hubCidr)`,
        this,
      );
    }
    const baseline = getBaseline(national.baseline);
    const location = azure.location ?? baseline.regions.azure.home;
    const child = { parent: this };
    const tenancies = args.estate.tenancies.map((t) => t.spec).filter((s) => s.azure);
    const collaborations = tenancies.filter(isCollaboration);
    // A merged force's group stays, empty, beside its successor's (see @nplz/core mergers).
    const forces = forcesWithGroups([...new Set(tenancies.flatMap((s) => tenancyForces(s)))], national.mergers);
    const nationalTags = requiredTags(baseline, nationalTagValues(national));

    this.hierarchy = new ManagementGroupHierarchy(
      `${name}-mg`,
      {
        tenantId: azure.tenantId,
        rootGroupId: azure.rootManagementGroup,
        forces,
        successors: successorIds(national.mergers),
        collaborations: collaborations.map((c) => c.name),
      },
      child,
    );
    this.managementPlatform = new ManagementPlatform(
      `${name}-management`,
      {
        baseline,
        subscriptionId: azure.subscriptions.management,
        location,
        tags: nationalTags,
        tenantId: azure.tenantId,
        ...(args.breakGlassAccountIds ? { breakGlassAccountIds: args.breakGlassAccountIds } : {}),
        ...(args.auditImmutabilityState ? { auditImmutabilityState: args.auditImmutabilityState } : {}),
      },
      child,
    );
    this.hub = new ConnectivityHub(
      `${name}-hub`,
      {
        baseline,
        subscriptionId: azure.subscriptions.connectivity,
        hubCidr: azure.hubCidr,
        location,
        tags: nationalTags,
        workspaceId: this.managementPlatform.workspaceId,
        tenancies,
        ...(args.adoptNetworkWatcher ? { adoptNetworkWatcher: true } : {}),
        ...(this.managementPlatform.archive ? { flowLogStorageId: this.managementPlatform.archive.account.id } : {}),
      },
      child,
    );

    // The platform subscriptions sit under their platform groups, like force subscriptions under theirs.
    const platformSubscriptions: [string, string, management.ManagementGroup, pulumi.ProviderResource | undefined][] = [
      ['management', azure.subscriptions.management, this.hierarchy.management, this.managementPlatform.provider],
      ['connectivity', azure.subscriptions.connectivity, this.hierarchy.connectivity, this.hub.provider],
      ['identity', azure.subscriptions.identity, this.hierarchy.identity, undefined],
      ['security', azure.subscriptions.security, this.hierarchy.security, undefined],
    ];
    const placements = platformSubscriptions.map(([role, subscriptionId, group, provider]) => {
      const p = provider ?? new Provider(`${name}-${role}-provider`, { subscriptionId, location }, { parent: this });
      const placement = new management.ManagementGroupSubscription(
        `${name}-${role}-placement`,
        { groupId: group.name },
        { parent: this, provider: p },
      );
      return { role, subscriptionId, provider: p, placement };
    });
    this.policy = new PolicyBaseline(
      `${name}-policy`,
      {
        baseline,
        rootGroup: this.hierarchy.root,
        rootGroupId: azure.rootManagementGroup,
        forcesGroup: this.hierarchy.forces,
        groups: this.hierarchy,
        securityContactEmail: national.soc.email,
        privateDnsZoneIds: Object.fromEntries(Object.entries(this.hub.privateDnsZones).map(([zone, z]) => [zone, z.id])),
        workspaceId: this.managementPlatform.workspaceId,
        location,
        ...(azure.policyEnforcement ? { enforcement: azure.policyEnforcement } : {}),
      },
      child,
    );
    // The platform subscriptions get the same remediation as force subscriptions: placed under
    // their groups after the DeployIfNotExists assignments exist, they would otherwise never get
    // the Defender plans or the activity-log export.
    for (const { role, subscriptionId, provider, placement } of placements) {
      new SubscriptionPolicy(
        `${name}-${role}-subscription-policy`,
        { subscriptionId, environment: 'platform', remediations: this.policy.remediations, placement, provider },
        child,
      );
    }
    this.identity = new IdentityBaseline(
      `${name}-identity`,
      {
        baseline,
        rootGroup: this.hierarchy.root,
        rootGroupId: azure.rootManagementGroup,
        groups: national.identity.groups,
      },
      child,
    );

    const zones: Record<string, ForceLandingZone> = {};
    const build = (spec: TenancySpec, env: string, members?: ForceLandingZone[]) => {
      // The hierarchy has a group for every force and collaboration of these tenancies; a
      // decommissioning tenancy's subscriptions sit under the decommissioned group instead.
      const group = isDecommissioning(spec)
        ? this.hierarchy.decommissioned
        : isCollaboration(spec)
          ? defined(this.hierarchy.collaborationGroups[spec.name], `the management group of collaboration ${spec.name}`)
          : defined(this.hierarchy.forceGroups[spec.force], `the management group of force ${spec.force}`);
      zones[`${spec.name}-${env}`] = new ForceLandingZone(
        `${spec.name}-${env}`,
        {
          tenancy: spec,
          environment: env,
          tenantId: azure.tenantId,
          managementGroupId: group.name,
          hub: this.hub,
          workspaceId: this.managementPlatform.workspaceId,
          policyEnforcements: this.policy.enforcements,
          policyRemediations: this.policy.remediations,
          // Audit-only deploys nothing by policy, so the zone sends its activity log to the workspace itself.
          ...(azure.policyEnforcement === 'audit-only' ? { activityLogToWorkspace: true } : {}),
          ...(args.budgetStartDate ? { budgetStartDate: args.budgetStartDate } : {}),
          ...(members?.length ? { collaborationMembers: members } : {}),
        },
        child,
      );
      args.onTenancy?.(spec.name, env);
    };
    if (!args.forceLandingZones) {
      this.landingZones = zones;
      this.registerOutputs({ landingZones: [] });
      return;
    }
    // Force tenancies first, so a collaboration can name its members' landing zones.
    for (const spec of tenancies.filter((s) => !isCollaboration(s))) for (const env of spec.environments) build(spec, env);
    for (const spec of collaborations) {
      for (const env of spec.environments) {
        const members = collaborationMembers(spec, tenancies).flatMap((m) => {
          const zone = m.status === 'linked' ? zones[`${m.tenancy.name}-${env}`] : undefined;
          return zone ? [zone] : [];
        });
        build(spec, env, members);
      }
    }
    this.landingZones = zones;
    this.registerOutputs({ landingZones: Object.keys(zones) });
  }
}
