import * as fs from 'node:fs';
import * as path from 'node:path';
import { type AttestationEntry, loadAttestations } from './attestations';
import { NplzError, Problem } from './errors';
import { isSpecFile, locate, pathKind, readSourceDocument, SourceDocument } from './load';
import { LATEST_BASELINE } from './baselines';
import { checkNationalSettings, NationalSettings, NationalSettingsSchema } from './national-settings';
import { isConsequence, isRecord, salvage } from './private/salvage';
import { issuesToProblems } from './private/zod-problems';
import { evaluateEstateRules } from './contract/estate-rules';
import { successorIds } from './mergers';
import { CheckOptions, LooseSpec, TenancySpec, tenancySpecSchema, validateTenancy } from './tenancy-spec';

/** A tenancy spec and where it came from. */
export interface TenancyEntry {
  readonly spec: TenancySpec;
  /** File the spec was read from, when it was read from a file. */
  readonly file?: string;
}

/** The national settings and every tenancy: the whole estate. */
export interface Estate {
  readonly national: NationalSettings;
  readonly nationalFile?: string;
  readonly tenancies: readonly TenancyEntry[];
  /** The estate's attestations (`attestations/*.yaml`); absent or empty when it has none. */
  readonly attestations?: readonly AttestationEntry[];
}

export const NATIONAL_FILE_NAMES = ['national.yaml', 'national.yml', 'national.json'];
export const TENANCIES_DIR = 'tenancies';

/** Validate national settings. Never throws for bad input. */
export function validateNationalSettings(input: unknown): { value?: NationalSettings; problems: Problem[] } {
  const parsed = NationalSettingsSchema.safeParse(input);
  if (!parsed.success) {
    // Every problem at once: the rules run on what the schema accepted (see validateTenancy).
    const shape = issuesToProblems(NationalSettingsSchema, input, parsed.error.issues);
    const { value, tainted } = salvage(input, parsed.error.issues);
    const rules = isRecord(value) ? checkNationalSettings(value).filter((p) => !isConsequence(p, tainted)) : [];
    return { problems: [...shape, ...rules] };
  }
  const problems = checkNationalSettings(parsed.data);
  return problems.length ? { problems } : { value: parsed.data, problems: [] };
}

/** Read and validate one tenancy spec file. Problems carry the file and line. */
export function loadTenancyFile(
  file: string,
  opts: CheckOptions = {},
): { entry?: TenancyEntry; doc?: SourceDocument; problems: Problem[] } {
  const { doc, problems } = readSourceDocument(file);
  if (!doc) return { problems };
  const r = validateTenancy(doc.data, opts);
  const all = [...problems, ...locate(r.problems, doc)];
  return r.value && all.length === 0 ? { entry: { spec: r.value, file }, doc, problems: [] } : { doc, problems: all };
}

/** Read and validate a national settings file. */
export function loadNationalFile(file: string): { value?: NationalSettings; doc?: SourceDocument; problems: Problem[] } {
  const { doc, problems } = readSourceDocument(file);
  if (!doc) return { problems };
  const r = validateNationalSettings(doc.data);
  const all = [...problems, ...locate(r.problems, doc)];
  return r.value && all.length === 0 ? { value: r.value, doc, problems: [] } : { doc, problems: all };
}

/** Every national settings file in an estate folder (more than one is a problem: which one counts?). */
export function findNationalFiles(dir: string): string[] {
  return NATIONAL_FILE_NAMES.map((n) => path.join(dir, n)).filter((f) => pathKind(f) !== 'missing');
}

/** The national settings file in an estate folder, if any. */
export function findNationalFile(dir: string): string | undefined {
  return findNationalFiles(dir)[0];
}

/** True when a folder is laid out as an estate: it has national settings or a `tenancies` entry. */
export function looksLikeEstate(dir: string): boolean {
  return findNationalFiles(dir).length > 0 || pathKind(path.join(dir, TENANCIES_DIR)) !== 'missing';
}

/** Spec files under a folder (its `tenancies/` sub-folder for an estate), sorted for determinism. */
export function listSpecFiles(dir: string): string[] {
  const sub = path.join(dir, TENANCIES_DIR);
  const where = pathKind(sub) === 'folder' ? sub : dir;
  let names: string[];
  try {
    names = fs.readdirSync(where);
  } catch {
    return [];
  }
  return names
    .filter((f) => isSpecFile(f) && !NATIONAL_FILE_NAMES.includes(f))
    .sort()
    .map((f) => path.join(where, f));
}

/** Rules whose failure says another tenancy is missing: wrong while a tenancy file could not be read. */
const REFERENCE_RULES = new Set(['CollaborationMemberExists', 'CollaborationMemberConsents', 'ConsentNamesCollaboration']);

