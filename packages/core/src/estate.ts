import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASELINE_VERSIONS, supportedVersions } from './baselines';
import { NplzError, Problem } from './errors';
import { Ipv4Cidr } from './ipv4';
import { isSpecFile, locate, readSourceDocument, SourceDocument } from './load';
import { checkNationalSettings, NationalSettings, NationalSettingsSchema } from './national-settings';
import { issuesToProblems } from './private/zod-problems';
import { CheckOptions, isCollaboration, TenancySpec, tenancyClouds, tenancyForces, validateTenancy } from './tenancy-spec';

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
      problems.push(doc ? locate([p], doc)[0]! : p);
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

/** An address range somewhere in the estate. */
interface PlacedRange {
  readonly owner: string;
  readonly file?: string;
  readonly path: string;
  readonly text: string;
  readonly cidr: Ipv4Cidr;
}

/** Every address range in the estate: national hubs and each tenancy's environments. */
export function estateRanges(estate: Estate): PlacedRange[] {
  const out: PlacedRange[] = [];
  const n = estate.national;
  if (n.aws)
    out.push({
      owner: 'national AWS hub',
      file: estate.nationalFile,
      path: 'aws.hubCidr',
      text: n.aws.hubCidr,
      cidr: Ipv4Cidr.parse(n.aws.hubCidr),
    });
  if (n.azure)
    out.push({
      owner: 'national Azure hub',
      file: estate.nationalFile,
      path: 'azure.hubCidr',
      text: n.azure.hubCidr,
      cidr: Ipv4Cidr.parse(n.azure.hubCidr),
    });
  for (const t of estate.tenancies) {
    for (const c of tenancyClouds(t.spec)) {
      for (const [env, text] of Object.entries(t.spec[c]!.network)) {
        out.push({ owner: `tenancy ${t.spec.name}`, file: t.file, path: `${c}.network.${env}`, text, cidr: Ipv4Cidr.parse(text) });
      }
    }
  }
  return out;
}

/**
 * Checks across the estate: each force has at most one tenancy of its own, address ranges do not
 * overlap, collaborations are consented by every member, baselines sit in the support window,
 * and no account or subscription is used twice.
 */
