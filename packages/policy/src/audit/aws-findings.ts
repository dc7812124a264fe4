import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import {
  COLLABORATION_TAG_VALUE,
  consentedMembers,
  Estate,
  getBaseline,
  NATIONAL_TENANCY,
  nationalArchiveNames,
  NPLZ_TAGS,
  NplzError,
  type Finding,
  AWS_TENANCY_OUS,
} from '@nplz/core';
// The modules, not '../aws': its index loads NplzChecks, and with it aws-cdk-lib and cdk-nag, which the audit never needs.
import type { CfnJson, CfnResourceJson, CfnTemplateJson } from '../aws/types';
import { NPLZ_PACK_NAME } from '../aws/aws-rules';
import { evaluateTemplate, type EvaluateTemplateContext } from '../aws/evaluate-template';
import { evaluatePresence, type PresenceScope, type PresenceStack } from '../aws/presence';
import { asArray, isTrue, refTarget } from '../aws/private/cfn';
import { accessFindings } from '../aws/access';
import { globalEventsContext } from '../aws/rules/StackInAllowedRegion';
import { controlFinding } from './finding';

interface StackInfo {
  readonly artifact: CloudFormationStackArtifact;
  readonly tenancy: string;
  readonly environment?: string;
}

/** Open the cloud assembly `nplz synth` wrote; a missing or unreadable one is bad input (exit 2). */
export function openAssembly(dir: string): CloudAssembly {
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    throw NplzError.of({
      file: dir,
      path: '',
      received: dir,
      message: 'no CDK cloud assembly here',
      allowed: 'the aws/ folder `nplz synth` writes (it holds manifest.json)',
      hint: 'run `nplz synth --estate <dir> --out <dir>` first',
    });
  }
  try {
    return new CloudAssembly(dir);
  } catch (e) {
    throw NplzError.of({
      file: path.join(dir, 'manifest.json'),
      path: '',
      received: (e as Error).message.split('\n')[0],
      message: 'the cloud assembly cannot be read',
      allowed: 'the aws/ folder `nplz synth` writes, unedited',
      hint: 'synthesise again with `nplz synth`',
    });
  }
}

function stackInfos(asm: CloudAssembly): StackInfo[] {
  return asm.stacksRecursively.map((artifact) => {
    const tenancy = artifact.tags[NPLZ_TAGS.tenancy] ?? NATIONAL_TENANCY;
    const env = artifact.tags[NPLZ_TAGS.environment];
    return { artifact, tenancy, environment: tenancy === NATIONAL_TENANCY ? undefined : env };
  });
}

/** A StackSet of a national stack whose template body is inline JSON: the account baseline the fleet receives. */
interface FleetStackSet {
  /** `<stack>/<logicalId>`. */
  readonly name: string;
  /** The StackSet's construct path (or `<stack>/<logicalId>`): its template's resources are named under it. */
  readonly path: string;
  readonly stack: StackInfo;
  readonly resource: CfnResourceJson;
  readonly template: CfnTemplateJson;
  /** The StackSet's own tags: StackSets propagate them to every stack instance. */
  readonly tags: Record<string, string>;
}

function fleetStackSets(stacks: readonly StackInfo[]): FleetStackSet[] {
  const out: FleetStackSet[] = [];
  for (const s of stacks) {
    const resources = (s.artifact.template as CfnTemplateJson).Resources ?? {};
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type !== 'AWS::CloudFormation::StackSet' || typeof r.Properties?.TemplateBody !== 'string') continue;
      let template: CfnTemplateJson;
      try {
        template = JSON.parse(r.Properties.TemplateBody) as CfnTemplateJson;
      } catch {
        // A body that is not JSON cannot be checked; the presence expectation on the fleet then fails.
        continue;
      }
      const cdkPath = r.Metadata?.['aws:cdk:path'];
      out.push({
        name: `${s.artifact.stackName}/${id}`,
        path: typeof cdkPath === 'string' ? cdkPath.replace(/\/Resource$/, '') : `${s.artifact.stackName}/${id}`,
        stack: s,
        resource: r,
        template,
        tags: Object.fromEntries(
          asArray<{ Key?: unknown; Value?: unknown }>(r.Properties.Tags)
            .filter((t) => typeof t.Key === 'string' && typeof t.Value === 'string')
            .map((t) => [t.Key as string, t.Value as string]),
        ),
      });
    }
  }
  return out;
}

