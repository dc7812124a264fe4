import * as path from 'node:path';
import { codeDigest as digestOf, coreCodeDigest, DiskJsonStore, MemoryJsonStore, resolvedPackageVersion } from '@nplz/core';
import type { Plan } from './plan-recorder';

/**
 * Where {@link planAzureEstate} keeps each stack's recorded plan, between the stacks of one run
 * ({@link MemoryPlanCache}: `nplz diff` records the base and the head estate, whose unchanged
 * tenancy stacks are the same programs) or between runs ({@link DiskPlanCache}: `nplz synth` after
 * one tenancy changed records that tenancy's stacks and the national ones, not the other 80).
 *
 * A key names every input of the stack's program but the stacks it reads: the stack, the tenancy
 * spec (or, for the national stacks, the whole estate), the options of the run. What a stack read
 * of other stacks is in its plan (`stacks`, the unrecorded entries, with the outputs read), and an
 * entry is used only when those outputs are the ones the stacks recorded in this run export
 * ({@link planReadsCurrentOutputs}): so a national change a tenancy stack reads (the hub's address,
 * a policy assignment) records it again although its spec is unchanged.
 */
export interface StackPlanCache {
  get(key: string): Plan | undefined;
  set(key: string, plan: Plan): void;
}

/** JSON with object keys sorted, so equal values have equal text whatever order their keys were made in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Whether `plan` read of other stacks exactly what they export now (`outputs`: stack name →
 * outputs of the stacks recorded before it in this run). A plan that read a stack not recorded in
 * this run does not qualify either.
 */
export function planReadsCurrentOutputs(plan: Plan, outputs: Readonly<Record<string, Readonly<Record<string, unknown>>>>): boolean {
  const own = plan.stacks?.find((s) => s.recorded);
  for (const read of plan.stacks ?? []) {
    if (read.recorded) continue;
    if (!own?.references.includes(read.name)) return false;
    const now = outputs[read.name];
    if (now === undefined || canonicalJson(now) !== canonicalJson(read.outputs)) return false;
  }
  return true;
}

/** A {@link StackPlanCache} for one process: entries kept as JSON text, so a caller cannot change one it was given. */
export class MemoryPlanCache extends MemoryJsonStore<Plan> implements StackPlanCache {}

/** `@nplz/core`'s {@link digestOf | codeDigest}, still exported from here for callers of this package. */
export const codeDigest = digestOf;

/** `<name>@<version>` of the package as this module resolves it. */
function versionOf(name: string): string {
  return resolvedPackageVersion(name, require.resolve);
}

/**
 * What, besides a key, decides a recorded plan: the Pulumi SDK and provider versions, and the code of
 * this package and of `@nplz/core` (the baselines and contract the programs read), by content. A
 * changed NPLZ build, a changed baseline, an upgraded provider: every entry misses.
 */
export function planCacheSalt(): string {
  const ext = path.extname(__filename);
  // This package's code: the folder this module is in (dist/, or src/ under a TypeScript runner).
  const own = codeDigest(__dirname, ext);
  // @nplz/core's, found from where its entry point resolves.
  const core = coreCodeDigest();
  return [versionOf('@pulumi/pulumi'), versionOf('@pulumi/azure-native'), `azure ${own}`, `core ${core}`].join('\n');
}

/**
 * A {@link StackPlanCache} in a folder: each entry under the SHA-256 of the salt
 * ({@link planCacheSalt}) and the key, so an entry answers only for the same program, inputs and
 * code, and deleting the folder is always safe. Unreadable or foreign entries are misses (recorded
 * again and rewritten); writes go through a temporary file and a rename.
 */
export class DiskPlanCache extends DiskJsonStore<Plan> implements StackPlanCache {
  /** @param salt - default {@link planCacheSalt}, computed when the cache is first read or written */
  constructor(dir: string, salt?: string) {
    super(
      dir,
      salt ?? planCacheSalt,
      'plan',
      (v): v is Plan => typeof v === 'object' && v !== null && Array.isArray((v as Plan).resources),
    );
  }
}
