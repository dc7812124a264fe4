import { createHash } from 'node:crypto';
import { BASELINES } from '../src';
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
};

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

/** A baseline without the sections added after publication (those are frozen one by one below). */
function published(b: object): object {
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

test('the digest sees a change anywhere in a baseline, however deep', () => {
  const b = BASELINES[0]!;
  const edited = { ...b, guardrails: { ...b.guardrails, network: { denyInternetManagementPorts: [22] } } };
  expect(digest(edited)).not.toBe(digest(b));
  expect(digest({ ...b })).toBe(digest(b));
});
