import type { Baseline, LaterSections, PublishedSections } from './types';

/**
 * The first values of each section added to the baseline type after publication (see
 * {@link LaterSections}). Baselines published before a section existed (2026.11 and 2027.02) take
 * these values; a later baseline states its own. Each section's values are frozen by a digest in
 * `packages/core/test/published-baselines.test.ts` once added: change them in a new baseline file,
 * never here.
 */
export const LATER_SECTIONS: LaterSections = {
  egress: {
    // Policing and government services, and the operating-system update services workloads need.
    allowedFqdns: ['.police.uk', '.gov.uk', '.windowsupdate.com', '.update.microsoft.com', 'security.ubuntu.com', 'archive.ubuntu.com'],
  },
};

/** The names of the later sections, which a published baseline's digest leaves out. */
export const LATER_SECTION_KEYS: readonly string[] = Object.freeze(Object.keys(LATER_SECTIONS));

/** A published baseline's content with the later sections at their first values. */
export function withLaterSections(published: PublishedSections): Baseline {
  return { ...LATER_SECTIONS, ...published };
}
