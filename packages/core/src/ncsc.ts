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

/** NCSC Cyber Assessment Framework contributing outcomes that NPLZ controls serve. */
export const CAF_OUTCOMES: Readonly<Record<string, string>> = Object.freeze({
  'A1.a': 'Board direction',
  'A1.b': 'Roles and responsibilities',
  'A1.c': 'Decision-making',
  'A2.a': 'Risk management process',
  'A2.b': 'Assurance',
  'A3.a': 'Asset management',
  'A4.a': 'Supply chain',
  'B1.a': 'Policy and process development',
  'B1.b': 'Policy and process implementation',
  'B2.a': 'Identity verification, authentication and authorisation',
  'B2.b': 'Device management',
  'B2.c': 'Privileged user management',
  'B2.d': 'Identity and access management',
  'B3.a': 'Understanding data',
  'B3.b': 'Data in transit',
  'B3.c': 'Stored data',
  'B3.d': 'Mobile data',
  'B3.e': 'Media / equipment sanitisation',
  'B4.a': 'Secure by design',
  'B4.b': 'Secure configuration',
  'B4.c': 'Secure management',
  'B4.d': 'Vulnerability management',
  'B5.a': 'Resilience preparation',
  'B5.b': 'Design for resilience',
  'B5.c': 'Backups',
  'B6.a': 'Cyber security culture',
  'B6.b': 'Cyber security training',
  'C1.a': 'Monitoring coverage',
  'C1.b': 'Securing logs',
  'C1.c': 'Generating alerts',
  'C1.d': 'Identifying security incidents',
  'C1.e': 'Monitoring tools and skills',
  'C2.a': 'System abnormalities for attack detection',
  'C2.b': 'Proactive attack discovery',
  'D1.a': 'Response plan',
  'D1.b': 'Response and recovery capability',
  'D1.c': 'Testing and exercising',
  'D2.a': 'Incident root cause analysis',
  'D2.b': 'Using incidents to drive improvements',
});

/** The CAF objective (A–D) and principle (e.g. B2) of an outcome id like `B2.a`. */
export function cafPrinciple(outcome: string): string {
  return outcome.split('.')[0] ?? outcome;
}
