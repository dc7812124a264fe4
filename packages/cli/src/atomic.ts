import * as fs from 'node:fs';
import * as path from 'node:path';

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
