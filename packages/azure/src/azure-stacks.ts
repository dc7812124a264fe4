import * as pulumi from '@pulumi/pulumi';
import * as authorization from '@pulumi/azure-native/authorization';
import * as network from '@pulumi/azure-native/network';
import { Provider } from '@pulumi/azure-native/provider';
import {
  defined,
  getBaseline,
  isCollaboration,
  isDecommissioning,
  NPLZ_AZURE_COMPONENT_PREFIX,
  type Estate,
  type TenancySpec,
} from '@nplz/core';
import { ForceLandingZone } from './force-landing-zone';
import { NationalLandingZone } from './national-landing-zone';

/**
 * The Azure estate deploys as Pulumi stacks, as the AWS estate deploys as CloudFormation stacks:
 *
 * - `<org>/nplz/national`: the national platform (management groups, policy, management platform,
 *   hub, national identity), in the national subscriptions, by the national deploy identity;
 * - `<org>/<tenancy>-landing-zone/<env>`: one per tenancy environment, its landing zone and the
 *   spoke side of its peering with the hub, in its own subscription only, by the tenancy's deploy
 *   identity. It reads what it needs of the platform through a StackReference to the national
 *   stack. `nplz init` scaffolds the force's project for it;
 * - `<org>/nplz/national-peerings`: the hub side of every spoke's peering (connectivity subscription)
 *   by the national identity. Azure records the remote
 *   VNet's address space on a peering, so each side can only be created once the other VNet exists:
 *   the hub side follows the tenancy stacks, as the AWS routing stacks follow the force stacks. It
 *   reads each spoke from Azure, not through a StackReference (one to a stack never deployed fails
 *   the update), so it deploys with tenancy stacks missing and names them.
 *
 * The program that deploys each is the same function offline (`planAzureEstate`, `nplz synth`) and
 * under `pulumi up`: `nationalStack`, `tenancyStack`, `nationalPeeringsStack`, chosen by
 * `azureStackProgram` from the project and stack it runs as.
 */
export const AZURE_STACKS = Object.freeze({
  /** What a self-managed Pulumi backend calls every organization. */
  organization: 'organization',
  /** The national project: stacks `national` and `national-peerings`. */
  nationalProject: 'nplz',
  national: 'national',
  peerings: 'national-peerings',
} as const);

/** The Pulumi project of a tenancy's stacks (one stack per environment): `<tenancy>-landing-zone`, the project `nplz init` scaffolds. */
export function tenancyProject(tenancy: string): string {
  return `${tenancy}-landing-zone`;
}

/** One Pulumi stack of the Azure estate. */
export interface AzureStack {
  /** `<organization>/<project>/<stack>`: what `pulumi up --stack` and a StackReference name. */
  readonly name: string;
  readonly project: string;
  readonly stack: string;
  readonly kind: 'national' | 'tenancy' | 'peerings';
  readonly tenancy?: string;
  readonly environment?: string;
  /** The subscriptions it writes in. */
  readonly subscriptions: readonly string[];
  /** Full names of the stacks it reads (StackReference) and must therefore follow. */
  readonly after: readonly string[];
  readonly description: string;
}

/** Every Azure environment of every tenancy of the estate. */
function tenancyUnits(estate: Estate): { spec: TenancySpec; env: string }[] {
  return estate.tenancies
    .map((t) => t.spec)
    .filter((s) => s.azure)
    .flatMap((spec) => spec.environments.map((env) => ({ spec, env })));
}

/**
 * Every Azure stack of the estate, each after the stacks it reads: national, the tenancy
 * environments (each reads the national stack only: spokes are never peered with each other, a
 * collaboration reaches its members through the hub firewall), the national peerings.
 */