/**
 * What estate rules can read of a tenancy that failed validation: its name, owner, environments,
 * clouds and address ranges, as far as the schema accepted them. Undefined when not even the name
 * and owner are there. `tainted` holds the paths of refused values (see `salvage`).
 */
function tenancyStandIn(
  data: unknown,
  baseline: string,
  successors: readonly string[],
): { spec: TenancySpec; tainted: readonly string[] } | undefined {
  const parsed = tenancySpecSchema(successors).safeParse(data);
  if (parsed.success) {
    const { force, forces } = parsed.data;
    return !force === !forces ? undefined : { spec: parsed.data as TenancySpec, tainted: [] };
  }
  const { value, tainted } = salvage(data, parsed.error.issues);
  if (!isRecord(value)) return undefined;
  const v = value as LooseSpec;
  const strings = (xs: readonly unknown[] | undefined) => xs?.filter((x): x is string => typeof x === 'string');
  const owner =
    typeof v.force === 'string' ? { force: v.force } : Array.isArray(v.forces) ? { forces: strings(v.forces) ?? [] } : undefined;
  if (typeof v.name !== 'string' || !owner || (v.force !== undefined && v.forces !== undefined)) return undefined;
  const section = <T extends object>(x: T | undefined, maps: readonly (keyof T)[]) =>
    x && Object.fromEntries([...Object.entries(x), ...maps.map((m) => [m, x[m] ?? {}])]);
  const spec = {
    name: v.name,
    ...owner,
    baseline: v.baseline ?? baseline,
    classification: v.classification ?? 'OFFICIAL',
    environments: strings(v.environments) ?? [],
    ...(v.aws ? { aws: section(v.aws, ['accounts', 'network']) } : {}),
    ...(v.azure ? { azure: section(v.azure, ['subscriptions', 'network']) } : {}),
    identity: { groups: {} },
    ...(v.collaborations ? { collaborations: strings(v.collaborations) } : {}),
    exceptions: [],
    tags: {},
  } as unknown as TenancySpec;
  return { spec, tainted: v.baseline === undefined ? [...tainted, 'baseline'] : tainted };
}

/** What estate rules can read of national settings that failed validation (see {@link tenancyStandIn}). */
function nationalStandIn(data: unknown): { national: NationalSettings; knownBaseline: boolean; tainted: readonly string[] } {
  const parsed = NationalSettingsSchema.safeParse(data);
  if (parsed.success) return { national: parsed.data, knownBaseline: true, tainted: [] };
  const { value, tainted } = salvage(data, parsed.error.issues);
  const v = (isRecord(value) ? value : {}) as Record<string, Record<string, unknown> | undefined>;
  const cloud = (c: 'aws' | 'azure') => {
    const x = v[c];
    if (!isRecord(x) || typeof x.hubCidr !== 'string') return {};
    return { [c]: c === 'azure' ? { ...x, subscriptions: isRecord(x.subscriptions) ? x.subscriptions : {} } : x };
  };
  const baseline = typeof v.baseline === 'string' ? v.baseline : undefined;
  // Successor ids the file declares, as far as they were accepted: tenancies owned by one are read as such.
  const mergers = Array.isArray(v.mergers) ? { mergers: v.mergers.filter(isRecord) } : {};
  const national = {
    baseline: baseline ?? LATEST_BASELINE.version,
    ...cloud('aws'),
    ...cloud('azure'),
    ...mergers,
  } as unknown as NationalSettings;
  return { national, knownBaseline: baseline !== undefined, tainted };
}

/**
 * Load an estate folder: `national.yaml` plus `tenancies/*.yaml` (and `attestations/*.yaml`, if any). Validates every file and
 * the estate as a whole and returns every problem found across all of them: the estate rules run
 * on what each file's schema accepted, so an overlap with a tenancy that has its own errors is
 * reported in the same run, and a rule that would only repeat a file's own error is left out.
 */
