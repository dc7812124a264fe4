import * as pulumi from '@pulumi/pulumi';
import * as management from '@pulumi/azure-native/management';
import { FORCE_IDS, MANAGEMENT_GROUP_IDS as ids } from '@nplz/core';
import { managementGroupScope } from './private/built-ins';

export interface ManagementGroupHierarchyArgs {
  /** The Entra tenant id; its tenant root group is the parent of the NPLZ root group. */
  readonly tenantId: string;
  /** Id of the NPLZ root management group, e.g. `nplz`. Every other group id starts with it. */
  readonly rootGroupId: string;
  /**
   * Display name of the root group.
   * @default 'National Policing Landing Zone'
   */
  readonly rootDisplayName?: string;
  /** Force ids (from the force registry in @nplz/core) that get a group under the forces group. */
  readonly forces: readonly string[];
  /**
   * Successor force ids the national settings' mergers declare: accepted in `forces` beside the registry's.
   * @default - none
   */
  readonly successors?: readonly string[];
  /**
   * Collaboration tenancy names that get a group under the collaborations group.
   * @default - no collaboration groups
   */
  readonly collaborations?: readonly string[];
}

/** Management group ids allow letters, digits, `-`, `_`, `.`, `(`, `)`, up to 90 characters. */
const GROUP_ID = /^[A-Za-z0-9][A-Za-z0-9._()-]{0,89}$/;

/**
 * The NPLZ management-group tree:
 * root → platform {management, connectivity, identity, security} → forces {one per force} →
 * collaborations {one per collaboration}; sandbox; decommissioned.
 */
export class ManagementGroupHierarchy extends pulumi.ComponentResource {
  public readonly root: management.ManagementGroup;
  public readonly platform: management.ManagementGroup;
  public readonly management: management.ManagementGroup;
  public readonly connectivity: management.ManagementGroup;
  public readonly identity: management.ManagementGroup;
  public readonly security: management.ManagementGroup;
  public readonly forces: management.ManagementGroup;
  public readonly collaborations: management.ManagementGroup;
  public readonly sandbox: management.ManagementGroup;
  public readonly decommissioned: management.ManagementGroup;
  /** Force id → its management group. */
  public readonly forceGroups: Readonly<Record<string, management.ManagementGroup>>;
  /** Collaboration tenancy name → its management group. */
  public readonly collaborationGroups: Readonly<Record<string, management.ManagementGroup>>;
  /** The id the group of each force gets: `<root>-force-<force>`. */
  public readonly forceGroupIds: Readonly<Record<string, string>>;
  public readonly collaborationGroupIds: Readonly<Record<string, string>>;

  constructor(name: string, args: ManagementGroupHierarchyArgs, opts?: pulumi.ComponentResourceOptions) {
    super('nplz:azure:ManagementGroupHierarchy', name, {}, opts);
    const root = args.rootGroupId;
    if (!GROUP_ID.test(root) || root.length > 60) {
      throw new pulumi.ResourceError(
        `ManagementGroupHierarchy: rootGroupId ${JSON.stringify(root)} is not a usable management group id; allowed: letters, digits, '-', '_', '.', '(' and ')', starting with a letter or digit, at most 60 characters (child group ids add suffixes up to Azure's 90)`,
        this,
      );
    }
    const unknown = args.forces.filter((f) => !FORCE_IDS.includes(f) && !args.successors?.includes(f));
    if (unknown.length) {
      throw new pulumi.ResourceError(
        `ManagementGroupHierarchy: forces contains ${unknown.map((f) => JSON.stringify(f)).join(', ')}, which is not a force id; allowed: ids from the force registry in @nplz/core (run \`nplz forces\`)`,
        this,
      );
    }
    const dup = args.forces.find((f, i) => args.forces.indexOf(f) !== i);
    if (dup)
      throw new pulumi.ResourceError(
        `ManagementGroupHierarchy: forces lists ${JSON.stringify(dup)} twice; allowed: distinct force ids`,
        this,
      );
    const collabs = args.collaborations ?? [];
    const dupCollab = collabs.find((c, i) => collabs.indexOf(c) !== i);
    if (dupCollab)
      throw new pulumi.ResourceError(
        `ManagementGroupHierarchy: collaborations lists ${JSON.stringify(dupCollab)} twice; allowed: distinct collaboration tenancy names`,
        this,
      );

    const group = (suffix: string, groupId: string, displayName: string, parentId: pulumi.Input<string>) =>
      new management.ManagementGroup(
        `${name}-${suffix}`,
        { groupId, displayName, details: { parent: { id: parentId } } },
        // A group holds subscriptions, policy and role assignments: removing it from the program
        // leaves it in Azure (NPLZ-RET-02 counts management groups as stateful).
        { parent: this, retainOnDelete: true },
      );

    this.root = group('root', root, args.rootDisplayName ?? 'National Policing Landing Zone', managementGroupScope(args.tenantId));
    this.platform = group('platform', ids.platform(root), 'Platform', this.root.id);
    this.management = group('management', ids.management(root), 'Management', this.platform.id);
    this.connectivity = group('connectivity', ids.connectivity(root), 'Connectivity', this.platform.id);
    this.identity = group('identity', ids.identity(root), 'Identity', this.platform.id);
    this.security = group('security', ids.security(root), 'Security', this.platform.id);
    this.forces = group('forces', ids.forces(root), 'Forces', this.root.id);
    this.collaborations = group('collaborations', ids.collaborations(root), 'Collaborations', this.forces.id);
    this.sandbox = group('sandbox', ids.sandbox(root), 'Sandbox', this.root.id);
    this.decommissioned = group('decommissioned', ids.decommissioned(root), 'Decommissioned', this.root.id);

    const forceGroups: Record<string, management.ManagementGroup> = {};
    const forceGroupIds: Record<string, string> = {};
    for (const force of [...args.forces].sort()) {
      forceGroupIds[force] = ids.force(root, force);
      forceGroups[force] = group(`force-${force}`, forceGroupIds[force], force, this.forces.id);
    }
    const collaborationGroups: Record<string, management.ManagementGroup> = {};
    const collaborationGroupIds: Record<string, string> = {};
    for (const collab of [...collabs].sort()) {
      collaborationGroupIds[collab] = ids.collaboration(root, collab);
      collaborationGroups[collab] = group(`collab-${collab}`, collaborationGroupIds[collab], collab, this.collaborations.id);
    }
    this.forceGroups = forceGroups;
    this.forceGroupIds = forceGroupIds;
    this.collaborationGroups = collaborationGroups;
    this.collaborationGroupIds = collaborationGroupIds;

    this.registerOutputs({ rootId: this.root.id, forcesId: this.forces.id });
  }
}
