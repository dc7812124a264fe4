import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  loadEstateOrThrow,
  NATIONAL_TENANCY,
  NplzError,
  NPLZ_TAGS,
  pathKind,
  type Estate,
  type Plan,
  type PlanResource,
  type Problem,
} from '@nplz/core';
import type { ForceProjectDeclaration } from './templates';

/**
 * A force's own project, as `nplz init` writes it: package.json `nplz` names the CDK project file
 * (`cdkApp`) and the Pulumi project file (`pulumiProject`). `nplz synth` then audits what those
 * run — the CDK app `cdk deploy` deploys and the Pulumi program `pulumi up` applies — instead of
 * NPLZ's own rendering of the tenancy.
 */
export interface ForceProject {
  readonly dir: string;
  readonly packageFile: string;
  /** Absolute path of cdk.json. */
  readonly cdkApp?: string;
  /** Absolute path of Pulumi.yaml. */
  readonly pulumiProject?: string;
}

const problem = (file: string, p: string, received: unknown, message: string, allowed: string, hint?: string): Problem => ({
  file,
  path: p,
  received,
  message,
  allowed,
  ...(hint ? { hint } : {}),
});

/**
 * The force project in `dir`, when its package.json declares one (`nplz`); undefined for a plain
 * estate folder. A declaration that names no file, or a missing one, is bad input.
 */
export function readForceProject(dir: string): ForceProject | undefined {
  const packageFile = path.join(dir, 'package.json');
  if (pathKind(packageFile) !== 'file') return undefined;
  let pkg: unknown;
  try {
    pkg = JSON.parse(fs.readFileSync(packageFile, 'utf8'));
  } catch {
    return undefined; // not a project package.json nplz reads; the estate alone is synthesised
  }
  if (pkg === null || typeof pkg !== 'object' || !('nplz' in pkg)) return undefined;
  const decl = pkg.nplz;
  const problems: Problem[] = [];
  if (decl === null || typeof decl !== 'object' || Array.isArray(decl)) {
    throw NplzError.of(
      problem(
        packageFile,
        'nplz',
        decl,
        'the nplz declaration is not a mapping',
        '{ "cdkApp": "cdk.json", "pulumiProject": "Pulumi.yaml" }',
      ),
    );
  }
  const d = decl as Record<string, unknown>;
  const out: { cdkApp?: string; pulumiProject?: string } = {};
  for (const key of Object.keys(d)) {
    if (key !== 'cdkApp' && key !== 'pulumiProject') {
      problems.push(
        problem(
          packageFile,
          `nplz.${key}`,
          d[key],
          `unknown key "${key}"`,
          'cdkApp (the cdk.json file), pulumiProject (the Pulumi.yaml file)',
        ),
      );
      continue;
    }
    const v = d[key];
    const expected = key === 'cdkApp' ? 'cdk.json' : 'Pulumi.yaml';
    if (typeof v !== 'string' || !v) {
      problems.push(
        problem(packageFile, `nplz.${key}`, v, `nplz.${key} is not a file name`, `the project's ${expected}, relative to package.json`),
      );
      continue;
    }
    const file = path.resolve(dir, v);
    if (pathKind(file) !== 'file') {
      problems.push(problem(packageFile, `nplz.${key}`, v, `${v} does not exist`, `the project's ${expected}, relative to package.json`));
      continue;
    }
    out[key] = file;
  }
  if (problems.length) throw new NplzError(problems);
  const declared: ForceProjectDeclaration = out;
  return { dir, packageFile, ...declared };
}

/** Refuse, before anything is synthesised, a project whose compiled code is older than its sources. */
export function checkForceProjectBuilt(project: ForceProject): void {
  if (project.cdkApp || project.pulumiProject) checkBuilt(project.dir, project.cdkApp ? 'the CDK app' : 'the Pulumi program');
}

