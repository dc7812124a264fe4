import * as fs from 'node:fs';
import {
  type DecommissioningTenancy,
  defined,
  type Estate,
  evidenceRetention,
  EVIDENCE_READER_ROLES,
  type Finding,
  getBaseline,
  worstStatus,
  isDecommissioning,
  isStatefulType,
  MANAGEMENT_GROUP_IDS,
  NPLZ_TAGS,
  type PlanFile,
  type PlanResource,
  retentionEnd,
  type TenancySpec,
} from '@nplz/core';
import { controlFinding } from './finding';
import { openAssembly } from './aws-findings';

/** The rules of the decommissioning checks, each under the control it evidences. */
export const DECOMMISSION_RULES = Object.freeze({
  /** No workforce grant on a decommissioning tenancy's accounts or subscriptions (NPLZ-IAM-03). */
  workforceAccess: 'DecommissionedNoWorkforceAccess',
  /**
   * Its accounts are moved to Suspended by the deploy plan and its subscriptions sit under the
   * decommissioned group; no other tenancy's subscription sits there (NPLZ-GRD-04).
   */
  placement: 'DecommissionedPlacement',
  /** Its stateful resources are still rendered, each retained on delete (NPLZ-RET-02). */
  evidence: 'DecommissionedKeepsEvidence',
});

const ACCESS = 'NPLZ-IAM-03';
const RETAIN = 'NPLZ-RET-02';
const PLACEMENT = 'NPLZ-GRD-04';

/** Each decommissioning rule → the control it evidences (on both clouds). */
export const DECOMMISSION_CONTROLS: Readonly<Record<string, string>> = Object.freeze({
  [DECOMMISSION_RULES.workforceAccess]: ACCESS,
  [DECOMMISSION_RULES.placement]: PLACEMENT,
  [DECOMMISSION_RULES.evidence]: RETAIN,
});

/**
 * The national roles that keep their grants on a decommissioning tenancy's accounts: the auditor
 * reads its evidence and the SOC investigates ({@link EVIDENCE_READER_ROLES}; the Suspended OU's
 * deny-all SCP exempts exactly their Identity Center roles). Every other grant there is workforce access.
 */
export const DECOMMISSION_KEEPS: readonly string[] = EVIDENCE_READER_ROLES;

/** The stateful resources every tenancy environment renders, per cloud, that must outlive decommissioning. */
const AWS_EVIDENCE = ['AWS::KMS::Key'];
const AZURE_EVIDENCE = ['azure-native:storage:StorageAccount', 'azure-native:keyvault:Vault', 'azure-native:keyvault:Key'];
const AZURE_GRANTS = new Set(['azure-native:authorization:RoleAssignment', 'azure-native:authorization:PimRoleEligibilitySchedule']);
const RETAINED = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

interface DeployPlanLike {
  readonly afterwards?: readonly { readonly id?: string; readonly commands?: readonly string[] }[];
}

export interface DecommissionInput {
  readonly estate: Estate;
  readonly awsAssemblyDir?: string;
  readonly azurePlan?: Pick<PlanFile, 'resources'>;
  /** `deploy-plan.json` from `nplz synth`. */
  readonly deployPlanFile?: string;
}

type Template = {
  Resources?: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; Metadata?: Record<string, unknown> }
  >;
};

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The decommissioning checks, for every tenancy marked `lifecycle.state: decommissioning`: its
 * people hold no grant on its accounts and subscriptions (only {@link DECOMMISSION_KEEPS} may), its
 * accounts are moved to the Suspended OU by the deploy plan and its subscriptions sit under the
 * decommissioned management group, and the stateful resources it renders are all still there and
 * retained on delete. Each tenancy also gets a pass finding that says until when its evidence is kept.
 */
