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

/**
 * CAF outcome titles by id: the one place the report reads them from core, so a change of CAF
 * version or mapping in the catalog reaches every format.
 */
export const CAF_TITLES: Readonly<Record<string, string>> = CAF_OUTCOMES;

/** `B4.b Secure configuration`; an indicator id (`B4.b.3`) is labelled with its outcome. */
export function cafLabel(outcome: string): string {
  const name = CAF_TITLES[outcome];
  if (name) return `${outcome} ${name}`;
  const parent = outcome.split('.').slice(0, 2).join('.');
  const parentName = parent === outcome ? undefined : CAF_TITLES[parent];
  return parentName ? `${outcome} (${parent} ${parentName})` : outcome;
}
