import * as pulumi from '@pulumi/pulumi';
import { AZURE_ROLES_ELIGIBLE_ONLY_IN_PRODUCTION, type Baseline, type BaselineRole, type TenancySpec } from '@nplz/core';
import { subscriptionScope } from './private/built-ins';
import { formerParentAlias } from './private/moved';
import { grantRole } from './private/role-grants';

export interface TenancyAccessArgs {
  readonly baseline: Baseline;
  /** The tenancy's identity groups by force role id (`TenancySpec.identity.groups`). */
  readonly groups: TenancySpec['identity']['groups'];
  /** The subscription the roles are granted on. */
  readonly subscriptionId: string;
  /** Provider pinned to the subscription. */
  readonly provider: pulumi.ProviderResource;
  /**
   * Prefix of the logical names of the grants (`<namePrefix>-<role id>`).
   * ForceLandingZone passes its own name: the names its grants had before it was split into components.
   * @default - the component's name
   */
  readonly namePrefix?: string;
  /**
   * The subscription is production: the roles of `AZURE_ROLES_ELIGIBLE_ONLY_IN_PRODUCTION` (Owner,
   * Contributor, the access administrators) are granted as PIM eligibilities even where the
   * baseline grants them actively elsewhere.
   * @default false
   */
  readonly production?: boolean;
}

/**
 * The baseline's force roles on a tenancy's subscription, each for the group the tenancy names
 * for it: a PIM eligibility where the baseline marks the role eligible (privileged roles are
 * activated just in time) or where a production subscription allows the role only through PIM,
 * an active assignment otherwise. A role without a group, or whose
 * group has no Entra object id, is not granted.
 */
export class TenancyAccess extends pulumi.ComponentResource {
  /** Role id → its PIM eligibility or role assignment. */
  public readonly grants: Readonly<Record<string, pulumi.CustomResource>>;

  constructor(name: string, args: TenancyAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super('nplz:azure:TenancyAccess', name, {}, opts);
    const prefix = args.namePrefix ?? name;
    const child = { parent: this, provider: args.provider, ...formerParentAlias(opts) };
    const scope = subscriptionScope(args.subscriptionId);

    const grants: Record<string, pulumi.CustomResource> = {};
    for (const role of args.baseline.roles.force) {
      const group = args.groups[role.id];
      if (!group?.entraObjectId) continue;
      grants[role.id] = grantRole(
        `${prefix}-${role.id}`,
        role,
        { displayName: group.displayName, entraObjectId: group.entraObjectId },
        scope,
        args.subscriptionId,
        child,
        role.azure.eligible || (args.production === true && onlyEligibleInProduction(role)),
      );
    }
    this.grants = grants;

    this.registerOutputs({ roles: Object.keys(grants) });
  }
}

function onlyEligibleInProduction(role: BaselineRole): boolean {
  return (AZURE_ROLES_ELIGIBLE_ONLY_IN_PRODUCTION as readonly string[]).includes(role.azure.builtInRole);
}
