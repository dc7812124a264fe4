import type { PolicyResourceOptions, ReportViolation } from '@pulumi/policy';
import { NplzError, type Baseline } from '@nplz/core';
import { AZURE_POLICIES } from './azure-policies';
import { matchesType, type AzurePolicyFactory, type NplzAzurePolicy, type NplzResourceValidationArgs } from './define-policy';
import { baselineResolver, toOptions, type AzureEvaluationOptions } from './evaluation-options';
import { PLAN_FORMAT } from '@nplz/core';
import type { AzurePlan, AzurePlanResource, AzurePolicyResult } from './plan';
import { evaluatePlanChecks } from './plan-checks';
import { PlanIndex } from './private/plan-index';
import { subscriptionInScope } from './private/roles';

class NotApplicable extends Error {}

function optsOf(r: AzurePlanResource): PolicyResourceOptions {
  return {
    protect: r.protect === true,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(r.parent ? { parent: r.parent } : {}),
  };
}

/** `ResourceValidationArgs` for a plan resource, as the Pulumi engine would build them from its inputs. */
export function validationArgs(r: AzurePlanResource, index: PlanIndex): NplzResourceValidationArgs {
  const provider = index.providerOf(r);
  const subscriptionId = index.subscriptionOf(r);
  const isType = (cls: unknown) => (cls as { __pulumiType?: string } | undefined)?.__pulumiType === r.type;
  return {
    type: r.type,
    props: r.inputs as Record<string, unknown>,
    urn: r.urn,
    name: r.name,
    opts: optsOf(r),
    ...(provider
      ? { provider: { type: provider.type, props: provider.inputs as Record<string, unknown>, urn: provider.urn, name: provider.name } }
      : {}),
    stackTags: new Map(),
    isType,
    asType: ((cls: unknown) => (isType(cls) ? r.inputs : undefined)) as NplzResourceValidationArgs['asType'],
    getConfig: <T extends object>() => ({}) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
    nplz: {
      placement: {
        ...(r.tenancy ? { tenancy: r.tenancy } : {}),
        ...(r.environment ? { environment: r.environment } : {}),
        ...(subscriptionId ? { subscriptionId } : {}),
      },
      subscriptionOf: (scope) => {
        const direct = subscriptionInScope(scope);
        if (direct) return direct;
        const target = index.resolve(scope) ?? index.resources.find((x) => x.id && scope.startsWith(`${x.id}/`));
        return target ? index.subscriptionOf(target) : undefined;
      },
    },
  };
}

/** Run one policy on one resource; undefined when the policy says it does not apply. */
export async function runPolicy(p: NplzAzurePolicy, args: NplzResourceValidationArgs): Promise<string[] | undefined> {
  const violations: string[] = [];
  const report: ReportViolation = (message) => void violations.push(message);
  const validations =
    p.policy.validateResource === undefined
      ? []
      : Array.isArray(p.policy.validateResource)
        ? p.policy.validateResource
        : [p.policy.validateResource];
  try {
    for (const v of validations) await v(args, report);
  } catch (e) {
    if (e instanceof NotApplicable) return undefined;
    throw e;
  }
  return violations;
}

/**
 * Evaluate the resource policies over a recorded plan: every policy × every custom resource whose
 * type it reads. The result is `pass` when the policy reported nothing and `fail` with the
 * policy's messages (joined with `; `) otherwise. Asynchronous because a Pulumi validation may be.
 * Results are in policy order, then plan (URN) order.
 */
