import { Estate, loadEstate, NplzError } from '@nplz/core';

/** Load and validate an estate folder, or throw one NplzError listing every problem (exit 2). */
export function loadValidEstate(dir: string, now: Date): Estate {
  const r = loadEstate(dir, { now });
  if (!r.estate) throw new NplzError(r.problems);
  return r.estate;
}