export function azureStacks(estate: Estate, organization: string = AZURE_STACKS.organization): AzureStack[] {
  const azure = estate.national.azure;
  if (!azure) return [];
  const national = `${organization}/${AZURE_STACKS.nationalProject}/${AZURE_STACKS.national}`;
  const tenancyName = (t: string, env: string) => `${organization}/${tenancyProject(t)}/${env}`;
  const subs = azure.subscriptions;
  const tenancies: AzureStack[] = tenancyUnits(estate).map(({ spec, env }) => ({
    name: tenancyName(spec.name, env),
    project: tenancyProject(spec.name),
    stack: env,
    kind: 'tenancy',
    tenancy: spec.name,
    environment: env,
    subscriptions: [defined(spec.azure?.subscriptions[env], `the ${env} subscription of ${spec.name}`)],
    after: [national],
    description: `the landing zone of ${spec.name} ${env}, and its side of its peering with the hub`,
  }));
  return [
    {
      name: national,
      project: AZURE_STACKS.nationalProject,
      stack: AZURE_STACKS.national,
      kind: 'national',
      subscriptions: [subs.management, subs.connectivity, subs.identity, subs.security],
      after: [],
      description:
        'the national platform: management groups, policy baseline, management platform and archive, connectivity hub, national identity',
    },
    ...tenancies,
    {
      name: `${organization}/${AZURE_STACKS.nationalProject}/${AZURE_STACKS.peerings}`,
      project: AZURE_STACKS.nationalProject,
      stack: AZURE_STACKS.peerings,
      kind: 'peerings',
      subscriptions: [subs.connectivity],
      after: [national, ...tenancies.map((t) => t.name)],
      description:
        "the hub side of every spoke's peering: it peers the spokes that exist (read from Azure, not from their stacks) and warns of each tenancy stack not deployed yet, so run it again after one is",
    },
  ];
}

/** A national resource a tenancy stack reads (`get`): its logical name in the national stack and its Azure id. */
export interface NationalReference {
  readonly name: string;
  readonly id: string;
}

/** The outputs of the national stack: everything a tenancy stack takes from the platform. */
export interface NationalStackOutputs {
  readonly tenantId: string;
  readonly location: string;
  readonly rootManagementGroupId: string;
  /** Tenancy name → the id (name) of the management group its subscriptions are placed under. */
  readonly managementGroups: Readonly<Record<string, string>>;
  /** Resource id of the central Log Analytics workspace. */
  readonly workspaceId: string;
  readonly hub: {
    readonly subscriptionId: string;
    readonly resourceGroupName: string;
    readonly virtualNetworkName: string;
    readonly virtualNetworkId: string;
    readonly firewallPrivateIp: string;
    /** Private DNS zone name → zone id. */
    readonly privateDnsZoneIds: Readonly<Record<string, string>>;
  };
  /** The national audit archive's storage account and key vault, when the platform holds one. */
  readonly archive?: { readonly storageAccountId: string; readonly keyVaultId: string };
  readonly policyEnforcements: readonly { control: string; assignment: NationalReference; definitionReferenceIds?: readonly string[] }[];
  readonly policyRemediations: readonly {
    name: string;
    assignment: NationalReference;
    definitionReferenceId?: string;
    prerequisites?: readonly NationalReference[];
  }[];
  /** The national assignment that exports every subscription's activity log to the workspace (NPLZ-LOG-01). */
  readonly activityLogExport: {
    readonly assignmentId: string;
    readonly scope: string;
    readonly policyDefinitionId: string;
    readonly enforcementMode: string;
    readonly effect?: string;
    readonly workspaceId?: string;
  };
  /** An audit-only rollout: each zone exports its activity log itself. */
  readonly activityLogToWorkspace: boolean;
}

/** The outputs of a tenancy environment's stack: what the national peerings stack takes from it. */
export interface TenancyStackOutputs {
  readonly subscriptionId: string;
  readonly tenancyForces: readonly string[];
  readonly networkResourceGroupName: string;
  readonly virtualNetworkName: string;
  readonly virtualNetworkId: string;
  readonly keyVaultId: string;
  readonly auditStorageId: string;
}

type Exported<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** A resource's logical name, from its URN. */
const logicalName = (r: pulumi.Resource) => r.urn.apply((u) => u.slice(u.lastIndexOf('::') + 2));
const reference = (r: pulumi.CustomResource) => pulumi.all([logicalName(r), r.id]).apply(([name, id]) => ({ name, id }));

