import * as path from 'node:path';
import { Estate, loadEstateOrThrow } from '@nplz/core';

/** The sample estate (examples/estate), loaded once per test file. */
let cached: Estate | undefined;
export function sampleEstate(): Estate {
  cached ??= loadEstateOrThrow(path.join(__dirname, '..', '..', '..', 'examples', 'estate'));
  return cached;
}

/** A smaller estate: the named tenancies only. */
export function subEstate(names: readonly string[]): Estate {
  const e = sampleEstate();
  return { ...e, tenancies: e.tenancies.filter((t) => names.includes(t.spec.name)) };
}
