import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAwsEstate, DiskTenancyTemplates, forceOuName, keepTenancyTemplates, type TenancyTemplateStore } from '@nplz/aws';
import type { Plan, StackPlanCache } from '@nplz/azure';
import {
  BASELINE_VERSIONS,
  checkTenancy,
  defined,
  Estate,
  findNationalFile,
  getBaseline,
  isForceId,
  successorIds,
  predecessorsOf,
  type TenancySpec,
  isNplzError,
  linkedTenancies,
  NPLZ_TAGS,
  NplzError,
  Problem,
  suggestForce,
  tenancyForces,
  NATIONAL_TENANCY,
  owningForce,
  AWS_TENANCY_OUS,
  isDecommissioning,
  MANAGEMENT_GROUP_IDS,
  retentionEnd,
} from '@nplz/core';
import {
  BaselineDiff,
  diffBaselines,
  diffEstates,
  diffVerdict,
  EstateDiff,
  GoverningScope,
  LifecycleEvent,
  MergerEvent,
  ownershipChanges,
  renderBaselineDiff,
  renderEstateDiff,
  StackPair,
  verdictExitCode,
} from '@nplz/diff';
import { CACHE_DEFAULT_TEXT, cacheRoot } from '../cache';
import type { CommandSpec } from '../command';
import { loadBaseEstate, readBaseEstate } from '../estate-source';
import { azureLib, recordAzurePlansInChildren } from '../azure-plan-child';
import { loadValidEstate } from '../load-estate';
import { Progress } from '../progress';
import { today } from '../today';
import { UsageError } from '../usage-error';

/** The estate with the national platform and every tenancy pinned to `version`. */
export function repin(estate: Estate, version: string): Estate {
  return {
    ...estate,
    national: { ...estate.national, baseline: version },
    tenancies: estate.tenancies.map((t) => ({ ...t, spec: { ...t.spec, baseline: version } })),
  };
}

/** What each tenancy must change in its own spec before it can pin `version` (e.g. a new required tag). */
export function upgradeBlockers(estate: Estate, version: string, now: Date): Problem[] {
  return repin(estate, version).tenancies.flatMap((t) =>
    checkTenancy(t.spec, { now }).map((p) => ({ ...p, file: t.file, message: `before moving to ${version}: ${p.message}` })),
  );
}

/** A stack's template as the diff reads it, with the tenancy and environment its tags name. */
interface AwsTemplate {
  readonly template: object;
  readonly tenancy: string;
  readonly environment?: string;
}

/**
 * The estate's AWS templates. `kept` holds the templates of tenancy stacks rendered before (the other
 * estate of this diff, or an earlier run): a tenancy stack whose inputs are unchanged is taken from it
 * instead of being built, and each one built is put in it. Only the templates and stack tags are read
 * here, which is what makes that safe (the assembly is not deployed or audited).
 */