export function decommissionFindings(input: DecommissionInput): Finding[] {
  const decommissioning = input.estate.tenancies.map((t) => t.spec).filter(isDecommissioning);
  const out: Finding[] = [];
  const national = input.estate.national;
  // A tenancy in service placed under the decommissioned group leaves its force's guardrails.
  const retired = national.azure ? MANAGEMENT_GROUP_IDS.decommissioned(national.azure.rootManagementGroup) : undefined;
  const leaving = new Set(decommissioning.map((s) => s.name));
  for (const r of input.azurePlan?.resources ?? [])
    if (
      r.type === 'azure-native:management:ManagementGroupSubscription' &&
      r.tenancy &&
      !leaving.has(r.tenancy) &&
      text(r.inputs.groupId) === retired
    )
      out.push(
        controlFinding({
          control: PLACEMENT,
          status: 'fail',
          cloud: 'azure',
          tenancy: r.tenancy,
          ...(r.environment ? { environment: r.environment } : {}),
          resource: r.urn,
          rule: DECOMMISSION_RULES.placement,
          message: `${r.name} places a subscription of tenancy ${r.tenancy}, which is not decommissioning, under ${retired}; allowed: its force's or collaboration's group`,
        }),
      );
  if (!decommissioning.length) return out;
  const keptGroups = DECOMMISSION_KEEPS.map((role) => national.identity.groups[role]).filter((g) => g !== undefined);
  const keptAws = new Set(keptGroups.map((g) => g.awsGroupId).filter(Boolean));
  const keptEntra = new Set(keptGroups.map((g) => g.entraObjectId).filter(Boolean));
  const find = (
    spec: TenancySpec,
    cloud: 'aws' | 'azure',
    control: string,
    rule: string,
    resource: string,
    fail: string[],
    pass: string,
    environment?: string,
  ) =>
    out.push(
      controlFinding({
        control,
        status: fail.length ? 'fail' : 'pass',
        cloud,
        tenancy: spec.name,
        ...(environment ? { environment } : {}),
        resource,
        rule,
        message: fail.length ? fail.join('; ') : pass,
      }),
    );

  const asm = input.awsAssemblyDir && fs.existsSync(input.awsAssemblyDir) ? openAssembly(input.awsAssemblyDir) : undefined;
  const stacks = asm?.stacksRecursively ?? [];
  let plan: DeployPlanLike | undefined;
  if (input.deployPlanFile && fs.existsSync(input.deployPlanFile)) {
    try {
      plan = JSON.parse(fs.readFileSync(input.deployPlanFile, 'utf8')) as DeployPlanLike;
    } catch {
      plan = {}; // an unreadable plan records no step: the placement check fails below
    }
  }

  for (const spec of decommissioning) {
    const until = retentionEnd(spec, getBaseline(spec.baseline));
    const kept = `decommissioning since ${spec.lifecycle?.since}; evidence kept until ${until}`;
    if (spec.aws && asm) {
      const accounts = new Map(Object.entries(spec.aws.accounts).map(([env, id]) => [id, env]));
      const grants: string[] = [];
      for (const s of stacks) {
        for (const [id, r] of Object.entries((s.template as Template).Resources ?? {})) {
          if (r.Type !== 'AWS::SSO::Assignment') continue;
          const target = text(r.Properties?.TargetId);
          const principal = text(r.Properties?.PrincipalId);
          if (!accounts.has(target) || keptAws.has(principal)) continue;
          grants.push(
            `${(r.Metadata?.['aws:cdk:path'] as string | undefined) ?? `${s.stackName}/${id}`} assigns ${text(r.Properties?.PrincipalType ?? 'principal').toLowerCase()} ${principal} on account ${target} (${accounts.get(target)}), which is decommissioning`,
          );
        }
      }
      find(
        spec,
        'aws',
        ACCESS,
        DECOMMISSION_RULES.workforceAccess,
        `${spec.name}#aws.accounts`,
        grants,
        `${kept}: no Identity Center assignment on its accounts but the national auditor's and the SOC's`,
      );

      const steps = plan?.afterwards ?? [];
      const step = steps.find((x) => x.id === `suspend-${spec.name}`);
      const unmoved = [...accounts.keys()].filter(
        (a) => !(step?.commands ?? []).some((c) => c.includes('organizations move-account') && c.includes(`--account-id ${a} `)),
      );
      find(
        spec,
        'aws',
        PLACEMENT,
        DECOMMISSION_RULES.placement,
        `deploy-plan.json#afterwards/suspend-${spec.name}`,
        plan === undefined
          ? ['no deploy-plan.json beside the assembly records the move of its accounts to the Suspended OU']
          : unmoved.map((a) => `the deploy plan does not move account ${a} (${accounts.get(a)}) to the Suspended OU`),
        `${kept}: the deploy plan moves its accounts ${[...accounts.keys()].join(', ')} to the Suspended OU`,
      );

      for (const env of spec.environments) {
        const s = stacks.find((x) => x.tags[NPLZ_TAGS.tenancy] === spec.name && x.tags[NPLZ_TAGS.environment] === env);
        const res = Object.entries((s?.template as Template | undefined)?.Resources ?? {});
        const problems: string[] = [];
        if (!s) problems.push(`no stack renders environment ${env}: its data key and local assets would be deleted`);
        for (const type of AWS_EVIDENCE)
          if (s && !res.some(([, r]) => r.Type === type))
            problems.push(`its ${type} is no longer rendered in ${s.stackName}: removing it deletes it`);
        for (const [id, r] of res)
          if (isStatefulType('aws', r.Type) && !RETAINED.has(r.DeletionPolicy ?? 'Delete'))
            problems.push(
              `${(r.Metadata?.['aws:cdk:path'] as string | undefined) ?? id} (${r.Type}) has DeletionPolicy ${r.DeletionPolicy ?? 'Delete'}`,
            );
        find(
          spec,
          'aws',
          RETAIN,
          DECOMMISSION_RULES.evidence,
          s?.stackName ?? `Force-${spec.name}-${env}`,
          problems,
          `${kept}: its stateful resources are rendered and retained`,
          env,
        );
      }
    }

    if (spec.azure && input.azurePlan) {
      const resources = input.azurePlan.resources;
      const subs = new Map(Object.entries(spec.azure.subscriptions).map(([env, id]) => [id.toLowerCase(), env]));
      const inSubscription = (r: PlanResource) => {
        const m = /^\/subscriptions\/([^/]+)/i.exec(text(r.inputs.scope));
        return m?.[1] ? subs.get(m[1].toLowerCase()) : undefined;
      };
      const grants = resources
        .filter((r) => r.custom && AZURE_GRANTS.has(r.type) && inSubscription(r) !== undefined)
        .filter((r) => r.inputs.principalType !== 'ServicePrincipal' && !keptEntra.has(text(r.inputs.principalId)))
        .map(
          (r) =>
            `${r.name} grants ${text(r.inputs.principalType ?? 'principal').toLowerCase()} ${text(r.inputs.principalId)} a role at ${text(r.inputs.scope)}, which is decommissioning`,
        );
      find(
        spec,
        'azure',
        ACCESS,
        DECOMMISSION_RULES.workforceAccess,
        `${spec.name}#azure.subscriptions`,
        grants,
        `${kept}: no role assignment or eligibility for its people on its subscriptions`,
      );

      const root = national.azure?.rootManagementGroup;
      const group = root ? MANAGEMENT_GROUP_IDS.decommissioned(root) : undefined;
      for (const env of spec.environments) {
        const own = resources.filter((r) => r.tenancy === spec.name && r.environment === env && r.custom);
        const placement = own.filter((r) => r.type === 'azure-native:management:ManagementGroupSubscription');
        find(
          spec,
          'azure',
          PLACEMENT,
          DECOMMISSION_RULES.placement,
          placement[0]?.urn ?? `${spec.name}-${env}-placement`,
          placement.length === 0
            ? [`subscription ${spec.azure.subscriptions[env]} is placed under no management group`]
            : placement
                .filter((p) => text(p.inputs.groupId) !== group)
                .map(
                  (p) => `${p.name} places subscription ${spec.azure?.subscriptions[env]} under ${text(p.inputs.groupId)}, not ${group}`,
                ),
          `${kept}: subscription ${spec.azure.subscriptions[env]} sits under ${group}`,
          env,
        );
        const problems: string[] = [];
        for (const type of AZURE_EVIDENCE)
          if (!own.some((r) => r.type === type)) problems.push(`its ${type} is no longer in the plan: removing it deletes it`);
        for (const r of own)
          if (isStatefulType('azure', r.type) && !r.retainOnDelete && !r.protect)
            problems.push(`${r.name} (${r.type}) is not retained on delete`);
        find(
          spec,
          'azure',
          RETAIN,
          DECOMMISSION_RULES.evidence,
          `${spec.name}-${env}`,
          problems,
          `${kept}: its stateful resources are in the plan and retained`,
          env,
        );
      }
    }
  }
  return out;
}

