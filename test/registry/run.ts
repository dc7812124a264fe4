import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface RunResult {
  readonly command: string;
  readonly cwd: string;
  readonly code: number | null;
  readonly output: string;
  readonly seconds: number;
}

const KEEP = 64 * 1024;

/**
 * The environment a force's engineer has: this one without what the workspace's tooling adds
 * (pnpm's and npm's `npm_config_*`, the workspace's `node_modules/.bin` on PATH), plus `extra`.
 */
export function userEnv(workspace: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|INIT_CWD$|NODE_OPTIONS$|NODE_PATH$|JEST_WORKER_ID$)/i.test(k)) continue;
    env[k] = v;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((p) => p && !path.resolve(p).startsWith(path.resolve(workspace) + path.sep))
    .join(path.delimiter);
  return { ...env, ...extra };
}

/** Runs one shell command as a reader would type it; never throws, kills its process group on timeout. */
export function run(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d: Buffer) => {
      output += d.toString();
      if (output.length > 2 * KEEP) output = output.slice(-KEEP);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs / 1000} s]`;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ command, cwd, code, output: output.slice(-KEEP), seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** A failure message a reader can act on: the command, where, its exit and the end of its output. */
export function describeFailure(r: RunResult, lines = 60): string {
  const tail = r.output.trimEnd().split('\n').slice(-lines).join('\n');
  return `\`${r.command}\` in ${r.cwd} exited ${r.code} after ${r.seconds.toFixed(0)} s:\n${tail}`;
}