function awsTemplates(estate: Estate, kept: TenancyTemplateStore | undefined): Map<string, AwsTemplate> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-diff-'));
  try {
    const { app, landingZone } = createAwsEstate(estate, { outdir: out, ...(kept ? { keptTemplates: kept } : {}) });
    const asm = app.synth();
    if (kept) keepTenancyTemplates(landingZone, asm, kept);
    return new Map(
      asm.stacks.map((s) => [
        s.stackName,
        {
          template: s.template as object,
          tenancy: s.tags[NPLZ_TAGS.tenancy] ?? NATIONAL_TENANCY,
          environment: s.tags[NPLZ_TAGS.environment],
        },
      ]),
    );
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

export interface DiffRun {
  readonly diff: BaselineDiff;
  readonly blockers: readonly Problem[];
}

/**
 * What a diff for one force must render: the tenancies it reports (the force's own and its
 * collaborations) and the tenancies those depend on. The hub firewall's collaboration rules name the
 * collaboration's and its member forces' spoke ranges, so every member's tenancy is rendered too; nothing else in a tenancy depends on
 * another tenancy, only on the national settings.
 */
export function forceSlice(estate: Estate, force: string): { render: Estate; report: string[] } {
  const report = estate.tenancies.filter((t) => tenancyForces(t.spec).includes(force));
  const specs = estate.tenancies.map((t) => t.spec);
  const linked = new Set(report.flatMap((t) => linkedTenancies(t.spec, specs)));
  const render = estate.tenancies.filter((t) => report.includes(t) || linked.has(t.spec));
  return { render: { ...estate, tenancies: render }, report: report.map((t) => t.spec.name) };
}

/** The named tenancies of an estate and the tenancies linked with them (collaboration members). */
function tenancySlice(estate: Estate, names: readonly string[]): Estate {
  const specs = estate.tenancies.map((t) => t.spec);
  const report = estate.tenancies.filter((t) => names.includes(t.spec.name));
  const linked = new Set(report.flatMap((t) => linkedTenancies(t.spec, specs)));
  return { ...estate, tenancies: estate.tenancies.filter((t) => report.includes(t) || linked.has(t.spec)) };
}

/**
 * Where one force's tenancies sit, so the national resources that govern them are reported with
 * them: the force's OU (a force tenancy) or Collaborations (a collaboration), and their accounts.
 */
export function governingScope(estate: Estate, tenancies: readonly string[]): GoverningScope {
  const specs = estate.tenancies.map((t) => t.spec).filter((t) => tenancies.includes(t.name));
  return {
    tenancies,
    awsOus: [...new Set(specs.filter((t) => t.aws).map((t) => owningForce(t) ?? AWS_TENANCY_OUS.collaboration))],
    awsAccounts: specs.flatMap((t) => Object.values(t.aws?.accounts ?? {})),
  };
}

/** Both renderings of an estate, per cloud, as the diff engine takes them. */
interface Rendered {
  readonly aws: ReturnType<typeof awsTemplates>;
  readonly azure?: Plan;
}

/**
 * Whether this diff records its Azure plans in child processes (`recordAzurePlansInChildren`) while
 * AWS synthesises in this one: when the estate uses Azure, unless NPLZ_SERIAL=1 (everything in this
 * process, one after the other; the result is the same, a test holds it).
 */
function inChildren(estate: Estate): boolean {
  return Boolean(estate.national.azure) && process.env.NPLZ_SERIAL !== '1';
}

/**
 * The Azure plans of `groups` of estates, each group recorded with one cache: a tenancy stack that
 * is the same in two estates of a group is recorded once (and only when what it reads of the
 * national stack is unchanged too: `planAzureEstate`'s cache check). Each group in a child process of
 * its own (see {@link inChildren}), or all in this one. With `cacheDir`, each stack's plan is kept
 * there between runs (the `DiskPlanCache` `nplz synth` keeps: a diff after a synth, or a second diff,
 * records only what changed); without it, in memory for this run only. Start it before the AWS
 * synthesis and call the result after; the plans come flat, in the order given, `undefined` for an
 * estate without Azure.
 */
function azurePlansOf(groups: readonly (readonly Estate[])[], cacheDir?: string): () => Promise<(Plan | undefined)[]> {
  const child = groups.flat().some(inChildren) ? recordAzurePlansInChildren(groups, cacheDir) : undefined;
  // Awaited by the caller after the AWS synthesis; until then a failure must not be "unhandled".
  child?.catch(() => {});
  return async () => {
    const recorded = child ? await child : undefined;
    const out: (Plan | undefined)[] = [];
    for (const [g, estates] of groups.entries()) {
      if (recorded) {
        for (const [i, e] of estates.entries())
          out.push(e.national.azure ? defined(recorded[g]?.[i], `the Azure plan of estate ${i} of group ${g}`) : undefined);
        continue;
      }
      const { DiskPlanCache, MemoryPlanCache, planAzureEstate } = azureLib();
      const cache: StackPlanCache = cacheDir ? new DiskPlanCache(cacheDir) : new MemoryPlanCache();
      for (const e of estates) out.push(e.national.azure ? await planAzureEstate(e, { cache }) : undefined);
    }
    return out;
  };
}

/** Every stack of either rendering, described as the newer one tags it when it has the stack. */
function stackPairs(a: Rendered['aws'], b: Rendered['aws']): StackPair[] {
  const either = new Map([...a, ...b]);
  return [...either]
    .sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))
    .map(([id, meta]) => ({
      stack: id,
      tenancy: meta.tenancy,
      environment: meta.environment,
      from: a.get(id)?.template as never,
      to: b.get(id)?.template as never,
    }));
}

