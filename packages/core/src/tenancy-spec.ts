import { z } from 'zod';
import { findBaseline } from './baselines';
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
  forceIdOf,
  isoDate,
  ownTenancyName,
  checkTagSet,
  tagKey,
  tagValue,
  tenancyName,
  uuid,
} from './fields';
import { isReservedTagKey, NPLZ_TAGS, RESERVED_TAG_PREFIX } from './contract/tag-keys';
import { Ipv4Cidr } from './ipv4';
import { checkLifecycle, LifecycleSchema } from './lifecycle';
import { didYouMean } from './private/suggest';
import { isConsequence, isRecord, salvage } from './private/salvage';
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

function buildTenancySpecSchema(forceId: ReturnType<typeof forceIdOf>) {
  return z
    .strictObject({
      name: ownTenancyName,
      description: z.string().max(300).optional().describe('what the tenancy is for, up to 300 characters'),
      force: forceId.optional().describe('the owning force id (a force tenancy); give `forces` instead for a collaboration'),
      forces: z.array(forceId).optional().describe('two or more member force ids (a collaboration tenancy)'),
      baseline: baselineVersion,
      classification,
      environments: z.array(environmentName).min(1).describe('the environments, e.g. [prod, nonprod]'),
      production: z
        .array(environmentName)
        .optional()
        .describe(
          'environments that are production though not named so, e.g. [live]: each one of `environments`. ' +
            'Adds to the name rule: prod, production and prod<digits> are production whether listed or not, and cannot be taken out. ' +
            'Required when no environment is named so: `production: []` says the tenancy has no production',
        ),
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
      lifecycle: LifecycleSchema.optional(),
    })
    .describe('an NPLZ tenancy spec');
}

/** The shape of a tenancy spec. Baseline-dependent rules live in {@link checkTenancy}. */
export const TenancySpecSchema = buildTenancySpecSchema(forceIdOf());

const SCHEMAS = new Map<string, typeof TenancySpecSchema>([['', TenancySpecSchema]]);

/**
 * The tenancy spec schema of an estate whose national settings declare successor forces (see
 * `mergers`): their ids are accepted as owners and members beside the registry's.
 */
export function tenancySpecSchema(successors: readonly string[] = []): typeof TenancySpecSchema {
  const key = [...new Set(successors)].sort().join(',');
  let schema = SCHEMAS.get(key);
  if (!schema) {
    schema = buildTenancySpecSchema(forceIdOf(key.split(',')));
    SCHEMAS.set(key, schema);
  }
  return schema;
}

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
  /**
   * Successor force ids the estate's national settings declare (`mergers[].successor`): accepted
   * as a tenancy's owner or a collaboration's member beside the registry's ids.
   * @default - none: registry ids only
   */
  readonly successors?: readonly string[];
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
 * A tenancy spec with the values the schema refused taken out (see `salvage`): every field may be
 * missing, and a list of objects may have holes where a refused entry was.
 */
export type LooseSpec = Loose<TenancySpecFields>;
type Loose<T> = T extends readonly (infer U)[]
  ? readonly (Loose<U> | undefined)[]
  : T extends object
    ? { readonly [K in keyof T]?: Loose<T[K]> }
    : T;

/**
 * True for an environment name that means production by itself: `prod`, `production`, or `prod` and
 * digits (`prod2`), as the sample estate and the scaffold name it. Such an environment is production
 * whatever the spec's `production` list says: the list adds environments, it never takes one away.
 */
export function isProductionName(environment: string): boolean {
  return /^(prod\d*|production)$/.test(environment);
}

/** The maximum number of environments a tenancy has (each is a set of accounts or subscriptions). */
export const MAX_ENVIRONMENTS = 12;

/** A list in words, at most `max` entries of it, so a list of thousands does not repeat in every problem. */
function listText(items: readonly string[], max = 12): string {
  return items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', ');
}

/**
 * Rules that need the baseline or span several fields. Returns every problem found.
 * Assumes the spec already passed {@link TenancySpecSchema}.
 */
