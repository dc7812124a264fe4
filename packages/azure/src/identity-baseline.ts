import * as pulumi from '@pulumi/pulumi';
import type * as management from '@pulumi/azure-native/management';
import type { Baseline } from '@nplz/core';
import { grantRole } from './private/role-grants';

/** An identity group of a national role. */
export interface NationalGroup {
  readonly displayName: string;
  /** Entra ID object id of the group. */
  readonly entraObjectId?: string;
}

export interface IdentityBaselineArgs {
  readonly baseline: Baseline;
  /** The NPLZ root group: national roles apply across the whole estate. */
  readonly rootGroup: management.ManagementGroup;
  readonly rootGroupId: string;
  /** National role id (from the baseline) → Entra group. */
  readonly groups: Readonly<Record<string, NationalGroup>>;
}

/**
 * Role assignments for the national groups at the NPLZ root group: PIM eligibility for
 * privileged roles, active assignments for the others, as the baseline says.
 */
export class IdentityBaseline extends pulumi.ComponentResource {
  /** National role id → its assignment or eligibility. */
  public readonly grants: Readonly<Record<string, pulumi.CustomResource>>;

  constructor(name: string, args: IdentityBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    super('nplz:azure:IdentityBaseline', name, {}, opts);
    const roles = args.baseline.roles.national;
    const roleIds = roles.map((r) => r.id);
    for (const [roleId, group] of Object.entries(args.groups)) {
      if (!roleIds.includes(roleId)) {
        throw new pulumi.ResourceError(
          `IdentityBaseline: groups.${roleId} names a role that is not a national role in baseline ${args.baseline.version}; allowed: one of ${roleIds.join(', ')}`,
          this,
        );
      }
      if (!group.entraObjectId) {
        throw new pulumi.ResourceError(
          `IdentityBaseline: groups.${roleId}.entraObjectId is missing for group ${JSON.stringify(group.displayName)}; allowed: the Entra ID object id of the group`,
          this,
        );
      }
    }
    const grants: Record<string, pulumi.CustomResource> = {};
    for (const role of roles) {
      const group = args.groups[role.id];
      if (!group?.entraObjectId) continue;
      grants[role.id] = grantRole(
        `${name}-${role.id}`,
        role,
        { displayName: group.displayName, entraObjectId: group.entraObjectId },
        args.rootGroup.id,
        args.rootGroupId,
        { parent: this },
      );
    }
    this.grants = grants;
    this.registerOutputs({ roles: Object.keys(grants) });
  }
}
