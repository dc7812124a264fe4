import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAwsEstateApp } from '@nplz/aws';
import { planAzureEstate } from '@nplz/azure';
import {
  BASELINE_VERSIONS,
  checkTenancy,
  Estate,
  findNationalFile,
  getBaseline,
  isForceId,
  isNplzError,
  linkedTenancies,
  NPLZ_TAGS,
  NplzError,
  Problem,
  suggestForce,
  tenancyForces,
  NATIONAL_TENANCY,
} from '@nplz/core';
import { BaselineDiff, diffBaselines, renderBaselineDiff, StackPair } from '@nplz/diff';
import type { CommandSpec } from '../command';
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

function awsTemplates(estate: Estate): Map<string, { template: object; tenancy: string; environment?: string }> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-diff-'));
  try {
    const asm = createAwsEstateApp(estate, { outdir: out }).synth();
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
 * collaborations) and the tenancies those depend on. A collaboration's spokes peer with its member
 * forces' spokes, so every member's tenancy is rendered too; nothing else in a tenancy depends on
 * another tenancy, only on the national settings.
 */
export function forceSlice(estate: Estate, force: string): { render: Estate; report: string[] } {
  const report = estate.tenancies.filter((t) => tenancyForces(t.spec).includes(force));
  const specs = estate.tenancies.map((t) => t.spec);
  const linked = new Set(report.flatMap((t) => linkedTenancies(t.spec, specs)));
  const render = estate.tenancies.filter((t) => report.includes(t) || linked.has(t.spec));
  return { render: { ...estate, tenancies: render }, report: report.map((t) => t.spec.name) };
}

/** Render the estate at both versions on both clouds and compare them. */
export async function runBaselineDiff(
  estate: Estate,
  from: string,
  to: string,
  opts: { force?: string; now: Date; progress?: Progress },
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
  const awsStacks: StackPair[] = [];
  if (estate.national.aws) {
    opts.progress?.start(`aws: synthesising the estate at ${from} and ${to}`);
    const a = awsTemplates(repin(estate, from));
    const b = awsTemplates(repin(estate, to));
    // Every stack of either estate, described as the newer one tags it when it has the stack.
    const either = new Map([...a, ...b]);
    for (const [id, meta] of [...either].sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) {
      awsStacks.push({
        stack: id,
        tenancy: meta.tenancy,
        environment: meta.environment,
        from: a.get(id)?.template as never,
        to: b.get(id)?.template as never,
      });
    }
    opts.progress?.done(`aws: ${awsStacks.length} stacks compared`);
  }
  let azurePlans: { from: Awaited<ReturnType<typeof planAzureEstate>>; to: Awaited<ReturnType<typeof planAzureEstate>> } | undefined;
  if (estate.national.azure) {
    opts.progress?.start(`azure: recording the estate at ${from} and ${to}`);
    azurePlans = { from: await planAzureEstate(repin(estate, from)), to: await planAzureEstate(repin(estate, to)) };
    opts.progress?.done('azure: plans compared');
  }
  return { diff: diffBaselines({ from, to, awsStacks, azurePlans, tenancies: tenancies ? [...tenancies] : undefined }), blockers };
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

export const diffCommand: CommandSpec = {
  name: 'diff',
  summary: 'Show what moving between two baseline versions does to every tenancy, on both clouds',
  usage: 'nplz diff --from <baseline> --to <baseline> [--estate <dir>] [--force <id>] [--details] [--json]',
  examples: [
    'nplz diff --from 2026.11 --to 2027.02 --estate examples/estate',
    'nplz diff --from 2026.11 --to 2027.02 --estate examples/estate --force kent --details',
    'nplz diff --from 2026.11 --to 2027.02 --estate . --json > impact.json',
  ],
  writes: 'nothing (the renderings go to a temporary folder that is removed).',
  options: {
    from: { type: 'string', description: `the baseline now in force (published: ${BASELINE_VERSIONS.join(', ')})` },
    to: { type: 'string', description: 'the baseline to move to' },
    estate: { type: 'string', description: 'the estate folder (default: the current folder)' },
    force: {
      type: 'string',
      description:
        "only this force's tenancies (its own and its collaborations); renders only those and the partners they peer with, so it is quick",
    },
    details: { type: 'boolean', description: 'list every resource change with its property paths' },
    json: { type: 'boolean', description: 'print the diff as JSON' },
  },
  run: async ({ values, term }) => {
    const from = version('from', values.from);
    const to = version('to', values.to);
    const dir = (values.estate as string | undefined) ?? '.';
    if (!findNationalFile(dir)) throw new UsageError(`no estate at ${path.resolve(dir)} (no national.yaml); give --estate <dir>`, 'diff');
    const force = values.force as string | undefined;
    if (force !== undefined && !isForceId(force)) {
      throw NplzError.of({
        file: '(command line)',
        path: '--force',
        received: force,
        message: `unknown force id "${force}"`,
        allowed: 'a force id from the registry (run `nplz forces`)',
        hint: suggestForce(force),
      });
    }
    const now = today();
    const estate = loadValidEstate(dir, now);
    if (force && !estate.tenancies.some((t) => tenancyForces(t.spec).includes(force))) {
      throw NplzError.of({
        file: dir,
        path: '--force',
        received: force,
        message: `force "${force}" has no tenancy in this estate`,
        allowed: 'a force with a tenancy in the estate',
      });
    }
    const { diff, blockers } = await runBaselineDiff(estate, from, to, { force, now, progress: new Progress(term) });
    const breaking = diff.breaking.length > 0 || blockers.length > 0;
    if (values.json) term.out(JSON.stringify({ ...diff, blockers }, null, 2));
    else {
      term.out(renderBaselineDiff(diff, { details: Boolean(values.details) || Boolean(force) }));
      if (blockers.length) {
        term.out(`\nNot ready for ${to} (${blockers.length}): these tenancies must change their spec first`);
        for (const b of blockers) term.out(`  ✖ ${b.file ?? ''} ${b.path}: ${b.message}`);
      }
    }
    return breaking ? 3 : 0;
  },
};