const EMPTY_PLAN = { project: 'nplz', stack: 'estate', resources: [] };

/**
 * The tenancy templates one diff shares between its two renderings, kept in `dir` between runs.
 * Without it (`--no-cache`) every tenancy stack is built, so an uncached diff is the reference a
 * cached one is compared with.
 */
function templateStore(dir: string | undefined): TenancyTemplateStore | undefined {
  return dir ? new DiskTenancyTemplates(dir) : undefined;
}

/** Render the estate at both versions on both clouds and compare them. */
export async function runBaselineDiff(
  estate: Estate,
  from: string,
  to: string,
  opts: { force?: string; now: Date; progress?: Progress; cacheDir?: string; templateDir?: string },
): Promise<DiffRun> {
  // With --force only the force's tenancies are reported, so only they and what they depend on are
  // rendered: about a sixth of the time of the whole estate, with the same result for them.
  const slice = opts.force ? forceSlice(estate, opts.force) : undefined;
  const tenancies = slice?.report;
  if (slice) estate = slice.render;
  const blockers = upgradeBlockers(
    { ...estate, tenancies: estate.tenancies.filter((t) => !tenancies || tenancies.includes(t.spec.name)) },
    to,
    opts.now,
  );
  let awsStacks: StackPair[] = [];
  // Both clouds at once: the Azure plans record (in a child process per baseline: nothing is shared
  // between them) while AWS synthesises here.
  const azure = azurePlansOf([[repin(estate, from)], [repin(estate, to)]], opts.cacheDir);
  if (estate.national.aws) {
    opts.progress?.start(`aws: synthesising the estate at ${from} and ${to}`);
    const kept = templateStore(opts.templateDir);
    awsStacks = stackPairs(awsTemplates(repin(estate, from), kept), awsTemplates(repin(estate, to), kept));
    opts.progress?.done(`aws: ${awsStacks.length} stacks compared`);
  }
  let azurePlans: { from: Plan; to: Plan } | undefined;
  if (estate.national.azure) {
    opts.progress?.start(`azure: recording the estate at ${from} and ${to}`);
    const [a, b] = await azure();
    azurePlans = { from: defined(a, 'the plan at the old baseline'), to: defined(b, 'the plan at the new baseline') };
    opts.progress?.done('azure: plans compared');
  }
  const scope = tenancies ? governingScope(estate, tenancies) : undefined;
  return { diff: diffBaselines({ from, to, awsStacks, azurePlans, scope }), blockers };
}

/**
 * Compare two estates, each rendered at its own baseline, on both clouds: what a pull request to
 * the estate does to every tenancy. With `force`, only that force's tenancies (in either estate)
 * and the national resources that govern them are reported.
 */
