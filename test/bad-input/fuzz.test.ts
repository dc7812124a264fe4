import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSourceDocument } from '@nplz/core';
import { runCli, STACK_LINE } from '../../packages/cli/test/helpers';
import { BASE, DORSET, MAX_OUTPUT, NATIONAL, workFolder } from './harness';

/**
 * Fuzz-style: generated malformed specs, mutations of the sample estate (type swaps, deletions,
 * insertions of odd keys, deep nesting, huge values, text damage), each through `validate` in
 * process. Only exit 0 or 2 is allowed: never 70, never a stack trace, never unbounded output, and
 * each case in bounded time. The seed and the count are fixed, so a failure reproduces.
 */
const SEED = 0x11_2026;
const CASES = 500;
/** Time one case may take (validation of a small estate takes milliseconds). */
const CASE_MS = 2000;

/** mulberry32: a small seeded generator, so the cases are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
/** A fresh copy of an odd value: the documents are mutated further, the table must not be. */
const oddValue = (): unknown => structuredClone(pick(ODD_VALUES));
const ODD_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  'NPLZ:force',
  'aws:x',
  'a/b',
  '\u001b[2J',
  '\u202e',
  'x'.repeat(300),
];
const ODD_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  2026.1,
  1e308,
  '',
  ' ',
  '\u0000',
  '\u009b31m',
  'x'.repeat(100_000),
  [],
  {},
  [[[[[]]]]],
  { a: { b: { c: {} } } },
  '2026.11',
  '10.0.0.0/8',
  '010.0.0.0/16',
  '00000000-0000-45B5-8000-00000000005C',
  'constructor',
  'national',
  Array.from({ length: 2000 }, (_, i) => `e${i}`),
  Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i])),
];

function deep(n: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = random() < 0.5 ? [v] : { d: v };
  return v;
}

/** Every path to a value in a document. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function mutate(doc: unknown): unknown {
  const root = structuredClone(doc) as Record<string, unknown>;
  const n = 1 + Math.floor(random() * 4);
  for (let i = 0; i < n; i++) {
    const p = pick(paths(root));
    if (p.length === 0) continue;
    const parent = p.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root) as Record<
      string | number,
      unknown
    >;
    const key = p[p.length - 1] as string | number;
    const op = Math.floor(random() * 6);
    if (op === 0) delete parent[key];
    else if (op === 1) parent[key] = oddValue();
    else if (op === 2) parent[key] = deep(5 + Math.floor(random() * 200));
    else if (op === 3 && !Array.isArray(parent))
      Object.defineProperty(parent, pick(ODD_KEYS), { value: oddValue(), enumerable: true, writable: true, configurable: true });
    else if (op === 4)
      parent[key] = typeof parent[key] === 'string' ? Number.parseFloat(String(parent[key])) || [parent[key]] : String(parent[key]);
    else parent[key] = pick([parent, root]) === parent ? structuredClone(parent[key] ?? null) : 'swap';
  }
  return root;
}

/** Text damage the object mutations cannot express: truncation, flipped bytes, stray indentation, aliases. */
function damage(text: string): string | Buffer {
  const op = Math.floor(random() * 5);
  const at = Math.floor(random() * text.length);
  if (op === 0) return text.slice(0, at);
  if (op === 1) {
    const b = Buffer.from(text);
    b[Math.floor(random() * b.length)] = Math.floor(random() * 256);
    return b;
  }
  if (op === 2) return `${text.slice(0, at)}\n   ${text.slice(at)}`;
  if (op === 3) return `x: &a [${'*a,'.repeat(3)}]\n${text}`;
  return `${text.slice(0, at)}${pick([': ', '- ', '{', '[', '"', "'", '&x ', '*x ', '!!binary ', '%YAML 1.1\n---\n'])}${text.slice(at)}`;
}

/** The base documents as data (JSON is YAML: mutated documents are written as JSON, the text damage covers YAML syntax). */
const dorset = readSourceDocument(path.join(BASE, 'tenancies', 'dorset.yaml')).doc?.data;
const national = readSourceDocument(path.join(BASE, 'national.yaml')).doc?.data;

beforeAll(() => {
  process.env.NPLZ_TODAY = '2026-11-22';
});

test(`${CASES} generated malformed estates (seed ${SEED}) only ever exit 0 or 2, bounded`, async () => {
  const { work, estate } = workFolder('nplz-fuzz-');
  const tenancy = path.join(estate, 'tenancies', 'dorset.yaml');
  const nationalFile = path.join(estate, 'national.yaml');
  const codes = { 0: 0, 2: 0 };
  for (let i = 0; i < CASES; i++) {
    const target = random() < 0.75 ? 'tenancy' : 'national';
    const base = target === 'tenancy' ? dorset : national;
    const form = random();
    let text: string | Buffer;
    if (form < 0.7) text = JSON.stringify(mutate(base), null, random() < 0.5 ? 2 : 0);
    else text = damage(target === 'tenancy' ? DORSET : NATIONAL);
    fs.writeFileSync(target === 'tenancy' ? tenancy : nationalFile, text);
    const started = Date.now();
    const r = await runCli(['validate', estate]);
    const took = Date.now() - started;
    const out = `${r.stdout}${r.stderr}`;
    const where = `case ${i} (${target}): ${typeof text === 'string' ? text.slice(0, 300) : text.toString('hex', 0, 100)}`;
    if (![0, 2].includes(r.code) || STACK_LINE.test(out) || out.includes('internal error') || out.length > MAX_OUTPUT || took > CASE_MS)
      throw new Error(`${where}\n→ exit ${r.code} in ${took} ms, ${out.length} characters:\n${out.slice(0, 2000)}`);
    codes[r.code as 0 | 2]++;
    // restore the file the case broke
    fs.writeFileSync(tenancy, DORSET);
    fs.writeFileSync(nationalFile, NATIONAL);
  }
  // the generator breaks nearly every case; a few mutations leave the estate valid
  expect(codes[2]).toBeGreaterThan(CASES * 0.8);
  fs.rmSync(work, { recursive: true, force: true });
});
