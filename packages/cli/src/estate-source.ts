import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Estate, findNationalFile, isNplzError, NplzError } from '@nplz/core';
import { loadValidEstate } from './load-estate';

/** A base estate read for a diff: its folder, a name for the report, and how to clean it up. */
export interface EstateSource {
  readonly dir: string;
  readonly label: string;
  /** Remove what reading it created (nothing for a folder the user gave). */
  readonly dispose: () => void;
  /** For a revision: how the repository names a file of the copy (`origin/main:examples/estate/…`). */
  readonly nameOf?: (file: string) => string;
}

/**
 * Load and validate the base estate. A problem in a revision's copy names the file as the
 * repository does (`<revision>:<path>`), not the temporary folder it was read into.
 */
export function loadBaseEstate(source: EstateSource, now: Date): Estate {
  try {
    return loadValidEstate(source.dir, now);
  } catch (e) {
    const nameOf = source.nameOf;
    if (!nameOf || !isNplzError(e)) throw e;
    throw new NplzError(e.problems.map((p) => (p.file ? { ...p, file: nameOf(p.file) } : p)));
  }
}

function git(cwd: string, args: readonly string[]): Buffer {
  return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

const bad = (received: string, message: string, allowed: string) =>
  NplzError.of({ file: '(command line)', path: '--base', received, message, allowed });

/**
 * The base of an estate diff: a folder holding an estate, or a git revision of the repository that
 * holds `headDir`, whose copy of the same folder is written to a temporary folder with `git show`
 * (the working tree, the index and the refs are never touched).
 */
export function readBaseEstate(base: string, headDir: string): EstateSource {
  if (fs.existsSync(base) && fs.statSync(base).isDirectory()) {
    if (!findNationalFile(base))
      throw bad(base, `no estate at ${path.resolve(base)} (no national.yaml)`, 'an estate folder or a git revision (e.g. origin/main)');
    return { dir: base, label: base, dispose: () => undefined };
  }
  let top: string;
  try {
    top = git(path.resolve(headDir), ['rev-parse', '--show-toplevel']).toString().trim();
  } catch {
    throw bad(
      base,
      `"${base}" is not a folder, and ${path.resolve(headDir)} is not in a git repository`,
      'an estate folder, or a git revision of the repository that holds --estate',
    );
  }
  let commit: string;
  try {
    commit = git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${base}^{commit}`])
      .toString()
      .trim();
  } catch {
    throw bad(
      base,
      `"${base}" is neither a folder nor a git revision of ${top}`,
      'an estate folder, or a revision such as origin/main, HEAD~1 or a commit id',
    );
  }
  // The estate's folder as the repository names it (git paths are always with forward slashes).
  const prefix = path
    .relative(fs.realpathSync(top), fs.realpathSync(path.resolve(headDir)))
    .split(path.sep)
    .join('/');
  const files = git(top, ['ls-tree', '-r', '-z', '--name-only', commit, '--', prefix || '.'])
    .toString()
    .split('\0')
    .filter(Boolean);
  const short = commit.slice(0, 12);
  const label = `${base} (${short})`;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-base-'));
  try {
    for (const f of files) {
      const rel = prefix ? f.slice(prefix.length + 1) : f;
      const target = path.join(out, rel);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, git(top, ['show', `${commit}:${f}`]));
    }
    if (!findNationalFile(out))
      throw bad(
        base,
        `revision ${label} has no estate at ${prefix || '.'} (no national.yaml there)`,
        'a revision in which the estate folder exists',
      );
  } catch (e) {
    fs.rmSync(out, { recursive: true, force: true });
    throw e;
  }
  const nameOf = (file: string) => {
    const rel = path.relative(out, path.resolve(file));
    return rel.startsWith('..') ? file : `${base}:${[prefix, rel.split(path.sep).join('/')].filter(Boolean).join('/')}`;
  };
  return { dir: out, label, dispose: () => fs.rmSync(out, { recursive: true, force: true }), nameOf };
}
