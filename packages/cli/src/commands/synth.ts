import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { NationalServices, policyHeadroomWarnings, renderDeployPlanMarkdown, synthesizeAwsEstate } from '@nplz/aws';
import type { AzureDeployPlan } from '@nplz/azure';
import { consentedMembers, getBaseline, NATIONAL_FILE_NAMES, NplzError, Problem, TENANCIES_DIR } from '@nplz/core';
import { acknowledgeTenancyExceptions, globalEventsContext, independentPackFactories, NplzChecks, StackCachedPack } from '@nplz/policy';
import * as os from 'node:os';
import { checkOutputFolder, writeFolderAtomically } from '../atomic';
import { CACHE_DEFAULT_TEXT, cacheRoot } from '../cache';
import type { CommandSpec } from '../command';
import {
  checkForceProjectBuilt,
  forceStacks,
  mergeForceAssembly,
  mergeForcePlan,
  readForceProject,
  recordForceProgramInChild,
  synthForceCdkApp,
} from '../init/force-project';
import { loadValidEstate } from '../load-estate';
import { Progress } from '../progress';
import { isSynthOutput, SYNTH_FILES, SynthSummary, writeEstateSnapshot } from '../synth-output';
import { paint } from '../terminal';
import { today } from '../today';
import { azureLib, azurePlanCounts, recordAzurePlanInChild } from '../azure-plan-child';
import { UsageError } from '../usage-error';
import { toolVersion } from '../version';

export { cacheRoot } from '../cache';

