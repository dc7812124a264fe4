import type { Baseline, LaterSections } from './types';

/**
 * Controls that came with a later section. A published baseline's `controls` list is frozen with it,
 * so a control added with a later section is enforced by every baseline that carries the section
 * (all of them, at its first values) without appearing in that list.
 */
export const LATER_SECTION_CONTROLS: Readonly<Partial<Record<keyof LaterSections, readonly string[]>>> = Object.freeze({
  backup: Object.freeze(['NPLZ-RET-04']),
});

/** Whether the baseline enforces the control: listed in its `controls`, or brought by a later section it carries. */
export function enforcesControl(baseline: Baseline, control: string): boolean {
  if (baseline.controls.includes(control)) return true;
  return Object.entries(LATER_SECTION_CONTROLS).some(
    ([section, ids]) => (baseline as unknown as Record<string, unknown>)[section] !== undefined && (ids ?? []).includes(control),
  );
}