/**
 * The compiled files a program runs must not be older than their sources: the audit would pass
 * code that is no longer there. Checked from tsconfig.json's rootDir and outDir, when it has both.
 */
function checkBuilt(dir: string, what: string): void {
  const tsconfig = path.join(dir, 'tsconfig.json');
  if (pathKind(tsconfig) !== 'file') return;
  let opts: { rootDir?: unknown; outDir?: unknown } | undefined;
  try {
    opts = (JSON.parse(fs.readFileSync(tsconfig, 'utf8')) as { compilerOptions?: typeof opts }).compilerOptions;
  } catch {
    return; // a tsconfig with comments: nplz cannot tell, the build is the project's own
  }
  if (typeof opts?.rootDir !== 'string' || typeof opts.outDir !== 'string') return;
  const src = path.resolve(dir, opts.rootDir);
  const out = path.resolve(dir, opts.outDir);
  const stale: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (/\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name)) {
        const js = path.join(out, path.relative(src, f)).replace(/\.ts$/, '.js');
        if (pathKind(js) !== 'file' || fs.statSync(js).mtimeMs < fs.statSync(f).mtimeMs) stale.push(path.relative(dir, f));
      }
    }
  };
  if (pathKind(src) === 'folder') walk(src);
  if (stale.length)
    throw NplzError.of(
      problem(
        path.join(dir, opts.outDir),
        '',
        stale.slice(0, 5).join(', ') + (stale.length > 5 ? ` and ${stale.length - 5} more` : ''),
        `${what} is not built from the current sources: these are newer than their compiled files`,
        `${opts.outDir}/ compiled from every file of ${opts.rootDir}/`,
        'run `npm run build` first (`npm run synth` builds, then synthesises)',
      ),
    );
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * How long a force's app or program may run before synth gives up on it: a hung app must not hang
 * `nplz synth`. `NPLZ_PROGRAM_TIMEOUT_S` sets it (seconds); ten minutes by default.
 */
function programTimeoutMs(): number {
  const s = Number(process.env.NPLZ_PROGRAM_TIMEOUT_S);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 600_000;
}

