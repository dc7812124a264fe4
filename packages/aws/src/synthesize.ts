import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import { Estate } from '@nplz/core';
import { AccountBaselineStackSet } from './account-baseline-stack-set';
import { DeployPlan, deployPlan } from './deploy-plan';
import { addNationalLandingZone, NationalLandingZoneStacks } from './national-landing-zone';
import { TenancyTemplateStore } from './kept-templates';
import { NationalServices } from './national-services';

/**
 * The file, inside the cloud assembly, that holds a StackSet's template body as a template of its
 * own: cfn-lint does not read an inline `TemplateBody` (a string), so the body is linted from here.
 * Not listed in the assembly manifest, so the CDK CLI and the audit ignore it.
 */
export function stackSetTemplateFile(stackSetName: string): string {
  return `${stackSetName}.stackset.template.json`;
}

/** Where policy validation plugins (cdk-nag packs, cfn-guard) write their violations, inside the assembly. */
export const POLICY_REPORT_FILE = 'policy-validation-report.json';

export interface AwsEstateAppOptions {
  /**
   * Cloud assembly directory.
   * @default - a temporary directory chosen by aws-cdk-lib
   */
  readonly outdir?: string;
  /**
   * Policy validation plugins added at app level (e.g. `new AwsSolutionsChecks(app)` needs the app,
   * so pass a factory via `pluginFactories` for those).
   * @default - none
   */
  readonly plugins?: readonly IPolicyValidationPlugin[];
  /**
   * Plugins that need the app to construct (cdk-nag v3 packs take it as their first argument).
   * @default - none
   */
  readonly pluginFactories?: readonly ((app: App) => IPolicyValidationPlugin)[];
  /**
   * Run aws-cdk-lib's built-in CloudFormation template validation (about 3 s per app).
   * @default false
   */
  readonly validation?: boolean;
  /**
   * Throw from `app.synth()` when a plugin reports an unacknowledged violation. When false the
   * assembly and the report are written and synthesis returns normally; read the report.
   * @default false
   */
  readonly failOnViolations?: boolean;
  /** @default - derived from the national settings */
  readonly services?: NationalServices;
  /** @default - none */
  readonly spokeAttachments?: Readonly<Record<string, string>>;
  /**
   * Called for each tenancy environment stack built (with `keptTemplates`, not for the kept ones),
   * in estate order, once the estate is built and before synthesis: for progress output. An option of synthesis rather than of the landing zone,
   * whose props describe infrastructure.
   * @default - nothing is called
   */
  readonly onTenancy?: (tenancy: string, environment: string) => void;
  /**
   * For a reading of the templates only: tenancy stacks whose inputs are unchanged come from this
   * store instead of being built ({@link NationalLandingZoneProps.keptTemplates}). `nplz diff` uses
   * it; the assembly is then neither deployable nor auditable.
   * @default - every tenancy stack is built
   */
  readonly keptTemplates?: TenancyTemplateStore;
}

/** An App holding the AWS estate, and the stacks in it. */
export interface AwsEstate {
  readonly app: App;
  readonly landingZone: NationalLandingZoneStacks;
}

/**
 * An App holding the whole AWS estate, ready to synthesise, with the stacks
 * {@link addNationalLandingZone} added to it (to reach a tenancy, e.g. to add a force asset before
 * synthesis). Stack traces in construct metadata are off (they dominate synthesis time for a
 * 90-stack app); analytics reporting is off.
 */
