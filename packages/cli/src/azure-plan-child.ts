/**
 * `nplz synth`'s Azure plan in a process of its own, so it records while the parent synthesises the
 * AWS estate (the two clouds are independent; aws-cdk-lib's synthesis and the Pulumi recorder each
 * keep one core busy). Run by {@link recordAzurePlanInChild}; not a user-facing command.
 *
 *   node azure-plan-child.js <estate dir> <now, ISO 8601> <plan file> [<plan cache dir>]
 *
 * Loads the estate exactly as the parent did (same folder, same date), records the plan with
 * `planAzureEstate` and writes it with `writePlan`, the calls the parent makes in process, and
 * prints `{"resources":n,"stacks":n}` as its last line.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { DiskPlanCache, planAzureEstate, writePlan } from '@nplz/azure';
import { loadValidEstate } from './load-estate';

/** What the parent reports of the plan the child wrote. */
export interface AzurePlanCounts {
  /** Custom (non-provider, non-component) resources. */
  readonly resources: number;
  /** Stacks the plan recorded. */
  readonly stacks: number;
}

/** Counts of a recorded plan, as `nplz synth` prints them. */
export function azurePlanCounts(plan: {
  resources: readonly { custom?: boolean }[];
  stacks?: readonly { recorded?: boolean }[];
}): AzurePlanCounts {
  return { resources: plan.resources.filter((r) => r.custom).length, stacks: plan.stacks?.filter((x) => x.recorded).length ?? 1 };
}

/** A child process recording the Azure plan: `done` settles when the plan is written; `stop` kills it. */
export interface AzurePlanChild {
  readonly done: Promise<AzurePlanCounts>;
  /** Kill the child (when the parent fails, so nothing is written after it has cleaned up). */
  stop(): void;
}

/**
 * Start recording the estate's Azure plan into `file` in a child process. Start it before the
 * (synchronous) AWS synthesis so both run at once. With `cacheDir`, each stack's plan is kept there
 * between runs (`DiskPlanCache`).
 */
export function recordAzurePlanInChild(estateDir: string, now: Date, file: string, cacheDir?: string): AzurePlanChild {
  const script = path.join(__dirname, '..', 'dist', 'azure-plan-child.js');
  let stop = () => {};
  const done = new Promise<AzurePlanCounts>((resolve, reject) => {
    const child = spawn(process.execPath, [script, estateDir, now.toISOString(), file, ...(cacheDir ? [cacheDir] : [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) {
        try {
          resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as AzurePlanCounts);
        } catch (e) {
          reject(new Error(`the Azure plan process printed no counts: ${(e as Error).message}`));
        }
      } else reject(new Error(`the Azure plan process failed (${signal ?? `exit ${code}`}):\n${stderr.trim()}`));
    });
    stop = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
  });
  // Awaited by the caller after the AWS synthesis; until then a failure must not be "unhandled".
  done.catch(() => {});
  return { done, stop: () => stop() };
}

async function childMain(argv: string[]): Promise<void> {
  const [estateDir, nowIso, file, cacheDir] = argv;
  if (!estateDir || !nowIso || !file) throw new Error('usage: azure-plan-child.js <estate dir> <now> <plan file> [<plan cache dir>]');
  const estate = loadValidEstate(estateDir, new Date(nowIso));
  const plan = await planAzureEstate(estate, cacheDir ? { cache: new DiskPlanCache(cacheDir) } : {});
  writePlan(plan, file);
  process.stdout.write(`${JSON.stringify(azurePlanCounts(plan))}\n`);
}

if (require.main === module) {
  childMain(process.argv.slice(2)).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
