import { z } from 'zod';
import { getBaseline } from './baselines';
import type { Baseline } from './baselines';
import { findControl } from './controls';
import { NplzError, Problem } from './errors';
import {
  awsAccountId,
  baselineVersion,
  cidr,
  classification,
  email,
  environmentName,
  forceId,
  isoDate,
  tagKey,
  tagValue,
  tenancyName,
  uuid,
} from './fields';
import { isReservedTagKey, RESERVED_TAG_PREFIX } from './contract/tag-keys';
import { Ipv4Cidr } from './ipv4';
import { didYouMean } from './private/suggest';
import { issuesToProblems } from './private/zod-problems';
import { daysBetween, todayUtc } from './time';

/** Clouds a tenancy can use. */
export const CLOUDS = ['aws', 'azure'] as const;
export type Cloud = (typeof CLOUDS)[number];

const identityGroup = z
  .strictObject({
    displayName: z.string().min(1).describe('the group name people recognise, e.g. KENT-NPLZ-ADMINS'),
    awsGroupId: z.string().min(1).optional().describe('IAM Identity Center group id (required when the tenancy uses AWS)'),
    entraObjectId: uuid('an Entra ID group object id')
      .optional()
      .describe('Entra ID group object id (required when the tenancy uses Azure)'),
  })
  .describe('an identity group: displayName plus its id in each cloud the tenancy uses');

export const ExceptionSchema = z
  .strictObject({
    control: z.string().describe('a control id from the catalog, e.g. NPLZ-NET-05 (run `nplz controls`)'),
    reason: z.string().describe('why the control cannot be met, in a sentence or more'),
    approvedBy: email.describe('the email address of the person who accepted the risk'),
    expires: isoDate.describe('the date the exception ends, YYYY-MM-DD, within the baseline maximum'),
    scope: z
      .strictObject({
        cloud: z.enum(['aws', 'azure']).describe('aws or azure'),
        environment: environmentName.optional().describe('one of the tenancy environments; all when omitted'),
        resource: z.string().min(1).optional().describe('a construct path or Pulumi resource name; `*` matches any run of characters'),
      })
      .describe('where the exception applies: a cloud, optionally an environment and a resource pattern'),
  })
  .describe('a risk-accepted exception to one control');
export type ControlException = z.infer<typeof ExceptionSchema>;

const awsCloud = z
  .strictObject({
    region: z.string().optional().describe('an AWS region the baseline allows; the baseline home region when omitted'),
    accounts: z.record(z.string(), awsAccountId).describe('environment → 12-digit AWS account id'),
    network: z.record(z.string(), cidr).describe('environment → private IPv4 CIDR for the spoke VPC'),
  })
  .describe('the tenancy on AWS');

const azureCloud = z
  .strictObject({
    location: z.string().optional().describe('an Azure region the baseline allows; the baseline home region when omitted'),
    subscriptions: z.record(z.string(), uuid('an Azure subscription id')).describe('environment → Azure subscription id'),
    network: z.record(z.string(), cidr).describe('environment → private IPv4 CIDR for the spoke VNet'),
  })
  .describe('the tenancy on Azure');

/** The shape of a tenancy spec. Baseline-dependent rules live in {@link checkTenancy}. */
export const TenancySpecSchema = z
  .strictObject({
    name: tenancyName,
    description: z.string().max(300).optional().describe('what the tenancy is for, up to 300 characters'),
    force: forceId.optional().describe('the owning force id (a force tenancy); give `forces` instead for a collaboration'),
    forces: z.array(forceId).optional().describe('two or more member force ids (a collaboration tenancy)'),
    baseline: baselineVersion,
    classification,
    environments: z.array(environmentName).min(1).describe('the environments, e.g. [prod, nonprod]'),
    aws: awsCloud.optional(),
    azure: azureCloud.optional(),
    identity: z
      .strictObject({ groups: z.record(z.string(), identityGroup).describe('force role id → identity group') })
      .describe('identity groups per force role'),
    collaborations: z.array(tenancyName).optional().describe('collaboration tenancies this force consents to join'),
    exceptions: z.array(ExceptionSchema).optional().describe('risk-accepted exceptions to controls'),
    tags: z.record(tagKey, tagValue).describe('tags; must include every required tag the baseline marks as supplied by the spec'),
    budget: z
      .strictObject({
        monthlyGbp: z.number().positive().describe('monthly budget in GBP'),
        alertEmails: z.array(email).min(1).describe('who is told when spend crosses a threshold'),
      })
      .optional()
      .describe('monthly budget; the baseline default with no emails when omitted'),
    localAssets: z
      .strictObject({
        resourceGroups: z.array(tenancyName).optional().describe('Azure resource groups the force owns for its own assets'),
      })
      .optional()
      .describe('scopes for the force’s own assets, which stay the force’s'),
  })
  .describe('an NPLZ tenancy spec');