function run(command: string, args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv; shell?: boolean }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: opts.cwd,
      env: opts.env,
      shell: opts.shell ?? false,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a hung app and everything it started can be stopped together.
      detached: process.platform !== 'win32',
    });
    let stdout = '';
    let stderr = '';
    const limit = programTimeoutMs();
    // The app runs under a shell in a group of its own: stop the whole group, not only the shell.
    const stop = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    // nplz interrupted or exiting: its child's group goes with it (it no longer shares the terminal's signals).
    process.once('exit', stop);
    const interrupted = (signal: NodeJS.Signals) => {
      stop();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
    const done = () => {
      clearTimeout(timer);
      process.removeListener('exit', stop);
      process.removeListener('SIGINT', interrupted);
      process.removeListener('SIGTERM', interrupted);
    };
    const timer = setTimeout(() => {
      done();
      stop();
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code: 124, stdout, stderr: `${stderr}\nstopped after ${limit / 1000} s (NPLZ_PROGRAM_TIMEOUT_S sets the limit)` });
    }, limit);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = (stdout + d).slice(-200_000)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-200_000)));
    child.on('error', (e) => {
      done();
      reject(e);
    });
    child.on('close', (code) => {
      done();
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** The lines of a program's error output that say what went wrong (no stack frames). */
function errorLines(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l && !/^\s+at /.test(l) && !/^Node\.js v/.test(l));
  return lines.slice(-6).join('\n').slice(0, 1500);
}

/**
 * Run the force's CDK app as the CDK CLI does: cdk.json's `app` command in the project folder,
 * with CDK_OUTDIR and CDK_CONTEXT_JSON (cdk.json's context, construct path metadata and version
 * reporting on, as the CLI's defaults). Policy
 * violations do not stop it: the assembly and the validation report are written for the audit.
 */
export async function synthForceCdkApp(project: ForceProject, outdir: string): Promise<void> {
  const file = project.cdkApp;
  if (!file) return;
  let cdk: { app?: unknown; context?: unknown };
  try {
    cdk = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof cdk;
  } catch (e) {
    throw NplzError.of(
      problem(file, '', (e as Error).message, 'cdk.json is not valid JSON', 'the CDK project file, as `cdk synth` reads it'),
    );
  }
  if (typeof cdk.app !== 'string' || !cdk.app.trim())
    throw NplzError.of(problem(file, 'app', cdk.app, 'cdk.json names no app command', 'a command, e.g. "node dist/aws-app.js"'));
  const isBag = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  // The CDK CLI also reads the project's cached lookups (cdk.context.json); cdk.json's own context wins over them.
  const cachedFile = path.join(project.dir, 'cdk.context.json');
  let cached: Record<string, unknown> = {};
  if (pathKind(cachedFile) === 'file') {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(cachedFile, 'utf8'));
      if (isBag(parsed)) cached = parsed;
    } catch (e) {
      throw NplzError.of(
        problem(
          cachedFile,
          '',
          (e as Error).message,
          'cdk.context.json is not valid JSON',
          'the CDK context cache, as `cdk synth` reads it',
        ),
      );
    }
  }
  const context = { ...cached, ...(isBag(cdk.context) ? cdk.context : {}) };
  checkBuilt(project.dir, 'the CDK app');
  const r = await run(cdk.app, [], {
    cwd: project.dir,
    shell: true,
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({
        ...context,
        'aws:cdk:enable-path-metadata': true,
        // As the CDK CLI passes it (unless cdk.json sets "versionReporting": false): the AWS::CDK::Metadata resource deploys too.
        ...((cdk as { versionReporting?: unknown }).versionReporting === false ? {} : { 'aws:cdk:version-reporting': true }),
        '@aws-cdk/core:failSynthOnValidationErrors': false,
        '@aws-cdk/core:validationReportJson': true,
      }),
    },
  });
  if (r.code !== 0 || pathKind(path.join(outdir, 'manifest.json')) !== 'file') {
    throw NplzError.of(
      problem(
        file,
        'app',
        cdk.app,
        `the CDK app failed (exit ${r.code}):\n${errorLines(r.stderr) || '(no error output)'}`,
        'an app that synthesises (`npm run cdk:synth` shows the same error)',
      ),
    );
  }
}

type Manifest = { artifacts?: Record<string, Artifact> } & Record<string, unknown>;
interface Artifact {
  type: string;
  properties?: { tags?: Record<string, string>; templateFile?: string; file?: string; additionalDependencies?: string[] };
  dependencies?: string[];
  [k: string]: unknown;
}
type Report = { pluginReports?: PluginReport[] } & Record<string, unknown>;
interface PluginReport {
  violations?: Violation[];
  [k: string]: unknown;
}
interface Violation {
  violatingConstructs?: { constructPath?: string }[];
  violatingResources?: { locations?: string[]; templatePath?: string }[];
  [k: string]: unknown;
}

const REPORT_FILES = ['validation-report.json', 'policy-validation-report.json'];
const readJson = <T>(f: string): T => JSON.parse(fs.readFileSync(f, 'utf8')) as T;

/**
 * Put the force's own CDK assembly in place of NPLZ's rendering of its tenancy: every stack of the
 * project's tenancies in `estateDir` is replaced by the stack of the same id the force's app
 * synthesised (into `forceDir`), the app's other stacks are added, and the validation reports
 * keep the national stacks' violations and take the force app's own. Returns the stack ids
 * replaced. The app must synthesise every tenancy environment and no national stack id.
 */
