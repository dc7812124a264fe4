import type { Problem } from '@nplz/core';
import { awsAccessGranted, awsPermissionSetExports, azureAccessGranted } from './access';
import { awsGuardrailLoosening, CfnTemplate, diffAwsTemplates, statefulBreaking, StackContext } from './aws-diff';
import { azureGuardrailLoosening, diffAzurePlans, DiffablePlan } from './azure-diff';
import { awsEvidenceLoosening, azureEvidenceLoosening } from './evidence';
import { awsGoverning, azureGoverning, GoverningScope } from './governs';
import type { AccessGranted, BreakingChange, DiffVerdict, ImpactRow, RenderingDiff, ResourceChange } from './types';

/** One stack's template in both renderings (absent on the side that does not have the stack). */
export interface StackPair extends StackContext {
  readonly from?: CfnTemplate;
  readonly to?: CfnTemplate;
}

export interface RenderingDiffInput {
  readonly awsStacks: readonly StackPair[];
  readonly azurePlans?: { readonly from: DiffablePlan; readonly to: DiffablePlan };
  /** Report only these tenancies (e.g. a force's own and its collaborations); nothing national. */
  readonly tenancies?: readonly string[];
  /**
   * Report only these tenancies and the national resources that govern them (see
   * {@link GoverningScope}). Takes the place of `tenancies`.
   */
  readonly scope?: GoverningScope;
}

const NATIONAL = 'national';

/**
 * Compare two renderings of an estate on both clouds: every resource change, the breaking ones
 * (stateful resources replaced or deleted, guardrails or evidence loosened) and the access gained.
 * Whatever made the renderings differ (two baselines, two versions of the estate) is the caller's.
 */
export function diffRenderings(input: RenderingDiffInput): RenderingDiff {
  const scope = input.scope;
  const reported = scope?.tenancies ?? input.tenancies;
  const changes: ResourceChange[] = [];
  const breaking: BreakingChange[] = [];
  const access: AccessGranted[] = [];
  // Permission sets by export: a tenancy's identity stack imports their ARNs from Nplz-Identity.
  const exports = {
    from: awsPermissionSetExports(input.awsStacks.map((s) => s.from)),
    to: awsPermissionSetExports(input.awsStacks.map((s) => s.to)),
  };
  for (const s of input.awsStacks) {
    const own = !reported || reported.includes(s.tenancy);
    // A national stack is read only for what governs the scope's accounts.
    const governing =
      !own && scope && s.tenancy === NATIONAL ? new Set([...awsGoverning(s.from, scope), ...awsGoverning(s.to, scope)]) : undefined;
    if (!own && !governing?.size) continue;
    const keep = (x: { resource: string }) => own || Boolean(governing?.has(x.resource));
    const from = s.from ?? { Resources: {} };
    const to = s.to ?? { Resources: {} };
    changes.push(...diffAwsTemplates(from, to, s).filter(keep));
    breaking.push(...[...awsGuardrailLoosening(from, to, s), ...awsEvidenceLoosening(from, to, s)].filter(keep));
    access.push(...awsAccessGranted(from, to, s, exports).filter(keep));
  }
  if (input.azurePlans) {
    const { from, to } = input.azurePlans;
    const governing = scope ? new Set([...azureGoverning(from, scope), ...azureGoverning(to, scope)]) : undefined;
    const keep = (x: { tenancy: string; resource: string }) =>
      !reported || reported.includes(x.tenancy) || (x.tenancy === NATIONAL && Boolean(governing?.has(x.resource)));
    changes.push(...diffAzurePlans(from, to).filter(keep));
    breaking.push(...[...azureGuardrailLoosening(from, to), ...azureEvidenceLoosening(from, to)].filter(keep));
    access.push(...azureAccessGranted(from, to).filter(keep));
  }
  breaking.push(...statefulBreaking(changes));
  const summary = new Map<string, ImpactRow>();
  for (const c of changes) {
    if (c.bookkeeping) continue;
    const key = `${c.tenancy}\u0000${c.cloud}`;
    const row = summary.get(key) ?? { tenancy: c.tenancy, cloud: c.cloud, add: 0, remove: 0, modify: 0, replace: 0 };
    row[c.action]++;
    summary.set(key, row);
  }
  const byPlace = (a: { tenancy: string; cloud: string; resource: string }, b: typeof a) =>
    a.tenancy.localeCompare(b.tenancy) || a.cloud.localeCompare(b.cloud) || a.resource.localeCompare(b.resource);
  return {
    changes: changes.sort((a, b) => byPlace(a, b) || a.stack.localeCompare(b.stack)),
    breaking: breaking.sort((a, b) => byPlace(a, b) || a.message.localeCompare(b.message)),
    access: access.sort((a, b) => byPlace(a, b) || a.message.localeCompare(b.message)),
    summary: [...summary.values()].sort((a, b) => a.tenancy.localeCompare(b.tenancy) || a.cloud.localeCompare(b.cloud)),
    bookkeeping: changes.filter((c) => c.bookkeeping).length,
  };
}

