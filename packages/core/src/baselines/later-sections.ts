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
  // Product choices, not MoPI figures: a month of OFFICIAL backups, a quarter of OFFICIAL-SENSITIVE.
  backup: {
    enrolmentTag: 'nplz:backup',
    dailyAtUtc: '01:00',
    retentionDays: { OFFICIAL: 35, 'OFFICIAL-SENSITIVE': 90 },
    aws: {
      startWindowMinutes: 60,
      completionWindowMinutes: 480,
      // At least the shortest retention above, at most a year (room for a later baseline to lengthen it); two weeks to correct it once set.
      vaultLock: { minRetentionDays: 35, maxRetentionDays: 365, changeableForDays: 14 },
    },
    azure: { softDeleteRetentionDays: 14, immutability: 'Locked', storageRedundancy: 'GeoRedundant', instantRestoreDays: 2 },
  },
};

/** The names of the later sections, which a published baseline's digest leaves out. */
export const LATER_SECTION_KEYS: readonly string[] = Object.freeze(Object.keys(LATER_SECTIONS));

/** A published baseline's content with the later sections at their first values. */
export function withLaterSections(published: PublishedSections): Baseline {
  return { ...LATER_SECTIONS, ...published };
}