export function mergeForceAssembly(estateDir: string, forceDir: string, cdkJson: string): string[] {
  const em = readJson<Manifest>(path.join(estateDir, 'manifest.json'));
  const fm = readJson<Manifest>(path.join(forceDir, 'manifest.json'));
  const ea = em.artifacts ?? {};
  const fa = fm.artifacts ?? {};
  const isStack = (a: Artifact) => a.type === 'aws:cloudformation:stack';
  const tenancyStacks = Object.entries(ea)
    .filter(([, a]) => {
      const t = a.properties?.tags?.[NPLZ_TAGS.tenancy];
      return isStack(a) && t !== undefined && t !== NATIONAL_TENANCY;
    })
    .map(([id]) => id);
  const problems: Problem[] = [];
  for (const id of tenancyStacks) {
    const a = fa[id];
    if (!a || !isStack(a)) {
      const tags = ea[id]?.properties?.tags ?? {};
      problems.push(
        problem(
          cdkJson,
          'app',
          Object.keys(fa).filter((k) => fa[k] && isStack(fa[k])),
          `the CDK app does not synthesise ${id} (tenancy ${tags[NPLZ_TAGS.tenancy]}, environment ${tags[NPLZ_TAGS.environment]}), so what it deploys cannot be audited`,
          `a ForceTenancyStack for every environment of the tenancy: ${tenancyStacks.join(', ')}`,
        ),
      );
    }
  }
  const replaced = new Set(tenancyStacks.flatMap((id) => [id, `${id}.assets`]));
  for (const [id, a] of Object.entries(fa)) {
    if (ea[id] && !replaced.has(id) && a.type !== 'cdk:tree' && a.type !== 'cdk:feature-flag-report')
      problems.push(
        problem(cdkJson, 'app', id, `the CDK app synthesises ${id}, an id of the national platform's`, 'stack ids of your own'),
      );
  }
  if (problems.length) throw new NplzError(problems);

  // Files: everything the force's assembly holds, except what the merged assembly writes itself.
  for (const e of fs.readdirSync(forceDir)) {
    if (e === 'manifest.json' || e === 'tree.json' || e === 'cdk.out' || REPORT_FILES.includes(e)) continue;
    fs.cpSync(path.join(forceDir, e), path.join(estateDir, e), { recursive: true, force: true });
  }
  const artifacts: Record<string, Artifact> = {};
  for (const [id, a] of Object.entries(ea)) if (!replaced.has(id)) artifacts[id] = a;
  for (const [id, a] of Object.entries(fa)) if (a.type !== 'cdk:tree' && a.type !== 'cdk:feature-flag-report') artifacts[id] = a;
  fs.writeFileSync(path.join(estateDir, 'manifest.json'), `${JSON.stringify({ ...em, artifacts }, null, 2)}\n`);

  // Reports: the estate's, less what it said about NPLZ's copy of the tenancy, plus the force app's.
  const prefixes = tenancyStacks.map((id) => `${id}/`);
  const aboutReplaced = (p: string | undefined) => !!p && prefixes.some((x) => p.replace(/^\//, '').startsWith(x));
  const keep = (v: Violation): Violation | undefined => {
    const constructs = v.violatingConstructs?.filter((c) => !aboutReplaced(c.constructPath));
    const resources = v.violatingResources?.filter(
      (r) => !aboutReplaced(r.locations?.[0]) && !prefixes.some((x) => (r.templatePath ?? '').includes(`${x.slice(0, -1)}.template.json`)),
    );
    if ((v.violatingConstructs && !constructs?.length) || (!v.violatingConstructs && v.violatingResources && !resources?.length))
      return undefined;
    return { ...v, ...(constructs ? { violatingConstructs: constructs } : {}), ...(resources ? { violatingResources: resources } : {}) };
  };
  for (const name of REPORT_FILES) {
    const ef = path.join(estateDir, name);
    const ff = path.join(forceDir, name);
    if (pathKind(ef) !== 'file' && pathKind(ff) !== 'file') continue;
    const er: Report = pathKind(ef) === 'file' ? readJson<Report>(ef) : { title: 'Validation Report', pluginReports: [] };
    const fr: Report = pathKind(ff) === 'file' ? readJson<Report>(ff) : { pluginReports: [] };
    const pluginReports = [
      ...(er.pluginReports ?? []).map((p) => ({
        ...p,
        violations: (p.violations ?? []).flatMap((v) => keep(v) ?? []),
      })),
      ...(fr.pluginReports ?? []),
    ];
    fs.writeFileSync(ef, `${JSON.stringify({ ...er, pluginReports }, null, 2)}\n`);
  }
  return tenancyStacks;
}

/** Pulumi.yaml's fields nplz reads. */
interface PulumiProject {
  readonly name: string;
  readonly main: string;
  readonly defaults: Record<string, string>;
}

function readPulumiProject(file: string): PulumiProject {
  let doc: unknown;
  try {
    doc = parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw NplzError.of(problem(file, '', (e as Error).message.split('\n')[0], 'Pulumi.yaml is not valid YAML', 'the Pulumi project file'));
  }
  const d = (doc && typeof doc === 'object' ? doc : {}) as { name?: unknown; main?: unknown; config?: unknown };
  if (typeof d.name !== 'string' || !d.name)
    throw NplzError.of(problem(file, 'name', d.name, 'Pulumi.yaml names no project', 'a project name'));
  const main = typeof d.main === 'string' && d.main ? d.main : 'index.js';
  const defaults: Record<string, string> = {};
  if (d.config && typeof d.config === 'object') {
    for (const [k, v] of Object.entries(d.config as Record<string, unknown>)) {
      const value = v && typeof v === 'object' && 'default' in v ? v.default : v;
      if (value !== undefined && value !== null && typeof value !== 'object')
        defaults[k.includes(':') ? k : `${d.name}:${k}`] = String(value);
    }
  }
  return { name: d.name, main, defaults };
}

/** A stack's config as `pulumi up` passes it: Pulumi.yaml's defaults, then Pulumi.<stack>.yaml, keys `<project>:<key>`. */
function stackConfig(dir: string, p: PulumiProject, stack: string): Record<string, string> {
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  if (pathKind(file) !== 'file')
    throw NplzError.of(
      problem(
        file,
        '',
        file,
        `stack ${stack} has no config file`,
        `Pulumi.${stack}.yaml beside Pulumi.yaml`,
        `\`pulumi stack init ${stack}\` and \`pulumi config set\` write it`,
      ),
    );
  let doc: unknown;
  try {
    doc = parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw NplzError.of(
      problem(file, '', (e as Error).message.split('\n')[0], `Pulumi.${stack}.yaml is not valid YAML`, 'a Pulumi stack config file'),
    );
  }
  const config = (doc && typeof doc === 'object' ? (doc as { config?: unknown }).config : undefined) ?? {};
  const out: Record<string, string> = { ...p.defaults };
  for (const [k, v] of Object.entries(config as Record<string, unknown>)) {
    const key = k.includes(':') ? k : `${p.name}:${k}`;
    if (v && typeof v === 'object' && 'secure' in v)
      throw NplzError.of(
        problem(
          file,
          `config.${k}`,
          '(secure value)',
          'a secret cannot be decrypted offline',
          'a plain value for the offline plan',
          'give the offline plan a plain placeholder, or record from a stack without secrets',
        ),
      );
    out[key] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/** The recorder's plan of one program, as `writePlan` writes it. */
type PlanFile = Plan & { readonly tool?: string; readonly format?: number };

/**
 * Record the force's Pulumi program for one stack, in this process, under the NPLZ plan recorder
 * (`pulumi.runtime.setMocks`): Pulumi.yaml's `main`, with that stack's config, as `pulumi up`
 * would run it, and write the plan to `out`. The recorder and Pulumi SDK are the project's own
 * (resolved from the project folder), so the program registers with the recorder that runs it.
 * A cloud resource the program leaves unattributed — created outside the landing zone, with no
 * provider or the default one — deploys into the stack's own subscription, so it is the tenancy's.
 * Returns the number of cloud resources. Run once per process: the program module is loaded once.
 */
export async function recordForceProgram(
  dir: string,
  stack: string,
  out: string,
  opts: { budgetStartDate?: string; stackReferences?: Readonly<Record<string, Readonly<Record<string, unknown>>>> } = {},
): Promise<number> {
  const projectFile = path.join(dir, 'Pulumi.yaml');
  const p = readPulumiProject(projectFile);
  const main = path.resolve(dir, p.main);
  if (pathKind(main) !== 'file')
    throw NplzError.of(
      problem(projectFile, 'main', p.main, `the program ${p.main} does not exist`, 'the compiled program', 'run `npm run build` first'),
    );
  checkBuilt(dir, 'the Pulumi program');
  const config = stackConfig(dir, p, stack);
  if (opts.budgetStartDate && config[`${p.name}:budgetStartDate`] === undefined) config[`${p.name}:budgetStartDate`] = opts.budgetStartDate;
  process.env.PULUMI_CONFIG = JSON.stringify(config);
  const from = { paths: [dir] };
  /* eslint-disable @typescript-eslint/no-require-imports -- the project's own copies, resolved at run time */
  const azure = require(require.resolve('@nplz/azure', from)) as typeof import('@nplz/azure');
  const pulumi = require(require.resolve('@pulumi/pulumi', from)) as typeof import('@pulumi/pulumi');
  // The stacks the program reads (the national stack): as \`nplz synth\` recorded them, or recorded
  // here from the project's own national settings, as the national team deploys them.
  const stackReferences = opts.stackReferences ?? (await nationalStackOutputs(dir, azure));
  const plan = await azure.recordPlan(
    async () => {
      pulumi.runtime.setAllConfig(config);
      // As \`pulumi up\` runs a program: a module that exports a function is called, and what it
      // returns (or the module's exports) are the stack's outputs.
      const exported = require(main) as unknown;
      const run = typeof exported === 'function' ? exported : (exported as { default?: unknown } | null)?.default;
      return (typeof run === 'function' ? await (run as () => unknown)() : exported) as Record<string, unknown> | undefined;
    },
    { project: p.name, stack, stackReferences },
  );
  /* eslint-enable @typescript-eslint/no-require-imports */
  const attributed = [...new Set(plan.resources.filter((r) => r.tenancy).map((r) => `${r.tenancy}\u0000${r.environment ?? ''}`))];
  const only = attributed.length === 1 ? (attributed[0] ?? '').split('\u0000') : undefined;
  const isDefaultProvider = (ref: string | undefined) => !ref || /::pulumi:providers:[^:]+::default/.test(ref);
  const resources: PlanResource[] = plan.resources.map((r) =>
    only && !r.tenancy && r.custom && !r.type.startsWith('pulumi:providers:') && isDefaultProvider(r.provider)
      ? { ...r, tenancy: only[0], ...(only[1] ? { environment: only[1] } : {}) }
      : r,
  );
  fs.mkdirSync(path.dirname(out), { recursive: true });
  azure.writePlan({ ...plan, resources }, out);
  return resources.filter((r) => r.custom).length;
}

/**
 * The outputs of the national stack a force's program reads, recorded offline from the project's
 * national settings (national.yaml beside Pulumi.yaml) by the national stack's own program.
 */
async function nationalStackOutputs(dir: string, azure: typeof import('@nplz/azure')): Promise<Record<string, Record<string, unknown>>> {
  const estate = loadEstateOrThrow(dir);
  const national = azure.azureStacks(estate).find((s) => s.kind === 'national');
  if (!national) return {};
  const plan = await azure.recordPlan(() => azure.runAzureStack(estate, national), {
    project: national.project,
    stack: national.stack,
  });
  return { [national.name]: plan.stacks?.find((s) => s.recorded)?.outputs ?? {} };
}

/** The runner `nplz synth` starts per stack: a process of its own, so each program loads fresh. */
function runnerFile(): string {
  // src/init or dist/init: the runner is always the built one.
  return path.join(__dirname, '..', '..', 'dist', 'init', 'force-program-runner.js');
}

/** {@link recordForceProgram} in a child process; problems come back as the child's exit-2 message. */
export async function recordForceProgramInChild(
  dir: string,
  stack: string,
  out: string,
  opts: { budgetStartDate?: string; stackReferencesFile?: string } = {},
): Promise<PlanFile> {
  const r = await run(process.execPath, [runnerFile(), dir, stack, out, opts.budgetStartDate ?? '', opts.stackReferencesFile ?? ''], {
    cwd: dir,
    env: { ...process.env },
  });
  if (r.code !== 0) {
    const problems = (() => {
      try {
        return (JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as { problems?: Problem[] }).problems;
      } catch {
        return undefined;
      }
    })();
    if (problems?.length) throw new NplzError(problems);
    throw NplzError.of(
      problem(
        path.join(dir, 'Pulumi.yaml'),
        'main',
        `stack ${stack}`,
        `the Pulumi program failed (exit ${r.code}):\n${errorLines(r.stderr) || '(no error output)'}`,
        'a program that runs (`npm run azure:plan -- ' + stack + '` shows the same error)',
      ),
    );
  }
  return readJson<PlanFile>(out);
}

/** The subscription a provider resource deploys into, by its URN reference (`<urn>::<id>`). */
function providerSubscriptions(plan: Plan): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of plan.resources)
    if (r.type.startsWith('pulumi:providers:') && typeof r.inputs.subscriptionId === 'string')
      out.set(r.urn, r.inputs.subscriptionId.toLowerCase());
  return out;
}
const providerUrn = (ref: string | undefined) => (ref ? ref.slice(0, ref.lastIndexOf('::')) : undefined);

/**
 * The Azure id of a national resource a force's stack config names (a policy assignment, the
 * central workspace, the hub VNet), from its inputs, as Azure forms it.
 */
function azureIdOf(r: PlanResource, subscription: string | undefined): string | undefined {
  const i = r.inputs;
  const rg = typeof i.resourceGroupName === 'string' ? i.resourceGroupName : undefined;
  if (r.type === 'azure-native:authorization:PolicyAssignment' && typeof i.scope === 'string' && typeof i.policyAssignmentName === 'string')
    return `${i.scope}/providers/Microsoft.Authorization/policyAssignments/${i.policyAssignmentName}`;
  if (!subscription || !rg) return undefined;
  if (r.type === 'azure-native:operationalinsights:Workspace' && typeof i.workspaceName === 'string')
    return `/subscriptions/${subscription}/resourceGroups/${rg}/providers/Microsoft.OperationalInsights/workspaces/${i.workspaceName}`;
  if (r.type === 'azure-native:network:VirtualNetwork' && typeof i.virtualNetworkName === 'string')
    return `/subscriptions/${subscription}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${i.virtualNetworkName}`;
  return undefined;
}

/**
 * Link a force's recorded program to the national platform it refers to. The program names national
 * resources by their Azure ids (from its stack config and national-policy.json), while the offline
 * plan knows them by plan id: each Azure id that is exactly a national resource's is replaced by
 * that resource's plan id, and a provider of the program that deploys into a national subscription
 * (the hub's) is taken as the national provider of that subscription. A reference that names no
 * national resource is left as it is, so the checks fail it.
 */
function linkToNational(program: Plan, national: readonly PlanResource[]): Plan {
  const nationalPlan: Plan = { project: '', stack: '', resources: [...national] };
  const subs = providerSubscriptions(nationalPlan);
  const ids = new Map<string, string>();
  for (const r of national) {
    const id = r.id ? azureIdOf(r, subs.get(providerUrn(r.provider) ?? '')) : undefined;
    if (id && r.id) ids.set(id.toLowerCase(), r.id);
  }
  const providerBySub = new Map<string, string>();
  for (const r of national)
    if (r.type.startsWith('pulumi:providers:') && typeof r.inputs.subscriptionId === 'string' && r.id)
      providerBySub.set(r.inputs.subscriptionId.toLowerCase(), `${r.urn}::${r.id}`);
  const ownSubs = providerSubscriptions(program);
  // A resource the program reads (\`get\`) under a national resource's type and name is that resource.
  const own = new Set(program.resources.map((r) => r.urn));
  const nationalByTypeName = new Map(national.map((r) => [`${r.type}::${r.name}`, r.urn]));
  const dependency = (urn: string) => {
    if (own.has(urn)) return urn;
    // urn:pulumi:<stack>::<project>::<parent types $ type>::<name>
    const parts = urn.split('::');
    const type = parts[2]?.split('$').pop();
    const name = parts.slice(3).join('::');
    return (type && name && nationalByTypeName.get(`${type}::${name}`)) || urn;
  };
  const link = (v: unknown): unknown => {
    if (typeof v === 'string') return ids.get(v.toLowerCase()) ?? v;
    if (Array.isArray(v)) return v.map(link);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, link(x)]));
    return v;
  };
  return {
    ...program,
    resources: program.resources.map((r) => {
      const sub = ownSubs.get(providerUrn(r.provider) ?? '');
      const nationalProvider = !r.tenancy && sub ? providerBySub.get(sub) : undefined;
      return {
        ...r,
        inputs: link(r.inputs) as Record<string, unknown>,
        dependencies: [...new Set(r.dependencies.map(dependency))].sort(),
        ...(nationalProvider ? { provider: nationalProvider } : {}),
      };
    }),
  };
}