/** A tenancy spec as written (before validation). */
export type TenancySpecInput = z.input<typeof TenancySpecSchema>;
/** The fields of a tenancy spec as the schema reads them, before owner rules narrow it. */
export type TenancySpecFields = z.infer<typeof TenancySpecSchema>;

/** A tenancy one force owns. */
export type ForceTenancySpec = Omit<TenancySpecFields, 'force' | 'forces'> & {
  /** The owning force id. */
  force: NonNullable<TenancySpecFields['force']>;
  forces?: undefined;
};

/** A tenancy several forces share: its members consent to it in their own tenancies. */
export type CollaborationTenancySpec = Omit<TenancySpecFields, 'force' | 'forces'> & {
  force?: undefined;
  /** The member force ids (two or more). */
  forces: NonNullable<TenancySpecFields['forces']>;
};

/**
 * A validated tenancy spec: owned by one force, or a collaboration of several. Narrow it with
 * {@link isCollaboration} or {@link isForceTenancy}.
 */
export type TenancySpec = ForceTenancySpec | CollaborationTenancySpec;

export interface CheckOptions {
  /** "Today", for exception expiry. Defaults to the current UTC date. */
  readonly now?: Date;
}

/** The force ids of a tenancy: its owner, or its members for a collaboration. */
export function tenancyForces(spec: Pick<TenancySpec, 'force' | 'forces'>): string[] {
  return spec.force ? [spec.force] : [...(spec.forces ?? [])];
}

/** True for a tenancy shared by several forces. */
export function isCollaboration(spec: TenancySpec): spec is CollaborationTenancySpec {
  return (spec.forces?.length ?? 0) > 0;
}

/** True for a tenancy one force owns. */
export function isForceTenancy(spec: TenancySpec): spec is ForceTenancySpec {
  return !isCollaboration(spec) && typeof spec.force === 'string';
}

/** The one force that owns a tenancy, or undefined for a collaboration. */
export function owningForce(spec: TenancySpec): string | undefined {
  return isForceTenancy(spec) ? spec.force : undefined;
}

/** The clouds a tenancy uses. */
export function tenancyClouds(spec: Pick<TenancySpec, 'aws' | 'azure'>): Cloud[] {
  return CLOUDS.filter((c) => spec[c] !== undefined);
}

/**
 * Rules that need the baseline or span several fields. Returns every problem found.
 * Assumes the spec already passed {@link TenancySpecSchema}.
 */
