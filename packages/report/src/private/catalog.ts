import { CAF_OUTCOMES, NCSC_PRINCIPLES, findControl } from '@nplz/core';
import type { Control } from '@nplz/core';
import type { Finding } from '@nplz/core';

/** The catalog control a finding serves, when its id is in the catalog (evidence from other tools may not be). */
export function controlOf(f: Pick<Finding, 'control'>): Control | undefined {
  return findControl(f.control);
}

/** `11 External interface protection`. */
export function ncscLabel(n: number): string {
  const name = NCSC_PRINCIPLES[n];
  return name ? `${n} ${name}` : String(n);
}

/** `B4.b Secure configuration`. */
export function cafLabel(outcome: string): string {
  const name = CAF_OUTCOMES[outcome];
  return name ? `${outcome} ${name}` : outcome;
}
