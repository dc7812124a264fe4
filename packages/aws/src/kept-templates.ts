import * as path from 'node:path';
import { Aspects, Stack, StackProps, Token } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { Construct, IConstruct } from 'constructs';
import { codeDigest, coreCodeDigest, DiskJsonStore, MemoryJsonStore, resolvedPackageVersion, TenancySpec } from '@nplz/core';
import { NationalServices } from './national-services';
import { StackLimitChecks } from './stack-limits';

/**
 * A tenancy stack's template and stack tags as a synthesis wrote them (the template as parsed JSON,
 * the tags as the cloud assembly's manifest lists them).
 */
export interface KeptTenancyTemplate {
  readonly template: unknown;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Where a reading of the estate's templates (`nplz diff`) keeps each `Force-<tenancy>-<environment>`
 * template, so that a tenancy whose inputs did not change is not built again: in memory for one run
 * ({@link MemoryTenancyTemplates}: the base and the head of a diff share their unchanged tenancies),
 * or on disk between runs ({@link DiskTenancyTemplates}). Keys come from {@link tenancyTemplateKey}.
 *
 * A kept stack is a stand-in ({@link KeptTemplateStack}): its template and tags are those written
 * before, but it holds no constructs, so the assembly it is part of has no assets, metadata, tree or
 * policy-pack results for it. Use it to read templates, never to deploy or audit.
 */
export interface TenancyTemplateStore {
  get(key: string): KeptTenancyTemplate | undefined;
  set(key: string, kept: KeptTenancyTemplate): void;
}

/** A {@link TenancyTemplateStore} for one process; entries kept as JSON text, so a caller cannot change one it was given. */
export class MemoryTenancyTemplates extends MemoryJsonStore<KeptTenancyTemplate> implements TenancyTemplateStore {}

/**
 * What, besides a key, decides a tenancy stack's template: the versions of aws-cdk-lib and
 * constructs, and the code of this package and of `@nplz/core` (the baselines the constructs read),
 * by content. A changed NPLZ build, baseline or CDK: every entry misses.
 */
export function tenancyTemplateSalt(): string {
  return (salt ??= [
    versionOf('aws-cdk-lib'),
    versionOf('constructs'),
    // This package's code: the folder this module is in (dist/, or src/ under a TypeScript runner).
    `aws ${codeDigest(__dirname, path.extname(__filename))}`,
    `core ${coreCodeDigest()}`,
  ].join('\n'));
}
let salt: string | undefined;

function versionOf(name: string): string {
  return resolvedPackageVersion(name, require.resolve);
}

/**
 * A {@link TenancyTemplateStore} in a folder: each entry under the SHA-256 of the salt
 * ({@link tenancyTemplateSalt}) and the key, with the key stored beside it, so an entry answers
 * only for the same inputs and code; deleting the folder is always safe. An unreadable or foreign
 * entry is a miss; writes go through a temporary file and a rename.
 */
export class DiskTenancyTemplates extends DiskJsonStore<KeptTenancyTemplate> implements TenancyTemplateStore {
  /** @param salt - default {@link tenancyTemplateSalt}, computed when the store is first read or written */
  constructor(dir: string, salt?: string) {
    super(dir, salt ?? tenancyTemplateSalt, 'kept', isKeptTemplate);
  }
}

/** A template that is an object, and stack tags that are an object of strings. */
function isKeptTemplate(v: unknown): v is KeptTenancyTemplate {
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  return isObject(v) && isObject(v.template) && isObject(v.tags) && Object.values(v.tags).every((t) => typeof t === 'string');
}

/** What a `Force-<tenancy>-<environment>` stack is built from (the props {@link ForceTenancyStack} is given by the national estate). */
export interface TenancyStackInputs {
  readonly spec: TenancySpec;
  readonly environment: string;
  readonly services: NationalServices;
  readonly includeAccountBaseline: boolean;
}

/**
 * The key of a tenancy stack's template, for the stack built in `scope` (the stage it is added to):
 * every input of the stack (the spec, the environment, the national services' manifest, whether the
 * stack carries the account baseline), the stage's path (it prefixes every construct path in the
 * template), and the stage's context (aws-cdk-lib's feature flags and NPLZ's synthesis settings live
 * there, and `CDK_CONTEXT_JSON` adds to it).
 *
 * `undefined`, so never kept, when the key cannot name the template: an input holds an unresolved
 * token of any kind (a token's text names a value of one app only) or anything JSON does not show
 * as it is (a Map, a class instance, a getter, a cycle); the context holds aws-cdk-lib's
 * private entries (an app's default stack synthesizer, which JSON does not show); or an aspect
 * other than NPLZ's {@link StackLimitChecks} is applied to the stage or above it (an app-wide
 * `Tags.of(app)` changes every template). What a caller adds to a built stack itself is not in the
 * key either: use kept templates only for an estate as NPLZ builds it, as `nplz diff` does.
 */
export function tenancyTemplateKey(scope: Construct, inputs: TenancyStackInputs): string | undefined {
  const context = scope.node.getAllContext() as Record<string, unknown>;
  if (Object.keys(context).some((k) => k.startsWith('aws-cdk-private:'))) return undefined;
  if (hasForeignAspects(scope)) return undefined;
  const key = {
    stack: 'Force',
    path: scope.node.path,
    spec: inputs.spec,
    environment: inputs.environment,
    services: inputs.services.manifest,
    includeAccountBaseline: inputs.includeAccountBaseline,
    context,
  };
  return unkeyable(key) ? undefined : JSON.stringify(key);
}

/** Whether an aspect other than {@link StackLimitChecks} applies to `scope` from it or a scope above it. */
function hasForeignAspects(scope: IConstruct): boolean {
  return scope.node.scopes.some((s) => Aspects.of(s).all.some((a) => !(a instanceof StackLimitChecks)));
}

/**
 * Whether JSON cannot name `value`: it is or holds an unresolved token (a string, list or number
 * token, or a resolvable object), an object that is not plain data (a Map, a Set, a class instance,
 * which JSON shows as `{}`), a function, or a cycle.
 */
function unkeyable(value: unknown, seen: Set<object> = new Set()): boolean {
  if (Token.isUnresolved(value)) return true;
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return true;
  if (value === null || typeof value !== 'object') return false;
  if (seen.has(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return true;
  seen.add(value);
  const parts = Array.isArray(value) ? value : Object.getOwnPropertyNames(value).map((k) => Object.getOwnPropertyDescriptor(value, k));
  const bad = parts.some((p) =>
    Array.isArray(value) ? unkeyable(p, seen) : p === undefined || 'get' in p || unkeyable((p as PropertyDescriptor).value, seen),
  );
  seen.delete(value);
  return bad;
}

/** What {@link keepTenancyTemplates} reads of the landing zone. */
export interface KeptTemplateSource {
  readonly tenancyStacks: ReadonlyMap<string, Stack>;
  readonly tenancyTemplateKeys: ReadonlyMap<string, string>;
}

/**
 * After `app.synth()`: put each built tenancy stack's template and stack tags in `store`, under the
 * key it was built with. Keeps nothing, and returns 0, when an aspect other than NPLZ's own was
 * applied to the stage or above it after the estate was built (it changed the templates after
 * their keys were made). Returns the number of templates kept.
 */
export function keepTenancyTemplates(landingZone: KeptTemplateSource, assembly: CloudAssembly, store: TenancyTemplateStore): number {
  let n = 0;
  for (const [id, key] of landingZone.tenancyTemplateKeys) {
    const stack = landingZone.tenancyStacks.get(id);
    if (!stack) continue;
    if (stack.node.scope && hasForeignAspects(stack.node.scope)) return 0;
    const artifact = assembly.getStackArtifact(stack.artifactId);
    store.set(key, { template: artifact.template as unknown, tags: artifact.tags });
    n++;
  }
  return n;
}

/**
 * A stand-in for a tenancy stack that was not built: the same id, environment and tags, and the
 * template kept from the synthesis that built it. No constructs: see {@link TenancyTemplateStore}.
 */
export class KeptTemplateStack extends Stack {
  constructor(
    scope: Construct,
    id: string,
    props: StackProps,
    private readonly kept: unknown,
  ) {
    super(scope, id, props);
  }

  protected override _toCloudFormation(): unknown {
    // Aspects have run by now: one added after the estate was built (an app-wide tag) would have
    // changed the stack this stands in for, and its key could not know.
    // The stage and above only: aws-cdk-lib adds an aspect of its own to a stack under a permissions
    // boundary context, which is in the key, and the kept template was built with it.
    if (this.node.scope && hasForeignAspects(this.node.scope)) {
      throw new Error(
        `${this.node.path}: an aspect was applied after the estate was built with kept templates; kept tenancy stacks are for an estate as NPLZ builds it (build it without keptTemplates)`,
      );
    }
    // A copy: aws-cdk-lib may post-process the template object it is given.
    return JSON.parse(JSON.stringify(this.kept)) as unknown;
  }
}
