import { NplzError } from '../errors';
import { defined } from '../invariant';
import { didYouMean } from '../private/suggest';
import type { Baseline } from './types';
import { BASELINE_2026_11 } from './v2026-11';
import { BASELINE_2027_02 } from './v2027-02';
import { BASELINE_2027_05 } from './v2027-05';

export * from './types';
export { LATER_SECTIONS, withLaterSections } from './later-sections';
export { enforcesControl, LATER_SECTION_CONTROLS } from './enforced';
export { backupSettingsDefects } from './backup';
export { AZURE_BUILT_IN_ROLES } from './roles';
export { BASELINE_2026_11 } from './v2026-11';
export { BASELINE_2027_02 } from './v2027-02';
export { BASELINE_2027_05 } from './v2027-05';

/** Every published baseline, oldest first. Append new versions; never edit or reorder. */
export const BASELINES: readonly Baseline[] = Object.freeze([BASELINE_2026_11, BASELINE_2027_02, BASELINE_2027_05]);

export const BASELINE_VERSIONS: readonly string[] = Object.freeze(BASELINES.map((b) => b.version));

/** The newest published baseline. */
export const LATEST_BASELINE: Baseline = defined(BASELINES.at(-1), 'the newest published baseline');

export const BASELINE_VERSION_PATTERN = /^\d{4}\.(0[1-9]|1[0-2])$/;

export function findBaseline(version: string): Baseline | undefined {
  return BASELINES.find((b) => b.version === version);
}

/**
 * The baseline with this version.
 * @throws NplzError naming the version and the published ones.
 */
export function getBaseline(version: string): Baseline {
  const b = findBaseline(version);
  if (b) return b;
  throw NplzError.of({
    path: 'baseline',
    received: version,
    message: `unknown baseline version "${version}"`,
    allowed: `a published baseline version: ${BASELINE_VERSIONS.join(', ')}`,
    hint: didYouMean(version, BASELINE_VERSIONS),
  });
}

/**
 * The versions a tenancy may pin when the national platform runs `current`:
 * `current` and the versions before it, up to `current.supportWindow` in all.
 */
export function supportedVersions(current: string): string[] {
  const baseline = findBaseline(current);
  if (!baseline) return [];
  const idx = BASELINES.indexOf(baseline);
  return BASELINE_VERSIONS.slice(Math.max(0, idx - baseline.supportWindow + 1), idx + 1);
}