export async function runEstateDiff(
  base: Estate,
  head: Estate,
  opts: { base: string; head: string; force?: string; progress?: Progress; cacheDir?: string; templateDir?: string },
): Promise<EstateDiff> {
  let report: string[] | undefined;
  // Read from the whole estates, before a --force slice: what changes hands, and each merger's scope.
  const ownership = ownershipChanges(base, head);
  const mergers = mergersStarted(base, head);
  if (opts.force) {
    // A tenancy the force owns on either side is reported on both: a merger changes its owner.
    report = [...new Set([...forceSlice(base, opts.force).report, ...forceSlice(head, opts.force).report])];
    base = tenancySlice(base, report);
    head = tenancySlice(head, report);
  }
  // Both clouds at once: the Azure plans of both estates record (in a child process) while AWS
  // synthesises here.
  const azure = azurePlansOf([[base, head]], opts.cacheDir);
  opts.progress?.start(`aws: rendering the base estate (${opts.base}) and the estate (${opts.head})`);
  const kept = templateStore(opts.templateDir);
  const awsBase = base.national.aws ? awsTemplates(base, kept) : new Map<string, AwsTemplate>();
  const awsHead = head.national.aws ? awsTemplates(head, kept) : new Map<string, AwsTemplate>();
  opts.progress?.done(`aws: base ${awsBase.size} stacks, head ${awsHead.size} stacks`);
  opts.progress?.start(`azure: recording the base estate (${opts.base}) and the estate (${opts.head})`);
  const [azureBase, azureHead] = await azure();
  opts.progress?.done(`azure: base ${azureBase?.resources.length ?? 0} resources, head ${azureHead?.resources.length ?? 0} resources`);
  const a: Rendered = { aws: awsBase, azure: azureBase };
  const b: Rendered = { aws: awsHead, azure: azureHead };
  const scope = report
    ? (() => {
        // A tenancy the head no longer has sits where the base put it.
        const h = governingScope(head, report);
        const g = governingScope(base, report);
        return {
          tenancies: report,
          awsOus: [...new Set([...h.awsOus, ...g.awsOus])],
          awsAccounts: [...new Set([...h.awsAccounts, ...g.awsAccounts])],
        };
      })()
    : undefined;
  return diffEstates({
    base: opts.base,
    head: opts.head,
    baseTenancies: base.tenancies.map((t) => t.spec.name),
    headTenancies: head.tenancies.map((t) => t.spec.name),
    lifecycle: decommissionsStarted(base, head),
    mergers,
    ownership: report ? ownership.filter((o) => report?.includes(o.tenancy)) : ownership,
    awsStacks: stackPairs(a.aws, b.aws),
    azurePlans: a.azure || b.azure ? { from: a.azure ?? EMPTY_PLAN, to: b.azure ?? EMPTY_PLAN } : undefined,
    scope,
  });
}

/** The tenancies the head marks for decommissioning that the base does not, and where they go. */
export function decommissionsStarted(base: Estate, head: Estate): LifecycleEvent[] {
  const before = new Set(base.tenancies.filter((t) => isDecommissioning(t.spec)).map((t) => t.spec.name));
  const root = head.national.azure?.rootManagementGroup;
  return head.tenancies
    .map((t) => t.spec)
    .filter((s) => isDecommissioning(s) && !before.has(s.name))
    .map((s) => ({
      tenancy: s.name,
      event: 'decommissioning' as const,
      since: s.lifecycle?.since ?? '',
      retainUntil: retentionEnd(s, getBaseline(s.baseline)) ?? '',
      awsAccounts: head.national.aws ? Object.values(s.aws?.accounts ?? {}) : [],
      azureSubscriptions: head.national.azure ? Object.values(s.azure?.subscriptions ?? {}) : [],
      ...(root && s.azure ? { azureGroup: MANAGEMENT_GROUP_IDS.decommissioned(root) } : {}),
    }));
}

/**
 * The mergers the head declares that the base does not: the successor, what it owns in the head
 * and where its accounts and subscriptions go. Computed from the full estates' specs, so that a
 * `--force` run holds the access it reports against the whole successor.
 */
