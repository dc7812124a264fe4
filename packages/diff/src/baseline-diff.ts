import { BASELINE_VERSIONS, getBaseline } from '@nplz/core';
import { awsGuardrailLoosening, CfnTemplate, diffAwsTemplates, statefulBreaking, StackContext } from './aws-diff';
import { azureGuardrailLoosening, diffAzurePlans, DiffablePlan } from './azure-diff';
import { awsEvidenceLoosening, azureEvidenceLoosening } from './evidence';
import type { BaselineDiff, BreakingChange, ResourceChange } from './types';

/** One stack's template rendered at both versions. */
export interface StackPair extends StackContext {
  readonly from?: CfnTemplate;
  readonly to?: CfnTemplate;
}

export interface BaselineDiffInput {
  readonly from: string;
  readonly to: string;
  readonly awsStacks: readonly StackPair[];
  readonly azurePlans?: { readonly from: DiffablePlan; readonly to: DiffablePlan };
  /** Report only these tenancies (e.g. a force's own and its collaborations). */
  readonly tenancies?: readonly string[];
}

/** Changelog entries of the baselines after `from` up to and including `to` (or, downgrading, of those undone). */
export function changelogBetween(from: string, to: string): string[] {
  const a = BASELINE_VERSIONS.indexOf(from);
  const b = BASELINE_VERSIONS.indexOf(to);
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return BASELINE_VERSIONS.slice(lo + 1, hi + 1).flatMap((v) => getBaseline(v).changes.map((c) => `${v}: ${c}`));
}

/** Compare what every tenancy renders at two baseline versions, on both clouds. */
export function diffBaselines(input: BaselineDiffInput): BaselineDiff {
  const keep = (t: string) => !input.tenancies || input.tenancies.includes(t);
  const changes: ResourceChange[] = [];
  const breaking: BreakingChange[] = [];
  for (const s of input.awsStacks) {
    if (!keep(s.tenancy)) continue;
    const from = s.from ?? { Resources: {} };
    const to = s.to ?? { Resources: {} };
    changes.push(...diffAwsTemplates(from, to, s));
    breaking.push(...awsGuardrailLoosening(from, to, s), ...awsEvidenceLoosening(from, to, s));
  }
  if (input.azurePlans) {
    changes.push(...diffAzurePlans(input.azurePlans.from, input.azurePlans.to).filter((c) => keep(c.tenancy)));
    breaking.push(
      ...[
        ...azureGuardrailLoosening(input.azurePlans.from, input.azurePlans.to),
        ...azureEvidenceLoosening(input.azurePlans.from, input.azurePlans.to),
      ].filter((b) => keep(b.tenancy)),
    );
  }
  breaking.push(...statefulBreaking(changes));
  const summary = new Map<string, BaselineDiff['summary'][number]>();
  for (const c of changes) {
    const key = `${c.tenancy}\u0000${c.cloud}`;
    const row = summary.get(key) ?? { tenancy: c.tenancy, cloud: c.cloud, add: 0, remove: 0, modify: 0, replace: 0 };
    row[c.action]++;
    summary.set(key, row);
  }
  return {
    from: input.from,
    to: input.to,
    changelog: changelogBetween(input.from, input.to),
    changes,
    breaking: breaking.sort(
      (a, b) => a.tenancy.localeCompare(b.tenancy) || a.resource.localeCompare(b.resource) || a.message.localeCompare(b.message),
    ),
    summary: [...summary.values()].sort((a, b) => a.tenancy.localeCompare(b.tenancy) || a.cloud.localeCompare(b.cloud)),
  };
}

const SYMBOL = { add: '+', remove: '-', modify: '~', replace: '±' } as const;

/** The terminal report. `details` lists every resource change, not only the summary. */
export function renderBaselineDiff(d: BaselineDiff, opts: { details?: boolean } = {}): string {
  const lines: string[] = [`Baseline ${d.from} → ${d.to}`, ''];
  if (d.changelog.length) {
    lines.push('What the baseline changes:', ...d.changelog.map((c) => `  - ${c}`), '');
  }
  if (d.summary.length === 0) lines.push('No resource changes.');
  else {
    lines.push('Impact per tenancy (+ add, - remove, ~ modify, ± replace):');
    const w = Math.max(...d.summary.map((s) => s.tenancy.length));
    for (const s of d.summary)
      lines.push(`  ${s.tenancy.padEnd(w)}  ${s.cloud.padEnd(5)}  +${s.add} -${s.remove} ~${s.modify} ±${s.replace}`);
  }
  if (opts.details && d.changes.length) {
    lines.push('', 'Changes:');
    let group = '';
    for (const c of d.changes) {
      const g = `${c.tenancy} · ${c.cloud} · ${c.stack}`;
      if (g !== group) lines.push(`  ${g}`);
      group = g;
      lines.push(`    ${SYMBOL[c.action]} ${c.action.padEnd(7)} ${c.type}  ${c.resource}${c.stateful ? '  [stateful]' : ''}`);
      for (const p of c.paths.slice(0, 8)) lines.push(`        ${p}`);
      if (c.paths.length > 8) lines.push(`        … ${c.paths.length - 8} more`);
    }
  }
  lines.push('');
  if (d.breaking.length) {
    lines.push(`Breaking changes (${d.breaking.length}): the upgrade must not ship without a decision`);
    for (const b of d.breaking) lines.push(`  ✖ [${b.kind}] ${b.tenancy} · ${b.cloud}: ${b.message}`);
  } else {
    lines.push('No breaking change: no stateful resource is replaced or deleted and no guardrail is loosened.');
  }
  return lines.join('\n');
}
