import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeSupplyChain } from './sbom';
import {
  Estate,
  NplzError,
  pathKind,
  Problem,
  successorIds,
  validateAttestation,
  validateNationalSettings,
  validateTenancyShape,
} from '@nplz/core';

/** The files `nplz synth` writes, relative to its output folder. */
export const SYNTH_FILES = {
  estate: 'estate.json',
  summary: 'synth.json',
  aws: 'aws',
  azurePlan: path.join('azure', 'plan.json'),
} as const;

export interface SynthSummary {
  readonly tool: 'nplz';
  readonly version: string;
  readonly baseline: string;
  readonly tenancies: number;
  readonly aws?: { readonly stacks: number; readonly resources: number };
  /** `policyEnforcement` is present only for an audit-only rollout (national settings `azure.policyEnforcement`). */
  readonly azure?: { readonly resources: number; readonly policyEnforcement?: 'audit-only' };
}

/** True for a folder `nplz synth` wrote: it holds synth.json, whose `tool` is nplz. */
export function isSynthOutput(dir: string): boolean {
  try {
    const file = path.join(dir, SYNTH_FILES.summary);
    if (!fs.statSync(file).isFile() || fs.statSync(file).size > 1024 * 1024) return false;
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SynthSummary> | null;
    return s !== null && typeof s === 'object' && s.tool === 'nplz';
  } catch {
    return false;
  }
}

/**
 * The validated estate as synth saw it, so the audit reads exactly what was synthesised; beside it,
 * what rendered it: the exact package versions and the SBOM ({@link writeSupplyChain}).
 */
export function writeEstateSnapshot(dir: string, estate: Estate): void {
  writeSupplyChain(dir);
  const snapshot = {
    national: estate.national,
    nationalFile: estate.nationalFile,
    tenancies: estate.tenancies.map((t) => ({ file: t.file, spec: t.spec })),
    ...(estate.attestations?.length
      ? { attestations: estate.attestations.map((a) => ({ file: a.file, attestation: a.attestation })) }
      : {}),
  };
  fs.writeFileSync(path.join(dir, SYNTH_FILES.estate), `${JSON.stringify(snapshot, null, 2)}\n`);
}

/** A problem with the synth output folder given to `nplz audit --in`. */
function snapshotProblem(
  file: string,
  path: string,
  received: unknown,
  message: string,
  hint?: string,
  allowed = 'the estate.json `nplz synth` writes',
) {
  return {
    file,
    path,
    received,
    message,
    allowed,
    hint: hint ?? 'run `nplz synth --estate <dir> --out <dir>` again rather than editing its output',
  };
}

/** The largest estate.json read back (the sample estate's is about 100 kB). */
const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

/**
 * Read the estate snapshot back, validating it again (it is a file a person could have edited).
 * Exception expiry is not checked here: an exception that expired since synthesis is an audit
 * failure, not bad input. A tampered, truncated or missing snapshot is bad input (exit 2).
 */