/** The verdict the headline and the exit code both come from. */
export function diffVerdict(d: Pick<RenderingDiff, 'breaking'>, blockers: readonly Problem[] = []): DiffVerdict {
  if (d.breaking.length) return 'breaking';
  if (blockers.length) return 'not-ready';
  return 'clean';
}

/** The exit code of a verdict: 3 when the change must not ship without a decision, else 0. */
export function verdictExitCode(v: DiffVerdict): 0 | 3 {
  return v === 'clean' ? 0 : 3;
}

const SYMBOL = { add: '+', remove: '-', modify: '~', replace: '±' } as const;

export interface RenderOptions {
  /** List every resource change with its property paths, bookkeeping included. */
  readonly details?: boolean;
  /** List the real resource changes (not the bookkeeping) without `details`' bookkeeping. */
  readonly changes?: boolean;
  /** What a tenancy must change in its spec first (shown under "Not ready"). */
  readonly blockers?: readonly Problem[];
  /** The version or estate being moved to, for the "Not ready" line. */
  readonly target?: string;
}

/** The body of a diff report, after its title: impact, changes, access, breaking, verdict last. */
export function renderRenderingDiff(d: RenderingDiff, opts: RenderOptions = {}): string[] {
  const lines: string[] = [];
  if (d.summary.length === 0) lines.push('No resource changes.');
  else {
    lines.push('Impact per tenancy (+ add, - remove, ~ modify, ± replace):');
    const w = Math.max(...d.summary.map((s) => s.tenancy.length));
    for (const s of d.summary)
      lines.push(`  ${s.tenancy.padEnd(w)}  ${s.cloud.padEnd(5)}  +${s.add} -${s.remove} ~${s.modify} ±${s.replace}`);
  }
  if (d.bookkeeping)
    lines.push(
      `Bookkeeping only: ${d.bookkeeping} resource${d.bookkeeping === 1 ? '' : 's'} change only their nplz:baseline or nplz:force tag or budget start date${opts.details ? '' : ' (--details lists them)'}.`,
    );
  const listed = d.changes.filter((c) => opts.details || (opts.changes && !c.bookkeeping));
  if (listed.length) {
    lines.push('', 'Changes:');
    let group = '';
    for (const c of listed) {
      const g = `${c.tenancy} · ${c.cloud} · ${c.stack}`;
      if (g !== group) lines.push(`  ${g}`);
      group = g;
      lines.push(
        `    ${SYMBOL[c.action]} ${c.action.padEnd(7)} ${c.type}  ${c.resource}${c.stateful ? '  [stateful]' : ''}${c.bookkeeping ? '  [bookkeeping]' : ''}`,
      );
      for (const p of c.paths.slice(0, 8)) lines.push(`        ${p}`);
      if (c.paths.length > 8) lines.push(`        … ${c.paths.length - 8} more`);
    }
  }
  if (d.access.length) {
    lines.push('', `New access (${d.access.length}): who gains what; review each`);
    for (const a of d.access) lines.push(`  + ${a.tenancy} · ${a.cloud}: ${a.message}`);
  }
  const blockers = opts.blockers ?? [];
  if (blockers.length) {
    lines.push(
      '',
      `Not ready${opts.target ? ` for ${opts.target}` : ''} (${blockers.length}): these tenancies must change their spec first`,
    );
    for (const b of blockers) lines.push(`  ✖ ${b.file ?? ''} ${b.path}: ${b.message}`);
  }
  if (d.breaking.length) {
    lines.push('', `Breaking changes (${d.breaking.length}):`);
    for (const b of d.breaking) lines.push(`  ✖ [${b.kind}] ${b.tenancy} · ${b.cloud}: ${b.message}`);
  }
  lines.push('', verdictLine(diffVerdict(d, blockers), d.breaking.length, blockers.length));
  return lines;
}

/** The headline: one sentence per verdict, so the text never says "no breaking change" above exit 3. */
export function verdictLine(v: DiffVerdict, breaking: number, blockers: number): string {
  switch (v) {
    case 'breaking':
      return `Verdict: BREAKING (${breaking} breaking change${breaking === 1 ? '' : 's'}${blockers ? `, ${blockers} not ready` : ''}): must not ship without a decision (exit 3).`;
    case 'not-ready':
      return `Verdict: NOT READY (${blockers}): no stateful resource is replaced or deleted and no guardrail is loosened, but a tenancy must change its spec first (exit 3).`;
    case 'clean':
      return 'Verdict: No breaking change: no stateful resource is replaced or deleted and no guardrail is loosened.';
  }
}