/** Top-level OU names a service-managed StackSet deploys to automatically (OUs resolved in its own template). */
function autoDeployedOus(set: FleetStackSet): string[] {
  const p = set.resource.Properties ?? {};
  if (!isTrue(p.AutoDeployment?.Enabled)) return [];
  const resources = (set.stack.artifact.template as CfnTemplateJson).Resources ?? {};
  return asArray<CfnJson>(p.StackInstancesGroup).flatMap((g) =>
    asArray(g.DeploymentTargets?.OrganizationalUnitIds).flatMap((ou) => {
      const target = refTarget(ou);
      const r = target === undefined ? undefined : resources[target];
      return r?.Type === 'AWS::Organizations::OrganizationalUnit' && typeof r.Properties?.Name === 'string' ? [r.Properties.Name] : [];
    }),
  );
}

/**
 * Findings for the AWS side of the estate: every NPLZ rule on every resource of every stack, the
 * presence expectations per scope (national, and each tenancy environment with the fleet account
 * baseline), the access evaluation (concrete requests per tenancy answered by a policy
 * evaluator, `NplzAccess-*`), and the independent packs' violations from the validation report.
 */
export async function awsFindings(
  assemblyDir: string,
  estate: Estate,
  options: {
    /** Where the access evaluation keeps each distinct simulation's evidence between runs; none when omitted. */
    readonly cacheDir?: string;
    /** The assembly at `assemblyDir` as already opened (the audit opens it once, to check its input). @default - opened here */
    readonly assembly?: CloudAssembly;
  } = {},
): Promise<Finding[]> {
  const asm = options.assembly ?? openAssembly(assemblyDir);
  const stacks = stackInfos(asm);
  const collaborations = consentedMembers(estate.tenancies.map((t) => t.spec));
  const findings: Finding[] = [];
  const nationalBaseline = getBaseline(estate.national.baseline);
  // The exact archive bucket, so that no other bucket named like it counts as the national archive.
  const names = nationalArchiveNames(estate.national);
  const archive = names ? { logArchiveBucket: names.logArchiveBucket, configArchiveBucket: names.configArchiveBucket } : {};
  // The estate's declared AWS ranges: what every route's destination is compared with (NPLZ-NET-03).
  const tenancyRanges: Record<string, string[]> = {};
  for (const t of estate.tenancies) tenancyRanges[t.spec.name] = Object.values(t.spec.aws?.network ?? {});
  const ranges = { tenancyRanges, ...(estate.national.aws ? { hubRange: estate.national.aws.hubCidr } : {}) };
  // Who may deploy the global-events footprint outside the allowed regions, and the one bus it sends to (NPLZ-RES-02).
  const globalEvents = globalEventsContext(estate.national) ?? {};

  // Every rule on every resource of a template, as findings of one tenancy (and environment).
  const ruleFindings = (
    template: CfnTemplateJson,
    ctx: Omit<EvaluateTemplateContext, 'collaborations' | 'logArchiveBucket' | 'configArchiveBucket' | 'tenancyRanges' | 'hubRange'>,
    at: { tenancy: string; environment?: string; pathPrefix?: string },
  ) => {
    for (const r of evaluateTemplate(template, { ...ctx, collaborations, ...archive, ...ranges, ...globalEvents })) {
      findings.push(
        controlFinding({
          control: r.control,
          status: r.status,
          cloud: 'aws',
          tenancy: r.about?.tenancy ?? at.tenancy,
          environment: r.about ? r.about.environment : at.environment,
          resource: `${at.pathPrefix ?? ''}${r.path}`,
          rule: r.rule,
          message: r.message,
        }),
      );
    }
  };

  for (const s of stacks) {
    const tags = s.artifact.tags;
    ruleFindings(
      s.artifact.template as CfnTemplateJson,
      {
        baseline: getBaseline(tags[NPLZ_TAGS.baseline] ?? nationalBaseline.version),
        stackName: s.artifact.stackName,
        stackTags: tags,
        region: s.artifact.environment.region,
        account: s.artifact.environment.account,
      },
      { tenancy: s.tenancy, environment: s.environment },
    );
  }

  // The fleet account baseline: its template is checked once, as the national platform's, and
  // counts towards the presence of every tenancy whose OU it deploys to automatically.
  const fleet = fleetStackSets(stacks.filter((s) => s.tenancy === NATIONAL_TENANCY));
  for (const set of fleet) {
    ruleFindings(
      set.template,
      { baseline: nationalBaseline, stackName: set.name, stackTags: set.tags, region: set.stack.artifact.environment.region },
      { tenancy: NATIONAL_TENANCY, pathPrefix: `${set.path}/TemplateBody/` },
    );
  }
  const fleetFor = (s: StackInfo): PresenceStack[] => {
    const ou = s.artifact.tags[NPLZ_TAGS.force] === COLLABORATION_TAG_VALUE ? AWS_TENANCY_OUS.collaboration : AWS_TENANCY_OUS.force;
    return fleet
      .filter((set) => autoDeployedOus(set).includes(ou))
      .map((set) => ({ stackName: set.name, template: set.template, stackTags: set.tags, region: set.stack.artifact.environment.region }));
  };

  // Presence: the national platform as one scope; each tenancy environment as one (plus the fleet baseline that reaches it).
  const scopes: PresenceScope[] = [];
  const toPresence = (s: StackInfo): PresenceStack => ({
    stackName: s.artifact.stackName,
    template: s.artifact.template as CfnTemplateJson,
    stackTags: s.artifact.tags,
    region: s.artifact.environment.region,
  });
  const national = stacks.filter((s) => s.tenancy === NATIONAL_TENANCY);
  // The fleet baseline that reaches the national accounts (the Security OU holds the audit and log
  // archive accounts) counts towards the national platform too: it is their Config recorder.
  const nationalFleet = fleet
    .filter((set) => autoDeployedOus(set).includes('Security'))
    .map((set) => ({ stackName: set.name, template: set.template, stackTags: set.tags, region: set.stack.artifact.environment.region }));
  if (national.length)
    scopes.push({
      scope: 'national',
      name: NATIONAL_TENANCY,
      baseline: nationalBaseline,
      stacks: [...national.map(toPresence), ...nationalFleet],
      ...archive,
    });
  const byUnit = new Map<string, { first: StackInfo; list: StackInfo[] }>();
  for (const s of stacks) {
    if (s.tenancy === NATIONAL_TENANCY) continue;
    const key = `${s.tenancy}\u0000${s.environment ?? ''}`;
    const unit = byUnit.get(key);
    if (unit) unit.list.push(s);
    else byUnit.set(key, { first: s, list: [s] });
  }
  const unitOf = new Map<string, { tenancy: string; environment?: string }>();
  for (const { first, list } of byUnit.values()) {
    const name = `${first.tenancy}/${first.environment ?? ''}`;
    unitOf.set(name, { tenancy: first.tenancy, environment: first.environment });
    scopes.push({
      scope: 'tenancy',
      name,
      baseline: getBaseline(first.artifact.tags[NPLZ_TAGS.baseline] ?? nationalBaseline.version),
      stacks: [...list.map(toPresence), ...fleetFor(first)],
      ...archive,
    });
  }
  for (const p of evaluatePresence(scopes)) {
    const unit = p.scope === 'national' ? { tenancy: NATIONAL_TENANCY } : (unitOf.get(p.unit) ?? { tenancy: p.unit });
    findings.push(
      controlFinding({
        control: p.control,
        status: p.status,
        cloud: 'aws',
        tenancy: unit.tenancy,
        environment: unit.environment,
        resource: p.path,
        rule: p.rule,
        message: p.message,
      }),
    );
  }

  findings.push(...(await accessFindings(asm, estate, options.cacheDir ? { cacheDir: options.cacheDir } : {})));
  findings.push(...independentEvidence(assemblyDir, stacks));
  findings.push(...acknowledgedEvidence(stacks));
  return findings;
}

