import { diffRenderings, renderRenderingDiff, RenderingDiffInput, RenderOptions } from './rendering-diff';
import type { RenderingDiff } from './types';

export interface EstateDiffInput extends RenderingDiffInput {
  /** How the base and the head estate are named in the report (a folder, a git revision). */
  readonly base: string;
  readonly head: string;
  /** The tenancy names of each estate. */
  readonly baseTenancies: readonly string[];
  readonly headTenancies: readonly string[];
}

/** What a change to the estate itself (not only to its baseline) does to every tenancy. */
export interface EstateDiff extends RenderingDiff {
  readonly base: string;
  readonly head: string;
  /** Tenancies only the head has, only the base has, and those in both that render differently. */
  readonly tenancies: { readonly added: readonly string[]; readonly removed: readonly string[]; readonly changed: readonly string[] };
}

/** Compare two estates rendered at their own baselines, on both clouds. */
export function diffEstates(input: EstateDiffInput): EstateDiff {
  const d = diffRenderings(input);
  const added = input.headTenancies.filter((t) => !input.baseTenancies.includes(t)).sort();
  const removed = input.baseTenancies.filter((t) => !input.headTenancies.includes(t)).sort();
  const touched = new Set([...d.summary.map((s) => s.tenancy), ...d.breaking.map((b) => b.tenancy), ...d.access.map((a) => a.tenancy)]);
  const changed = input.headTenancies.filter((t) => input.baseTenancies.includes(t) && touched.has(t)).sort();
  return { base: input.base, head: input.head, tenancies: { added, removed, changed }, ...d };
}

/** The terminal report of an estate diff. */
export function renderEstateDiff(d: EstateDiff, opts: RenderOptions = {}): string {
  const lines = [`Estate ${d.base} → ${d.head}`, ''];
  const list = (label: string, names: readonly string[]) => {
    if (names.length) lines.push(`${label} (${names.length}): ${names.join(', ')}`);
  };
  list('Tenancies added', d.tenancies.added);
  list('Tenancies removed', d.tenancies.removed);
  list('Tenancies changed', d.tenancies.changed);
  if (d.tenancies.added.length + d.tenancies.removed.length + d.tenancies.changed.length) lines.push('');
  lines.push(...renderRenderingDiff(d, { changes: true, ...opts }));
  return lines.join('\n');
}
