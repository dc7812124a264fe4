import { createHash } from 'node:crypto';
import { BASELINES, type Baseline } from '../src';
import { LATER_SECTIONS, LATER_SECTION_KEYS } from '../src/baselines/later-sections';

/**
 * Published baselines are never edited: a tenancy pinned to one must render the same tomorrow.
 * Each published baseline's content is held here as a digest of its canonical JSON (keys sorted).
 * A change to a published baseline fails this test; a new baseline adds its digest here when it is
 * published. The one amendment ever made (Azure settings moved into the baseline, rendering
 * byte-identically, and the cloud-neutral management-ports field) is recorded in docs/architecture.md.
 */
const PUBLISHED: Readonly<Record<string, string>> = {
  '2026.11': '756721dc46602e876ad03b028cfb918d3d40e2e7757e40317c9c88ce87d44933',
  '2027.02': 'a99225b919e7a96588a0e3a8d751a3e76ca1a76d5b0378f86918182684399a1a',
  '2027.05': 'aa24ec60a0e35e46a6a25f1a1bfb810fe33f3da4253caa786f23a6c9fd373294',
};

/**
 * The baselines published before the later sections existed: they take those sections' first values
 * (frozen below), so their digests leave the sections out. A later baseline states its own, and its
 * digest covers every section.
 */
const BEFORE_LATER_SECTIONS: readonly string[] = ['2026.11', '2027.02'];

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const digest = (v: unknown) => createHash('sha256').update(canonical(v)).digest('hex');

/**
 * What a published baseline's digest covers: for one published before the later sections, the
 * baseline without them (those are frozen one by one below); for a later one, all of it.
 */
function published(b: Baseline): object {
  if (!BEFORE_LATER_SECTIONS.includes(b.version)) return b;
  return Object.fromEntries(Object.entries(b).filter(([k]) => !LATER_SECTION_KEYS.includes(k)));
}

/**
 * The first values of each section added after publication, which the published baselines take:
 * frozen like a published baseline once added. A new section adds its digest here.
 */
const LATER: Readonly<Record<string, string>> = {
  egress: '3f334eaf27e7e7e440bb642ac075223055c2004367b6357bf1092df17afe72bb',
  backup: '0313341712914585767fb23eca0f34520776810d38ec4e280ed6ba03a36fddfc',
  regionGuardrail: '612232aaf57f2c23060545a79f1d660917cc6d4783ca17399c32bfd64cb58a24',
};

test('every later section is frozen by a digest here', () => {
  expect(Object.keys(LATER_SECTIONS).sort()).toEqual(Object.keys(LATER).sort());
});

test('each later section keeps its first values', () => {
  const actual = Object.fromEntries(Object.keys(LATER).map((k) => [k, digest((LATER_SECTIONS as unknown as Record<string, unknown>)[k])]));
  expect(actual).toEqual(LATER);
});

test.each(Object.entries(PUBLISHED))('published baseline %s is unchanged', (version, expected) => {
  const b = BASELINES.find((x) => x.version === version);
  expect(b).toBeDefined();
  expect(digest(published(b!))).toBe(expected);
});

test('every baseline in the package is published with a digest here', () => {
  expect(BASELINES.map((b) => b.version)).toEqual(Object.keys(PUBLISHED));
});

test('the baselines published before the later sections take their first values', () => {
  for (const version of BEFORE_LATER_SECTIONS) {
    const b = BASELINES.find((x) => x.version === version)! as unknown as Record<string, unknown>;
    for (const k of LATER_SECTION_KEYS)
      expect([version, k, b[k]]).toEqual([version, k, (LATER_SECTIONS as unknown as Record<string, unknown>)[k]]);
  }
});

test('a later baseline is frozen with the later sections it states', () => {
  const b = BASELINES.find((x) => !BEFORE_LATER_SECTIONS.includes(x.version))!;
  const edited = { ...b, regionGuardrail: { allowances: b.regionGuardrail.allowances.slice(1) } };
  expect(digest(published(edited))).not.toBe(digest(published(b)));
});

test('the digest sees a change anywhere in a baseline, however deep', () => {
  const b = BASELINES[0]!;
  const edited = { ...b, guardrails: { ...b.guardrails, network: { denyInternetManagementPorts: [22] } } };
  expect(digest(edited)).not.toBe(digest(b));
  expect(digest({ ...b })).toBe(digest(b));
});