/** `cdk-validator-cfnguard::<rule>` or `Annotation::AwsSolutions-IAM5[Action::*]`, as aws-cdk-lib records acknowledgements. */
function acknowledgedRule(id: string): { source: string; rule: string; detail?: string } | undefined {
  const guard = /^cdk-validator-cfnguard::(.+)$/.exec(id);
  if (guard?.[1]) return { source: 'ControlTower', rule: guard[1] };
  const nag = /^Annotation::(AwsSolutions-[A-Za-z0-9]+)(\[.*\])?$/.exec(id);
  if (nag?.[1]) return { source: 'AwsSolutions', rule: nag[1], ...(nag[2] ? { detail: nag[2].slice(1, -1) } : {}) };
  return undefined;
}

/**
 * The first stack frame of the code that made the acknowledgement (past aws-cdk-lib's
 * `Validations.acknowledge` and NPLZ's acknowledge helpers), with its file relative to the
 * repository: `new ForceTenancy (packages/aws/dist/force-tenancy.js:212)`.
 */
export function acknowledgedWhere(trace: readonly string[] | undefined): string {
  for (const line of trace ?? []) {
    const m = /^\s*at (?:(.+?) \()?(.+?):(\d+):\d+\)?$/.exec(line);
    if (
      !m?.[2] ||
      /Validations\.acknowledge|acknowledgeGuardRule|acknowledgeTenancyExceptions/.test(line) ||
      /node_modules|\.pnpm/.test(m[2])
    )
      continue;
    const file = m[2].replace(/^.*?\/(packages\/)/, '$1');
    return m[1] ? `${m[1]} (${file}:${m[3]})` : `${file}:${m[3]}`;
  }
  return '(not recorded)';
}