/**
 * The audit archives' immutability state for this apply, from the stack's config
 * (`pulumi config set nplz:auditImmutabilityState Unlocked`): Azure creates an immutability policy
 * only Unlocked, so a stack's first apply sets `Unlocked` and the next one, with the setting removed
 * (or `Locked`), locks it (docs/deploying.md). Unset, the archives are `Locked`, which is what the
 * audit checks.
 */
export function auditImmutabilityStateFromConfig(): 'Unlocked' | 'Locked' | undefined {
  const v = new pulumi.Config('nplz').get('auditImmutabilityState');
  if (v === undefined || v === '') return undefined;
  if (v === 'Unlocked' || v === 'Locked') return v;
  throw new Error(
    `stack config nplz:auditImmutabilityState is "${v}"; allowed: Unlocked (a stack's first apply: Azure creates an immutability policy only Unlocked) or Locked`,
  );
}

/**
 * Whether this apply adopts the subscription's existing Network Watcher, from the stack's config
 * (`pulumi config set nplz:adoptNetworkWatcher true`): Azure made `NetworkWatcherRG` and
 * `NetworkWatcher_<region>` for a VNet created before NPLZ, and the stack imports them (the `import`
 * resource option, ids from its subscription and region) instead of failing to create them. Set
 * for the first apply only, then removed (docs/deploying.md). Unset, the stack creates them.
 */
