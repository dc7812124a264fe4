import { BASELINE_VERSIONS, getBaseline } from '@nplz/core';
import { baselineGains, lockedRetentionBreaking, renderGains } from './baseline-gains';
import { diffRenderings, renderRenderingDiff, RenderingDiffInput, RenderOptions } from './rendering-diff';
import type { BaselineDiff } from './types';

export type { StackPair } from './rendering-diff';

export interface BaselineDiffInput extends RenderingDiffInput {
  readonly from: string;
  readonly to: string;
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
  const r = diffRenderings(input);
  const clouds = [...(input.awsStacks.length ? ['aws' as const] : []), ...(input.azurePlans ? ['azure' as const] : [])];
  return {
    from: input.from,
    to: input.to,
    changelog: changelogBetween(input.from, input.to),
    gains: baselineGains(input.from, input.to),
    ...r,
    breaking: [...lockedRetentionBreaking(input.from, input.to, clouds), ...r.breaking],
  };
}

/** The terminal report. `details` lists every resource change, bookkeeping included. */
export function renderBaselineDiff(d: BaselineDiff, opts: RenderOptions = {}): string {
  const lines: string[] = [`Baseline ${d.from} → ${d.to}`, ''];
  if (d.changelog.length) {
    lines.push('What the baseline changes:', ...d.changelog.map((c) => `  - ${c}`), '');
  }
  const gains = renderGains(d.gains, d.to);
  if (gains.length) lines.push(...gains, '');
  lines.push(...renderRenderingDiff(d, { target: d.to, ...opts }));
  return lines.join('\n');
}