export function checkTenancy(spec: TenancySpecFields, opts: CheckOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, received: unknown, message: string, allowed: string, hint?: string) =>
    problems.push({ path, received, message, allowed, ...(hint ? { hint } : {}) });
  const baseline: Baseline = getBaseline(spec.baseline);
  const envs = spec.environments;

  // Owner: exactly one of force / forces.
  if (spec.force && spec.forces) {
    add(
      'forces',
      spec.forces,
      'give either `force` (one owner) or `forces` (a collaboration), not both',
      'either force: <id> or forces: [<id>, <id>, ...]',
    );
  } else if (!spec.force && !spec.forces) {
    add(
      'force',
      undefined,
      'required field is missing: a tenancy names its owning force',
      'force: <id> for a force tenancy, or forces: [<id>, ...] for a collaboration',
    );
  } else if (spec.forces) {
    if (spec.forces.length < 2)
      add(
        'forces',
        spec.forces,
        'a collaboration has at least two member forces',
        'two or more distinct force ids',
        'use `force: <id>` for a single-force tenancy',
      );
    const forces = spec.forces;
    const dup = forces.find((f, i) => forces.indexOf(f) !== i);
    if (dup) add('forces', spec.forces, `force "${dup}" is listed twice`, 'distinct force ids');
    if (spec.collaborations?.length)
      add(
        'collaborations',
        spec.collaborations,
        'a collaboration tenancy cannot itself join collaborations',
        'collaborations only on a force tenancy',
      );
  }

  const dupEnv = envs.find((e, i) => envs.indexOf(e) !== i);
  if (dupEnv) add('environments', envs, `environment "${dupEnv}" is listed twice`, 'distinct environment names');

  const clouds = tenancyClouds(spec);
  if (clouds.length === 0) add('aws', undefined, 'a tenancy uses at least one cloud', 'an `aws` section, an `azure` section, or both');

  // Each cloud maps exactly the declared environments.
  const perEnv = (section: string, map: Record<string, string>, what: string) => {
    for (const env of envs)
      if (!(env in map))
        add(`${section}.${env}`, undefined, `environment "${env}" has no ${what}`, `an entry for every environment: ${envs.join(', ')}`);
    for (const key of Object.keys(map)) {
      if (!envs.includes(key))
        add(
          `${section}.${key}`,
          map[key],
          `"${key}" is not one of the tenancy's environments`,
          `one of: ${envs.join(', ')}`,
          didYouMean(key, envs) ?? 'add it to `environments` or remove this entry',
        );
    }
    const values = Object.values(map);
    const dupVal = values.find((v, i) => values.indexOf(v) !== i);
    if (dupVal) add(section, map, `${what} ${dupVal} is used by two environments`, `a distinct ${what} per environment`);
  };
  if (spec.aws) {
    perEnv('aws.accounts', spec.aws.accounts, 'AWS account');
    perEnv('aws.network', spec.aws.network, 'address range');
    const region = spec.aws.region;
    if (region !== undefined && !baseline.regions.aws.allowed.includes(region)) {
      add(
        'aws.region',
        region,
        `region ${region} is outside the UK regions baseline ${baseline.version} allows`,
        `one of: ${baseline.regions.aws.allowed.join(', ')}`,
        'police data stays in the UK (NPLZ-RES-01)',
      );
    }
  }
  if (spec.azure) {
    perEnv('azure.subscriptions', spec.azure.subscriptions, 'Azure subscription');
    perEnv('azure.network', spec.azure.network, 'address range');
    const loc = spec.azure.location;
    if (loc !== undefined && !baseline.regions.azure.allowed.includes(loc)) {
      add(
        'azure.location',
        loc,
        `location ${loc} is outside the UK regions baseline ${baseline.version} allows`,
        `one of: ${baseline.regions.azure.allowed.join(', ')}`,
        didYouMean(loc, baseline.regions.azure.allowed) ?? 'police data stays in the UK (NPLZ-RES-01)',
      );
    }
  }

  // Address ranges: size within the baseline and no overlap inside the tenancy.
  const { min, max } = baseline.network.tenancyPrefix;
  const ranges: { path: string; text: string; cidr: Ipv4Cidr }[] = [];
  for (const c of CLOUDS) {
    const section = spec[c];
    if (section === undefined) continue; // a cloud the tenancy does not use
    for (const [env, text] of Object.entries(section.network)) {
      const parsed = Ipv4Cidr.parse(text);
      if (parsed.prefix < min || parsed.prefix > max) {
        add(
          `${c}.network.${env}`,
          text,
          `/${parsed.prefix} is outside the range sizes baseline ${baseline.version} allows`,
          `a prefix from /${min} to /${max}`,
        );
      }
      ranges.push({ path: `${c}.network.${env}`, text, cidr: parsed });
    }
  }
  for (const [i, a] of ranges.entries()) {
    for (const b of ranges.slice(i + 1)) {
      if (a.cidr.overlaps(b.cidr))
        add(b.path, b.text, `${b.text} overlaps ${a.text} (${a.path})`, 'a range that overlaps no other range in the estate');
    }
  }

  // Identity: groups only for the baseline's force roles; the admin role is required; ids per cloud.
  const roleIds = baseline.roles.force.map((r) => r.id);
  for (const [roleId, group] of Object.entries(spec.identity.groups)) {
    if (!roleIds.includes(roleId)) {
      add(
        `identity.groups.${roleId}`,
        roleId,
        `"${roleId}" is not a force role in baseline ${baseline.version}`,
        `one of: ${roleIds.join(', ')}`,
        didYouMean(roleId, roleIds),
      );
      continue;
    }
    if (spec.aws && !group.awsGroupId)
      add(
        `identity.groups.${roleId}.awsGroupId`,
        undefined,
        'the tenancy uses AWS, so the group needs its IAM Identity Center group id',
        'the group id from IAM Identity Center',
      );
    if (spec.azure && !group.entraObjectId)
      add(
        `identity.groups.${roleId}.entraObjectId`,
        undefined,
        'the tenancy uses Azure, so the group needs its Entra ID object id',
        'the group object id from Entra ID',
      );
  }
  if (!('force-admin' in spec.identity.groups)) {
    add(
      'identity.groups.force-admin',
      undefined,
      'every tenancy names the group that administers it',
      'an identity group for the force-admin role',
    );
  }

  // Tags: the spec supplies the required tags marked `spec`; `nplz:` keys are reserved.
  for (const t of baseline.requiredTags.filter((x) => x.source === 'spec')) {
    if (!spec.tags[t.key])
      add(
        `tags.${t.key}`,
        undefined,
        `required tag "${t.key}" is missing`,
        `${t.description}`,
        `baseline ${baseline.version} requires: ${baseline.requiredTags
          .filter((x) => x.source === 'spec')
          .map((x) => x.key)
          .join(', ')}`,
      );
  }
  for (const key of Object.keys(spec.tags)) {
    if (isReservedTagKey(key))
      add(
        `tags.${key}`,
        spec.tags[key],
        `tag keys starting "${RESERVED_TAG_PREFIX}" (in any letter case) are set by NPLZ itself`,
        `a key that does not start with "${RESERVED_TAG_PREFIX}"`,
      );
  }

  // The force's own resource groups: distinct, and never in the names NPLZ gives its own groups.
  const groups = spec.localAssets?.resourceGroups ?? [];
  groups.forEach((g, i) => {
    if (groups.indexOf(g) !== i)
      add(`localAssets.resourceGroups[${i}]`, g, `resource group "${g}" is listed twice`, 'distinct resource group names');
    if (g.startsWith('nplz-')) {
      add(
        `localAssets.resourceGroups[${i}]`,
        g,
        'names starting "nplz-" are reserved for the baseline resource groups NPLZ creates and locks',
        'a name that does not start with "nplz-"',
        `e.g. "${spec.name}-${g.slice(5)}"`,
      );
    }
  });

  problems.push(...checkExceptions(spec, baseline, opts.now ?? new Date()));
  return problems;
}

