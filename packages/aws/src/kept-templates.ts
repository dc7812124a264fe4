import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack, StackProps, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { codeDigest, coreCodeDigest, installedPackageVersion, TenancySpec } from '@nplz/core';
import { NationalServices } from './national-services';

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
export class MemoryTenancyTemplates implements TenancyTemplateStore {
  public hits = 0;
  private readonly entries = new Map<string, string>();

  get(key: string): KeptTenancyTemplate | undefined {
    const text = this.entries.get(key);
    if (text === undefined) return undefined;
    this.hits++;
    return JSON.parse(text) as KeptTenancyTemplate;
  }

  set(key: string, kept: KeptTenancyTemplate): void {
    this.entries.set(key, JSON.stringify(kept));
  }
}

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
  let main: string | undefined;
  try {
    main = require.resolve(name);
  } catch {
    main = undefined;
  }
  return installedPackageVersion(name, main);
}

/**
 * A {@link TenancyTemplateStore} in a folder: each entry under the SHA-256 of the salt
 * ({@link tenancyTemplateSalt}) and the key, with the key stored beside it, so an entry answers
 * only for the same inputs and code; deleting the folder is always safe. An unreadable or foreign
 * entry is a miss; writes go through a temporary file and a rename.
 */
export class DiskTenancyTemplates implements TenancyTemplateStore {
  public hits = 0;
  public writes = 0;

  constructor(
    private readonly dir: string,
    private readonly salt: string = tenancyTemplateSalt(),
  ) {}

  private file(key: string): string {
    const h = createHash('sha256').update(this.salt).update('\0').update(key).digest('hex');
    return path.join(this.dir, h.slice(0, 2), `${h}.json`);
  }

  get(key: string): KeptTenancyTemplate | undefined {
    let entry: { key?: unknown; kept?: KeptTenancyTemplate };
    try {
      entry = JSON.parse(fs.readFileSync(this.file(key), 'utf8')) as typeof entry;
    } catch {
      return undefined;
    }
    const kept = entry.kept;
    if (entry.key !== key || !kept || typeof kept.template !== 'object' || kept.template === null || typeof kept.tags !== 'object') {
      return undefined;
    }
    this.hits++;
    return kept;
  }

  set(key: string, kept: KeptTenancyTemplate): void {
    const file = this.file(key);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ key, kept }));
      fs.renameSync(tmp, file);
      this.writes++;
    } catch {
      // A store that cannot be written costs a build next time, nothing else.
    }
  }
}

/** What a `Force-<tenancy>-<environment>` stack is built from (the props {@link ForceTenancyStack} is given by the national estate). */
export interface TenancyStackInputs {
  readonly spec: TenancySpec;
  readonly environment: string;
  readonly services: NationalServices;
  readonly includeAccountBaseline: boolean;
}

/**
 * The key of a tenancy stack's template: every input of the stack (the spec, the environment, the
 * national services' manifest, whether the stack carries the account baseline) and the context of
 * the app it is built in (aws-cdk-lib's feature flags and NPLZ's synthesis settings live there, and
 * `CDK_CONTEXT_JSON` adds to it). `undefined`, so never kept, when an input holds an unresolved
 * token: a token's text names a value of one app only.
 */
export function tenancyTemplateKey(scope: Construct, inputs: TenancyStackInputs): string | undefined {
  const text = JSON.stringify({
    stack: 'Force',
    spec: inputs.spec,
    environment: inputs.environment,
    services: inputs.services.manifest,
    includeAccountBaseline: inputs.includeAccountBaseline,
    context: scope.node.getAllContext(),
  });
  return Token.isUnresolved(text) ? undefined : text;
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
    // A copy: aws-cdk-lib may post-process the template object it is given.
    return JSON.parse(JSON.stringify(this.kept)) as unknown;
  }
}