export const synthCommand: CommandSpec = {
  name: 'synth',
  summary: 'Synthesise the estate: the AWS cloud assembly and the recorded Azure plan',
  usage: 'nplz synth --estate <dir> --out <dir> [--json] [--no-cache]',
  examples: ['nplz synth --estate examples/estate --out out/synth', 'nplz synth --estate . --out cdk.nplz --json'],
  writes:
    '`--out` only: replaced whole, so it must be new, empty or a previous synth output (it holds `synth.json`), never a file, never the `--estate` folder, its `national.yaml` or `tenancies/`, nor a folder that holds the estate. Built in a staging folder beside it and renamed into place.',
  options: {
    estate: { type: 'string', description: 'the estate folder (national.yaml and tenancies/)' },
    out: { type: 'string', description: 'where to write: <out>/aws/ (cloud assembly), <out>/azure/plan.json' },
    json: { type: 'boolean', description: 'print the summary as JSON' },
    'no-cache': {
      type: 'boolean',
      description: `evaluate every template and record every Azure stack again: no results kept between runs (default cache: ${CACHE_DEFAULT_TEXT})`,
    },
  },
  run: async ({ values, term }) => {
    const estateDir = values.estate as string | undefined;
    const out = values.out as string | undefined;
    if (!estateDir) throw new UsageError('--estate <dir> is required', 'synth');
    if (!out) throw new UsageError('--out <dir> is required', 'synth');
    // Before anything is read: never replace a folder synth did not write, nor the estate itself.
    checkOutputFolder(out, {
      option: '--out',
      what: 'synth output',
      marker: SYNTH_FILES.summary,
      isPrevious: isSynthOutput,
      inputs: [{ option: '--estate', path: estateDir, readsOnly: [...NATIONAL_FILE_NAMES, TENANCIES_DIR] }],
    });
    const now = today();
    const estate = loadValidEstate(estateDir, now);
    const estateRoot = path.resolve(estateDir);
    const guardCache = values['no-cache'] ? undefined : path.join(cacheRoot(), 'cfn-guard');
    // Each stack's cdk-nag violations (AwsSolutions and NplzChecks), so an unchanged stack is not walked again (StackCachedPack).
    const nagCache = values['no-cache'] ? undefined : path.join(cacheRoot(), 'cdk-nag');
    // Each Azure stack's recorded plan, so an unchanged tenancy is not recorded again (DiskPlanCache).
    const azureCache = values['no-cache'] ? undefined : path.join(cacheRoot(), 'azure-plan');
    // A force's own project (package.json `nplz`): its CDK app and Pulumi program are what deploys.
    const project = readForceProject(estateDir);
    if (project) checkForceProjectBuilt(project);
    const progress = new Progress(term);
    let headroomWarnings: string[] = [];
    const summary = await writeFolderAtomically(out, async (staging) => {
      try {
        return await synthesise(staging);
      } catch (e) {
        const problems = limitProblems(e, estateDir);
        if (problems) throw new NplzError(problems);
        throw e;
      }
    });
    async function synthesise(staging: string): Promise<SynthSummary> {
      writeEstateSnapshot(staging, estate);
      let aws: SynthSummary['aws'];
      let azure: SynthSummary['azure'];
      let awsDeployPlan: ReturnType<typeof synthesizeAwsEstate>['deployPlan'] | undefined;
      let azureDeploy: { plan: AzureDeployPlan; markdown: string } | undefined;
      // Both clouds: the Azure plan records in a child process while AWS synthesises in this one
      // (NPLZ_SERIAL=1: one after the other, in this process; the output is the same, a test holds it).
      const azureChild =
        estate.national.azure && estate.national.aws && !project?.pulumiProject && process.env.NPLZ_SERIAL !== '1'
          ? recordAzurePlanInChild(estateRoot, now, path.join(staging, SYNTH_FILES.azurePlan), azureCache)
          : undefined;
      try {
        return await synthesiseClouds();
      } finally {
        azureChild?.stop();
      }
      async function synthesiseClouds(): Promise<SynthSummary> {
        if (estate.national.aws) {
          progress.start(
            `aws: synthesising ${estate.tenancies.filter((t) => t.spec.aws).length} tenancies with NplzChecks, AwsSolutions and Control Tower rules`,
          );
          const baseline = getBaseline(estate.national.baseline);
          const r = synthesizeAwsEstate(estate, {
            outdir: path.join(staging, SYNTH_FILES.aws),
            onTenancy: (t, env) => progress.step(`aws   ${t}/${env}`),
            pluginFactories: [
              (app) => {
                acknowledgeTenancyExceptions(app, estate, now);
                // The exact archive names, as the audit uses, so no other bucket named like them counts.
                const services = NationalServices.fromNationalSettings(estate.national);
                const checks = new NplzChecks(app, {
                  baseline,
                  collaborations: consentedMembers(estate.tenancies.map((t) => t.spec)),
                  logArchiveBucket: services.logArchiveBucketName,
                  configArchiveBucket: services.configArchiveBucketName,
                  ...globalEventsContext(estate.national),
                });
                const packKey = checks.cacheKey;
                return nagCache && packKey ? new StackCachedPack(checks, { cacheDir: nagCache, packKey }) : checks;
              },
              ...independentPackFactories({ cacheDir: guardCache, nagCacheDir: nagCache }),
            ],
          });
          let stacks = r.stacks;
          let resources = r.resources;
          if (project?.cdkApp) {
            progress.step(`aws   running the force's CDK app (${path.relative(process.cwd(), project.cdkApp) || 'cdk.json'})`);
            const forceOut = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-force-cdk-'));
            try {
              await synthForceCdkApp(project, forceOut);
              mergeForceAssembly(path.join(staging, SYNTH_FILES.aws), forceOut, project.cdkApp);
            } finally {
              fs.rmSync(forceOut, { recursive: true, force: true });
            }
            ({ stacks, resources } = countAssembly(path.join(staging, SYNTH_FILES.aws)));
          }
          aws = { stacks, resources };
          awsDeployPlan = r.deployPlan;
          headroomWarnings = policyHeadroomWarnings(r.deployPlan.policyHeadroom);
          progress.done(`aws: ${r.stacks} stacks, ${r.resources} resources`);
        }
        if (estate.national.azure) {
          progress.start(`azure: recording the plan of ${estate.tenancies.filter((t) => t.spec.azure).length} tenancies`);
          if (azureChild) {
            const counts = await azureChild.done;
            azureDeploy = { plan: counts.deployPlan, markdown: counts.deployPlanMarkdown };
            azure = {
              resources: counts.resources,
              ...(estate.national.azure.policyEnforcement === 'audit-only' ? { policyEnforcement: 'audit-only' as const } : {}),
            };
            progress.done(`azure: ${counts.resources} resources in ${counts.stacks} stacks`);
          } else {
            const { DiskPlanCache, planAzureEstate, writePlan } = azureLib();
            let plan = await planAzureEstate(estate, {
              onTenancy: (t, env) => progress.step(`azure ${t}/${env}`),
              ...(azureCache ? { cache: new DiskPlanCache(azureCache) } : {}),
            });
            if (project?.pulumiProject) {
              const programs = [];
              const budgetStartDate = `${now.toISOString().slice(0, 7)}-01`;
              // The force's program reads the national stack through a StackReference: it gets the
              // outputs the national stack was recorded with.
              const stackReferencesFile = path.join(staging, 'azure', 'stack-outputs.json');
              fs.mkdirSync(path.dirname(stackReferencesFile), { recursive: true });
              const outputs = Object.fromEntries((plan.stacks ?? []).filter((s) => s.recorded).map((s) => [s.name, s.outputs]));
              fs.writeFileSync(stackReferencesFile, `${JSON.stringify(outputs, null, 2)}\n`);
              for (const stack of forceStacks(estate)) {
                progress.step(`azure recording the force's Pulumi program, stack ${stack}`);
                const file = path.join(staging, 'azure', `force-${stack}.plan.json`);
                programs.push(await recordForceProgramInChild(project.dir, stack, file, { budgetStartDate, stackReferencesFile }));
              }
              plan = mergeForcePlan(plan, programs);
            }
            writePlan(plan, path.join(staging, SYNTH_FILES.azurePlan));
            azure = {
              resources: plan.resources.filter((r) => r.custom).length,
              ...(estate.national.azure.policyEnforcement === 'audit-only' ? { policyEnforcement: 'audit-only' as const } : {}),
            };
            progress.done(`azure: ${azure.resources} resources in ${azurePlanCounts(plan).stacks} stacks`);
          }
        }
        // One deploy plan: the AWS stacks (when the estate uses AWS) and, under \`azure\`, the Azure stacks
        // (from the child that recorded the Azure plan, else worked out here).
        if (estate.national.azure && !azureDeploy) {
          const { azureDeployPlan, renderAzureDeployPlanMarkdown } = azureLib();
          const plan = azureDeployPlan(estate);
          azureDeploy = { plan, markdown: renderAzureDeployPlanMarkdown(plan) };
        }
        if (awsDeployPlan || azureDeploy) {
          const doc = {
            ...(awsDeployPlan ?? { tool: 'nplz' as const, baseline: estate.national.baseline }),
            ...(azureDeploy ? { azure: azureDeploy.plan } : {}),
          };
          fs.writeFileSync(path.join(staging, 'deploy-plan.json'), `${JSON.stringify(doc, null, 2)}\n`);
          fs.writeFileSync(
            path.join(staging, 'deploy-plan.md'),
            [awsDeployPlan ? renderDeployPlanMarkdown(awsDeployPlan) : '', azureDeploy?.markdown ?? ''].filter(Boolean).join('\n'),
          );
        }
        const s: SynthSummary = {
          tool: 'nplz',
          version: toolVersion(),
          baseline: estate.national.baseline,
          tenancies: estate.tenancies.length,
          ...(aws ? { aws } : {}),
          ...(azure ? { azure } : {}),
        };
        fs.writeFileSync(path.join(staging, SYNTH_FILES.summary), `${JSON.stringify(s, null, 2)}\n`);
        return s;
      }
    }
    if (values.json) term.out(JSON.stringify({ out, ...summary }, null, 2));
    else {
      term.out(`${paint(term, 'green', '✔')} synthesised ${summary.tenancies} tenancies (baseline ${summary.baseline}) into ${out}`);
      if (summary.aws)
        term.out(`  aws    ${summary.aws.stacks} stacks, ${summary.aws.resources} resources → ${path.join(out, SYNTH_FILES.aws)}`);
      if (summary.azure) term.out(`  azure  ${summary.azure.resources} resources → ${path.join(out, SYNTH_FILES.azurePlan)}`);
      if (summary.azure?.policyEnforcement === 'audit-only')
        term.out(
          `  ${paint(term, 'yellow', '⚠ azure policy is audit-only')}: every assignment reports but denies and deploys nothing (national azure.policyEnforcement); the audit fails the guardrails until it is "enforce"`,
        );
      // Organizations policy headroom (deploy-plan.md): a warning, not an error; synthesis already refuses what AWS would.
      for (const w of headroomWarnings) term.out(`  ${paint(term, 'yellow', '⚠ organizations policy headroom')}: ${w}`);
    }
    return 0;
  },
};

