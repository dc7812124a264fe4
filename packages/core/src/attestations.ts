import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { CAF_DEFAULT_VERSION, cafFramework, cafOutcome, type CafVersion } from './caf';
import type { Problem } from './errors';
import { email, isoDate, tenancyName } from './fields';
import { isSpecFile, locate, pathKind, readSourceDocument, type SourceDocument } from './load';
import { NCSC_PRINCIPLES, type NcscPrinciple } from './ncsc';
import { fail, issuesToProblems } from './private/zod-problems';
import { didYouMean } from './private/suggest';
import { daysBetween, todayUtc } from './time';

/**
 * Attestations: signed statements of what infrastructure code cannot show (personnel vetting,
 * secure development, supply chain, governance), held in the estate's `attestations/` folder and
 * reported beside the automated evidence. An attestation is evidence a person vouches for, never a
 * pass of an automated control: the audit keeps them in their own `attestations` section.
 */

/** The estate sub-folder that holds attestation files. */
export const ATTESTATIONS_DIR = 'attestations';

/** The longest an attestation may run from the day it was made before it must be made again. */
export const MAX_ATTESTATION_DAYS = 366;

const ATTESTATION_ID = /^[a-z][a-z0-9-]{1,63}$/;
const ATTESTATION_ID_ALLOWED = 'lowercase letters, digits and hyphens, 2–64 characters, starting with a letter';

const principle = z
  .number()
  .describe('an NCSC Cloud Security Principle, 1–14')
  .superRefine((n, ctx) => {
    if (!Number.isInteger(n) || !(n in NCSC_PRINCIPLES))
      fail(ctx, `${n} is not an NCSC Cloud Security Principle`, {
        allowed: `one of 1–14: ${Object.entries(NCSC_PRINCIPLES)
          .map(([k, v]) => `${k} ${v}`)
          .join('; ')}`,
      });
  });

/** `caf`: the CAF outcomes covered, each with the achieved indicators the evidence shows. Checked against the CAF data. */
function cafCoverage(version: CafVersion) {
  const outcomes = cafFramework(version).outcomes.map((o) => o.id);
  const item = z
    .strictObject({
      outcome: z.string().describe(`a CAF ${version} contributing outcome id, e.g. B1.b`),
      indicators: z.array(z.string()).min(1).describe('the achieved indicators of the outcome the evidence shows, e.g. [B1.b.11]'),
    })
    .describe('one CAF outcome and the achieved indicators the evidence shows');
  return z
    .array(item)
    .min(1)
    .describe(`the CAF ${version} outcomes covered, e.g. [{ outcome: B1.b, indicators: [B1.b.11] }]`)
    .superRefine((caf, ctx) => {
      const seen = new Set<string>();
      caf.forEach(({ outcome, indicators }, n) => {
        if (seen.has(outcome))
          fail(ctx, `${outcome} is listed twice`, { allowed: 'each outcome once, with all its indicators' }, [n, 'outcome']);
        seen.add(outcome);
        const o = cafOutcome(outcome, version);
        if (!o) {
          const hint = didYouMean(outcome, outcomes);
          fail(
            ctx,
            `"${outcome}" is not a CAF ${version} outcome`,
            { allowed: `a CAF ${version} outcome id (run \`nplz controls\`)`, ...(hint ? { hint } : {}) },
            [n, 'outcome'],
          );
          return;
        }
        const achieved = o.indicators.filter((i) => i.level === 'A').map((i) => i.id);
        indicators.forEach((ind, i) => {
          if (!achieved.includes(ind))
            fail(
              ctx,
              `"${ind}" is not an achieved indicator of CAF ${version} ${outcome} ${o.title}`,
              {
                allowed: `one of ${achieved.join(', ')}`,
                hint: 'name the achieved indicators your evidence shows; partial and not-achieved indicators are not evidence',
              },
              [n, 'indicators', i],
            );
        });
      });
    });
}

export const AttestationSchema = z
  .strictObject({
    id: z
      .string()
      .describe('a unique id for the attestation, e.g. national-personnel-vetting')
      .superRefine((v, ctx) => {
        if (!ATTESTATION_ID.test(v)) fail(ctx, `"${v}" is not a valid attestation id`, { allowed: ATTESTATION_ID_ALLOWED });
      }),
    title: z.string().min(1).max(200).describe('what is attested, in a line'),
    owner: email.describe('the email address of the person accountable for the statement'),
    statement: z.string().min(20).describe('what the owner attests to, in a sentence or more'),
    evidence: z.string().min(1).describe('where the evidence is held: a document reference, register or URL an assessor can ask for'),
    date: isoDate.describe('the day the attestation was made, YYYY-MM-DD'),
    expires: isoDate.describe(`the day it ends, YYYY-MM-DD, at most ${MAX_ATTESTATION_DAYS} days after date`),
    scope: z
      .union([z.literal('estate'), z.strictObject({ tenancy: tenancyName.describe('the tenancy the statement is about') })])
      .describe('"estate" (the national platform and every tenancy) or { tenancy: <name> }'),
    ncsc: z.array(principle).min(1).describe('the NCSC Cloud Security Principles (1–14) the evidence serves'),
    caf: cafCoverage(CAF_DEFAULT_VERSION),
  })
  .describe('an attestation: evidence a named owner vouches for, beside the automated checks');