export async function evaluatePlan(
  plan: Pick<AzurePlan, 'resources'>,
  options?: Baseline | AzureEvaluationOptions,
  policies: readonly AzurePolicyFactory[] = AZURE_POLICIES,
): Promise<AzurePolicyResult[]> {
  const opts = toOptions(options);
  const baselineFor = baselineResolver(plan, opts);
  const index = new PlanIndex(plan);
  const instances = new Map<string, NplzAzurePolicy[]>();
  const forBaseline = (b: Baseline) => {
    let list = instances.get(b.version);
    if (!list) instances.set(b.version, (list = policies.map((f) => f(b))));
    return list;
  };
  const rows: { order: number; result: AzurePolicyResult }[] = [];
  for (const r of plan.resources) {
    if (!r.custom || r.type.startsWith('pulumi:providers:')) continue;
    const b = baselineFor(r);
    const args = validationArgs(r, index);
    const list = forBaseline(b);
    for (const [i, p] of list.entries()) {
      if (!matchesType(p.resourceTypes, r.type) || !b.controls.includes(p.control)) continue;
      const violations = await runPolicy(p, args);
      if (!violations) continue;
      rows.push({
        order: i,
        result: {
          policy: p.policy.name,
          control: p.control,
          urn: r.urn,
          name: r.name,
          type: r.type,
          ...(r.tenancy ? { tenancy: r.tenancy } : {}),
          ...(r.environment ? { environment: r.environment } : {}),
          status: violations.length ? 'fail' : 'pass',
          message: violations.length ? violations.join('; ') : p.policy.description,
        },
      });
    }
  }
  return rows
    .sort((a, b) => a.order - b.order || (a.result.urn < b.result.urn ? -1 : a.result.urn > b.result.urn ? 1 : 0))
    .map((x) => x.result);
}

/** Resource policies and plan checks together: everything NPLZ checks in an Azure plan. */
export async function auditAzurePlan(
  plan: Pick<AzurePlan, 'resources'>,
  options?: Baseline | AzureEvaluationOptions,
): Promise<AzurePolicyResult[]> {
  return [...(await evaluatePlan(plan, options)), ...evaluatePlanChecks(plan, options)];
}

/**
 * A parsed `plan.json`, checked for the fields the runner reads.
 * @throws NplzError naming the file, the field, the value and what is allowed.
 */
export function parseAzurePlan(value: unknown, file?: string): AzurePlan {
  const fail = (path: string, received: unknown, message: string, allowed: string): never => {
    throw NplzError.of({ ...(file ? { file } : {}), path, received, message, allowed });
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail('', value, 'the plan is not a JSON object', `an object with format "${PLAN_FORMAT}"`);
  const v = value as Record<string, unknown>;
  if (v.format !== PLAN_FORMAT) fail('format', v.format, 'unknown plan format', `"${PLAN_FORMAT}" (written by nplz synth)`);
  if (!Array.isArray(v.resources)) fail('resources', v.resources, 'resources is not a list', 'an array of recorded resources');
  (v.resources as unknown[]).forEach((r, i) => {
    const o = r as Record<string, unknown> | null;
    if (!o || typeof o !== 'object') return fail(`resources[${i}]`, r, 'not an object', 'a recorded resource');
    for (const k of ['urn', 'type', 'name'] as const)
      if (typeof o[k] !== 'string') fail(`resources[${i}].${k}`, o[k], `${k} is not a string`, 'a string');
    if (typeof o.custom !== 'boolean') fail(`resources[${i}].custom`, o.custom, 'custom is not a boolean', 'true or false');
    if (o.inputs === null || typeof o.inputs !== 'object' || Array.isArray(o.inputs))
      fail(`resources[${i}].inputs`, o.inputs, 'inputs is not an object', 'an object');
    if (!Array.isArray(o.dependencies))
      fail(`resources[${i}].dependencies`, o.dependencies, 'dependencies is not a list', 'an array of URNs');
  });
  return {
    project: typeof v.project === 'string' ? v.project : '',
    stack: typeof v.stack === 'string' ? v.stack : '',
    ...(typeof v.tool === 'string' ? { tool: v.tool } : {}),
    format: PLAN_FORMAT,
    ...(Array.isArray(v.stacks) ? { stacks: v.stacks as AzurePlan['stacks'] } : {}),
    resources: v.resources as AzurePlanResource[],
  };
}
