import * as fs from 'node:fs';
import * as path from 'node:path';
import { Estate, NplzError, validateNationalSettings, validateTenancyShape } from '@nplz/core';

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

/** The validated estate as synth saw it, so the audit reads exactly what was synthesised. */
export function writeEstateSnapshot(dir: string, estate: Estate): void {
  const snapshot = {
    national: estate.national,
    nationalFile: estate.nationalFile,
    tenancies: estate.tenancies.map((t) => ({ file: t.file, spec: t.spec })),
  };
  fs.writeFileSync(path.join(dir, SYNTH_FILES.estate), `${JSON.stringify(snapshot, null, 2)}\n`);
}

/**
 * Read the estate snapshot back, validating it again (it is a file a person could have edited).
 * Exception expiry is not checked here: an exception that expired since synthesis is an audit
 * failure, not bad input.
 */
export function readEstateSnapshot(dir: string): Estate {
  const file = path.join(dir, SYNTH_FILES.estate);
  if (!fs.existsSync(file)) {
    throw NplzError.of({
      file: dir,
      path: '',
      received: fs.existsSync(dir) ? fs.readdirSync(dir) : dir,
      message: 'not a folder written by `nplz synth` (no estate.json)',
      allowed: 'the --out folder of `nplz synth`',
      hint: 'run `nplz synth --estate <dir> --out <dir>` first',
    });
  }
  let raw: { national?: unknown; nationalFile?: string; tenancies?: { file?: string; spec?: unknown }[] };
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw NplzError.of({
      file,
      path: '',
      received: String((e as Error).message),
      message: 'estate.json is not valid JSON',
      allowed: 'the estate.json `nplz synth` writes',
    });
  }
  const n = validateNationalSettings(raw.national);
  const problems = n.problems.map((p) => ({ ...p, file, path: `national.${p.path}` }));
  const tenancies = (raw.tenancies ?? []).flatMap((t, i) => {
    const v = validateTenancyShape(t.spec);
    problems.push(...v.problems.map((p) => ({ ...p, file, path: `tenancies[${i}].spec.${p.path}` })));
    return v.value ? [{ file: t.file, spec: v.value }] : [];
  });
  if (problems.length || !n.value)
    throw new NplzError(
      problems.length
        ? problems
        : [{ file, path: 'national', received: raw.national, message: 'national settings missing', allowed: 'national settings' }],
    );
  return { national: n.value, nationalFile: raw.nationalFile, tenancies };
}
