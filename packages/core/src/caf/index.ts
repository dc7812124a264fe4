import { CAF_FRAMEWORK_DATA, CAF_SOURCE_COMMIT } from './frameworks.generated';
import type { CafFrameworkData, CafIndicatorLevel } from './types';

export type { CafFrameworkData, CafIndicatorData, CafIndicatorLevel, CafObjectiveData, CafOutcomeData, CafPrincipleData } from './types';
export { CAF_SOURCE_COMMIT };

/** The NCSC Cyber Assessment Framework versions NPLZ carries, newest first. */
export type CafVersion = '4.0' | '3.2';
export const CAF_VERSIONS: readonly CafVersion[] = ['4.0', '3.2'];

/**
 * The CAF version NPLZ speaks unless told otherwise: control mappings, `nplz controls`, and the
 * `cafVersion` field of every findings report.
 */
export const CAF_DEFAULT_VERSION: CafVersion = '4.0';

export const CAF_LEVEL_NAMES: Readonly<Record<CafIndicatorLevel, string>> = Object.freeze({
  A: 'achieved',
  PA: 'partially achieved',
  NA: 'not achieved',
});

export interface CafIndicator {
  /** E.g. `B2.c.13`. Unique within its outcome and level (the data repeats a few ids across levels). */
  readonly id: string;
  readonly level: CafIndicatorLevel;
  /** NCSC's own index, e.g. `B2.c.A.2`, or null when the data has none. */
  readonly ncscIndex: string | null;
}

export interface CafOutcome {
  /** Contributing outcome id, e.g. `B2.c`. */
  readonly id: string;
  /** Official title, as published. */
  readonly title: string;
  readonly objective: { readonly id: string; readonly title: string };
  readonly principle: { readonly id: string; readonly title: string };
  readonly indicators: readonly CafIndicator[];
}

export interface CafFramework {
  readonly version: CafVersion;
  readonly source: CafFrameworkData['source'];
  readonly objectives: CafFrameworkData['objectives'];
  /** Every contributing outcome, in framework order. */
  readonly outcomes: readonly CafOutcome[];
}

function build(data: CafFrameworkData): CafFramework {
  const outcomes: CafOutcome[] = [];
  for (const o of data.objectives)
    for (const p of o.principles)
      for (const c of p.outcomes)
        outcomes.push(
          Object.freeze({
            id: c.id,
            title: c.title,
            objective: Object.freeze({ id: o.id, title: o.title }),
            principle: Object.freeze({ id: p.id, title: p.title }),
            indicators: Object.freeze(c.indicators.map(([id, level, ncscIndex]) => Object.freeze({ id, level, ncscIndex }))),
          }),
        );
  return Object.freeze({
    version: data.version as CafVersion,
    source: data.source,
    objectives: data.objectives,
    outcomes: Object.freeze(outcomes),
  });
}

const FRAMEWORKS: ReadonlyMap<string, CafFramework> = new Map(CAF_FRAMEWORK_DATA.map((d) => [d.version, build(d)]));
const OUTCOMES: ReadonlyMap<string, ReadonlyMap<string, CafOutcome>> = new Map(
  [...FRAMEWORKS].map(([v, f]) => [v, new Map(f.outcomes.map((o) => [o.id, o]))]),
);

/** The version named by `value` (`4.0`, `4`, `3.2`), or undefined. */
export function parseCafVersion(value: string): CafVersion | undefined {
  const v = value.trim() === '4' ? '4.0' : value.trim();
  return (CAF_VERSIONS as readonly string[]).includes(v) ? (v as CafVersion) : undefined;
}

export function cafFramework(version: CafVersion = CAF_DEFAULT_VERSION): CafFramework {
  const f = FRAMEWORKS.get(version);
  if (!f) throw new Error(`no CAF ${version} data`);
  return f;
}

export function cafOutcome(id: string, version: CafVersion = CAF_DEFAULT_VERSION): CafOutcome | undefined {
  return OUTCOMES.get(version)?.get(id);
}

/** The achieved indicator `id` of its outcome (an id like `B2.c.13` names its outcome `B2.c`), or undefined. */
export function cafAchievedIndicator(id: string, version: CafVersion = CAF_DEFAULT_VERSION): CafIndicator | undefined {
  return cafOutcome(cafOutcomeOf(id), version)?.indicators.find((i) => i.id === id && i.level === 'A');
}

/** The outcome id of an indicator id: `B2.c.13` → `B2.c`. */
export function cafOutcomeOf(indicator: string): string {
  return indicator.split('.').slice(0, 2).join('.');
}

/** Outcome id → official title, for one version. */
export function cafOutcomeTitles(version: CafVersion = CAF_DEFAULT_VERSION): Readonly<Record<string, string>> {
  return Object.freeze(Object.fromEntries(cafFramework(version).outcomes.map((o) => [o.id, o.title])));
}

/**
 * CAF 4.0 outcomes whose id or title differs from CAF 3.2, and the 3.2 outcomes each continues.
 * Every other 4.0 outcome has a 3.2 outcome of the same id and title and maps to it (derived from
 * the data in {@link cafCrosswalk}); a test checks this table covers exactly the changed outcomes
 * and that every 3.2 outcome is reached.
 * - A2.b Understanding Threat and A4.b Secure Software Development and Support are new in 4.0.
 * - A2.c Assurance is 3.2's A2.b, renumbered.
 * - C1.a, C1.d, C1.e and D2.a are reworded and widened under the same id.
 * - C1.f (behaviour and threat intelligence) takes in 3.2's C2.a System Abnormalities for Attack Detection.
 * - C2.a Threat Hunting continues 3.2's C2.b Proactive Attack Discovery.
 */
export const CAF_40_TO_32_CHANGED: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'A2.b': [],
  'A2.c': ['A2.b'],
  'A4.b': [],
  'C1.a': ['C1.a'],
  'C1.d': ['C1.d'],
  'C1.e': ['C1.e'],
  'C1.f': ['C2.a'],
  'C2.a': ['C2.b'],
  'D2.a': ['D2.a'],
});

/** The CAF 3.2 outcomes a CAF 4.0 outcome continues (empty for an outcome new in 4.0). */
export function cafCrosswalk(outcome40: string): readonly string[] {
  const changed = CAF_40_TO_32_CHANGED[outcome40];
  if (changed) return changed;
  const now = cafOutcome(outcome40, '4.0');
  const then = cafOutcome(outcome40, '3.2');
  return now && then && now.title === then.title ? [outcome40] : [];
}

/** CAF 4.0 outcome ids expressed in `version`: themselves for 4.0, the crosswalk for 3.2 (sorted, distinct). */
export function cafOutcomesIn(version: CafVersion, outcomes40: readonly string[]): readonly string[] {
  if (version === '4.0') return outcomes40;
  return [...new Set(outcomes40.flatMap(cafCrosswalk))].sort();
}
