import { createHash } from 'node:crypto';
import { BASELINES } from '../src';

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

test.each(Object.entries(PUBLISHED))('published baseline %s is unchanged', (version, expected) => {
  const b = BASELINES.find((x) => x.version === version);
  expect(b).toBeDefined();
  expect(digest(b)).toBe(expected);
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
