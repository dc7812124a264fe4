import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AWS_NAMES,
  Estate,
  NATIONAL_TENANCY,
  NPLZ_AZURE_COMPONENTS,
  NPLZ_TAGS,
  NplzError,
  pathKind,
  type PlanFile,
  type Problem,
} from '@nplz/core';
import { openAssembly } from './aws-findings';
import type { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import type { AzurePlan } from '../azure';
import { readAzurePlan } from './azure-findings';

/** What the audit reads beside the estate snapshot. */
export interface AuditInputFiles {
  readonly estate: Estate;
  readonly awsAssemblyDir?: string;
  readonly azurePlanFile?: string;
}

/** `Force-`: every tenancy environment stack's id starts so. */
const FORCE_STACK_PREFIX = AWS_NAMES.forceStack('', '').slice(0, -1);

/** `Nplz-Identity-`: every AWS tenancy's Identity Center assignments stack's id starts so. */
const IDENTITY_STACK_PREFIX = AWS_NAMES.tenancyIdentityStack('');

const HINT = 'synthesise again with `nplz synth --estate <dir> --out <dir>`; never edit or prune its output';

/** One tenancy environment the estate declares on a cloud. */
interface Unit {
  readonly tenancy: string;
  readonly environment: string;
  readonly file?: string;
}

function declared(estate: Estate, cloud: 'aws' | 'azure'): Unit[] {
  return estate.tenancies.flatMap((t) =>
    t.spec[cloud] ? t.spec.environments.map((environment) => ({ tenancy: t.spec.name, environment, file: t.file })) : [],
  );
}

/**
 * Refuse an audit whose input is not the whole of what the estate declares, so a pruned or mixed-up
 * synth output is bad input (exit 2) rather than a clean pass over less than the estate: a cloud the
 * estate uses with no assembly or plan; a tenancy environment with no stack, or a stack that is no
 * tenancy environment of the estate; a stack's template missing or not JSON; a tenancy environment
 * with no resources in the plan, or plan resources of a tenancy the estate does not declare.
 * Every problem is reported at once. Returns the plan it read and the cloud assembly it opened, its
 * templates read (so the audit reads each once).
 */
export function checkAuditInput(input: AuditInputFiles): { plan?: AzurePlan; assembly?: CloudAssembly } {
  const problems: Problem[] = [];
  const { estate } = input;
  const awsUnits = declared(estate, 'aws');
  const azureUnits = declared(estate, 'azure');
  const usesAws = estate.national.aws !== undefined || awsUnits.length > 0;
  const usesAzure = estate.national.azure !== undefined || azureUnits.length > 0;
  let assembly: CloudAssembly | undefined;
  const who = (cloud: 'aws' | 'azure', units: Unit[]) =>
    [estate.national[cloud] ? `national settings \`${cloud}\`` : '', ...[...new Set(units.map((u) => u.tenancy))].slice(0, 3)]
      .filter(Boolean)
      .join(', ');

  if (usesAws) {
    const dir = input.awsAssemblyDir;
    const manifest = dir ? path.join(dir, 'manifest.json') : undefined;
    if (!dir || !manifest || pathKind(manifest) !== 'file') {
      problems.push({
        file: dir,
        path: '',
        received: dir ? `${pathKind(dir) === 'missing' ? 'no such folder' : 'a folder without manifest.json'}` : undefined,
        message: `the estate uses AWS (${who('aws', awsUnits)}) but the synth output holds no cloud assembly`,
        allowed: 'the aws/ folder `nplz synth` writes, with its manifest.json',
        hint: HINT,
      });
    } else {
      const checked = checkAssembly(dir, estate, awsUnits);
      problems.push(...checked.problems);
      assembly = checked.assembly;
    }
  }

  let plan: AzurePlan | undefined;
  if (usesAzure) {
    const file = input.azurePlanFile;
    if (!file || pathKind(file) !== 'file') {
      problems.push({
        file,
        path: '',
        received: file ? pathKind(file) : undefined,
        message: `the estate uses Azure (${who('azure', azureUnits)}) but the synth output holds no recorded plan`,
        allowed: 'the azure/plan.json `nplz synth` writes',
        hint: HINT,
      });
    } else {
      try {
        plan = readAzurePlan(file);
        problems.push(...checkPlan(file, plan, estate, azureUnits));
      } catch (e) {
        if (!(e instanceof NplzError)) throw e;
        problems.push(...e.problems);
      }
    }
  }
  if (problems.length) throw new NplzError(problems);
  return { ...(plan ? { plan } : {}), ...(assembly ? { assembly } : {}) };
}

function checkAssembly(dir: string, estate: Estate, units: readonly Unit[]): { problems: Problem[]; assembly?: CloudAssembly } {
  const problems: Problem[] = [];
  let asm;
  try {
    asm = openAssembly(dir);
  } catch (e) {
    if (e instanceof NplzError) return { problems: [...e.problems] };
    throw e;
  }
  const manifest = path.join(dir, 'manifest.json');
  const expected = new Map(units.map((u) => [AWS_NAMES.forceStack(u.tenancy, u.environment), u]));
  // Each AWS tenancy's Identity Center assignments: a national stack of the management account.
  const identity = new Map(
    estate.national.aws
      ? estate.tenancies.filter((t) => t.spec.aws).map((t) => [AWS_NAMES.tenancyIdentityStack(t.spec.name), t.spec.name] as const)
      : [],
  );
  const found = new Set<string>();
  let national = 0;
  for (const stack of asm.stacksRecursively) {
    const id = stack.id;
    const tenancy = stack.tags[NPLZ_TAGS.tenancy];
    const environment = stack.tags[NPLZ_TAGS.environment];
    const template = path.join(dir, stack.templateFile);
    const unit = expected.get(id);
    const owner = identity.get(id);
    if (owner !== undefined || id.startsWith(IDENTITY_STACK_PREFIX)) {
      if (owner === undefined)
        problems.push({
          file: manifest,
          path: `artifacts.${id}`,
          received: id,
          message: `stack ${id} holds the Identity Center assignments of tenancy ${id.slice(IDENTITY_STACK_PREFIX.length)}, which the estate the output was synthesised from (estate.json) does not declare on AWS`,
          allowed: `one identity stack per AWS tenancy of estate.json: ${[...identity.keys()].slice(0, 3).join(', ')}${identity.size > 3 ? ', …' : ''}`,
          hint: HINT,
        });
      else {
        found.add(id);
        if (tenancy !== NATIONAL_TENANCY)
          problems.push({
            file: manifest,
            path: `artifacts.${id}.properties.tags`,
            received: { [NPLZ_TAGS.tenancy]: tenancy },
            message: `stack ${id} (tenancy ${owner}'s Identity Center assignments, in the management account) is not tagged as a national stack`,
            allowed: `${NPLZ_TAGS.tenancy}: ${NATIONAL_TENANCY}`,
            hint: HINT,
          });
        national++;
      }
    } else if (unit) {
      found.add(id);
      if (tenancy !== unit.tenancy || environment !== unit.environment)
        problems.push({
          file: manifest,
          path: `artifacts.${id}.properties.tags`,
          received: { [NPLZ_TAGS.tenancy]: tenancy, [NPLZ_TAGS.environment]: environment },
          message: `stack ${id} is tagged as ${tenancy ?? '(no tenancy)'}/${environment ?? '(no environment)'}, not as the tenancy environment it is named after`,
          allowed: `${NPLZ_TAGS.tenancy}: ${unit.tenancy}, ${NPLZ_TAGS.environment}: ${unit.environment}`,
          hint: HINT,
        });
    } else if ((tenancy !== undefined && tenancy !== NATIONAL_TENANCY) || id.startsWith(FORCE_STACK_PREFIX)) {
      problems.push({
        file: manifest,
        path: `artifacts.${id}`,
        received: id,
        message: `stack ${id}${tenancy ? ` (tenancy ${tenancy}${environment ? `/${environment}` : ''})` : ''} is not a tenancy environment of the estate the output was synthesised from (estate.json)`,
        allowed: `stacks of the tenancy environments in estate.json: ${[...expected.keys()].slice(0, 5).join(', ')}${expected.size > 5 ? ', …' : ''}`,
        hint: HINT,
      });
    } else national++;
    problems.push(...checkTemplate(template, id, stack));
  }
  for (const [id, u] of expected) {
    if (found.has(id)) continue;
    problems.push({
      file: manifest,
      path: `artifacts.${id}`,
      received: undefined,
      message: `tenancy ${u.tenancy} declares environment ${u.environment} on AWS, but the cloud assembly has no stack ${id}`,
      allowed: 'a cloud assembly with one stack per tenancy environment of estate.json',
      hint: HINT,
    });
  }
  for (const [id, tenancy] of identity) {
    if (found.has(id)) continue;
    problems.push({
      file: manifest,
      path: `artifacts.${id}`,
      received: undefined,
      message: `tenancy ${tenancy} uses AWS, but the cloud assembly has no stack ${id} with its Identity Center assignments`,
      allowed: 'a cloud assembly with one identity stack per AWS tenancy of estate.json',
      hint: HINT,
    });
  }
  if (estate.national.aws && national === 0)
    problems.push({
      file: manifest,
      path: 'artifacts',
      received: `${asm.stacksRecursively.length} stack(s), none of them national`,
      message: 'the national settings declare the national platform on AWS, but the cloud assembly holds none of its stacks',
      allowed: 'the national stacks `nplz synth` writes beside the tenancy stacks',
      hint: HINT,
    });
  return { problems, assembly: asm };
}

/** The template file of a stack: there, and a JSON object. Read through the artifact, which keeps it for the audit. */
function checkTemplate(file: string, stack: string, artifact: CloudFormationStackArtifact): Problem[] {
  const bad = (received: unknown, message: string): Problem[] => [
    { file, path: '', received, message, allowed: `the template \`nplz synth\` writes for stack ${stack}`, hint: HINT },
  ];
  if (pathKind(file) !== 'file') return bad(pathKind(file), `the template of stack ${stack} is missing`);
  try {
    // The artifact reads `file` (its templateFullPath) with JSON.parse of the UTF-8 text, as this did.
    const t: unknown = artifact.templateFullPath === file ? artifact.template : JSON.parse(fs.readFileSync(file, 'utf8'));
    if (t === null || typeof t !== 'object' || Array.isArray(t))
      return bad(t === null ? null : typeof t, `the template of stack ${stack} is not a template`);
  } catch (e) {
    return bad(String((e as Error).message).slice(0, 200), `the template of stack ${stack} is not valid JSON (truncated or edited?)`);
  }
  return [];
}

function checkPlan(file: string, plan: PlanFile, estate: Estate, units: readonly Unit[]): Problem[] {
  const problems: Problem[] = [];
  const key = (t: string, e: string) => `${t}/${e}`;
  const expected = new Map(units.map((u) => [key(u.tenancy, u.environment), u]));
  const zones = new Set<string>();
  const resources = new Map<string, number>();
  const extra = new Map<string, number>();
  for (const r of plan.resources) {
    if (!r.tenancy) continue;
    const k = key(r.tenancy, r.environment ?? '');
    if (!expected.has(k)) {
      extra.set(k, (extra.get(k) ?? 0) + 1);
      continue;
    }
    if (r.type === NPLZ_AZURE_COMPONENTS.forceLandingZone) zones.add(k);
    if (r.custom) resources.set(k, (resources.get(k) ?? 0) + 1);
  }
  for (const [k, u] of expected) {
    if (zones.has(k) && (resources.get(k) ?? 0) > 0) continue;
    problems.push({
      file,
      path: 'resources',
      received: `${resources.get(k) ?? 0} resource(s) of ${k}${zones.has(k) ? '' : ', no ForceLandingZone'}`,
      message: `tenancy ${u.tenancy} declares environment ${u.environment} on Azure, but the plan holds no landing zone for it`,
      allowed: 'a plan with a ForceLandingZone and its resources for every tenancy environment of estate.json',
      hint: HINT,
    });
  }
  for (const [k, n] of extra)
    problems.push({
      file,
      path: 'resources',
      received: `${n} resource(s) of ${k}`,
      message: `the plan holds resources of ${k}, which is not a tenancy environment of the estate the output was synthesised from (estate.json)`,
      allowed: `resources of the tenancy environments in estate.json: ${[...expected.keys()].slice(0, 5).join(', ')}${expected.size > 5 ? ', …' : ''}`,
      hint: HINT,
    });
  if (estate.national.azure && !plan.resources.some((r) => r.type === NPLZ_AZURE_COMPONENTS.nationalLandingZone))
    problems.push({
      file,
      path: 'resources',
      received: `${plan.resources.length} resource(s), no NationalLandingZone`,
      message: 'the national settings declare the national platform on Azure, but the plan does not hold it',
      allowed: 'the plan `nplz synth` records, national platform included',
      hint: HINT,
    });
  return problems;
}