export function adoptNetworkWatcherFromConfig(): boolean {
  const v = new pulumi.Config('nplz').get('adoptNetworkWatcher');
  if (v === undefined || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  throw new Error(
    `stack config nplz:adoptNetworkWatcher is "${v}"; allowed: true (the subscription already has NetworkWatcherRG and NetworkWatcher_<region>, which this apply imports) or false`,
  );
}

/**
 * The national stack's program: the NationalLandingZone (platform only) and its outputs.
 */
export function nationalStack(
  estate: Estate,
  opts: { readonly breakGlassAccountIds?: readonly string[]; readonly auditImmutabilityState?: 'Unlocked' | 'Locked' } = {},
): { platform: NationalLandingZone; outputs: Exported<NationalStackOutputs> } {
  const immutability = opts.auditImmutabilityState ?? auditImmutabilityStateFromConfig();
  const adoptNetworkWatcher = adoptNetworkWatcherFromConfig();
  const platform = new NationalLandingZone('nplz', {
    estate,
    ...(adoptNetworkWatcher ? { adoptNetworkWatcher } : {}),
    ...(opts.breakGlassAccountIds ? { breakGlassAccountIds: opts.breakGlassAccountIds } : {}),
    ...(immutability ? { auditImmutabilityState: immutability } : {}),
  });
  const azure = defined(estate.national.azure, 'the national azure settings');
  const baseline = getBaseline(estate.national.baseline);
  const h = platform.hierarchy;
  const groups: Record<string, pulumi.Output<string>> = {};
  for (const t of estate.tenancies.map((x) => x.spec).filter((s) => s.azure)) {
    // A decommissioning tenancy's subscriptions sit under the decommissioned group (docs/lifecycle.md).
    const g = isDecommissioning(t) ? h.decommissioned : isCollaboration(t) ? h.collaborationGroups[t.name] : h.forceGroups[t.force];
    if (g) groups[t.name] = g.name;
  }
  const a = platform.policy.activityLogs;
  const archive = platform.managementPlatform.archive;
  const keys = platform.managementPlatform.archiveKeys;
  const outputs: Exported<NationalStackOutputs> = {
    tenantId: azure.tenantId,
    location: azure.location ?? baseline.regions.azure.home,
    rootManagementGroupId: h.root.id,
    managementGroups: pulumi.output(groups),
    workspaceId: platform.managementPlatform.workspaceId,
    hub: pulumi.output({
      subscriptionId: azure.subscriptions.connectivity,
      resourceGroupName: platform.hub.resourceGroupName,
      virtualNetworkName: platform.hub.virtualNetworkName,
      virtualNetworkId: platform.hub.virtualNetworkId,
      firewallPrivateIp: platform.hub.firewallPrivateIp,
      privateDnsZoneIds: pulumi.output(Object.fromEntries(Object.entries(platform.hub.privateDnsZones).map(([z, r]) => [z, r.id]))),
    }),
    ...(archive && keys ? { archive: pulumi.output({ storageAccountId: archive.account.id, keyVaultId: keys.vault.id }) } : {}),
    policyEnforcements: pulumi.output(
      platform.policy.enforcements.map((e) => ({
        control: e.control,
        assignment: reference(e.assignment),
        ...(e.definitionReferenceIds ? { definitionReferenceIds: [...e.definitionReferenceIds] } : {}),
      })),
    ),
    policyRemediations: pulumi.output(
      platform.policy.remediations.map((r) => ({
        name: r.name,
        assignment: reference(r.assignment),
        ...(r.definitionReferenceId ? { definitionReferenceId: r.definitionReferenceId } : {}),
        ...(r.prerequisites?.length ? { prerequisites: r.prerequisites.map((p) => reference(p as pulumi.CustomResource)) } : {}),
      })),
    ),
    activityLogExport: pulumi
      .all([a.id, a.scope, a.policyDefinitionId, a.enforcementMode, a.parameters])
      .apply(([assignmentId, scope, policyDefinitionId, enforcementMode, parameters]) => {
        const p = (parameters ?? {}) as Record<string, { value?: unknown } | undefined>;
        return {
          assignmentId,
          scope,
          policyDefinitionId: policyDefinitionId ?? '',
          enforcementMode: enforcementMode ?? 'Default',
          ...(typeof p.effect?.value === 'string' ? { effect: p.effect.value } : {}),
          ...(typeof p.logAnalytics?.value === 'string' ? { workspaceId: p.logAnalytics.value } : {}),
        };
      }),
    activityLogToWorkspace: azure.policyEnforcement === 'audit-only',
  };
  return { platform, outputs };
}

/** The value of a stack output, or a clear error naming the stack and the output. */
async function outputOf<T>(ref: pulumi.StackReference, stack: string, key: string): Promise<T> {
  const details = await ref.getOutputDetails(key);
  const value = details.value ?? details.secretValue;
  if (value === undefined)
    throw new Error(
      `stack ${stack} has no output ${key}; allowed: a stack deployed by this version of NPLZ (deploy it first, or again after an upgrade)`,
    );
  return value as T;
}

export interface TenancyStackArgs {
  /** The tenancy spec (validated by @nplz/core). */
  readonly tenancy: TenancySpec;
  /** The environment this stack deploys. */
  readonly environment: string;
  /**
   * Full name of the national stack.
   * @default 'organization/nplz/national'
   */
  readonly nationalStack?: string;
  /** @default 'organization' */
  readonly organization?: string;
  /** See ForceLandingZoneArgs.budgetStartDate. */
  readonly budgetStartDate?: string;
  /** See ForceLandingZoneArgs.auditImmutabilityState. */
  readonly auditImmutabilityState?: 'Unlocked' | 'Locked';
}

/**
 * A tenancy environment's stack: its ForceLandingZone, wired to the national platform through a
 * StackReference to the national stack, with the spoke side of its peering only (the national
 * peerings stack creates the hub's). It writes in the tenancy's subscription
 * alone. Returns the zone (a force's program adds its own assets to it) and the stack outputs.
 */
export async function tenancyStack(args: TenancyStackArgs): Promise<{ zone: ForceLandingZone; outputs: Exported<TenancyStackOutputs> }> {
  const org = args.organization ?? AZURE_STACKS.organization;
  const nationalName = args.nationalStack ?? `${org}/${AZURE_STACKS.nationalProject}/${AZURE_STACKS.national}`;
  const ref = new pulumi.StackReference('national', { name: nationalName });
  const get = <K extends keyof NationalStackOutputs>(key: K) => outputOf<NationalStackOutputs[K]>(ref, nationalName, key);
  const spec = args.tenancy;
  const env = args.environment;
  const immutability = args.auditImmutabilityState ?? auditImmutabilityStateFromConfig();
  const adoptNetworkWatcher = adoptNetworkWatcherFromConfig();
  const [tenantId, groups, workspaceId, hub, enforcements, remediations, activityLogToWorkspace] = await Promise.all([
    get('tenantId'),
    get('managementGroups'),
    get('workspaceId'),
    get('hub'),
    get('policyEnforcements'),
    get('policyRemediations'),
    get('activityLogToWorkspace'),
  ]);
  const group = groups[spec.name];
  if (!group)
    throw new Error(
      `stack ${nationalName} has no management group for tenancy ${spec.name}; allowed: a tenancy of the estate the national stack was deployed from (add it to the estate and deploy the national stack first)`,
    );
  // Each national resource read once (`get`), under its national name: a read of that resource.
  const reads = new Map<string, pulumi.CustomResource>();
  const read = <T extends pulumi.CustomResource>(r: NationalReference, make: (name: string, id: string) => T): T => {
    if (!reads.has(r.name)) reads.set(r.name, make(r.name, r.id));
    return reads.get(r.name) as T;
  };
  const assignment = (r: NationalReference) => read(r, (n, id) => authorization.PolicyAssignment.get(n, id));
  const zone = new ForceLandingZone(`${spec.name}-${env}`, {
    tenancy: spec,
    environment: env,
    tenantId,
    managementGroupId: group,
    workspaceId,
    hub: {
      resourceGroupName: hub.resourceGroupName,
      virtualNetworkName: hub.virtualNetworkName,
      virtualNetworkId: hub.virtualNetworkId,
      firewallPrivateIp: hub.firewallPrivateIp,
    },
    farSidePeerings: false,
    policyEnforcements: enforcements.map((e) => ({ ...e, assignment: assignment(e.assignment) })),
    policyRemediations: remediations.map((r) => ({
      ...r,
      assignment: assignment(r.assignment),
      prerequisites: (r.prerequisites ?? []).map((p) => read(p, (n, id) => authorization.RoleAssignment.get(n, id))),
    })),
    ...(activityLogToWorkspace ? { activityLogToWorkspace: true } : {}),
    ...(args.budgetStartDate ? { budgetStartDate: args.budgetStartDate } : {}),
    ...(immutability ? { auditImmutabilityState: immutability } : {}),
    ...(adoptNetworkWatcher ? { adoptNetworkWatcher } : {}),
  });
  const outputs: Exported<TenancyStackOutputs> = {
    subscriptionId: zone.subscriptionId,
    tenancyForces: [...zone.tenancyForces],
    networkResourceGroupName: zone.networkResourceGroup.name,
    virtualNetworkName: zone.virtualNetwork.name,
    virtualNetworkId: zone.virtualNetwork.id,
    keyVaultId: zone.keyVault.id,
    auditStorageId: zone.auditStorage.id,
  };
  return { zone, outputs };
}

/** The national peerings stack's component: the hub side of every spoke's peering. */
export class NationalPeerings extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super(`${NPLZ_AZURE_COMPONENT_PREFIX}NationalPeerings`, name, {}, opts);
  }
}

