import { diffRenderings, renderRenderingDiff, RenderingDiffInput, RenderOptions } from './rendering-diff';
import type { RenderingDiff } from './types';

export interface EstateDiffInput extends RenderingDiffInput {
  /** How the base and the head estate are named in the report (a folder, a git revision). */
  readonly base: string;
  readonly head: string;
  /** The tenancy names of each estate. */
  readonly baseTenancies: readonly string[];
  readonly headTenancies: readonly string[];
  /** Lifecycle events the head starts (tenancies it marks for decommissioning), from the specs. */
  readonly lifecycle?: readonly LifecycleEvent[];
}

/** A tenancy the head estate marks for decommissioning and the base does not: what happens to it. */
export interface LifecycleEvent {
  readonly tenancy: string;
  readonly event: 'decommissioning';
  readonly since: string;
  /** The day its evidence may go. */
  readonly retainUntil: string;
  /** Accounts that move to the Suspended OU (a deploy-plan step, `suspend-<tenancy>`). */
  readonly awsAccounts: readonly string[];
  /** Subscriptions that move to the decommissioned management group, and its id. */
  readonly azureSubscriptions: readonly string[];
  readonly azureGroup?: string;
}

/** What a change to the estate itself (not only to its baseline) does to every tenancy. */
export interface EstateDiff extends RenderingDiff {
  readonly base: string;
  readonly head: string;
  /** Tenancies only the head has, only the base has, and those in both that render differently. */
  readonly tenancies: { readonly added: readonly string[]; readonly removed: readonly string[]; readonly changed: readonly string[] };
  readonly lifecycle: readonly LifecycleEvent[];
}

/** Compare two estates rendered at their own baselines, on both clouds. */
export function diffEstates(input: EstateDiffInput): EstateDiff {
  const d = diffRenderings(input);
  const added = input.headTenancies.filter((t) => !input.baseTenancies.includes(t)).sort();
  const removed = input.baseTenancies.filter((t) => !input.headTenancies.includes(t)).sort();
  const touched = new Set([...d.summary.map((s) => s.tenancy), ...d.breaking.map((b) => b.tenancy), ...d.access.map((a) => a.tenancy)]);
  const changed = input.headTenancies.filter((t) => input.baseTenancies.includes(t) && touched.has(t)).sort();
  const lifecycle = [...(input.lifecycle ?? [])].sort((a, b) => a.tenancy.localeCompare(b.tenancy));
  return { base: input.base, head: input.head, tenancies: { added, removed, changed }, lifecycle, ...d };
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
  if (d.lifecycle.length) {
    lines.push(`Decommissioning (${d.lifecycle.length}): workforce access removed, data kept under its locks`);
    for (const e of d.lifecycle) {
      lines.push(`  ${e.tenancy}: since ${e.since}, evidence kept until ${e.retainUntil}`);
      if (e.awsAccounts.length)
        lines.push(`    aws: accounts ${e.awsAccounts.join(', ')} move to the Suspended OU (deploy-plan step suspend-${e.tenancy})`);
      if (e.azureSubscriptions.length)
        lines.push(
          `    azure: subscriptions ${e.azureSubscriptions.join(', ')} move to management group ${e.azureGroup ?? 'decommissioned'}`,
        );
    }
    lines.push('');
  }
  lines.push(...renderRenderingDiff(d, { changes: true, ...opts }));
  return lines.join('\n');
}