export function checkEstate(estate: Estate): Problem[] {
  const problems: Problem[] = [];
  const current = estate.national.baseline;
  const window = supportedVersions(current);
  const byName = new Map<string, TenancyEntry>();

  for (const t of estate.tenancies) {
    const s = t.spec;
    const prior = byName.get(s.name);
    if (prior)
      problems.push({
        file: t.file,
        path: 'name',
        received: s.name,
        message: `tenancy name "${s.name}" is also used by ${prior.file ?? 'another tenancy'}`,
        allowed: 'a name unique in the estate',
      });
    byName.set(s.name, t);

    if (!window.includes(s.baseline)) {
      const newer = BASELINE_VERSIONS.indexOf(s.baseline) > BASELINE_VERSIONS.indexOf(current);
      problems.push({
        file: t.file,
        path: 'baseline',
        received: s.baseline,
        message: newer
          ? `baseline ${s.baseline} is newer than the ${current} the national platform runs`
          : `baseline ${s.baseline} is outside the support window (the national platform runs ${current})`,
        allowed: `one of: ${window.join(', ')}`,
        hint: newer
          ? 'wait for the national platform to move to it'
          : `upgrade to ${current}: run \`nplz diff --from ${s.baseline} --to ${current} --force ${tenancyForces(s)[0]}\` to see the impact`,
      });
    }
  }

  // A force owns at most one tenancy of its own.
  const owners = new Map<string, TenancyEntry>();
  for (const t of estate.tenancies) {
    if (!t.spec.force) continue;
    const prior = owners.get(t.spec.force);
    if (prior)
      problems.push({
        file: t.file,
        path: 'force',
        received: t.spec.force,
        message: `force "${t.spec.force}" already has tenancy "${prior.spec.name}" (${prior.file ?? 'in code'})`,
        allowed: 'one force tenancy per force; use environments for separation',
      });
    else owners.set(t.spec.force, t);
  }

  // Collaborations: every member has a tenancy and consents; every consent names a real collaboration.
  for (const t of estate.tenancies) {
    if (!isCollaboration(t.spec)) continue;
    for (const member of t.spec.forces!) {
      const own = owners.get(member);
      if (!own) {
        problems.push({
          file: t.file,
          path: 'forces',
          received: member,
          message: `collaboration "${t.spec.name}" names force "${member}", which has no tenancy in the estate`,
          allowed: 'forces that each have their own tenancy',
        });
      } else if (!(own.spec.collaborations ?? []).includes(t.spec.name)) {
        problems.push({
          file: own.file,
          path: 'collaborations',
          received: own.spec.collaborations ?? [],
          message: `force "${member}" does not consent to collaboration "${t.spec.name}", which names it as a member`,
          allowed: `a list that includes "${t.spec.name}"`,
          hint: `add "${t.spec.name}" to collaborations in ${member}'s tenancy, or remove ${member} from the collaboration`,
        });
      }
    }
  }
  for (const t of estate.tenancies) {
    (t.spec.collaborations ?? []).forEach((name, i) => {
      const collab = byName.get(name);
      if (!collab || !isCollaboration(collab.spec)) {
        problems.push({
          file: t.file,
          path: `collaborations[${i}]`,
          received: name,
          message: `no collaboration tenancy is named "${name}"`,
          allowed: 'the name of a collaboration tenancy in the estate',
        });
      } else if (!collab.spec.forces!.includes(t.spec.force ?? '')) {
        problems.push({
          file: t.file,
          path: `collaborations[${i}]`,
          received: name,
          message: `collaboration "${name}" does not list force "${t.spec.force}" as a member`,
          allowed: `a collaboration whose forces include "${t.spec.force}"`,
        });
      }
    });
  }

  // Address ranges do not overlap anywhere in the estate (forces may interconnect through the hubs).
  const ranges = estateRanges(estate);
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const a = ranges[i]!;
      const b = ranges[j]!;
      if (a.owner === b.owner) continue; // checked inside the tenancy already
      if (a.cidr.overlaps(b.cidr)) {
        problems.push({
          file: b.file,
          path: b.path,
          received: b.text,
          message: `${b.owner} ${b.path} ${b.text} overlaps ${a.owner} ${a.path} ${a.text}`,
          allowed: 'a range that overlaps no other range in the estate',
          hint: 'see the address plan in docs/tenancy-spec.md',
        });
      }
    }
  }

  // Accounts and subscriptions are used once.
  const seen = new Map<string, string>();
  const claim = (id: string, who: string, file: string | undefined, p: string) => {
    const prior = seen.get(id);
    if (prior)
      problems.push({
        file,
        path: p,
        received: id,
        message: `${id} is already used by ${prior}`,
        allowed: 'an account or subscription used by one environment only',
      });
    else seen.set(id, who);
  };
  const n = estate.national;
  if (n.aws)
    for (const k of ['managementAccount', 'logArchiveAccount', 'auditAccount', 'networkAccount'] as const)
      seen.set(n.aws[k], `the national ${k}`);
  if (n.azure) for (const [k, v] of Object.entries(n.azure.subscriptions)) seen.set(v, `the national ${k} subscription`);
  for (const t of estate.tenancies) {
    for (const [env, id] of Object.entries(t.spec.aws?.accounts ?? {})) claim(id, `${t.spec.name}/${env}`, t.file, `aws.accounts.${env}`);
    for (const [env, id] of Object.entries(t.spec.azure?.subscriptions ?? {}))
      claim(id, `${t.spec.name}/${env}`, t.file, `azure.subscriptions.${env}`);
  }
  return problems;
}