/**
 * Whether an invoke failed because Azure found no such resource: HTTP 404 with the ARM error code
 * `ResourceNotFound` (the resource) or `ResourceGroupNotFound` (its group), in the forms the Azure
 * SDKs print (`Status=404 Code="ResourceNotFound"`, `RESPONSE 404 … ERROR CODE: ResourceNotFound`,
 * `"code": "ResourceNotFound"`). Any other 404 (`SubscriptionNotFound`: a wrong or cancelled
 * subscription) or error is not "not found".
 */
export function isNotFound(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  if (!/Status=404\b|RESPONSE 404\b|StatusCode=404\b|status code 404\b/i.test(text)) return false;
  const code = /(?:\bCode="|ERROR CODE:\s*|"code"\s*:\s*")([A-Za-z]+)/i.exec(text)?.[1]?.toLowerCase();
  return code === 'resourcenotfound' || code === 'resourcegroupnotfound';
}

/**
 * The national peerings stack's program: for each tenancy environment, the hub's peering to its
 * spoke, in the connectivity subscription. It reads no tenancy stack: a StackReference to a stack
 * that was never deployed fails the whole update, and no program can catch that (pulumi/pulumi
 * #19202, #16591). The spoke's id follows from the spec (its subscription, `nplz-<tenancy>-<env>-network`,
 * `nplz-<tenancy>-<env>`), and whether it exists yet is read from Azure (a get of the VNet, in the
 * spoke's subscription, by the national identity). A spoke that is not there yet (its tenancy stack
 * not deployed) is left out with a warning naming the stack to deploy, and listed in the output
 * `pending`; the next run peers it. Only a 404 `ResourceNotFound` or `ResourceGroupNotFound` means
 * "not there yet" (`isNotFound`); any other failure of the read (`SubscriptionNotFound` for a wrong or
 * cancelled subscription, a denied read) stops the run with the spoke and the error. Before a spoke is
 * left out, the hub's peering to it is read: if the hub already has it (the spoke was peered, and its
 * VNet now reads 404), the peering stays declared, with a warning, and is listed in the output `kept`.
 * So a failed read never deletes a peering; removing the tenancy environment from the estate does.
 */