export function mergersStarted(base: Estate, head: Estate): MergerEvent[] {
  const before = new Set(successorIds(base.national.mergers));
  const root = head.national.azure?.rootManagementGroup;
  const lower = (xs: readonly (string | undefined)[]) => xs.filter((x): x is string => !!x).map((x) => x.toLowerCase());
  return (head.national.mergers ?? [])
    .filter((m) => !before.has(m.successor))
    .map((m) => {
      const own = head.tenancies.map((t) => t.spec).filter((s) => s.force === m.successor);
      const live = own.filter((s) => !isDecommissioning(s));
      const predecessors = predecessorsOf(m.successor, head.national.mergers);
      const former = base.tenancies.map((t) => t.spec).filter((s) => s.force !== undefined && predecessors.includes(s.force));
      const targets = (s: TenancySpec) => [
        ...Object.values(s.aws?.accounts ?? {}),
        ...Object.values(s.azure?.subscriptions ?? {}).map((sub) => `/${sub.toLowerCase()}`),
      ];
      // A group the base already had, for any tenancy: what it reached there.
      const reached = new Map<string, { was: string; targets: string[] }>();
      for (const s of base.tenancies.map((t) => t.spec))
        for (const [role, g] of Object.entries(s.identity.groups))
          for (const id of lower([g.awsGroupId, g.entraObjectId])) {
            const prior = reached.get(id);
            reached.set(id, {
              was: prior ? `${prior.was}, ${s.name}'s ${role}` : `${s.name}'s ${role}`,
              targets: [...(prior?.targets ?? []), ...targets(s)],
            });
          }
      const groups = lower(own.flatMap((s) => Object.values(s.identity.groups).flatMap((g) => [g.awsGroupId, g.entraObjectId])));
      const inheritedGroups = Object.fromEntries(
        groups.flatMap((id) => {
          const r = reached.get(id);
          return r ? [[id, r] as const] : [];
        }),
      );
      return {
        successor: m.successor,
        name: m.name,
        forces: [...m.forces],
        since: m.since,
        tenancies: own.map((s) => s.name),
        groups,
        inheritedGroups,
        formerAccounts: former.flatMap((s) => Object.values(s.aws?.accounts ?? {})),
        formerSubscriptions: former.flatMap((s) => Object.values(s.azure?.subscriptions ?? {})),
        nationalGroups: lower(Object.values(head.national.identity.groups).flatMap((g) => [g.awsGroupId, g.entraObjectId])),
        awsAccounts: head.national.aws ? live.flatMap((s) => Object.values(s.aws?.accounts ?? {})) : [],
        ...(head.national.aws ? { awsOu: forceOuName(m.successor) } : {}),
        azureSubscriptions: head.national.azure ? live.flatMap((s) => Object.values(s.azure?.subscriptions ?? {})) : [],
        ...(root ? { azureGroup: MANAGEMENT_GROUP_IDS.force(root, m.successor) } : {}),
        ranges: own.flatMap((s) => [...Object.values(s.aws?.network ?? {}), ...Object.values(s.azure?.network ?? {})]),
      };
    });
}

function version(flag: string, value: unknown): string {
  if (typeof value !== 'string') throw new UsageError(`--${flag} <baseline> is required`, 'diff');
  try {
    return getBaseline(value).version;
  } catch (e) {
    const [p] = isNplzError(e) ? e.problems : [];
    if (!p) throw e;
    throw NplzError.of({ ...p, file: '(command line)', path: `--${flag}` });
  }
}

/** `--force`: a registry id, or a successor that the estates' national settings declare (`mergers`). */
function forceOption(value: unknown, estates: readonly Estate[] = []): string | undefined {
  const force = value as string | undefined;
  const successors = estates.flatMap((e) => successorIds(e.national.mergers));
  if (force !== undefined && !isForceId(force) && !successors.includes(force)) {
    throw NplzError.of({
      file: '(command line)',
      path: '--force',
      received: force,
      message: `unknown force id "${force}"`,
      allowed: `a force id from the registry (run \`nplz forces\`)${successors.length ? ` or a successor the estate declares (${successors.join(', ')})` : ''}`,
      hint: suggestForce(force),
    });
  }
  return force;
}

/** A `--force` value that is no registry id may still be a successor: that is known once the estate is read. */
function maybeForce(value: unknown): unknown {
  return typeof value === 'string' && !isForceId(value) ? undefined : value;
}

function requireForceIn(estates: readonly Estate[], force: string | undefined, dir: string): void {
  if (force && !estates.some((e) => e.tenancies.some((t) => tenancyForces(t.spec).includes(force)))) {
    throw NplzError.of({
      file: dir,
      path: '--force',
      received: force,
      message: `force "${force}" has no tenancy in this estate`,
      allowed: 'a force with a tenancy in the estate',
    });
  }
}