export function loadEstate(dir: string, opts: CheckOptions = {}): { estate?: Estate; problems: Problem[] } {
  const kind = pathKind(dir);
  if (kind !== 'folder') {
    return {
      problems: [
        {
          file: dir,
          path: '',
          received: dir,
          message:
            kind === 'missing'
              ? 'estate folder not found'
              : kind === 'file'
                ? 'is a file, not an estate folder'
                : typeof kind === 'object'
                  ? `cannot read the estate folder: ${kind.error}`
                  : 'is not a folder',
          allowed: 'a folder holding national.yaml and tenancies/*.yaml',
          ...(kind === 'file' ? { hint: 'give the folder that holds this file' } : {}),
        },
      ],
    };
  }
  const nationalFiles = findNationalFiles(dir);
  const nationalFile = nationalFiles[0];
  const problems: Problem[] = [];
  const docs = new Map<string, SourceDocument>();
  let national: NationalSettings | undefined;
  let nationalData: unknown;
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(dir).sort();
  } catch {
    // reported below as a missing national file
  }
  if (!nationalFile) {
    problems.push({
      file: dir,
      path: '',
      received: entries.slice(0, 10),
      message: 'no national settings file in the estate folder',
      allowed: `one of: ${NATIONAL_FILE_NAMES.join(', ')}`,
      hint: 'an estate folder holds national.yaml and tenancies/; to check tenancy specs alone, name the files',
    });
  } else {
    if (nationalFiles.length > 1)
      problems.push({
        file: dir,
        path: '',
        received: nationalFiles.map((f) => path.basename(f)),
        message: 'the estate folder holds more than one national settings file',
        allowed: `exactly one of: ${NATIONAL_FILE_NAMES.join(', ')}`,
        hint: `keep one and remove the others (${path.basename(nationalFile)} would be read)`,
      });
    const r = loadNationalFile(nationalFile);
    national = r.value;
    nationalData = r.doc?.data;
    if (r.doc) docs.set(nationalFile, r.doc);
    problems.push(...r.problems);
  }
  const tenanciesDir = path.join(dir, TENANCIES_DIR);
  const tenanciesKind = pathKind(tenanciesDir);
  if (tenanciesKind !== 'folder' && tenanciesKind !== 'missing') {
    problems.push({
      file: tenanciesDir,
      path: '',
      received: tenanciesDir,
      message: `${TENANCIES_DIR} is not a folder`,
      allowed: 'a folder of tenancy specs (*.yaml, *.yml, *.json)',
    });
  }
  const files = tenanciesKind === 'folder' ? listSpecFiles(dir) : [];
  const tenancies: TenancyEntry[] = [];
  // Every tenancy as far as the estate rules can read it, with the paths its own problems cover.
  const standIns: { entry: TenancyEntry; tainted: readonly string[] }[] = [];
  let unreadable = 0;
  const nat = national ? { national, knownBaseline: true, tainted: [] } : nationalStandIn(nationalData);
  const successors = successorIds(nat.national.mergers);
  const tenancyOpts: CheckOptions = successors.length ? { ...opts, successors } : opts;
  for (const file of files) {
    const r = loadTenancyFile(file, tenancyOpts);
    if (r.entry) {
      tenancies.push(r.entry);
      standIns.push({ entry: r.entry, tainted: [] });
    } else {
      const s = r.doc ? tenancyStandIn(r.doc.data, nat.national.baseline, successors) : undefined;
      if (s) standIns.push({ entry: { spec: s.spec, file }, tainted: s.tainted });
      else unreadable++;
    }
    if (r.doc) docs.set(file, r.doc);
    problems.push(...r.problems);
  }
  const complete = national !== undefined && unreadable === 0 && standIns.length === tenancies.length;
  let results: ReturnType<typeof evaluateEstateRules>;
  if (complete && national) results = evaluateEstateRules({ national, nationalFile, tenancies }, opts.now);
  else {
    try {
      results = evaluateEstateRules({ national: nat.national, nationalFile, tenancies: standIns.map((s) => s.entry) }, opts.now);
    } catch {
      results = []; // the files' own problems are reported; the estate rules wait for them to be fixed
    }
  }
  const taintOf = new Map<string | undefined, readonly string[]>(standIns.map((s) => [s.entry.file, s.tainted]));
  if (nationalFile) taintOf.set(nationalFile, nat.tainted);
  for (const res of results) {
    const p = res.problem;
    if (res.status !== 'fail' || !p) continue;
    if (!complete) {
      if (unreadable > 0 && REFERENCE_RULES.has(res.rule)) continue; // the tenancy it misses may be the unreadable one
      if (res.rule === 'BaselineSupported' && !nat.knownBaseline) continue;
      if (isConsequence(p, taintOf.get(p.file) ?? [])) continue;
    }
    const doc = p.file ? docs.get(p.file) : undefined;
    problems.push(...(doc ? locate([p], doc) : [p]));
  }
  // Attestations: checked on their own and against the tenancy names the estate declares.
  const att = loadAttestations(
    dir,
    standIns.map((s) => s.entry.spec.name),
    { now: opts.now ?? new Date() },
  );
  problems.push(...att.problems);
  return problems.length
    ? { problems }
    : {
        estate: { national, nationalFile, tenancies, ...(att.entries.length ? { attestations: att.entries } : {}) } as Estate,
        problems: [],
      };
}

/** Load an estate or throw an NplzError listing every problem. */
export function loadEstateOrThrow(dir: string, opts: CheckOptions = {}): Estate {
  const r = loadEstate(dir, opts);
  if (!r.estate) throw new NplzError(r.problems);
  return r.estate;
}