export function readEstateSnapshot(dir: string): Estate {
  const kind = pathKind(dir);
  if (kind !== 'folder') {
    throw NplzError.of({
      file: dir,
      path: '--in',
      received: dir,
      message:
        kind === 'missing' ? 'no such folder' : kind === 'file' ? 'is a file, not a synth output folder' : 'is not a folder nplz can read',
      allowed: 'the --out folder of `nplz synth`',
      hint: 'run `nplz synth --estate <dir> --out <dir>` first',
    });
  }
  const file = path.join(dir, SYNTH_FILES.estate);
  const fileKind = pathKind(file);
  if (fileKind !== 'file') {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(dir).sort().slice(0, 10);
    } catch {
      // listed only to help
    }
    // A plain CDK cloud assembly (`cdk synth`'s cdk.out) holds no estate to audit against: say how to get one.
    if (
      fileKind === 'missing' &&
      pathKind(path.join(dir, 'manifest.json')) === 'file' &&
      pathKind(path.join(dir, SYNTH_FILES.summary)) !== 'file'
    ) {
      throw NplzError.of({
        file: dir,
        path: '--in',
        received: dir,
        message:
          'this is a CDK cloud assembly (cdk.out), not the output of `nplz synth`: it holds no tenancy spec or national settings to audit it against',
        allowed: 'the --out folder of `nplz synth`',
        hint: 'in your project, run `npm run build && npx nplz synth --estate . --out out/synth`: it runs the same CDK app (cdk.json) and audits the assembly `cdk deploy` applies',
      });
    }
    throw NplzError.of({
      file: dir,
      path: '',
      received: entries,
      message: fileKind === 'missing' ? 'not a folder written by `nplz synth` (no estate.json)' : 'estate.json is not a regular file',
      allowed: 'the --out folder of `nplz synth`',
      hint: 'run `nplz synth --estate <dir> --out <dir>` first',
    });
  }
  let raw: unknown;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_SNAPSHOT_BYTES)
      throw NplzError.of(snapshotProblem(file, '', `${size} bytes`, `estate.json is larger than ${MAX_SNAPSHOT_BYTES} bytes`));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
    raw = JSON.parse(text);
  } catch (e) {
    if (e instanceof NplzError) throw e;
    throw NplzError.of({
      ...snapshotProblem(file, '', String((e as Error).message).slice(0, 200), 'estate.json is not valid JSON (truncated or edited?)'),
    });
  }
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObj(raw)) throw NplzError.of(snapshotProblem(file, '', raw, 'estate.json does not hold an estate'));
  const problems: Problem[] = [];
  const n = validateNationalSettings(raw.national);
  problems.push(...n.problems.map((p) => ({ ...p, file, path: p.path ? `national.${p.path}` : 'national' })));
  if (raw.nationalFile !== undefined && typeof raw.nationalFile !== 'string')
    problems.push(snapshotProblem(file, 'nationalFile', raw.nationalFile, 'nationalFile is not a file name'));
  const list = raw.tenancies ?? [];
  if (!Array.isArray(list)) problems.push(snapshotProblem(file, 'tenancies', list, 'tenancies is not a list'));
  const tenancies = (Array.isArray(list) ? list : []).flatMap((t: unknown, i) => {
    if (!isObj(t)) {
      problems.push(snapshotProblem(file, `tenancies[${i}]`, t, 'a tenancy entry is not a mapping'));
      return [];
    }
    if (t.file !== undefined && typeof t.file !== 'string')
      problems.push(snapshotProblem(file, `tenancies[${i}].file`, t.file, 'the file of a tenancy is not a file name'));
    const v = validateTenancyShape(t.spec, { successors: successorIds(n.value?.mergers) });
    problems.push(...v.problems.map((p) => ({ ...p, file, path: p.path ? `tenancies[${i}].spec.${p.path}` : `tenancies[${i}].spec` })));
    return v.value ? [{ file: typeof t.file === 'string' ? t.file : undefined, spec: v.value }] : [];
  });
  // Attestations as synth accepted them; their expiry is judged by the audit on its as-of date.
  const attList = raw.attestations ?? [];
  if (!Array.isArray(attList)) problems.push(snapshotProblem(file, 'attestations', attList, 'attestations is not a list'));
  const attestations = (Array.isArray(attList) ? attList : []).flatMap((a: unknown, i) => {
    const v = validateAttestation(isObj(a) ? a.attestation : a);
    problems.push(...v.problems.map((p) => ({ ...p, file, path: `attestations[${i}].attestation${p.path ? `.${p.path}` : ''}` })));
    return v.value && isObj(a) ? [{ file: typeof a.file === 'string' ? a.file : undefined, attestation: v.value }] : [];
  });
  if (problems.length || !n.value)
    throw new NplzError(problems.length ? problems : [snapshotProblem(file, 'national', raw.national, 'national settings missing')]);
  checkSynthFiles(dir, n.value);
  return {
    national: n.value,
    nationalFile: typeof raw.nationalFile === 'string' ? raw.nationalFile : undefined,
    tenancies,
    ...(attestations.length ? { attestations } : {}),
  };
}

/**
 * The files beside estate.json that the audit reads: the AWS cloud assembly's manifest and the
 * Azure plan, each present when the estate uses the cloud and each whole JSON, so a truncated or
 * edited output is refused here rather than failing inside the audit.
 */
function checkSynthFiles(dir: string, national: Estate['national']): void {
  const need: { file: string; cloud: string; what: string }[] = [];
  if (national.aws)
    need.push({
      file: path.join(dir, SYNTH_FILES.aws, 'manifest.json'),
      cloud: 'aws',
      what: 'the cloud assembly manifest `nplz synth` writes',
    });
  if (national.azure)
    need.push({ file: path.join(dir, SYNTH_FILES.azurePlan), cloud: 'azure', what: 'the recorded plan `nplz synth` writes' });
  const problems: Problem[] = [];
  for (const { file, cloud, what } of need) {
    const kind = pathKind(file);
    if (kind !== 'file') {
      problems.push(snapshotProblem(file, '', file, `the ${cloud} output is missing (the estate uses ${cloud})`, undefined, what));
      continue;
    }
    try {
      const v: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
    } catch (e) {
      problems.push(
        snapshotProblem(
          file,
          '',
          String((e as Error).message).slice(0, 200),
          `the ${cloud} output is not valid JSON (truncated or edited?)`,
          undefined,
          what,
        ),
      );
    }
  }
  if (problems.length) throw new NplzError(problems);
}
