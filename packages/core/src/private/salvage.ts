import type { z } from 'zod';
import type { Problem } from '../errors';
import { pathText } from './zod-problems';

/**
 * What is left of an input after the values the schema refused are taken out, so the rules that
 * span fields can still run on the rest and a user sees every problem in one pass.
 *
 * Each refused value is removed: a field of a mapping is deleted, an object in a list becomes a
 * hole (indices stay as written), and a list of plain values with a bad entry is removed whole (a
 * rule that reads the list would otherwise judge it without the entry). `tainted` holds the paths
 * removed or refused; a rule problem at, above or below one of them is a consequence of a problem
 * already shown and is suppressed with {@link isConsequence}.
 */
export interface Salvage {
  readonly value: unknown;
  readonly tainted: readonly string[];
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = clone(x);
    return o;
  }
  return v;
}

function remove(root: unknown, path: readonly PropertyKey[]): { root: unknown; removed: readonly PropertyKey[] } {
  if (path.length === 0) return { root: undefined, removed: path };
  let parent: unknown = root;
  for (const seg of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return { root, removed: path };
    parent = (parent as Record<PropertyKey, unknown>)[seg as string];
  }
  if (parent === null || typeof parent !== 'object') return { root, removed: path };
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') {
    const item: unknown = parent[last];
    if (item === null || typeof item !== 'object') return remove(root, path.slice(0, -1)); // a list of plain values: remove it whole
    delete parent[last]; // a hole: indices stay as written
    return { root, removed: path };
  }
  delete (parent as Record<PropertyKey, unknown>)[last as string];
  return { root, removed: path };
}

/** The input without the values zod refused, and the paths of those values. */
export function salvage(input: unknown, issues: readonly z.core.$ZodIssue[]): Salvage {
  let root = clone(input);
  const tainted: string[] = [];
  for (const issue of issues) {
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const p of paths) {
      tainted.push(pathText(p));
      const r = remove(root, p);
      root = r.root;
      if (r.removed.length !== p.length) tainted.push(pathText(r.removed));
    }
  }
  return { value: root, tainted };
}

/** True when `path` is `other` or lies above or below it. */
function related(path: string, other: string): boolean {
  if (path === other || other === '' || path === '') return true;
  const below = (a: string, b: string) => a.startsWith(b) && (a[b.length] === '.' || a[b.length] === '[');
  return below(path, other) || below(other, path);
}

/** True when a rule problem is about a value the schema already refused (or a part of one). */
export function isConsequence(p: Pick<Problem, 'path'>, tainted: readonly string[]): boolean {
  return tainted.some((t) => related(p.path, t));
}

/** A value that is a plain mapping (the only kind the rules read fields of). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
