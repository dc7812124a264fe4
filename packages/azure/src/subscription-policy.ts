import * as pulumi from '@pulumi/pulumi';
import * as authorization from '@pulumi/azure-native/authorization';
import * as policyinsights from '@pulumi/azure-native/policyinsights';
import { exceptionInScope, type ControlException } from '@nplz/core';
import type { ControlEnforcement, PolicyRemediation } from './policy-baseline';
import { subscriptionScope } from './private/built-ins';
import { formerParentAlias } from './private/moved';

export interface SubscriptionPolicyArgs {
  readonly subscriptionId: string;
  /** The environment the subscription serves: exceptions scoped to another environment are left out. */
  readonly environment: string;
  /**
   * The tenancy's exceptions (`TenancySpec.exceptions`), all of them, not only this subscription's:
   * an exemption is named by its exception's index in the spec, so a filtered list would rename exemptions.
   * @default - no exceptions
   */
  readonly exceptions?: readonly ControlException[];
  /**
   * The national policy assignments and the controls they enforce (`PolicyBaseline.enforcements`).
   * @default - no exemptions are rendered
   */
  readonly enforcements?: readonly ControlEnforcement[];
  /**
   * The national DeployIfNotExists work to carry out in the subscription (`PolicyBaseline.remediations`).
   * @default - no remediation tasks
   */
  readonly remediations?: readonly PolicyRemediation[];
  /**
   * What places the subscription under its management group. An assignment reaches the
   * subscription only once it is placed there, so the remediation tasks wait for it.
   * @default - the tasks wait for nothing
   */
  readonly placement?: pulumi.Resource;
  /** Provider pinned to the subscription. */
  readonly provider: pulumi.ProviderResource;
  /**
   * Prefix of the logical names of its resources (`<namePrefix>-remediate-<task>`, `<namePrefix>-exemption-<i>-<k>`).
   * ForceLandingZone passes its own name: the names its resources had before it was split into components.
   * @default - the component's name
   */
  readonly namePrefix?: string;
}

/** Azure refuses a policy exemption whose description is longer than this. */
export const EXEMPTION_DESCRIPTION_MAX = 512;

/**
 * An exemption's description: the reason, the approver and the resource pattern, cut to Azure's
 * limit. The approver and the pattern come first in the cut, since they say who answers for it and
 * what it covers; the full reason stays in the tenancy spec and the exemption's metadata.
 */
export function exemptionDescription(ex: ControlException): string {
  const tail = ` Approved by ${ex.approvedBy}.${ex.scope.resource ? ` Applies to ${ex.scope.resource}.` : ''}`;
  const full = `${ex.reason}${tail}`;
  if (full.length <= EXEMPTION_DESCRIPTION_MAX) return full;
  const room = EXEMPTION_DESCRIPTION_MAX - tail.length - 1;
  return room > 0 ? `${ex.reason.slice(0, room)}…${tail}` : full.slice(0, EXEMPTION_DESCRIPTION_MAX);
}

/**
 * The national policy in one force subscription: a remediation task (re-evaluating compliance
 * first) for each DeployIfNotExists assignment, without which the Defender plans and the
 * activity-log export reach a new subscription only when something in it is next created or
 * changed; and a policy exemption (Waiver, expiring with the exception) for each of the tenancy's
 * Azure exceptions to a control an assignment enforces.
 */
export class SubscriptionPolicy extends pulumi.ComponentResource {
  public readonly remediations: readonly policyinsights.RemediationAtSubscription[];
  public readonly exemptions: readonly authorization.PolicyExemption[];

  constructor(name: string, args: SubscriptionPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    super('nplz:azure:SubscriptionPolicy', name, {}, opts);
    const prefix = args.namePrefix ?? name;
    const child = { parent: this, provider: args.provider, ...formerParentAlias(opts) };
    const scope = subscriptionScope(args.subscriptionId);
    const placement = args.placement ? [args.placement] : [];

    this.remediations = (args.remediations ?? []).map(
      (r) =>
        new policyinsights.RemediationAtSubscription(
          `${prefix}-remediate-${r.name}`,
          {
            remediationName: `nplz-${r.name}`,
            policyAssignmentId: r.assignment.id,
            ...(r.definitionReferenceId ? { policyDefinitionReferenceId: r.definitionReferenceId } : {}),
            resourceDiscoveryMode: 'ReEvaluateCompliance',
          },
          // Once the subscription sits under the assignment's group, and the assignment's identity
          // holds the roles its deployments need: a task run before either fails and is not retried.
          { ...child, dependsOn: [...placement, ...(r.prerequisites ?? [])] },
        ),
    );

    // An exemption cannot name resources, so it covers the subscription; the audit still narrows
    // each exception to its environment and resource pattern.
    const exemptions: authorization.PolicyExemption[] = [];
    (args.exceptions ?? []).forEach((ex, i) => {
      if (!exceptionInScope(ex, { cloud: 'azure', environment: args.environment, anyResource: true })) return;
      for (const [k, enf] of (args.enforcements ?? []).filter((e) => e.control === ex.control).entries()) {
        exemptions.push(
          new authorization.PolicyExemption(
            `${prefix}-exemption-${i}-${k}`,
            {
              scope,
              policyExemptionName: `nplz-${ex.control.toLowerCase()}-${i}-${k}`,
              policyAssignmentId: enf.assignment.id,
              ...(enf.definitionReferenceIds ? { policyDefinitionReferenceIds: [...enf.definitionReferenceIds] } : {}),
              exemptionCategory: 'Waiver',
              expiresOn: `${ex.expires}T23:59:59Z`,
              displayName: `NPLZ exception to ${ex.control}`,
              description: exemptionDescription(ex),
              metadata: {
                nplzControl: ex.control,
                reason: ex.reason,
                approvedBy: ex.approvedBy,
                expires: ex.expires,
                ...(ex.scope.resource ? { resource: ex.scope.resource } : {}),
              },
            },
            // An exemption names an assignment that reaches the subscription only once it is placed.
            { ...child, dependsOn: placement },
          ),
        );
      }
    });
    this.exemptions = exemptions;

    this.registerOutputs({ remediations: this.remediations.length, exemptions: this.exemptions.length });
  }
}