export function checkTenancy(spec: TenancySpecFields, opts: CheckOptions = {}): Problem[] {
  return checkTenancyRules(spec, opts);
}

/**
 * {@link checkTenancy} on what is left of a spec that failed the schema: each rule runs when the
 * fields it reads are there, so one run reports every problem that can be found.
 */
export function checkTenancyRules(spec: LooseSpec, opts: CheckOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, received: unknown, message: string, allowed: string, hint?: string) =>
    problems.push({ path, received, message, allowed, ...(hint ? { hint } : {}) });
  const baseline: Baseline | undefined = spec.baseline === undefined ? undefined : findBaseline(spec.baseline);
  const envs = spec.environments?.filter((e): e is string => typeof e === 'string');
  const has = (map: object, key: string) => Object.hasOwn(map, key);

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

  if (envs) {
    const dupEnv = envs.find((e, i) => envs.indexOf(e) !== i);
    if (dupEnv) add('environments', envs, `environment "${dupEnv}" is listed twice`, 'distinct environment names');
    if (envs.length > MAX_ENVIRONMENTS)
      add(
        'environments',
        `${envs.length} environments`,
        `${envs.length} environments is more than a tenancy has`,
        `at most ${MAX_ENVIRONMENTS} environments`,
      );
  }

  // Production environments the spec names: each one of `environments`, listed once.
  const production = spec.production ?? [];
  production.forEach((env, i) => {
    if (typeof env !== 'string') return;
    if (production.indexOf(env) !== i) add(`production[${i}]`, env, `environment "${env}" is listed twice`, 'distinct environment names');
    else if (envs && !envs.includes(env))
      add(
        `production[${i}]`,
        env,
        `"${env}" is not one of the tenancy's environments`,
        `one of: ${listText(envs)}`,
        didYouMean(env, envs) ?? 'add it to `environments` or remove this entry',
      );
  });

  // Production is never absent by accident: a tenancy none of whose environments is named as
  // production says which are (`production: [live]`), or that none is (`production: []`).
  if (envs?.length && spec.production === undefined && !envs.some(isProductionName))
    add(
      'production',
      undefined,
      'no environment is production: name one prod, prod<n> or production, or list the production ones under `production`, or write `production: []` to say none is',
      `an environment named prod, prod<digits> or production, or production: [<one of ${listText(envs)}>, ...], or production: []`,
      `e.g. production: [${envs[0]}] if ${envs[0]} holds live data; production: [] for a tenancy with no production (a sandbox)`,
    );

  const clouds = CLOUDS.filter((c) => spec[c] !== undefined);
  if (clouds.length === 0) add('aws', undefined, 'a tenancy uses at least one cloud', 'an `aws` section, an `azure` section, or both');

  // Each cloud maps exactly the declared environments. Ids are compared as the cloud compares them.
  const envText = envs ? listText(envs) : '';
  const perEnv = (section: string, map: Readonly<Record<string, string | undefined>> | undefined, what: string, fold = false) => {
    if (!map || !envs) return;
    let missing = 0;
    for (const env of envs)
      if (!has(map, env) && missing++ < 20)
        add(`${section}.${env}`, undefined, `environment "${env}" has no ${what}`, `an entry for every environment: ${envText}`);
    let extra = 0;
    for (const key of Object.keys(map)) {
      if (!envs.includes(key) && extra++ < 20)
        add(
          `${section}.${key}`,
          map[key],
          `"${key}" is not one of the tenancy's environments`,
          `one of: ${envText}`,
          didYouMean(key, envs) ?? 'add it to `environments` or remove this entry',
        );
    }
    const seen = new Map<string, string>();
    for (const [env, v] of Object.entries(map)) {
      if (typeof v !== 'string') continue;
      const k = fold ? v.toLowerCase() : v;
      const prior = seen.get(k);
      if (prior !== undefined) {
        add(
          `${section}.${env}`,
          v,
          `${what} ${v} is used by two environments (${prior} and ${env}${fold ? '; ids are compared without regard to letter case' : ''})`,
          `a distinct ${what} per environment`,
        );
      } else seen.set(k, env);
    }
  };
  if (spec.aws) {
    perEnv('aws.accounts', spec.aws.accounts, 'AWS account');
    perEnv('aws.network', spec.aws.network, 'address range');
    const region = spec.aws.region;
    if (baseline && region !== undefined && !baseline.regions.aws.allowed.includes(region)) {
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
    perEnv('azure.subscriptions', spec.azure.subscriptions, 'Azure subscription', true);
    perEnv('azure.network', spec.azure.network, 'address range');
    const loc = spec.azure.location;
    if (baseline && loc !== undefined && !baseline.regions.azure.allowed.includes(loc)) {
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
  const ranges: { path: string; text: string; cidr: Ipv4Cidr }[] = [];
  for (const c of CLOUDS) {
    const network = spec[c]?.network;
    if (network === undefined) continue; // a cloud the tenancy does not use
    for (const [env, text] of Object.entries(network)) {
      if (typeof text !== 'string') continue;
      const parsed = Ipv4Cidr.tryParse(text);
      if (typeof parsed === 'string') continue;
      if (baseline) {
        const { min, max } = baseline.network.tenancyPrefix;
        if (parsed.prefix < min || parsed.prefix > max) {
          add(
            `${c}.network.${env}`,
            text,
            `/${parsed.prefix} is outside the range sizes baseline ${baseline.version} allows`,
            `a prefix from /${min} to /${max}`,
          );
        }
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
  const groups = spec.identity?.groups;
  if (baseline && groups) {
    const roleIds = baseline.roles.force.map((r) => r.id);
    for (const [roleId, group] of Object.entries(groups)) {
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
      if (!group) continue;
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
    if (!has(groups, 'force-admin')) {
      add(
        'identity.groups.force-admin',
        undefined,
        'every tenancy names the group that administers it',
        'an identity group for the force-admin role',
      );
    }
  }

  // Tags: the spec supplies the required tags marked `spec`; `nplz:` keys are reserved; keys differ in more than case.
  const tags = spec.tags;
  if (tags) {
    if (baseline) {
      const specTags = baseline.requiredTags.filter((x) => x.source === 'spec');
      for (const t of specTags) {
        if (!has(tags, t.key))
          add(
            `tags.${t.key}`,
            undefined,
            `required tag "${t.key}" is missing`,
            `${t.description}`,
            `baseline ${baseline.version} requires: ${specTags.map((x) => x.key).join(', ')}`,
          );
      }
    }
    for (const key of Object.keys(tags)) {
      if (isReservedTagKey(key))
        add(
          `tags.${key}`,
          tags[key],
          `tag keys starting "${RESERVED_TAG_PREFIX}" (in any letter case) are set by NPLZ itself`,
          `a key that does not start with "${RESERVED_TAG_PREFIX}"`,
        );
    }
    problems.push(...checkTagSet(tags, 'tags', Object.keys(NPLZ_TAGS).length));
  }

  // The force's own resource groups: distinct, and never in the names NPLZ gives its own groups.
  const rgs = spec.localAssets?.resourceGroups ?? [];
  rgs.forEach((g, i) => {
    if (typeof g !== 'string') return;
    if (rgs.indexOf(g) !== i)
      add(`localAssets.resourceGroups[${i}]`, g, `resource group "${g}" is listed twice`, 'distinct resource group names');
    if (g.startsWith('nplz-')) {
      add(
        `localAssets.resourceGroups[${i}]`,
        g,
        'names starting "nplz-" are reserved for the baseline resource groups NPLZ creates and locks',
        'a name that does not start with "nplz-"',
        `e.g. "${spec.name ?? 'force'}-${g.slice(5)}"`,
      );
    }
  });

  problems.push(...checkLifecycle(spec, baseline, opts.now ?? new Date()));
  problems.push(...checkExceptions(spec, baseline, opts.now ?? new Date()));
  return problems;
}

function checkExceptions(spec: LooseSpec, baseline: Baseline | undefined, now: Date): Problem[] {
  const problems: Problem[] = [];
  const today = todayUtc(now);
  (spec.exceptions ?? []).forEach((ex, i) => {
    if (!ex) return; // refused by the schema: already reported
    const at = `exceptions[${i}]`;
    const control = ex.control === undefined ? undefined : findControl(ex.control);
    if (ex.control !== undefined && !control) {
      problems.push({
        path: `${at}.control`,
        received: ex.control,
        message: `unknown control "${ex.control}"`,
        allowed: 'a control id from the catalog (run `nplz controls`)',
        hint: baseline ? didYouMean(ex.control, baseline.controls) : undefined,
      });
    } else if (control && baseline && !baseline.controls.includes(control.id)) {
      problems.push({
        path: `${at}.control`,
        received: ex.control,
        message: `baseline ${baseline.version} does not enforce ${control.id}`,
        allowed: 'a control the pinned baseline enforces',
      });
    } else if (control && ex.scope?.cloud && !control.scopes.includes(ex.scope.cloud)) {
      problems.push({
        path: `${at}.scope.cloud`,
        received: ex.scope.cloud,
        message: `${control.id} is not checked on ${ex.scope.cloud}`,
        allowed: `one of: ${control.scopes.filter((s) => s !== 'estate').join(', ') || '(none: estate controls cannot be excepted)'}`,
      });
    }
    if (baseline && ex.reason !== undefined && ex.reason.trim().length < baseline.exceptions.minReasonLength) {
      problems.push({
        path: `${at}.reason`,
        received: ex.reason,
        message: 'the reason is too short to record a risk decision',
        allowed: `a reason of at least ${baseline.exceptions.minReasonLength} characters`,
        hint: 'say why the control cannot be met and what mitigates the risk',
      });
    }
    if (ex.scope?.cloud && !spec[ex.scope.cloud]) {
      problems.push({
        path: `${at}.scope.cloud`,
        received: ex.scope.cloud,
        message: `the tenancy does not use ${ex.scope.cloud}`,
        allowed: `one of: ${CLOUDS.filter((c) => spec[c] !== undefined).join(', ')}`,
      });
    }
    const envs = spec.environments;
    if (ex.scope?.environment && envs && !envs.includes(ex.scope.environment)) {
      problems.push({
        path: `${at}.scope.environment`,
        received: ex.scope.environment,
        message: `"${ex.scope.environment}" is not one of the tenancy's environments`,
        allowed: `one of: ${listText(envs.filter((e): e is string => typeof e === 'string'))}`,
      });
    }
    if (ex.expires === undefined) return;
    const days = daysBetween(today, ex.expires);
    if (days < 0) {
      problems.push({
        path: `${at}.expires`,
        received: ex.expires,
        message: `exception for ${ex.control ?? 'a control'} expired ${-days} day(s) ago`,
        allowed: `a date after ${today}`,
        hint: 'renew it with a fresh approval, or meet the control',
      });
    } else if (baseline && days > baseline.exceptions.maxDurationDays) {
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
export function validateTenancyShape(input: unknown, opts: Pick<CheckOptions, 'successors'> = {}): ValidationResult<TenancySpec> {
  const schema = tenancySpecSchema(opts.successors);
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { problems: issuesToProblems(schema, input, parsed.error.issues) };
  const { force, forces } = parsed.data;
  if (!force === !forces?.length)
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
  const schema = tenancySpecSchema(opts.successors);
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    // Every problem at once: the rules run on what the schema accepted; a rule problem about a
    // value the schema refused is a consequence of a problem already shown and is left out.
    const shape = issuesToProblems(schema, input, parsed.error.issues);
    const { value, tainted } = salvage(input, parsed.error.issues);
    const rules = isRecord(value) ? checkTenancyRules(value as LooseSpec, opts).filter((p) => !isConsequence(p, tainted)) : [];
    return { problems: [...shape, ...rules] };
  }
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
