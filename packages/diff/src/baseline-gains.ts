import { ALLOWED_CLASSIFICATIONS, type Baseline, findControl, getBaseline } from '@nplz/core';
import type { BreakingChange } from './types';

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
  /**
   * Required tags the target baseline no longer requires: a loosening (resources may lose the
   * ownership, classification or cost attribution the tag carried), never a gain.
   */
  readonly tagsDropped: readonly string[];
  /** Required tags both baselines require whose definition (source, description) differs: changed, never a gain. */
  readonly tagsChanged: readonly string[];
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
  [/^backup\.retentionDays\.[A-Z-]+$/, 'more'],
  [/^backup\.aws\.vaultLock\.minRetentionDays$/, 'more'],
  [/^backup\.azure\.(softDeleteRetentionDays|instantRestoreDays)$/, 'more'],
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
    tagsDropped: a.requiredTags.filter((t) => !b.requiredTags.some((x) => x.key === t.key)).map((t) => t.key),
    tagsChanged: a.requiredTags.filter((t) => b.requiredTags.some((x) => x.key === t.key && !same(x, t))).map((t) => t.key),
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
    ...(g.tagsDropped ?? []).map((t) => `  - loosened tag ${t} is no longer required on tenancy resources`),
    ...(g.tagsChanged ?? []).map((t) => `  - changed the definition of required tag ${t}`),
    ...g.settings.filter((x) => x.direction !== 'tightened').map((s) => `  - ${s.direction} ${setting(s)}`),
  ];
  if (other.length) out.push(...(out.length ? [''] : []), `What moving to ${to} loosens or changes (from the baseline data):`, ...other);
  return out;
}

/**
 * Backup retentions a lock already in force will not let the target baseline shorten. Each is a
 * breaking change, not a "not ready" item: no change to a tenancy's spec makes the move possible,
 * only a decision by the national team (a new vault, or a baseline that keeps the retention).
 *
 * - AWS Backup Vault Lock in compliance mode becomes immutable on its lock date
 *   (`changeableForDays` after it is set): no user, and not AWS, can change or delete it after
 *   that, so a lower `minRetentionDays` or `maxRetentionDays` cannot be applied to a vault that has
 *   one; and a backup job whose retention is shorter than the lock's minimum fails, so a
 *   classification's `retentionDays` below the lock's `minRetentionDays` in force is no backup at all.
 * - An Azure Recovery Services vault whose immutability is `Locked` cannot be unlocked, and it refuses
 *   any change to a backup policy that reduces its retention (Azure Backup's immutable vault
 *   "restricted operations"), so a lower `retentionDays` fails the deploy of every landing zone's
 *   protection policies.
 *
 * `tenancy` is `every tenancy`: every tenancy's vault carries the baseline's lock.
 */
export function lockedRetentionBreaking(
  from: string | Baseline,
  to: string | Baseline,
  clouds: readonly ('aws' | 'azure')[] = ['aws', 'azure'],
): BreakingChange[] {
  const a = typeof from === 'string' ? getBaseline(from) : from;
  const b = typeof to === 'string' ? getBaseline(to) : to;
  const out: BreakingChange[] = [];
  const tenancy = 'every tenancy';
  if (clouds.includes('aws')) {
    const lockA = a.backup.aws.vaultLock;
    const lockB = b.backup.aws.vaultLock;
    for (const key of ['minRetentionDays', 'maxRetentionDays'] as const)
      if (lockB[key] < lockA[key])
        out.push({
          kind: 'guardrail-loosened',
          cloud: 'aws',
          tenancy,
          resource: `backup.aws.vaultLock.${key}`,
          type: 'AWS::Backup::BackupVault',
          message: `backup.aws.vaultLock.${key} goes from ${lockA[key]} to ${lockB[key]} days, but every vault's Vault Lock is in compliance mode: ${lockA.changeableForDays} days after it is set it is immutable, and no one (AWS included) can change it; keep ${lockA[key]} or decide on new vaults`,
        });
    for (const c of ALLOWED_CLASSIFICATIONS) {
      const days = b.backup.retentionDays[c];
      if (days < a.backup.retentionDays[c] && days < lockA.minRetentionDays)
        out.push({
          kind: 'guardrail-loosened',
          cloud: 'aws',
          tenancy,
          resource: `backup.retentionDays.${c}`,
          type: 'AWS::Organizations::Policy',
          message: `backup.retentionDays.${c} goes from ${a.backup.retentionDays[c]} to ${days} days, below the Vault Lock minimum in force (backup.aws.vaultLock.minRetentionDays ${lockA.minRetentionDays}): every ${c} backup job would fail`,
        });
    }
  }
  if (clouds.includes('azure') && a.backup.azure.immutability === 'Locked')
    for (const c of ALLOWED_CLASSIFICATIONS) {
      const before = a.backup.retentionDays[c];
      const after = b.backup.retentionDays[c];
      if (after < before)
        out.push({
          kind: 'guardrail-loosened',
          cloud: 'azure',
          tenancy,
          resource: `backup.retentionDays.${c}`,
          type: 'azure-native:recoveryservices:ProtectionPolicy',
          message: `backup.retentionDays.${c} goes from ${before} to ${after} days, but every Recovery Services vault is immutable and Locked (backup.azure.immutability): Azure refuses a policy change that reduces retention, and the lock cannot be undone; keep ${before} or decide on new vaults`,
        });
    }
  return out;
}