/**
 * The independent packs' violations acknowledged in code (`Validations.of(c).acknowledge`), from
 * the `aws:cdk:acknowledged-rules` metadata aws-cdk-lib records in the assembly: each an
 * `excepted` finding of NPLZ-MON-02 with its reason and where the acknowledgement is made, so an
 * auditor sees every rule NPLZ's own code set aside.
 */
export function acknowledgedFindings(assemblyDir: string): Finding[] {
  return acknowledgedEvidence(stackInfos(openAssembly(assemblyDir)));
}

function acknowledgedEvidence(stacks: readonly StackInfo[]): Finding[] {
  const out: Finding[] = [];
  for (const s of stacks) {
    for (const entry of s.artifact.findMetadataByType('aws:cdk:acknowledged-rules')) {
      const data = (entry.data ?? {}) as unknown as Record<string, unknown>;
      const where = acknowledgedWhere(entry.trace);
      for (const [id, reason] of Object.entries(data)) {
        const ack = acknowledgedRule(id);
        if (!ack || typeof reason !== 'string') continue;
        const resource = entry.path.replace(/^\//, '');
        out.push({
          ...controlFinding({
            control: 'NPLZ-MON-02',
            status: 'excepted',
            cloud: 'aws',
            tenancy: s.tenancy,
            environment: s.environment,
            resource,
            source: ack.source,
            rule: ack.detail ? `${ack.rule}[${ack.detail}]` : ack.rule,
            message: `${ack.rule}${ack.detail ? ` (${ack.detail})` : ''} acknowledged in code: ${reason}`,
          }),
          acknowledgement: { reason, where },
        });
      }
    }
  }
  return out;
}

interface ValidationReport {
  pluginReports?: {
    pluginName: string;
    /** aws-cdk-lib's record of a plugin that threw: `conclusion: failure`, no violations, and why. */
    metadata?: { error?: unknown };
    violations?: {
      ruleName: string;
      description?: string;
      severity?: string;
      violatingConstructs?: { constructPath?: string }[];
      violatingResources?: { resourceLogicalId?: string; templatePath?: string; locations?: string[] }[];
    }[];
  }[];
}

/** Where the report lives: aws-cdk-lib writes `validation-report.json`, and the older name when asked. */
export function validationReportFile(assemblyDir: string): string | undefined {
  return ['validation-report.json', 'policy-validation-report.json'].map((f) => path.join(assemblyDir, f)).find((f) => fs.existsSync(f));
}

/**
 * Unacknowledged violations from the independent packs (cdk-nag AwsSolutions, the Control Tower
 * proactive controls run by cfn-guard) as failures of NPLZ-MON-02, "security posture standards
 * measured": they are published benchmarks run as independent evidence beside NPLZ's own checks.
 * NplzChecks' own entries are skipped: the audit evaluates those rules itself, with passes.
 *
 * A pack that threw during synthesis (cfn-guard or one of its worker processes failing, say) is
 * recorded by aws-cdk-lib with no violations and the error, and synthesis goes on: that is a failure
 * of NPLZ-MON-02 too, since the pack's evidence is missing, never a pack that found nothing.
 */
function independentEvidence(assemblyDir: string, stacks: readonly StackInfo[]): Finding[] {
  const file = validationReportFile(assemblyDir);
  if (!file) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as ValidationReport;
  const byStackPrefix = stacks
    .map((s) => ({ prefix: `${s.artifact.hierarchicalId}/`, s }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const stackOf = (p: string) => byStackPrefix.find((x) => p.startsWith(x.prefix) || p.startsWith(`/${x.prefix}`))?.s;
  const out: Finding[] = [];
  for (const plugin of report.pluginReports ?? []) {
    if (plugin.pluginName === NPLZ_PACK_NAME) continue;
    const source = /guard/i.test(plugin.pluginName)
      ? 'ControlTower'
      : plugin.pluginName === 'AwsSolutions' || /AwsSolutions/.test(plugin.pluginName)
        ? 'AwsSolutions'
        : plugin.pluginName;
    const error = plugin.metadata?.error;
    if (error !== undefined)
      out.push(
        controlFinding({
          control: 'NPLZ-MON-02',
          status: 'fail',
          cloud: 'aws',
          tenancy: NATIONAL_TENANCY,
          resource: `(the ${plugin.pluginName} pack)`,
          source,
          rule: `${source}-PackDidNotRun`,
          message: `the ${plugin.pluginName} pack failed during synthesis, so its findings are missing: ${String(error)}`,
        }),
      );
    for (const v of plugin.violations ?? []) {
      const places = v.violatingConstructs?.map((c) => c.constructPath ?? '') ??
        v.violatingResources?.map((r) => r.locations?.[0] ?? r.resourceLogicalId ?? '') ?? [''];
      for (const where of places) {
        const s = stackOf(where.replace(/^\//, ''));
        out.push(
          controlFinding({
            control: 'NPLZ-MON-02',
            status: 'fail',
            cloud: 'aws',
            tenancy: s?.tenancy ?? NATIONAL_TENANCY,
            environment: s?.environment,
            resource: where || '(unknown)',
            source,
            rule: v.ruleName,
            message: v.description ?? v.ruleName,
          }),
        );
      }
    }
  }
  return out;
}