function checkExceptions(spec: TenancySpecFields, baseline: Baseline, now: Date): Problem[] {
  const problems: Problem[] = [];
  const today = todayUtc(now);
  (spec.exceptions ?? []).forEach((ex, i) => {
    const at = `exceptions[${i}]`;
    const control = findControl(ex.control);
    if (!control) {
      problems.push({
        path: `${at}.control`,
        received: ex.control,
        message: `unknown control "${ex.control}"`,
        allowed: 'a control id from the catalog (run `nplz controls`)',
        hint: didYouMean(ex.control, baseline.controls),
      });
    } else if (!baseline.controls.includes(ex.control)) {
      problems.push({
        path: `${at}.control`,
        received: ex.control,
        message: `baseline ${baseline.version} does not enforce ${ex.control}`,
        allowed: 'a control the pinned baseline enforces',
      });
    } else if (!control.scopes.includes(ex.scope.cloud)) {
      problems.push({
        path: `${at}.scope.cloud`,
        received: ex.scope.cloud,
        message: `${ex.control} is not checked on ${ex.scope.cloud}`,
        allowed: `one of: ${control.scopes.filter((s) => s !== 'estate').join(', ') || '(none: estate controls cannot be excepted)'}`,
      });
    }
    if (ex.reason.trim().length < baseline.exceptions.minReasonLength) {
      problems.push({
        path: `${at}.reason`,
        received: ex.reason,
        message: 'the reason is too short to record a risk decision',
        allowed: `a reason of at least ${baseline.exceptions.minReasonLength} characters`,
        hint: 'say why the control cannot be met and what mitigates the risk',
      });
    }
    if (!spec[ex.scope.cloud]) {
      problems.push({
        path: `${at}.scope.cloud`,
        received: ex.scope.cloud,
        message: `the tenancy does not use ${ex.scope.cloud}`,
        allowed: `one of: ${tenancyClouds(spec).join(', ')}`,
      });
    }
    if (ex.scope.environment && !spec.environments.includes(ex.scope.environment)) {
      problems.push({
        path: `${at}.scope.environment`,
        received: ex.scope.environment,
        message: `"${ex.scope.environment}" is not one of the tenancy's environments`,
        allowed: `one of: ${spec.environments.join(', ')}`,
      });
    }
    const days = daysBetween(today, ex.expires);
    if (days < 0) {
      problems.push({
        path: `${at}.expires`,
        received: ex.expires,
        message: `exception for ${ex.control} expired ${-days} day(s) ago`,
        allowed: `a date after ${today}`,
        hint: 'renew it with a fresh approval, or meet the control',
      });
    } else if (days > baseline.exceptions.maxDurationDays) {
      problems.push({
        path: `${at}.expires`,
        received: ex.expires,
        message: `exception runs ${days} days; baseline ${baseline.version} allows at most ${baseline.exceptions.maxDurationDays}`,
        allowed: `a date no later than ${addDays(today, baseline.exceptions.maxDurationDays)}`,
        hint: 'no exception is open-ended: review and renew it instead',
      });
    }
  });
  return problems;
}