export type AttestationInput = z.input<typeof AttestationSchema>;
export interface Attestation extends Omit<z.infer<typeof AttestationSchema>, 'ncsc'> {
  readonly ncsc: readonly NcscPrinciple[];
}

/** An attestation and the file it was read from. */
export interface AttestationEntry {
  readonly attestation: Attestation;
  readonly file?: string;
}

/** The tenancy an attestation is about, or undefined for the estate. */
export function attestationTenancy(a: Pick<Attestation, 'scope'>): string | undefined {
  return a.scope === 'estate' ? undefined : a.scope.tenancy;
}

/** Date rules on whatever of the input is there: made on or before `today`, ends after it was made, within the maximum, not expired. */
function dateProblems(input: unknown, today: string | undefined): Problem[] {
  if (input === null || typeof input !== 'object') return [];
  const { date, expires } = input as { date?: unknown; expires?: unknown };
  const isDay = (v: unknown): v is string => typeof v === 'string' && isoDate.safeParse(v).success;
  const out: Problem[] = [];
  if (isDay(date) && today !== undefined && daysBetween(today, date) > 0)
    out.push({
      path: 'date',
      received: date,
      message: `the attestation is dated in the future (${date})`,
      allowed: `a date on or before ${today}`,
    });
  if (!isDay(expires)) return out;
  if (isDay(date)) {
    const span = daysBetween(date, expires);
    if (span <= 0)
      out.push({
        path: 'expires',
        received: expires,
        message: `expires ${expires} is not after the date ${date}`,
        allowed: `a date after ${date}`,
      });
    else if (span > MAX_ATTESTATION_DAYS)
      out.push({
        path: 'expires',
        received: expires,
        message: `the attestation runs ${span} days; at most ${MAX_ATTESTATION_DAYS} are allowed`,
        allowed: `a date no later than ${addDays(date, MAX_ATTESTATION_DAYS)}`,
        hint: 'no attestation is open-ended: make it again each year with fresh evidence',
      });
  }
  if (today !== undefined && daysBetween(today, expires) < 0)
    out.push({
      path: 'expires',
      received: expires,
      message: `the attestation expired ${-daysBetween(today, expires)} day(s) ago`,
      allowed: `a date on or after ${today}`,
      hint: 'renew it: the owner reviews the evidence and signs again with a new date and expiry',
    });
  return out;
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface AttestationCheckOptions {
  /**
   * The day expiry is judged on. `nplz validate` and `nplz synth` pass today (an expired
   * attestation is refused, as an expired exception is); the audit passes nothing here and judges
   * expiry on its own as-of date ({@link attestationState}).
   */
  readonly now?: Date;
}

/** Validate one attestation. Never throws for bad input; every problem is returned at once. */
export function validateAttestation(input: unknown, opts: AttestationCheckOptions = {}): { value?: Attestation; problems: Problem[] } {
  const today = opts.now ? todayUtc(opts.now) : undefined;
  const parsed = AttestationSchema.safeParse(input);
  const shape = parsed.success ? [] : issuesToProblems(AttestationSchema, input, parsed.error.issues);
  const dates = dateProblems(input, today);
  const problems = [...shape, ...dates.filter((d) => !shape.some((s) => s.path === d.path))];
  return parsed.success && problems.length === 0 ? { value: parsed.data as Attestation, problems: [] } : { problems };
}

/** Read and validate one attestation file. Problems carry the file and line. */
export function loadAttestationFile(
  file: string,
  opts: AttestationCheckOptions = {},
): { entry?: AttestationEntry; doc?: SourceDocument; problems: Problem[] } {
  const { doc, problems } = readSourceDocument(file);
  if (!doc) return { problems };
  const r = validateAttestation(doc.data, opts);
  const all = [...problems, ...locate(r.problems, doc)];
  return r.value && all.length === 0 ? { entry: { attestation: r.value, file }, doc, problems: [] } : { doc, problems: all };
}

/**
 * Load every attestation in `<estate>/attestations/` (none when the folder is absent), then check
 * them together: ids unique, each `scope.tenancy` a tenancy of the estate.
 */
export function loadAttestations(
  estateDir: string,
  tenancies: readonly string[],
  opts: AttestationCheckOptions = {},
): { entries: AttestationEntry[]; problems: Problem[] } {
  const dir = path.join(estateDir, ATTESTATIONS_DIR);
  const kind = pathKind(dir);
  if (kind === 'missing') return { entries: [], problems: [] };
  if (kind !== 'folder')
    return {
      entries: [],
      problems: [
        {
          file: dir,
          path: '',
          received: dir,
          message: `${ATTESTATIONS_DIR} is not a folder`,
          allowed: 'a folder of attestation files (*.yaml, *.yml, *.json)',
        },
      ],
    };
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).filter(isSpecFile).sort();
  } catch (e) {
    return {
      entries: [],
      problems: [
        {
          file: dir,
          path: '',
          received: dir,
          message: `cannot read the folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
          allowed: 'a readable folder',
        },
      ],
    };
  }
  const entries: AttestationEntry[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    const r = loadAttestationFile(file, opts);
    problems.push(...r.problems);
    if (!r.doc) continue;
    // Checked on what the file holds, so they are reported with the file's own problems.
    const raw = (r.doc.data ?? {}) as { id?: unknown; scope?: { tenancy?: unknown } };
    const more: Problem[] = [];
    if (typeof raw.id === 'string') {
      const prior = seen.get(raw.id);
      if (prior)
        more.push({
          path: 'id',
          received: raw.id,
          message: `the id "${raw.id}" is also used by ${prior}`,
          allowed: 'an id no other attestation uses',
        });
      else seen.set(raw.id, file);
    }
    const tenancy = raw.scope && typeof raw.scope === 'object' ? raw.scope.tenancy : undefined;
    if (typeof tenancy === 'string' && !tenancies.includes(tenancy)) {
      const hint = didYouMean(tenancy, tenancies);
      more.push({
        path: 'scope.tenancy',
        received: tenancy,
        message: `no tenancy "${tenancy}" in the estate`,
        allowed: 'the name of a tenancy in tenancies/',
        ...(hint ? { hint } : {}),
      });
    }
    problems.push(...locate(more, r.doc));
    if (r.entry && more.length === 0) entries.push(r.entry);
  }
  return { entries, problems };
}

/** An attestation's state on a day: current until the end of its expiry day. */
export function attestationState(a: Pick<Attestation, 'expires'>, now: Date): { status: 'current' | 'expired'; daysLeft: number } {
  const daysLeft = daysBetween(todayUtc(now), a.expires);
  return { status: daysLeft >= 0 ? 'current' : 'expired', daysLeft };
}

/**
 * An attestation as the audit reports it, in the `attestations` section of findings.json: beside
 * the automated findings, never among them, so an assessor can tell what a check saw from what a
 * person vouches for. `status` is judged on the audit's as-of date; an expired attestation is
 * listed but is not evidence (coverage and the CAF self-assessment leave it out).
 */
export interface AttestationEvidence {
  readonly source: 'attestation';
  readonly id: string;
  readonly title: string;
  readonly owner: string;
  readonly statement: string;
  readonly evidence: string;
  readonly date: string;
  readonly expires: string;
  readonly status: 'current' | 'expired';
  /** Days until expiry on the as-of date; negative once expired. */
  readonly daysLeft: number;
  /** `estate`, or the tenancy the statement is about. */
  readonly scope: 'estate' | { readonly tenancy: string };
  readonly ncsc: readonly number[];
  /** CAF 4.0 outcome ids covered. */
  readonly caf: readonly string[];
  /** CAF 4.0 achieved indicator ids the evidence shows. */
  readonly cafIndicators: readonly string[];
  /** The attestation file, as given to `nplz synth`. */
  readonly file?: string;
}

/** The estate's attestations as evidence on `now`, sorted by id. */
export function attestationEvidence(entries: readonly AttestationEntry[], now: Date): AttestationEvidence[] {
  return entries
    .map(({ attestation: a, file }) => {
      const { status, daysLeft } = attestationState(a, now);
      return {
        source: 'attestation' as const,
        id: a.id,
        title: a.title,
        owner: a.owner,
        statement: a.statement,
        evidence: a.evidence,
        date: a.date,
        expires: a.expires,
        status,
        daysLeft,
        scope: a.scope,
        ncsc: [...a.ncsc].sort((x, y) => x - y),
        caf: a.caf.map((c) => c.outcome).sort(),
        cafIndicators: a.caf.flatMap((c) => c.indicators),
        ...(file ? { file } : {}),
      };
    })
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}