/** Stacks and CloudFormation resources of a cloud assembly (nested assemblies included). */
function countAssembly(dir: string): { stacks: number; resources: number } {
  const asm = new CloudAssembly(dir);
  let resources = 0;
  for (const s of asm.stacksRecursively) resources += Object.keys((s.template as { Resources?: object }).Resources ?? {}).length;
  return { stacks: asm.stacksRecursively.length, resources };
}

/** What to change in the estate when synthesis finds a cloud limit breached. */
function limitHint(message: string): string {
  if (/resources/.test(message))
    return 'the estate renders more resources into this stack than CloudFormation takes: give tenancies fewer environments or identity groups, or split the estate';
  if (/outputs/.test(message)) return 'fewer tenancy environments in the estate';
  if (/characters/.test(message)) return 'the guardrail policy is too long: fewer national accounts or exemptions';
  if (/policies of type/.test(message)) return 'fewer policies attached to one organisational unit';
  return 'reduce what the estate asks of this resource';
}

/**
 * The cloud limits aws-cdk-lib's validation found (resources or outputs per stack, SCP size and
 * count), as problems: the estate is too big for them, which is bad input (exit 2), not a bug.
 * Undefined for any other error.
 */
export function limitProblems(e: unknown, estateDir: string): Problem[] | undefined {
  const text = e instanceof Error ? e.message : '';
  if (!text.startsWith('Validation failed with the following errors:')) return undefined;
  const lines = text
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter(Boolean);
  // Only limits are the estate's doing; any other failed validation is a bug in nplz.
  if (lines.length === 0 || !lines.every((l) => / allows at most \d+ /.test(l))) return undefined;
  return lines.map((line) => {
    const m = /^\[([^\]]*)\] (.*)$/.exec(line);
    const message = m?.[2] ?? line;
    const figure = /(\d+) (resources|outputs|characters|policies)/.exec(message);
    const limit = /at most (\d+)/.exec(message);
    return {
      file: estateDir,
      path: m?.[1] ?? '',
      received: figure ? `${figure[1]} ${figure[2]}` : undefined,
      message: `a cloud limit is exceeded at synthesis: ${message}`,
      allowed: limit ? `at most ${limit[1]}` : 'within the cloud limits',
      hint: limitHint(message),
    };
  });
}