export async function nationalPeeringsStack(
  estate: Estate,
  opts: { readonly organization?: string } = {},
): Promise<{ peerings: NationalPeerings; outputs: Record<string, pulumi.Input<unknown>> }> {
  const stacks = azureStacks(estate, opts.organization);
  const national = defined(
    stacks.find((s) => s.kind === 'national'),
    'the national stack',
  );
  const self = defined(
    stacks.find((s) => s.kind === 'peerings'),
    'the national peerings stack',
  );
  const ref = new pulumi.StackReference('national', { name: national.name });
  const [hub, location] = await Promise.all([
    outputOf<NationalStackOutputs['hub']>(ref, national.name, 'hub'),
    outputOf<string>(ref, national.name, 'location'),
  ]);
  const component = new NationalPeerings('nplz-peerings');
  const hubProvider = new Provider('nplz-peerings-connectivity', { subscriptionId: hub.subscriptionId, location }, { parent: component });
  const peered: string[] = [];
  const pending: string[] = [];
  const kept: string[] = [];
  const readers = new Map<string, Provider>();
  for (const s of stacks.filter((x) => x.kind === 'tenancy')) {
    const subscriptionId = defined(s.subscriptions[0], `the subscription of ${s.name}`);
    const resourceGroupName = `nplz-${s.tenancy}-${s.environment}-network`;
    const virtualNetworkName = `nplz-${s.tenancy}-${s.environment}`;
    const spokeId = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Network/virtualNetworks/${virtualNetworkName}`;
    let reader = readers.get(subscriptionId);
    if (!reader) {
      reader = new Provider(`nplz-peerings-read-${subscriptionId}`, { subscriptionId, location }, { parent: component });
      readers.set(subscriptionId, reader);
    }
    let spoke: { id?: string };
    const fromHub = `to-${s.tenancy}-${s.environment}`;
    const failed = (what: string, error: unknown) =>
      new Error(
        `national peerings: reading ${what} (stack ${s.name}) failed: ${error instanceof Error ? error.message : String(error)}; allowed: a spoke that exists or that Azure reports as not found (404 ResourceNotFound or ResourceGroupNotFound; run again once the read succeeds)`,
      );
    try {
      spoke = await network.getVirtualNetwork({ resourceGroupName, virtualNetworkName }, { provider: reader });
    } catch (error) {
      if (!isNotFound(error)) throw failed(`spoke ${spokeId}`, error);
      // Not there: unless the hub is already peered with it, it is not deployed yet.
      let existing: { remoteVirtualNetwork?: { id?: string } } | undefined;
      try {
        existing = await network.getVirtualNetworkPeering(
          { resourceGroupName: hub.resourceGroupName, virtualNetworkName: hub.virtualNetworkName, virtualNetworkPeeringName: fromHub },
          { provider: hubProvider },
        );
      } catch (peeringError) {
        if (!isNotFound(peeringError)) throw failed(`the hub's peering ${fromHub}`, peeringError);
      }
      if (existing) {
        kept.push(s.name);
        pulumi.log.warn(
          `spoke ${virtualNetworkName} of stack ${s.name} reads as not found, but the hub is peered with it (${fromHub}): the hub's peering is kept; if the tenancy environment has gone, remove it from the estate, and run ${self.name} again to delete the peering`,
          component,
        );
        spoke = { id: existing.remoteVirtualNetwork?.id ?? spokeId };
      } else {
        pending.push(s.name);
        pulumi.log.warn(
          `spoke ${virtualNetworkName} of stack ${s.name} does not exist yet, so the hub is not peered with it: deploy ${s.name} (pulumi up --stack ${s.name}), then run ${self.name} again`,
          component,
        );
        continue;
      }
    }
    if (!kept.includes(s.name)) peered.push(s.name);
    new network.VirtualNetworkPeering(
      `${s.tenancy}-${s.environment}-from-hub`,
      {
        resourceGroupName: hub.resourceGroupName,
        virtualNetworkName: hub.virtualNetworkName,
        virtualNetworkPeeringName: fromHub,
        remoteVirtualNetwork: { id: spoke.id ?? spokeId },
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        allowGatewayTransit: false,
      },
      { parent: component, provider: hubProvider },
    );
  }
  return { peerings: component, outputs: { peered, pending, kept } };
}

