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
 *
 *   node azure-plan-child.js --estates <input.json>
 *
 * `nplz diff`'s form ({@link recordAzurePlansInChildren}): records each estate of the input file's
 * `estates` (with one in-memory plan cache) into the file of the same place in its `files`.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AzureDeployPlan, Plan } from '@nplz/azure';
import type { Estate } from '@nplz/core';
import { loadValidEstate } from './load-estate';

/** What the parent reports of the plan the child wrote. */
export interface AzurePlanCounts {
  /** Custom (non-provider, non-component) resources. */
  readonly resources: number;
  /** Stacks the plan recorded. */
  readonly stacks: number;
}

/**
 * @nplz/azure, loaded only where the plans are recorded (this child, or a parent under NPLZ_SERIAL=1):
 * it pulls in the Pulumi runtime and azure-native (about 0.6 s of CPU), which a parent busy
 * synthesising AWS does not otherwise need. `nplz synth` and `nplz diff` load it through this too.
 */
export function azureLib(): typeof import('@nplz/azure') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when plans are recorded, not at start-up
  return require('@nplz/azure') as typeof import('@nplz/azure');
}

/** What the single-estate child reports: the counts, and the estate's Azure deploy plan (so the parent need not load @nplz/azure). */
export interface AzurePlanChildResult extends AzurePlanCounts {
  readonly deployPlan: AzureDeployPlan;
  /** `renderAzureDeployPlanMarkdown(deployPlan)`. */
  readonly deployPlanMarkdown: string;
}

/** Counts of a recorded plan, as `nplz synth` prints them. */
export function azurePlanCounts(plan: {
  resources: readonly { custom?: boolean }[];
  stacks?: readonly { recorded?: boolean }[];
}): AzurePlanCounts {
  return { resources: plan.resources.filter((r) => r.custom).length, stacks: plan.stacks?.filter((x) => x.recorded).length ?? 1 };
}

/** A child process recording the Azure plan: `done` settles when the plan is written; `stop` kills it. */
export interface AzurePlanChild<T extends AzurePlanCounts = AzurePlanCounts> {
  readonly done: Promise<T>;
  /** Kill the child (when the parent fails, so nothing is written after it has cleaned up). */
  stop(): void;
}

/**
 * Start recording the estate's Azure plan into `file` in a child process. Start it before the
 * (synchronous) AWS synthesis so both run at once. With `cacheDir`, each stack's plan is kept there
 * between runs (`DiskPlanCache`).
 */
export function recordAzurePlanInChild(
  estateDir: string,
  now: Date,
  file: string,
  cacheDir?: string,
): AzurePlanChild<AzurePlanChildResult> {
  return spawnChild<AzurePlanChildResult>([estateDir, now.toISOString(), file, ...(cacheDir ? [cacheDir] : [])]);
}

function spawnChild<T extends AzurePlanCounts>(args: readonly string[]): AzurePlanChild<T> {
  const script = path.join(__dirname, '..', 'dist', 'azure-plan-child.js');
  let stop = () => {};
  const done = new Promise<T>((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) {
        try {
          resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as T);
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

/**
 * Record the Azure plans of estates already in memory (`nplz diff`'s base and head, or the estate
 * at two baselines), in child processes while the caller synthesises AWS: `groups` lists the
 * estates each child records, one after the other with one cache (a {@link DiskPlanCache} in
 * `cacheDir`, else a {@link MemoryPlanCache}), so put the
 * estates that share tenancy stacks in one group, and independent ones in groups of their own. Each
 * estate goes to its child as JSON (an `Estate` is data). Returns the plans in the order given.
 * The temporary folder that carries them is removed.
 */
export async function recordAzurePlansInChildren(groups: readonly (readonly Estate[])[], cacheDir?: string): Promise<Plan[][]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-azure-plans-'));
  const children: AzurePlanChild[] = [];
  try {
    const files = groups.map((estates, g) => {
      const input = path.join(dir, `estates-${g}.json`);
      const out = estates.map((_, i) => path.join(dir, `plan-${g}-${i}.json`));
      fs.writeFileSync(input, JSON.stringify({ estates, files: out, ...(cacheDir ? { cacheDir } : {}) }));
      children.push(spawnChild(['--estates', input]));
      return out;
    });
    await Promise.all(children.map((c) => c.done));
    return files.map((out) => out.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as Plan));
  } finally {
    for (const c of children) c.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function childMain(argv: string[]): Promise<void> {
  const { azureDeployPlan, DiskPlanCache, MemoryPlanCache, planAzureEstate, renderAzureDeployPlanMarkdown, writePlan } = azureLib();
  if (argv[0] === '--estates') {
    const input = JSON.parse(fs.readFileSync(argv[1] ?? '', 'utf8')) as { estates: Estate[]; files: string[]; cacheDir?: string };
    const cache = input.cacheDir ? new DiskPlanCache(input.cacheDir) : new MemoryPlanCache();
    let resources = 0;
    let stacks = 0;
    for (const [i, estate] of input.estates.entries()) {
      const plan = await planAzureEstate(estate, { cache });
      // The plan object as it is (not writePlan's normalised document): the caller diffs it as if recorded in process.
      fs.writeFileSync(input.files[i] ?? '', JSON.stringify(plan));
      const counts = azurePlanCounts(plan);
      resources += counts.resources;
      stacks += counts.stacks;
    }
    await printResult({ resources, stacks });
    return;
  }
  const [estateDir, nowIso, file, cacheDir] = argv;
  if (!estateDir || !nowIso || !file) throw new Error('usage: azure-plan-child.js <estate dir> <now> <plan file> [<plan cache dir>]');
  const estate = loadValidEstate(estateDir, new Date(nowIso));
  const plan = await planAzureEstate(estate, cacheDir ? { cache: new DiskPlanCache(cacheDir) } : {});
  writePlan(plan, file);
  const deployPlan = azureDeployPlan(estate);
  const result: AzurePlanChildResult = {
    ...azurePlanCounts(plan),
    deployPlan,
    deployPlanMarkdown: renderAzureDeployPlanMarkdown(deployPlan),
  };
  await printResult(result);
}

/**
 * The result line, flushed before the child exits. Stdout to a pipe is asynchronous here: a line
 * longer than the pipe holds (the deploy plan of a large estate) would be cut short by
 * `process.exit` while the parent is busy synthesising AWS and not yet reading.
 */
export function printResult(result: object): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(`${JSON.stringify(result)}\n`, (e) => (e ? reject(e) : resolve())));
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