function addDays(isoDay: string, days: number): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface ValidationResult<T> {
  readonly value?: T;
  readonly problems: readonly Problem[];
}

/**
 * Validate only the shape of a tenancy spec (types, formats, known force and baseline), not the
 * date-dependent and baseline rules of {@link checkTenancy}. For re-reading a spec that was fully
 * validated when it was written (e.g. the snapshot `nplz synth` keeps for the audit).
 */
export function validateTenancyShape(input: unknown): ValidationResult<TenancySpec> {
  const parsed = TenancySpecSchema.safeParse(input);
  if (!parsed.success) return { problems: issuesToProblems(TenancySpecSchema, input, parsed.error.issues) };
  const { force, forces } = parsed.data;
  if (!force === !forces)
    return {
      problems: [
        {
          path: force ? 'forces' : 'force',
          received: force ? forces : undefined,
          message: 'a tenancy names exactly one of `force` (one owner) or `forces` (a collaboration)',
          allowed: 'either force: <id> or forces: [<id>, <id>, ...]',
        },
      ],
    };
  return { value: parsed.data as TenancySpec, problems: [] };
}

/** Validate an untrusted tenancy spec: shape first, then the baseline rules. Never throws for bad input. */
export function validateTenancy(input: unknown, opts: CheckOptions = {}): ValidationResult<TenancySpec> {
  const parsed = TenancySpecSchema.safeParse(input);
  if (!parsed.success) return { problems: issuesToProblems(TenancySpecSchema, input, parsed.error.issues) };
  const problems = checkTenancy(parsed.data, opts);
  // checkTenancy refuses a spec with both or neither of force and forces, so the value is one of the two kinds.
  return problems.length ? { problems } : { value: parsed.data as TenancySpec, problems: [] };
}

/**
 * Validate a tenancy spec written in TypeScript and return it typed.
 * @throws NplzError listing every problem.
 */
export function defineTenancy(input: TenancySpecInput, opts: CheckOptions = {}): TenancySpec {
  const r = validateTenancy(input, opts);
  if (!r.value) throw new NplzError(r.problems);
  return r.value;
}

export { todayUtc };