/**
 * The Pulumi program of any Azure stack of the estate, chosen by the project and stack it runs as
 * (`pulumi.getProject()`, `pulumi.getStack()`): the national project's `national` and
 * `national-peerings`, or a tenancy project's environment. Use it as a program's entry
 * (`export = azureStackProgram(estate)`). A stack that is none of the estate's fails, naming them.
 */
export function azureStackProgram(
  estate: Estate,
  opts: { readonly organization?: string; readonly budgetStartDate?: string; readonly breakGlassAccountIds?: readonly string[] } = {},
): () => Promise<Record<string, unknown>> {
  return async () => {
    const org = opts.organization ?? pulumi.getOrganization();
    const name = `${org}/${pulumi.getProject()}/${pulumi.getStack()}`;
    const stacks = azureStacks(estate, org);
    const unit = stacks.find((s) => s.name === name);
    if (!unit)
      throw new Error(
        `stack ${name} is not a stack of the Azure estate; allowed: ${stacks
          .slice(0, 4)
          .map((s) => s.name)
          .join(', ')}${stacks.length > 4 ? `, … (${stacks.length} in all)` : ''}`,
      );
    return runAzureStack(estate, unit, { ...opts, organization: org });
  };
}

/** Run one stack's program (under `pulumi up`, or the plan recorder). */
export async function runAzureStack(
  estate: Estate,
  unit: AzureStack,
  opts: { readonly organization?: string; readonly budgetStartDate?: string; readonly breakGlassAccountIds?: readonly string[] } = {},
): Promise<Record<string, unknown>> {
  const org = opts.organization ?? AZURE_STACKS.organization;
  if (unit.kind === 'national') return nationalStack(estate, opts).outputs;
  if (unit.kind === 'peerings') return (await nationalPeeringsStack(estate, { organization: org })).outputs;
  const spec = defined(estate.tenancies.find((t) => t.spec.name === unit.tenancy)?.spec, `tenancy ${unit.tenancy}`);
  return (
    await tenancyStack({
      tenancy: spec,
      environment: defined(unit.environment, 'environment'),
      organization: org,
      ...(opts.budgetStartDate ? { budgetStartDate: opts.budgetStartDate } : {}),
    })
  ).outputs;
}
