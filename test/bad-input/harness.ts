import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BIN, CliResult, runCli, STACK_LINE } from '../../packages/cli/test/helpers';

/** The valid estate every case starts from: national.yaml and tenancies/dorset.yaml. */
export const BASE = path.join(__dirname, '..', 'fixtures', 'bad-input-base');

/** Everything about a folder tree that "nothing written, moved or deleted" promises: paths, kinds, sizes, modes, hashes. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const rel = path.relative(root, p);
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink()) out[rel] = `link ${fs.readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[rel] = `dir ${(st.mode & 0o7777).toString(8)}`;
        walk(p);
      } else if (st.isFile())
        out[rel] = `file ${st.size} ${(st.mode & 0o7777).toString(8)} ${createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`;
      else out[rel] = `other ${(st.mode & 0o7777).toString(8)}`;
    }
  };
  walk(root);
  return out;
}

/** A fresh working folder holding a copy of the base estate at `<work>/estate`. */
export function workFolder(prefix = 'nplz-bad-'): { work: string; estate: string } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const estate = path.join(work, 'estate');
  fs.cpSync(BASE, estate, { recursive: true });
  return { work, estate };
}

/** The base tenancy's text, for cases that edit it. */
export const DORSET = fs.readFileSync(path.join(BASE, 'tenancies', 'dorset.yaml'), 'utf8');
export const NATIONAL = fs.readFileSync(path.join(BASE, 'national.yaml'), 'utf8');

/** Replace `from` in the text (which must be there, so a case cannot silently test nothing). */
export function edit(text: string, from: string | RegExp, to: string): string {
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit: ${String(from)} not found`);
  return next;
}

/** Output a bad input may produce at most: a screenful of problems and their summary, never megabytes. */
export const MAX_OUTPUT = 200_000;

/** What every bad input gets: exit 2, the fragments, no stack trace, no internal error, bounded output. */
export function expectRefused(r: CliResult, fragments: readonly (string | RegExp)[], code = 2): void {
  const all = `${r.stdout}${r.stderr}`;
  for (const f of fragments) {
    if (typeof f === 'string') expect(all).toContain(f);
    else expect(all).toMatch(f);
  }
  expect(all).not.toMatch(STACK_LINE);
  expect(all).not.toContain('internal error');
  expect(all.length).toBeLessThan(MAX_OUTPUT);
  expect(r.code).toBe(code);
}

/** Run the CLI in-process on a working folder and check nothing in it changed. */
export async function runUntouched(work: string, argv: readonly string[]): Promise<CliResult> {
  const before = snapshot(work);
  const r = await runCli(argv);
  expect(snapshot(work)).toEqual(before);
  return r;
}

/** Run the built binary through `bash -o pipefail`, with a time limit: for pipes, EPIPE and hangs. */
export function runShell(script: string, timeoutMs = 20_000): Promise<CliResult & { timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', script], {
      env: { ...process.env, NO_COLOR: '1', NPLZ: `${process.execPath} ${BIN}` },
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, timedOut });
    });
  });
}