export const diffCommand: CommandSpec = {
  name: 'diff',
  summary: 'Show what a baseline move, or a change to the estate itself, does to every tenancy, on both clouds',
  usage:
    'nplz diff --from <baseline> --to <baseline> [--estate <dir>] [--force <id>] [--details] [--json] [--no-cache]\n       nplz diff --estate <dir> --base <dir|git-revision> [--force <id>] [--details] [--json] [--no-cache]',
  examples: [
    'nplz diff --from 2026.11 --to 2027.02 --estate examples/estate',
    'nplz diff --from 2026.11 --to 2027.02 --estate examples/estate --force kent --details',
    'nplz diff --from 2026.11 --to 2027.02 --estate . --json > impact.json',
    'nplz diff --estate examples/estate --base origin/main',
    'nplz diff --estate ./estate --base ./estate-before --force kent',
  ],
  writes:
    "nothing of yours (the renderings, and a base estate read from git, go to temporary folders that are removed); each Azure stack's recorded plan, and each AWS tenancy stack's template, is kept in the cache `nplz synth` keeps, unless --no-cache.",
  options: {
    from: { type: 'string', description: `the baseline now in force (published: ${BASELINE_VERSIONS.join(', ')})` },
    to: { type: 'string', description: 'the baseline to move to' },
    estate: { type: 'string', description: 'the estate folder (default: the current folder)' },
    base: {
      type: 'string',
      description:
        'compare the estate with this one instead of two baselines: an estate folder, or a git revision (e.g. origin/main) whose copy of the --estate folder is read with git, leaving the working tree alone',
    },
    force: {
      type: 'string',
      description:
        "only this force's tenancies (its own and its collaborations) and the national guardrails and access that govern them; renders only those and their collaborations' members, so it is quick",
    },
    details: { type: 'boolean', description: 'list every resource change with its property paths, bookkeeping included' },
    json: { type: 'boolean', description: 'print the diff as JSON' },
    'no-cache': {
      type: 'boolean',
      description: `keep nothing between runs: build every AWS tenancy stack, and record each Azure stack (once per run: the two estates share what they have in common) (default cache: ${CACHE_DEFAULT_TEXT}, shared with nplz synth)`,
    },
  },
  run: async ({ values, term }) => {
    const dir = (values.estate as string | undefined) ?? '.';
    if (!findNationalFile(dir)) throw new UsageError(`no estate at ${path.resolve(dir)} (no national.yaml); give --estate <dir>`, 'diff');
    let force = forceOption(maybeForce(values.force));
    const details = Boolean(values.details);
    const now = today();
    // Each Azure stack's recorded plan, shared with `nplz synth` (content-addressed: never stale), and
    // each AWS tenancy stack's template, by the stack's inputs and NPLZ's code.
    const cacheDir = values['no-cache'] ? undefined : path.join(cacheRoot(), 'azure-plan');
    const templateDir = values['no-cache'] ? undefined : path.join(cacheRoot(), 'aws-template');
    if (values.base !== undefined) {
      if (values.from !== undefined || values.to !== undefined)
        throw new UsageError('give either --base (compare two estates) or --from and --to (compare two baselines), not both', 'diff');
      if (typeof values.base !== 'string' || values.base === '') throw new UsageError('--base <dir|git-revision> needs a value', 'diff');
      const head = loadValidEstate(dir, now);
      const source = readBaseEstate(values.base, dir);
      try {
        const base = loadBaseEstate(source, now);
        force = forceOption(values.force, [base, head]);
        requireForceIn([base, head], force, dir);
        const d = await runEstateDiff(base, head, {
          base: source.label,
          head: dir,
          force,
          progress: new Progress(term),
          cacheDir,
          templateDir,
        });
        const verdict = diffVerdict(d);
        if (values.json) term.out(JSON.stringify({ ...d, verdict }, null, 2));
        else term.out(renderEstateDiff(d, { details }));
        return verdictExitCode(verdict);
      } finally {
        source.dispose();
      }
    }
    const from = version('from', values.from);
    const to = version('to', values.to);
    const estate = loadValidEstate(dir, now);
    force = forceOption(values.force, [estate]);
    requireForceIn([estate], force, dir);
    const { diff, blockers } = await runBaselineDiff(estate, from, to, { force, now, progress: new Progress(term), cacheDir, templateDir });
    const verdict = diffVerdict(diff, blockers);
    if (values.json) term.out(JSON.stringify({ ...diff, blockers, verdict }, null, 2));
    else term.out(renderBaselineDiff(diff, { details, changes: Boolean(force), blockers }));
    return verdictExitCode(verdict);
  },
};
