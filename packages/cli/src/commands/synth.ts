import * as fs from 'node:fs';
import * as path from 'node:path';
import { NationalServices, renderDeployPlanMarkdown, synthesizeAwsEstate } from '@nplz/aws';
import { planAzureEstate, writePlan } from '@nplz/azure';
import { consentedMembers, getBaseline } from '@nplz/core';
import { acknowledgeTenancyExceptions, INDEPENDENT_PACK_FACTORIES, NplzChecks } from '@nplz/policy';
import { writeFolderAtomically } from '../atomic';
import type { CommandSpec } from '../command';
import { loadValidEstate } from '../load-estate';
import { Progress } from '../progress';
import { SYNTH_FILES, SynthSummary, writeEstateSnapshot } from '../synth-output';
import { paint } from '../terminal';
import { today } from '../today';
import { UsageError } from '../usage-error';
import { toolVersion } from '../version';

export const synthCommand: CommandSpec = {
  name: 'synth',
  summary: 'Synthesise the estate: the AWS cloud assembly and the recorded Azure plan',
  usage: 'nplz synth --estate <dir> --out <dir> [--json]',
  examples: ['nplz synth --estate examples/estate --out out/synth', 'nplz synth --estate . --out cdk.nplz --json'],
  options: {
    estate: { type: 'string', description: 'the estate folder (national.yaml and tenancies/)' },
    out: { type: 'string', description: 'where to write: <out>/aws/ (cloud assembly), <out>/azure/plan.json' },
    json: { type: 'boolean', description: 'print the summary as JSON' },
  },
  run: async ({ values, term }) => {
    const estateDir = values.estate as string | undefined;
    const out = values.out as string | undefined;
    if (!estateDir) throw new UsageError('--estate <dir> is required', 'synth');
    if (!out) throw new UsageError('--out <dir> is required', 'synth');
    const now = today();
    const estate = loadValidEstate(estateDir, now);
    const progress = new Progress(term);
    const summary = await writeFolderAtomically(out, async (staging) => {
      writeEstateSnapshot(staging, estate);
      let aws: SynthSummary['aws'];
      let azure: SynthSummary['azure'];
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
              return new NplzChecks(app, {
                baseline,
                collaborations: consentedMembers(estate.tenancies.map((t) => t.spec)),
                logArchiveBucket: services.logArchiveBucketName,
                configArchiveBucket: services.configArchiveBucketName,
              });
            },
            ...INDEPENDENT_PACK_FACTORIES,
          ],
        });
        aws = { stacks: r.stacks, resources: r.resources };
        fs.writeFileSync(path.join(staging, 'deploy-plan.json'), `${JSON.stringify(r.deployPlan, null, 2)}\n`);
        fs.writeFileSync(path.join(staging, 'deploy-plan.md'), renderDeployPlanMarkdown(r.deployPlan));
        progress.done(`aws: ${r.stacks} stacks, ${r.resources} resources`);
      }
      if (estate.national.azure) {
        progress.start(`azure: recording the plan of ${estate.tenancies.filter((t) => t.spec.azure).length} tenancies`);
        const plan = await planAzureEstate(estate, { onTenancy: (t, env) => progress.step(`azure ${t}/${env}`) });
        writePlan(plan, path.join(staging, SYNTH_FILES.azurePlan));
        azure = {
          resources: plan.resources.filter((r) => r.custom).length,
          ...(estate.national.azure.policyEnforcement === 'audit-only' ? { policyEnforcement: 'audit-only' as const } : {}),
        };
        progress.done(`azure: ${azure.resources} resources`);
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
    });
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
    }
    return 0;
  },
};
