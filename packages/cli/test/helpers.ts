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
