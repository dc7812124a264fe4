import * as fs from 'node:fs';
import * as path from 'node:path';
import { NationalServices } from '@nplz/aws';
import { FORCES, getForce, LATEST_BASELINE, loadNationalFile, NplzError, supportedVersions } from '@nplz/core';
import { checkOutputFolder, writeFolderAtomically } from '../atomic';
import type { CommandSpec } from '../command';
import { loadNationalFromText } from '../init/national-text';
import {
  awsApp,
  awsLocalAssets,
  azureLocalAssets,
  azureProgram,
  cdkJson,
  InitContext,
  NATIONAL_SCHEMA,
  packageJson,
  pulumiStackYaml,
  pulumiYaml,
  readme,
  recordAzurePlan,
  sampleNationalYaml,
  tenancyYaml,
  tsconfigJson,
} from '../init/templates';
import { paint } from '../terminal';
import { UsageError } from '../usage-error';
import { toolVersion } from '../version';

const CLOUDS = ['aws', 'azure', 'both'] as const;

/**
 * The files of a force's project, by relative path. `src/local-assets.ts` and
 * `src/local-assets-azure.ts` are the force's own (FORCE_OWNED_FILES): both are always written,
 * whatever the clouds, so a project that adds a cloud later already has its file.
 */
export function renderForceProject(ctx: InitContext, national: string): Record<string, string> {
  const settings = loadNationalFromText(national);
  const files: Record<string, string> = {
    'national.yaml': national,
    [`tenancies/${ctx.force.id}.yaml`]: tenancyYaml(ctx),
    'package.json': packageJson(ctx),
    'tsconfig.json': tsconfigJson(),
    '.gitignore': 'node_modules/\ndist/\ncdk.out/\nout/\n',
    'src/local-assets.ts': awsLocalAssets(ctx),
    'src/local-assets-azure.ts': azureLocalAssets(ctx),
  };
  if (ctx.aws) {
    files['src/aws-app.ts'] = awsApp(ctx);
    files['cdk.json'] = cdkJson();
  }
  if (ctx.azure) {
    files['src/azure-program.ts'] = azureProgram(ctx);
    files['src/record-azure-plan.ts'] = recordAzurePlan(ctx);
    files['Pulumi.yaml'] = pulumiYaml(ctx);
    for (const env of ['nonprod', 'prod']) files[`Pulumi.${env}.yaml`] = pulumiStackYaml(ctx, env, settings);
  }
  return files;
}

export const initCommand: CommandSpec = {
  name: 'init',
  summary: "Scaffold a force's own project: tenancy spec, CDK app and/or Pulumi program",
  usage: 'nplz init <dir> --force <id> --cloud aws|azure|both [--national <national.yaml>]',
  examples: [
    'nplz init kent-lz --force kent --cloud both',
    'nplz init surrey-azure --force surrey --cloud azure --national ../national/national.yaml',
  ],
  writes: '`<dir>` only, which must be new or empty (never overwritten); built beside it in a staging folder and renamed into place.',
  options: {
    force: { type: 'string', description: 'the force id (run `nplz forces`)' },
    cloud: { type: 'string', description: 'aws, azure or both (default: both)' },
    national: { type: 'string', description: 'the national settings the national team published (default: placeholders)' },
  },
  positionals: Number.POSITIVE_INFINITY,
  run: async ({ values, positionals, term }) => {
    const [dir, ...extra] = positionals;
    if (!dir) throw new UsageError('give the folder to create: nplz init <dir> --force <id> --cloud aws|azure|both', 'init');
    if (extra.length) throw new UsageError(`one folder only; also received ${extra.join(' ')}`, 'init');
    const forceId = values.force as string | undefined;
    if (!forceId) throw new UsageError('--force <id> is required', 'init');
    const cloud = (values.cloud as string | undefined) ?? 'both';
    if (!(CLOUDS as readonly string[]).includes(cloud)) {
      throw NplzError.of({
        file: '(command line)',
        path: '--cloud',
        received: cloud,
        message: `unknown cloud "${cloud}"`,
        allowed: 'aws, azure or both',
      });
    }
    let force;
    try {
      force = getForce(forceId);
    } catch (e) {
      throw new NplzError((e as NplzError).problems.map((p) => ({ ...p, file: '(command line)', path: '--force' })));
    }
    const nationalFile = values.national as string | undefined;
    // init never replaces anything: the folder is new or empty, and not a file.
    checkOutputFolder(dir, {
      option: '<dir>',
      what: 'project',
      marker: '',
      isPrevious: () => false,
      nonEmpty: 'the folder exists and is not empty',
      allowed: 'a new or empty folder (init never overwrites files)',
      inputs: nationalFile ? [{ option: '--national', path: nationalFile }] : [],
    });
    let national: string;
    let baseline: string;
    if (nationalFile) {
      const r = loadNationalFile(nationalFile);
      if (!r.value) throw new NplzError(r.problems);
      national = fs.readFileSync(nationalFile, 'utf8');
      baseline = r.value.baseline;
    } else {
      baseline = supportedVersions(LATEST_BASELINE.version)[0] ?? LATEST_BASELINE.version;
      national = sampleNationalYaml(
        NATIONAL_SCHEMA,
        baseline,
        'Placeholder national settings: replace this file with the one the national team publishes.',
      );
    }
    const ctx: InitContext = {
      force,
      index: FORCES.indexOf(force),
      aws: cloud !== 'azure',
      azure: cloud !== 'aws',
      baseline,
      toolVersion: toolVersion(),
    };
    const files = renderForceProject(ctx, national);
    if (ctx.aws) {
      files['national-services.json'] = `${NationalServices.fromNationalSettings(loadNationalFromText(national)).toJson()}\n`;
    }
    files['README.md'] = readme(ctx, Object.keys(files).sort());
    await writeFolderAtomically(dir, async (staging) => {
      for (const [rel, text] of Object.entries(files)) {
        fs.mkdirSync(path.join(staging, path.dirname(rel)), { recursive: true });
        fs.writeFileSync(path.join(staging, rel), text);
      }
    });
    term.out(
      `${paint(term, 'green', '✔')} created ${dir} for ${force.name} on ${cloud === 'both' ? 'AWS and Azure' : cloud === 'aws' ? 'AWS' : 'Azure'} (baseline ${baseline})`,
    );
    for (const f of Object.keys(files).sort()) term.out(`  ${f}`);
    term.out(
      `\nNext: cd ${dir} && npm install && npx nplz validate . && npm run build && npx nplz synth --estate . --out out/synth && npx nplz audit --in out/synth --report out/report`,
    );
    return 0;
  },
};