export function createAwsEstate(estate: Estate, opts: AwsEstateAppOptions = {}): AwsEstate {
  const app = new App({
    outdir: opts.outdir,
    builtinCloudFormationValidation: opts.validation ?? false,
    analyticsReporting: false,
    stackTraces: false,
    context: {
      '@aws-cdk/core:failSynthOnValidationErrors': opts.failOnViolations ?? false,
      '@aws-cdk/core:validationReportJson': true,
      // Construct paths in template metadata: audit findings and exceptions name resources by path.
      'aws:cdk:enable-path-metadata': true,
      // Nor the creation stack of every element (aws-cdk-lib records it even with stackTraces off):
      // a stack capture per resource, and absolute paths of the machine that ran synth in the output.
      'aws:cdk:disable-creation-stack-traces': true,
    },
  });
  const landingZone = addNationalLandingZone(app, {
    estate,
    services: opts.services,
    spokeAttachments: opts.spokeAttachments,
    keptTemplates: opts.keptTemplates,
  });
  if (opts.onTenancy) for (const { tenancy } of landingZone.tenancyStacks.values()) opts.onTenancy(tenancy.spec.name, tenancy.environment);
  const plugins = [...(opts.plugins ?? []), ...(opts.pluginFactories ?? []).map((f) => f(app))];
  if (plugins.length) Validations.of(app).addPlugins(...plugins);
  return { app, landingZone };
}

/** The App of {@link createAwsEstate}, for callers that only synthesise it. */
export function createAwsEstateApp(estate: Estate, opts: AwsEstateAppOptions = {}): App {
  return createAwsEstate(estate, opts).app;
}

export interface AwsEstateSynthesis {
  /** The cloud assembly directory. */
  readonly assemblyDir: string;
  /** Number of stacks. */
  readonly stacks: number;
  /** Number of CloudFormation resources across all stacks. */
  readonly resources: number;
  /** The policy validation report (`policy-validation-report.json`), when plugins ran. */
  readonly reportFile?: string;
  /** Each StackSet's template body written as its own template ({@link stackSetTemplateFile}), for linting. */
  readonly stackSetTemplateFiles: readonly string[];
  /** The first deploy in order ({@link deployPlan}): `nplz synth` writes it as `deploy-plan.json` and `.md`. */
  readonly deployPlan: DeployPlan;
}

/**
 * Synthesise the AWS estate into `opts.outdir`. Policy plugins run at app level after synthesis.
 * Violations do not throw (unless `failOnViolations`): the assembly is complete and the report
 * is at `<outdir>/policy-validation-report.json` (the same data in aws-cdk-lib's newer format is
 * in `validation-report.json`).
 */
export function synthesizeAwsEstate(
  estate: Estate,
  opts: {
    readonly outdir: string;
    readonly plugins?: readonly IPolicyValidationPlugin[];
    readonly validation?: boolean;
  } & Omit<AwsEstateAppOptions, 'keptTemplates'>,
): AwsEstateSynthesis {
  // Its assembly is for deploying and auditing, and its deploy plan lists the stacks built: never stand-ins.
  if ((opts as AwsEstateAppOptions).keptTemplates)
    throw new Error('synthesizeAwsEstate does not take keptTemplates: kept tenancy stacks are for reading templates only');
  const { app, landingZone } = createAwsEstate(estate, opts);
  const assembly = app.synth();
  // After synthesis: cross-stack references become stack dependencies only then.
  const plan = deployPlan(estate, landingZone);
  const stackSetTemplateFiles = app.node
    .findAll()
    .filter((c): c is AccountBaselineStackSet => c instanceof AccountBaselineStackSet)
    .flatMap((s) => [
      { name: s.stackSetName, template: s.template },
      // The global events StackSet (us-east-1), when there is one.
      ...(s.globalEvents?.stackSetName && s.globalEventsTemplate
        ? [{ name: s.globalEvents.stackSetName, template: s.globalEventsTemplate }]
        : []),
    ])
    .map(({ name, template }) => {
      const file = path.join(assembly.directory, stackSetTemplateFile(name));
      fs.writeFileSync(file, `${JSON.stringify(template, null, 1)}\n`);
      return file;
    });
  let resources = 0;
  for (const s of assembly.stacks) resources += Object.keys((s.template as { Resources?: object }).Resources ?? {}).length;
  const report = path.join(assembly.directory, POLICY_REPORT_FILE);
  return {
    assemblyDir: assembly.directory,
    stacks: assembly.stacks.length,
    resources,
    reportFile: fs.existsSync(report) ? report : undefined,
    stackSetTemplateFiles,
    deployPlan: plan,
  };
}
