import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CfnResource,
  Stack,
  Stage,
  Validations,
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  type PolicyViolation,
} from 'aws-cdk-lib';
import type { NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { codeDigest, coreCodeDigest, installedPackageVersion } from '@nplz/core';

export interface StackCachedPackProps {
  /** The folder the per-stack results are kept in (created when first written). */
  readonly cacheDir: string;
  /**
   * Everything about the pack, besides its code, that decides its verdicts: its props (for
   * {@link NplzChecks}, `NplzChecks.cacheKey`). Two packs given the same key must give the same
   * violations for the same stack.
   */
  readonly packKey: string;
  /**
   * What else decides an entry ({@link stackCachedPackSalt}, the default).
   * @default - cdk-nag's and aws-cdk-lib's versions, and the code of this package and of `@nplz/core`
   */
  readonly salt?: string;
}

/**
 * What, besides a stack and the pack's key, decides a pack's violations: the versions of cdk-nag
 * (its rules and its tree walk) and aws-cdk-lib (how the framework hands over the tree), and the code
 * of this package (NPLZ's rules and this cache) and of `@nplz/core` (the baselines the rules read),
 * by content. An upgraded cdk-nag or a changed NPLZ build: every entry misses.
 */
export function stackCachedPackSalt(): string {
  if (salt !== undefined) return salt;
  const own = path.join(__dirname, '..');
  salt = [
    installedPackageVersion('cdk-nag', require.resolve('cdk-nag')),
    installedPackageVersion('aws-cdk-lib', require.resolve('aws-cdk-lib')),
    `policy ${codeDigest(own, path.extname(__filename))}`,
    `core ${coreCodeDigest()}`,
  ].join('\n');
  return salt;
}
/** The code does not change while a process runs: read once per process. */
let salt: string | undefined;

/**
 * A cdk-nag pack whose violations for each stack are kept between runs: a stack whose template,
 * constructs and acknowledgements are unchanged since a run that checked it takes that run's
 * violations instead of the pack walking its constructs again (most of a warm synthesis' pack time:
 * the packs visit every resource of the estate, the guard's results are already kept by template).
 *
 * The report is the pack's own. cdk-nag's pack walks the construct tree in order and groups
 * violations by rule in the order they are first met; this plugin walks the same tree, hands each
 * stack to the pack (or takes its kept violations) and groups the stacks' lists the same way, so the
 * violations, their order and their first description are what the pack alone reports. A test
 * compares the two, with violations spread over stacks and acknowledged in some.
 *
 * A stack is kept under the SHA-256 of the salt ({@link stackCachedPackSalt}), the pack's key, its
 * `verbose` flag and `JSII_DEPRECATED`, the stack's region, account and tags, the text of its written
 * template, the path, class and resource type of every construct in it in walk order (with the
 * resolved properties of a resource that has overrides), and every acknowledgement recorded on it,
 * in it or above it. A stack with a stack inside it
 * (a nested stack, whose template is its own), or whose template synthesis did not write, is checked
 * afresh every run. Unreadable or foreign entries are misses and are rewritten; writes go through a
 * temporary file and a rename.
 */
export class StackCachedPack implements IPolicyValidationPlugin {
  public readonly name: string;
  public readonly version?: string;
  public readonly ruleIds?: string[];
  /** Stacks answered from the folder, and stacks the pack checked, in the last run. */
  public hits = 0;
  public misses = 0;
  private readonly salt: string;

  constructor(
    private readonly pack: NagPack,
    private readonly props: StackCachedPackProps,
  ) {
    this.name = pack.name;
    if (pack.version !== undefined) this.version = pack.version;
    if (pack.ruleIds !== undefined) this.ruleIds = pack.ruleIds;
    this.salt = props.salt ?? stackCachedPackSalt();
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const app = (context as IPolicyValidationContext & { readonly appConstruct?: IConstruct }).appConstruct;
    if (!app) return this.pack.validate(context);
    this.hits = 0;
    this.misses = 0;
    const written = new Set(context.templatePaths.map((p) => path.resolve(p)));
    const violations: PolicyViolation[] = [];
    // As cdk-nag groups them: one entry per rule, in the order rules are first met, each listing
    // its resources in walk order; the first entry's description and severity stand.
    const add = (more: readonly PolicyViolation[]) => {
      for (const v of more) {
        const existing = violations.find((x) => x.ruleName === v.ruleName);
        if (existing) existing.violatingResources.push(...v.violatingResources);
        else violations.push({ ...v, violatingResources: [...v.violatingResources] });
      }
    };
    // The pack on one subtree: its own walk of that subtree, as part of a walk of the whole tree.
    const fresh = (scope: IConstruct) => this.pack.validate({ ...context, appConstruct: scope }).violations;
    const walk = (node: IConstruct) => {
      if (Stack.isStack(node)) {
        add(this.stackViolations(node, written, fresh));
        return;
      }
      if (CfnResource.isCfnResource(node)) {
        add(fresh(node));
        return;
      }
      for (const child of node.node.children) walk(child);
    };
    walk(app);
    return { success: violations.length === 0, violations };
  }

  private stackViolations(stack: Stack, written: ReadonlySet<string>, fresh: (s: IConstruct) => PolicyViolation[]): PolicyViolation[] {
    const file = this.entryFile(stack, written);
    if (file) {
      const kept = readEntry(file);
      if (kept) {
        this.hits++;
        return kept;
      }
    }
    this.misses++;
    const violations = fresh(stack);
    if (file) writeEntry(file, violations);
    return violations;
  }

  /** Where the stack's entry is, or undefined when the stack cannot be kept. */
  private entryFile(stack: Stack, written: ReadonlySet<string>): string | undefined {
    const template = path.resolve(Stage.of(stack)?.outdir ?? '', stack.templateFile);
    if (!written.has(template)) return undefined;
    const h = createHash('sha256').update(this.salt).update('\0').update(this.props.packKey).update('\0');
    // What the pack is told besides the tree: cdk-nag's verbose flag (its descriptions), and how jsii
    // treats a deprecated property a rule reads (JSII_DEPRECATED=fail makes the read throw, which
    // cdk-nag reports as a violation).
    h.update(`${String((this.pack as unknown as { verbose?: unknown }).verbose)}\0${process.env.JSII_DEPRECATED ?? ''}\0`);
    // The stack's own: NplzChecks reads its region, account and tags (the baseline by its tag), none
    // of which need appear in the template.
    h.update(
      `${String(stack.resolve(stack.region))}\0${String(stack.resolve(stack.account))}\0${JSON.stringify(stack.tags.tagValues())}\0`,
    );
    h.update(fs.readFileSync(template)).update('\0');
    const ack = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
    const acknowledgements = (c: IConstruct) => {
      for (const m of c.node.metadata) if (m.type === ack) h.update(`${c.node.path}\0${JSON.stringify(m.data)}\0`);
    };
    // Above the stack: an acknowledgement there covers the stack's resources too.
    for (let s = stack.node.scope; s; s = s.node.scope) acknowledgements(s);
    // Every construct from the stack down, in walk order: its path, its class (rules test the L1
    // class, not only the resource type) and its type.
    for (const c of stack.node.findAll()) {
      if (c !== stack && Stack.isStack(c)) return undefined;
      h.update(`${c.node.path}\0${c.constructor.name}\0`);
      if (CfnResource.isCfnResource(c)) {
        h.update(c.cfnResourceType);
        // Rules read the L1's own properties; an override changes the template but hides them, so a
        // resource with overrides (or whose overrides cannot be seen) adds its resolved properties.
        const raw = (c as unknown as { rawOverrides?: unknown }).rawOverrides;
        if (typeof raw !== 'object' || raw === null || Object.keys(raw).length > 0)
          h.update(`\0${JSON.stringify(stack.resolve((c as unknown as { cfnProperties: unknown }).cfnProperties))}`);
      }
      h.update('\0');
      acknowledgements(c);
    }
    const key = h.digest('hex');
    return path.join(this.props.cacheDir, key.slice(0, 2), `${key}.json`);
  }
}

function readEntry(file: string): PolicyViolation[] | undefined {
  try {
    const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as { violations?: unknown };
    const ok =
      Array.isArray(entry.violations) &&
      entry.violations.every((v: Partial<PolicyViolation>) => typeof v?.ruleName === 'string' && Array.isArray(v.violatingResources));
    return ok ? (entry.violations as PolicyViolation[]) : undefined;
  } catch {
    return undefined; // absent, unreadable or foreign: a miss, checked again and rewritten
  }
}

function writeEntry(file: string, violations: readonly PolicyViolation[]): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ violations }));
    fs.renameSync(tmp, file);
  } catch {
    // A cache that cannot be written costs the next run time, never a verdict.
  }
}
