import * as fs from 'node:fs';
import * as path from 'node:path';
import { NplzError } from '@nplz/core';

/**
 * Build an output folder atomically: `work` writes into a fresh staging folder beside `target`;
 * only when it succeeds is the staging folder moved into place (replacing the previous output).
 * When it fails, the staging folder is removed and the previous output is left untouched.
 */
export async function writeFolderAtomically<T>(target: string, work: (staging: string) => Promise<T>): Promise<T> {
  const parent = path.dirname(path.resolve(target));
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.staging-`));
  let result: T;
  try {
    result = await work(staging);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const previous = `${staging}.previous`;
  const hadPrevious = fs.existsSync(target);
  if (hadPrevious) fs.renameSync(target, previous);
  try {
    fs.renameSync(staging, target);
  } catch (e) {
    if (hadPrevious) fs.renameSync(previous, target);
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (hadPrevious) fs.rmSync(previous, { recursive: true, force: true });
  return result;
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest (for a path not yet created). */
export function realPathOf(p: string): string {
  const abs = path.resolve(p);
  let head = abs;
  const tail: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(head), ...tail.reverse());
    } catch {
      const parent = path.dirname(head);
      if (parent === head) return abs;
      tail.push(path.basename(head));
      head = parent;
    }
  }
}

/** True when `inner` is `outer` or lies inside it (both real paths). */
function within(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** A folder a command reads. */
export interface OutputInput {
  /** The option that names it, e.g. `--estate`. */
  readonly option: string;
  readonly path: string;
  /**
   * When given, an output may lie inside the folder except at or under these entries of it (an
   * estate's `national.yaml` and `tenancies/`): the scaffold's `nplz synth --estate . --out out/synth`
   * writes beside the specs, never over them. Otherwise nothing may be written inside the folder.
   */
  readonly readsOnly?: readonly string[];
}

export interface OutputFolderRules {
  /** The option that names the folder, e.g. `--out`. */
  readonly option: string;
  /** What the folder holds, e.g. "synth output". */
  readonly what: string;
  /** True for a folder this command wrote before, which it may replace. */
  readonly isPrevious: (dir: string) => boolean;
  /** The file that marks a previous output, for the message. */
  readonly marker: string;
  /** What to say of a non-empty folder that is not a previous output (default: says what is missing). */
  readonly nonEmpty?: string;
  /** What the folder may be, in words (default: new, empty or a previous output). */
  readonly allowed?: string;
  /** The command's inputs: the output may not be one, lie inside one or hold one. */
  readonly inputs: readonly OutputInput[];
}

/**
 * Refuse an output folder the command must not replace, before anything is read or written. An
 * output folder is replaced whole, so it must be new, empty or a previous output of the same
 * command (it holds the marker file); it may not be a file; and it may not be an input of the
 * command, lie inside one or hold one (symbolic links are followed).
 */
export function checkOutputFolder(target: string, rules: OutputFolderRules): void {
  const refuse = (message: string, received: unknown, hint?: string) => {
    throw NplzError.of({
      file: '(command line)',
      path: rules.option,
      received,
      message,
      allowed: rules.allowed ?? `a new folder, an empty folder, or a previous ${rules.what} folder (it holds ${rules.marker})`,
      ...(hint ? { hint } : {}),
    });
  };
  const real = realPathOf(target);
  for (const input of rules.inputs) {
    const inReal = realPathOf(input.path);
    const read = input.readsOnly?.map((e) => path.join(inReal, e));
    const over = read ? real === inReal || read.some((r) => within(real, r)) : within(real, inReal);
    if (over)
      refuse(
        real === inReal
          ? `${rules.option} is the ${input.option} folder itself: writing there would replace the input`
          : read
            ? `${rules.option} is inside what the ${input.option} folder holds (${(input.readsOnly ?? []).join(', ')}): nplz never writes over its own input`
            : `${rules.option} is inside the ${input.option} folder: nplz never writes inside its own input`,
        target,
        `write somewhere else, e.g. ${rules.option} ${path.join(path.dirname(inReal), `${path.basename(inReal)}-out`)}`,
      );
    if (within(inReal, real))
      refuse(
        `${rules.option} holds the ${input.option} folder: replacing it would delete the input`,
        target,
        'write to a folder of its own',
      );
  }
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') refuse(`${rules.option} lies under a file, not a folder`, target);
    refuse(`${rules.option} cannot be read: ${code ?? String(e)}`, target);
  }
  if (!st) return;
  if (!st.isDirectory()) refuse(`${rules.option} is a file, not a folder: nplz does not replace it`, target, 'give a folder');
  let entries: string[];
  try {
    entries = fs.readdirSync(target);
  } catch (e) {
    return refuse(`${rules.option} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, target);
  }
  if (entries.length > 0 && !rules.isPrevious(target))
    refuse(
      rules.nonEmpty ??
        `${rules.option} is not empty and is not a previous ${rules.what} (no ${rules.marker}): nplz replaces the folder whole and will not delete what it did not write`,
      entries.sort().slice(0, 10),
      'give a new or empty folder',
    );
}
