import * as fs from 'node:fs';
import {
  currentForce,
  type Estate,
  type Finding,
  isDecommissioning,
  MANAGEMENT_GROUP_IDS,
  mergedForces,
  type PlanFile,
  successorIds,
  type TenancySpec,
} from '@nplz/core';
import { openAssembly } from './aws-findings';
import { controlFinding } from './finding';

/** The rule of the merger check, under the control it evidences. */
export const MERGER_RULES = Object.freeze({
  /**
   * A successor's accounts are moved to its OU by the deploy plan and its subscriptions sit under
   * its management group; the merged forces' OUs and groups are still rendered (NPLZ-GRD-04).
   */
  placement: 'SuccessorPlacement',
});

const PLACEMENT = 'NPLZ-GRD-04';

/** Each merger rule → the control it evidences (on both clouds). */
export const MERGER_CONTROLS: Readonly<Record<string, string>> = Object.freeze({ [MERGER_RULES.placement]: PLACEMENT });

interface DeployPlanLike {
  readonly afterwards?: readonly { readonly id?: string; readonly commands?: readonly string[] }[];
}

export interface MergerInput {
  readonly estate: Estate;
  readonly awsAssemblyDir?: string;
  readonly azurePlan?: Pick<PlanFile, 'resources'>;
  /** `deploy-plan.json` from `nplz synth`. */
  readonly deployPlanFile?: string;
}

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The merger check, for every tenancy a merger's successor owns (a decommissioning one is the
 * decommissioning check's): on AWS the deploy plan's `merge-<successor>` step moves each of its
 * accounts to the successor's OU (named by its id, under Forces), and the organisation template still renders the OU of every
 * force merged into it; on Azure each subscription is placed under the successor's group, and the
 * merged forces' groups are still in the plan. A merged force's OU or group left out of the code
 * would be removed from it (both are retained, so they would stay in the cloud, unmanaged).
 */
export function mergerFindings(input: MergerInput): Finding[] {
  const national = input.estate.national;
  const mergers = national.mergers ?? [];
  if (!mergers.length) return [];
  const successors = new Set(successorIds(mergers));
  const owned = input.estate.tenancies.map((t) => t.spec).filter((s) => s.force && successors.has(s.force) && !isDecommissioning(s));
  if (!owned.length) return [];
  const out: Finding[] = [];
  const find = (spec: TenancySpec, cloud: 'aws' | 'azure', resource: string, fail: string[], pass: string) =>
    out.push(
      controlFinding({
        control: PLACEMENT,
        status: fail.length ? 'fail' : 'pass',
        cloud,
        tenancy: spec.name,
        resource,
        rule: MERGER_RULES.placement,
        message: fail.length ? fail.join('; ') : pass,
      }),
    );
  const keptFor = (successor: string) => mergedForces(mergers).filter((f) => currentForce(f, mergers) === successor);

  const asm = input.awsAssemblyDir && fs.existsSync(input.awsAssemblyDir) ? openAssembly(input.awsAssemblyDir) : undefined;
  const ouNames = new Set(
    (asm?.stacksRecursively ?? []).flatMap((s) =>
      Object.values((s.template as { Resources?: Record<string, { Type: string; Properties?: { Name?: unknown } }> }).Resources ?? {})
        .filter((r) => r.Type === 'AWS::Organizations::OrganizationalUnit')
        .map((r) => text(r.Properties?.Name)),
    ),
  );
  let plan: DeployPlanLike | undefined;
  if (input.deployPlanFile && fs.existsSync(input.deployPlanFile)) {
    try {
      plan = JSON.parse(fs.readFileSync(input.deployPlanFile, 'utf8')) as DeployPlanLike;
    } catch {
      plan = {}; // an unreadable plan records no step: the check fails below
    }
  }
  const root = national.azure?.rootManagementGroup;
  const groups = new Set(
    (input.azurePlan?.resources ?? [])
      .filter((r) => r.type === 'azure-native:management:ManagementGroup')
      .map((r) => text(r.inputs.groupId)),
  );

  for (const spec of owned) {
    const successor = spec.force as string;
    const kept = keptFor(successor);
    if (spec.aws && asm) {
      const ou = successor; // the OU of a force is named by its id, under Forces
      const step = plan?.afterwards?.find((x) => x.id === `merge-${successor}`);
      const problems: string[] = [];
      if (plan === undefined) problems.push(`no deploy-plan.json beside the assembly records the move of its accounts to the OU ${ou}`);
      else
        for (const [env, id] of Object.entries(spec.aws.accounts))
          if (
            !(step?.commands ?? []).some(
              (c) => c.includes('organizations move-account') && c.includes(`--account-id ${id} `) && c.includes(`'${ou}'`),
            )
          )
            problems.push(`the deploy plan does not move account ${id} (${env}) to the OU ${ou}`);
      if (!ouNames.has(ou)) problems.push(`the organisation renders no OU ${ou}`);
      for (const f of kept)
        if (!ouNames.has(f)) problems.push(`the organisation no longer renders OU ${f}, the OU of merged force ${f}: it would be removed`);
      find(
        spec,
        'aws',
        `deploy-plan.json#afterwards/merge-${successor}`,
        problems,
        `successor ${successor}: the deploy plan moves accounts ${Object.values(spec.aws.accounts).join(', ')} to the OU ${ou}; the OUs of ${kept.join(', ')} stay`,
      );
    }
    if (spec.azure && root && input.azurePlan) {
      const group = MANAGEMENT_GROUP_IDS.force(root, successor);
      const problems: string[] = [];
      const placements = input.azurePlan.resources.filter(
        (r) => r.type === 'azure-native:management:ManagementGroupSubscription' && r.tenancy === spec.name,
      );
      for (const [env, id] of Object.entries(spec.azure.subscriptions)) {
        // The placement names no subscription: it runs under the environment's provider (its subscription).
        const p = placements.find((r) => r.environment === env);
        if (!p) problems.push(`no placement renders subscription ${id} (${env})`);
        else if (text(p.inputs.groupId) !== group)
          problems.push(`subscription ${id} (${env}) is placed under ${text(p.inputs.groupId)}; allowed: ${group}`);
      }
      for (const f of kept) {
        const id = MANAGEMENT_GROUP_IDS.force(root, f);
        if (!groups.has(id)) problems.push(`the plan no longer renders ${id}, the group of merged force ${f}: it would be deleted`);
      }
      find(
        spec,
        'azure',
        `${spec.name}#azure.subscriptions`,
        problems,
        `successor ${successor}: its subscriptions sit under ${group}; the groups of ${kept.join(', ')} stay`,
      );
    }
  }
  return out;
}