/**
 * The report's section on decommissioning tenancies ({@link DecommissioningTenancy}), from the
 * estate and the findings once exceptions are applied: for each tenancy marked for decommissioning,
 * its mark, how long its evidence is kept, its accounts and subscriptions, and the worst status of
 * each decommissioning rule's findings. Empty when no tenancy is decommissioning.
 */
export function decommissioningTenancies(estate: Estate, findings: readonly Finding[]): DecommissioningTenancy[] {
  return estate.tenancies
    .map((t) => t.spec)
    .filter(isDecommissioning)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((spec) => {
      const l = defined(spec.lifecycle, `the lifecycle of ${spec.name}`);
      const own = findings.filter((f) => f.tenancy === spec.name && f.source === 'nplz');
      return {
        tenancy: spec.name,
        since: l.since,
        ...(l.approvedBy ? { approvedBy: l.approvedBy } : {}),
        ...(l.writesStoppedOn ? { writesStoppedOn: l.writesStoppedOn } : {}),
        retention: defined(evidenceRetention(spec, getBaseline(spec.baseline)), `the evidence retention of ${spec.name}`),
        awsAccounts: estate.national.aws ? { ...(spec.aws?.accounts ?? {}) } : {},
        azureSubscriptions: estate.national.azure ? { ...(spec.azure?.subscriptions ?? {}) } : {},
        rules: Object.values(DECOMMISSION_RULES).map((rule) => ({
          rule,
          control: defined(DECOMMISSION_CONTROLS[rule], `the control of ${rule}`),
          status: worstStatus(own.filter((f) => f.rule === rule).map((f) => f.status)) ?? ('not-evaluated' as const),
        })),
      };
    });
}
