/**
 * The Control Tower guard's worker ({@link runGuardSharesInChildren}); not a user-facing command.
 *
 *   node control-tower-guard-worker.js --pool <job.json>   start one process per share, wait for all
 *   node control-tower-guard-worker.js <job.json> <k>      run share k, write <job.json>.<k>.out.json
 *
 * The pool prints each failed share's message to stderr and exits 1 when any share failed.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { GuardShare } from './control-tower-guard';

async function pool(jobFile: string): Promise<number> {
  const { shares } = JSON.parse(fs.readFileSync(jobFile, 'utf8')) as { shares: GuardShare[] };
  const runs = shares.map(
    (_, k) =>
      new Promise<string | undefined>((resolve) => {
        const child = spawn(process.execPath, [__filename, jobFile, String(k)], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        // At most 64 KB of a share's messages are kept (cfn-guard can be verbose): enough to say why.
        child.stderr.on('data', (d: Buffer) => {
          if (stderr.length < 65_536) stderr += d.toString().slice(0, 65_536 - stderr.length);
        });
        child.on('error', (e) => resolve(`share ${k}: ${e.message}`));
        child.on('close', (code, signal) => resolve(code === 0 ? undefined : `share ${k} (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
      }),
  );
  const failed = (await Promise.all(runs)).filter((m): m is string => m !== undefined);
  for (const m of failed) process.stderr.write(`${m}\n`);
  return failed.length ? 1 : 0;
}

function share(jobFile: string, k: number): void {
  // Loaded here, not at the top: the pool needs none of it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the share's process only
  const { runGuardShare } = require('./control-tower-guard') as typeof import('./control-tower-guard');
  const { shares } = JSON.parse(fs.readFileSync(jobFile, 'utf8')) as { shares: GuardShare[] };
  const mine = shares[k];
  if (!mine) throw new Error(`no share ${k} in ${jobFile}`);
  const out = `${jobFile}.${k}.out.json`;
  fs.writeFileSync(`${out}.tmp`, JSON.stringify(runGuardShare(mine)));
  fs.renameSync(`${out}.tmp`, out);
}

if (require.main === module) {
  const [first, second] = process.argv.slice(2);
  const run = first === '--pool' ? pool(second ?? '') : Promise.resolve(share(first ?? '', Number(second))).then(() => 0);
  run.then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
