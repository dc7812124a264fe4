import * as fs from 'node:fs';
import * as path from 'node:path';
import { NplzError, Problem } from './errors';
import { isSpecFile, locate, readSourceDocument, SourceDocument } from './load';
import { checkNationalSettings, NationalSettings, NationalSettingsSchema } from './national-settings';
import { issuesToProblems } from './private/zod-problems';
import { checkEstate } from './contract/estate-rules';
import { CheckOptions, TenancySpec, validateTenancy } from './tenancy-spec';

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
}

export const NATIONAL_FILE_NAMES = ['national.yaml', 'national.yml', 'national.json'];
export const TENANCIES_DIR = 'tenancies';

/** Validate national settings. Never throws for bad input. */
export function validateNationalSettings(input: unknown): { value?: NationalSettings; problems: Problem[] } {
  const parsed = NationalSettingsSchema.safeParse(input);
  if (!parsed.success) return { problems: issuesToProblems(NationalSettingsSchema, input, parsed.error.issues) };
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
  return r.value ? { entry: { spec: r.value, file }, doc, problems: [] } : { doc, problems: locate(r.problems, doc) };
}

/** Read and validate a national settings file. */
export function loadNationalFile(file: string): { value?: NationalSettings; doc?: SourceDocument; problems: Problem[] } {
  const { doc, problems } = readSourceDocument(file);
  if (!doc) return { problems };
  const r = validateNationalSettings(doc.data);
  return r.value ? { value: r.value, doc, problems: [] } : { doc, problems: locate(r.problems, doc) };
}

/** The national settings file in an estate folder, if any. */
export function findNationalFile(dir: string): string | undefined {
  return NATIONAL_FILE_NAMES.map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));
}

/** Spec files under a folder (its `tenancies/` sub-folder for an estate), sorted for determinism. */
export function listSpecFiles(dir: string): string[] {
  const sub = path.join(dir, TENANCIES_DIR);
  const where = fs.existsSync(sub) && fs.statSync(sub).isDirectory() ? sub : dir;
  return fs
    .readdirSync(where)
    .filter((f) => isSpecFile(f) && !NATIONAL_FILE_NAMES.includes(f))
    .sort()
    .map((f) => path.join(where, f));
}

/**
 * Load an estate folder: `national.yaml` plus `tenancies/*.yaml`. Validates every file and
 * the estate as a whole and returns every problem found across all of them.
 */
export function loadEstate(dir: string, opts: CheckOptions = {}): { estate?: Estate; problems: Problem[] } {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    return {
      problems: [
        {
          file: dir,
          path: '',
          received: dir,
          message: 'estate folder not found',
          allowed: 'a folder holding national.yaml and tenancies/*.yaml',
        },
      ],
    };
  }
  const nationalFile = findNationalFile(dir);
  const problems: Problem[] = [];
  const docs = new Map<string, SourceDocument>();
  let national: NationalSettings | undefined;
  if (!nationalFile) {
    problems.push({
      file: dir,
      path: '',
      received: fs.readdirSync(dir),
      message: 'no national settings file in the estate folder',
      allowed: `one of: ${NATIONAL_FILE_NAMES.join(', ')}`,
    });
  } else {
    const r = loadNationalFile(nationalFile);
    national = r.value;
    if (r.doc) docs.set(nationalFile, r.doc);
    problems.push(...r.problems);
  }
  const tenancies: TenancyEntry[] = [];
  for (const file of listSpecFiles(dir)) {
    const r = loadTenancyFile(file, opts);
    if (r.entry) tenancies.push(r.entry);
    if (r.doc) docs.set(file, r.doc);
    problems.push(...r.problems);
  }
  if (national) {
    for (const p of checkEstate({ national, nationalFile, tenancies })) {
      const doc = p.file ? docs.get(p.file) : undefined;
      problems.push(...(doc ? locate([p], doc) : [p]));
    }
  }
  return problems.length ? { problems } : { estate: { national, nationalFile, tenancies } as Estate, problems: [] };
}

/** Load an estate or throw an NplzError listing every problem. */
export function loadEstateOrThrow(dir: string, opts: CheckOptions = {}): Estate {
  const r = loadEstate(dir, opts);
  if (!r.estate) throw new NplzError(r.problems);
  return r.estate;
}
