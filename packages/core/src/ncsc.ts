import { CAF_DEFAULT_VERSION, cafOutcomeTitles } from './caf';

/** The 14 NCSC Cloud Security Principles. */
export const NCSC_PRINCIPLES: Readonly<Record<number, string>> = Object.freeze({
  1: 'Data in transit protection',
  2: 'Asset protection and resilience',
  3: 'Separation between users',
  4: 'Governance framework',
  5: 'Operational security',
  6: 'Personnel security',
  7: 'Secure development',
  8: 'Supply chain security',
  9: 'Secure user management',
  10: 'Identity and authentication',
  11: 'External interface protection',
  12: 'Secure service administration',
  13: 'Audit information and alerting for users',
  14: 'Secure use of the service',
});

export type NcscPrinciple = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14;

/**
 * CAF contributing outcome id → official title, in the default version ({@link CAF_DEFAULT_VERSION},
 * 4.0), from the CDDO framework data. Other versions: `cafOutcomeTitles('3.2')`.
 */
export const CAF_OUTCOMES: Readonly<Record<string, string>> = cafOutcomeTitles(CAF_DEFAULT_VERSION);

/** The CAF objective (A–D) and principle (e.g. B2) of an outcome id like `B2.a`. */
export function cafPrinciple(outcome: string): string {
  return outcome.split('.')[0] ?? outcome;
}
