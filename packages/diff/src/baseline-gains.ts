import { type Baseline, findControl, getBaseline } from '@nplz/core';

/** How a setting moves between two baselines, read from the baselines' data (not their changelog text). */
export type SettingDirection = 'tightened' | 'loosened' | 'changed';

/** One setting of the baseline data that differs between two versions. */
export interface BaselineSettingChange {
  /** Dotted path in the baseline data, e.g. `logging.immutabilityDays`. */
  readonly path: string;
  readonly direction: SettingDirection;
  /** Members a list gains and loses, or the value before and after for a single value. */
  readonly added?: readonly unknown[];
  readonly removed?: readonly unknown[];
  readonly from?: unknown;
  readonly to?: unknown;
}

/** What a tenancy gains by moving from one baseline to another, and what the move takes away. */
export interface BaselineGains {
  /** Controls the target baseline enforces that the current one does not (id and title from the catalog). */
  readonly controls: readonly { readonly id: string; readonly title: string }[];
  /** Controls the target baseline no longer enforces. */
  readonly controlsDropped: readonly string[];
  /** Tags every tenancy resource carries from the target baseline on. */
  readonly tags: readonly string[];
  /** Every setting that differs, each with its direction. */
  readonly settings: readonly BaselineSettingChange[];
}

/**
 * Settings whose direction NPLZ knows: `more` is tighter when the number (or the list) grows,
 * `fewer` when it shrinks, `true` when a switch turns on. A path not listed is reported as changed.
 */
const DIRECTION: readonly [RegExp, 'more' | 'fewer' | 'true'][] = [
  [/^logging\.(securityAuditRetentionDays|operationalRetentionDays|immutabilityDays)$/, 'more'],
  [/^encryption\.keyDeletionWindowDays$/, 'more'],
  [/^encryption\.azure\.auditKey\.size$/, 'more'],
  [/^logging\.azure\.activityLogCategories$/, 'more'],
  [/^guardrails\.network\.denyInternetManagementPorts$/, 'more'],
  [/^guardrails\.aws\.(securityHubStandards|configRules)$/, 'more'],
  [/^guardrails\.azure\.defenderPlans$/, 'more'],
  [/^guardrails\.(aws|azure)\.[A-Za-z]+$/, 'true'],
  [/^encryption\.keyRotation$/, 'true'],
  [/^regions\.(aws|azure)\.allowed$/, 'fewer'],
  [/^regions\.aws\.globalServiceActions$/, 'fewer'],
  [/^exceptions\.maxDurationDays$/, 'fewer'],
  [/^exceptions\.minReasonLength$/, 'more'],
];

/** Sections compared apart (controls, tags) or that say nothing about a tenancy's settings. */
const APART = new Set(['version', 'released', 'changes', 'controls', 'requiredTags', 'supportWindow']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function direction(path: string, from: unknown, to: unknown, added: number, removed: number): SettingDirection {
  const rule = DIRECTION.find(([re]) => re.test(path))?.[1];
  if (!rule) return 'changed';
  if (rule === 'true') return typeof from === 'boolean' && typeof to === 'boolean' ? (to ? 'tightened' : 'loosened') : 'changed';
  const sign = Array.isArray(to)
    ? added && removed
      ? NaN // members both join and leave: neither tighter nor looser
      : Math.sign(added - removed)
    : typeof from === 'number' && typeof to === 'number'
      ? Math.sign(to - from)
      : NaN;
  if (!Number.isFinite(sign) || sign === 0) return 'changed';
  const more = sign > 0;
  return (rule === 'more') === more ? 'tightened' : 'loosened';
}

function walk(path: string, from: unknown, to: unknown, out: BaselineSettingChange[]): void {
  if (same(from, to)) return;
  if (isObject(from) && isObject(to)) {
    for (const k of [...new Set([...Object.keys(from), ...Object.keys(to)])].sort())
      if (!(path === '' && APART.has(k))) walk(path ? `${path}.${k}` : k, from[k], to[k], out);
    return;
  }
  if (Array.isArray(from) && Array.isArray(to) && [...from, ...to].every((x) => typeof x !== 'object' || x === null)) {
    const added = to.filter((x) => !from.includes(x));
    const removed = from.filter((x) => !to.includes(x));
    out.push({ path, direction: direction(path, from, to, added.length, removed.length), added, removed });
    return;
  }
  out.push({ path, direction: direction(path, from, to, 0, 0), from, to });
}

/**
 * What moving from baseline `from` to `to` gives a tenancy, read from the two baselines' data:
 * the controls the target enforces that the current one does not, the tags it adds, and every
 * setting that differs, each marked tightened, loosened or changed.
 */
export function baselineGains(from: string | Baseline, to: string | Baseline): BaselineGains {
  const a = typeof from === 'string' ? getBaseline(from) : from;
  const b = typeof to === 'string' ? getBaseline(to) : to;
  const settings: BaselineSettingChange[] = [];
  walk('', a, b, settings);
  return {
    controls: b.controls
      .filter((c) => !a.controls.includes(c))
      .map((id) => ({ id, title: findControl(id)?.title ?? '(not in the catalog)' })),
    controlsDropped: a.controls.filter((c) => !b.controls.includes(c)),
    tags: b.requiredTags.filter((t) => !a.requiredTags.some((x) => x.key === t.key)).map((t) => t.key),
    settings,
  };
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** The "What moving to <to> gains" lines of a baseline diff report (empty when nothing differs). */
export function renderGains(g: BaselineGains, to: string): string[] {
  const lines: string[] = [];
  for (const c of g.controls) lines.push(`  + control ${c.id}: ${c.title}`);
  for (const t of g.tags) lines.push(`  + tag ${t} on every tenancy resource`);
  const setting = (s: BaselineSettingChange) =>
    s.from !== undefined || s.to !== undefined
      ? `${s.path}: ${show(s.from)} → ${show(s.to)}`
      : `${s.path}: ${[...(s.added ?? []).map((x) => `+${show(x)}`), ...(s.removed ?? []).map((x) => `-${show(x)}`)].join(' ')}`;
  for (const s of g.settings.filter((x) => x.direction === 'tightened')) lines.push(`  + tightened ${setting(s)}`);
  const out = lines.length ? [`What moving to ${to} gains (from the baseline data):`, ...lines] : [];
  const other = [
    ...g.controlsDropped.map((c) => `  - control ${c} is no longer enforced`),
    ...g.settings.filter((x) => x.direction !== 'tightened').map((s) => `  - ${s.direction} ${setting(s)}`),
  ];
  if (other.length) out.push(...(out.length ? [''] : []), `What moving to ${to} loosens or changes (from the baseline data):`, ...other);
  return out;
}
