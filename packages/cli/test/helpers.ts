import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../src/main';
import type { Terminal } from '../src/terminal';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the CLI in-process with captured output (no colour; progress only when `interactive`). */
export async function runCli(argv: readonly string[], opts: { interactive?: boolean } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const term: Terminal = {
    out: (t) => (stdout += `${t}\n`),
    err: (t) => (stderr += `${t}\n`),
    color: false,
    interactive: opts.interactive ?? false,
  };
  const code = await main(argv, term);
  return { code, stdout, stderr };
}

/** A stack trace line as node prints them. */
export const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;

/** The built binary, as a user runs it (`pnpm test` builds before jest runs). */
export const BIN = path.join(__dirname, '..', 'dist', 'bin.js');

/**
 * Run the built binary in a child process. Tests that render the whole sample estate use this:
 * the work gets its own heap, as it does for a user, instead of growing the shared jest worker.
 */
export function runBuiltCli(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * Fail clearly when the binary is missing. (Whether it is current is `pnpm test`'s job: it builds
 * first. Modification times cannot tell, because `tsc -b` does not re-emit a file whose content
 * did not change.)
 */
function assertBuilt(): void {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` (or \`pnpm test\`, which builds first)`);
}