/**
 * Put the force's own recorded programs in place of NPLZ's rendering of its landing zones: every
 * stack of the estate's plan that a program records (the same \`<organization>/<project>/<stack>\`)
 * is dropped, and so is every resource below a ForceLandingZone of it (the project's tenancies are
 * the force's); each stack's recorded resources are added, linked to the national resources they
 * name, with the program's stack in \`stacks\`.
 */
export function mergeForcePlan(estatePlan: Plan, programs: readonly Plan[]): Plan {
  const byUrn = new Map(estatePlan.resources.map((r) => [r.urn, r]));
  const replaced = new Set(programs.flatMap((p) => (p.stacks ?? []).filter((s) => s.recorded).map((s) => s.name)));
  const inZone = (r: PlanResource): boolean => {
    if (r.stack && replaced.has(r.stack)) return true;
    for (let u: string | null = r.urn; u; u = byUrn.get(u)?.parent ?? null)
      if (byUrn.get(u)?.type === 'nplz:azure:ForceLandingZone') return true;
    return false;
  };
  const national = estatePlan.resources.filter((r) => !inZone(r));
  const resources = [...national, ...programs.flatMap((p) => linkToNational(p, national).resources)].sort((a, b) =>
    a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0,
  );
  const stacks = new Map((estatePlan.stacks ?? []).filter((s) => !replaced.has(s.name)).map((s) => [s.name, s]));
  for (const s of programs.flatMap((p) => p.stacks ?? [])) if (s.recorded || !stacks.has(s.name)) stacks.set(s.name, s);
  return {
    ...estatePlan,
    resources,
    ...(stacks.size ? { stacks: [...stacks.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) } : {}),
  };
}

/** The stacks a force project records: one per environment of its Azure tenancies. */
export function forceStacks(estate: Estate): string[] {
  return [...new Set(estate.tenancies.filter((t) => t.spec.azure).flatMap((t) => t.spec.environments))];
}
