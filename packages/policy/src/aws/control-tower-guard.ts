import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnGuardValidator, CfnGuardValidatorProps } from '@cdklabs/cdk-validator-cfnguard';
import type {
  IPolicyValidationContextBeta1,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReportBeta1,
  PolicyViolationBeta1,
} from 'aws-cdk-lib';

/**
 * Options of {@link ControlTowerGuard}: the stock validator's, and where to keep results between runs.
 */
export interface ControlTowerGuardProps extends CfnGuardValidatorProps {
  /**
   * A folder where results are kept between runs: each template's violations of every rule file,
   * keyed by the SHA-256 of the template's text, every rule file (name and text, in order) and the
   * validator's version (which pins the cfn-guard binary it ships); and each rule file's violations
   * for each pruned template, keyed by the rule file's text, the pruned text and the version. A
   * changed template, rule or validator is a new key, so an entry can never answer for different
   * inputs; an unchanged template is neither cut nor evaluated again.
   * @default - no cache
   */
  readonly cacheDir?: string;
  /**
   * How many processes share the rule files that must run (each runs cfn-guard for its rule files,
   * one after another, as the stock validator does). The report is the same for any value: each
   * share's violations go back in their rule file's place.
   * A whole number, 1 or more (anything else is refused when the plugin is made).
   * @default - one per core (at most 4) when at least 8 templates need evaluating, else 1 (this
   *   process); 1 when NPLZ_SERIAL=1, or when the built worker (dist/aws/control-tower-guard-worker.js)
   *   is not there
   */
  readonly concurrency?: number;
}

/**
 * The Control Tower proactive controls, evaluated by cfn-guard as the stock
 * {@link CfnGuardValidator} evaluates them, with the same report, at about half the CPU on the sample estate (bench/guard.js).
 *
 * cfn-guard's cost grows with (rule files × bytes of every template): each rule file walks the whole
 * document (measured on the 43-force estate: 34 applicable rule files × 1.7 MB of templates,
 * about 25 s of CPU in one cfn-guard run). Each rule file only reads resources of the types it names
 * (`Resources.*[ Type == %RESOURCE_TYPE ]`, and the related types some rules join to, such as
 * a security group's ingress rules), so each rule file here is run, once, over every template with its
 * `Resources` cut down to the types the file names; everything else in the template is kept. The
 * violations each run reports are those the stock run reports for that rule file, with the pruned
 * copy's path replaced by the template's; they are put back in the stock order (template by template
 * in the order aws-cdk-lib passes them, and within a template rule file by rule file in the order the
 * stock validator passes them to cfn-guard). A test holds the report byte-identical to the stock
 * validator's on a real assembly.
 */
export class ControlTowerGuard implements IPolicyValidationPluginBeta1 {
  readonly name: string;
  readonly version?: string;
  readonly ruleIds?: string[];
  private readonly ruleFiles: readonly string[];
  private readonly props: ControlTowerGuardProps;
  /** The validator's version and this module's code: part of every cache key. */
  private readonly keyVersion: string;

  constructor(props: ControlTowerGuardProps = {}) {
    const stock = new CfnGuardValidator(props);
    this.name = stock.name;
    this.version = stock.version;
    this.ruleIds = stock.ruleIds;
    this.props = props;
    if (props.concurrency !== undefined && !(Number.isInteger(props.concurrency) && props.concurrency >= 1))
      throw new Error(
        `ControlTowerGuard concurrency must be a whole number of processes, 1 or more; received ${String(props.concurrency)}`,
      );
    // An entry answers only for the code that produced it: a fix to how templates are cut or results
    // put back must not be answered by entries an earlier version wrote.
    this.keyVersion = `${String(this.version)}\0${sha256(fs.readFileSync(__filename, 'utf8'))}`;
    const disabled = new Set(props.disabledRules ?? []);
    const roots = [...((props.controlTowerRulesEnabled ?? true) ? [controlTowerRulesDirOf()] : []), ...(props.rules ?? [])];
    // The order in which the stock validator hands rule files to cfn-guard: each path as given, a
    // folder's files in readdir order.
    const files: string[] = [];
    const walk = (p: string) => {
      if (fs.statSync(p).isDirectory()) for (const f of fs.readdirSync(p)) walk(path.join(p, f));
      else if (!disabled.has(path.parse(p).name)) files.push(p);
    };
    roots.forEach(walk);
    this.ruleFiles = files;
  }

  validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-guard-'));
    try {
      const templates: Source[] = context.templatePaths.map((file) => {
        const text = fs.readFileSync(file, 'utf8');
        // found[rule file]: the stock validator's violations of that rule file for this template.
        return { file, text, template: JSON.parse(text) as GuardTemplate, found: this.ruleFiles.map(() => []) };
      });
      // First, each template whole: its violations of every rule file, kept under the SHA-256 of the
      // validator's version, every rule file (name and text, in order) and the template's text. An
      // unchanged template is answered at once, without cutting it per rule file; a changed one is
      // cut, and each (rule file, cut) is looked up as before, so a change elsewhere in the template
      // re-runs only the rule files whose cut it reaches.
      const rulesKey = this.props.cacheDir
        ? sha256([this.keyVersion, ...this.ruleFiles.map((f) => `${path.basename(f)}\0${fs.readFileSync(f, 'utf8')}`)].join('\0'))
        : '';
      // The templates no whole-template entry answers: each is cut per rule file below.
      const pending: Source[] = [];
      for (const t of templates) {
        const hit = this.cacheGet(rulesKey, t.text) as unknown;
        // An entry of another shape (damaged, or from another layout) is a miss, and is rewritten.
        if (Array.isArray(hit) && hit.length === this.ruleFiles.length && hit.every((l) => Array.isArray(l)))
          t.found.splice(0, t.found.length, ...(hit as PolicyViolationBeta1[][]).map((l) => l.map((v) => relocate(v, '', t.file))));
        else pending.push(t);
      }
      if (pending.length > 0) {
        const rules = this.ruleFiles.map((file, index) => ({ index, file }));
        const n = Math.max(1, Math.min(this.concurrencyFor(pending.length), rules.length));
        const base = { version: this.keyVersion, cacheDir: this.props.cacheDir, maxBuffer: this.props.maxBuffer };
        // Rule file i goes to share i mod n; each share's results return to their rule file's place.
        const shares: GuardShare[] = Array.from({ length: n }, (_, k) => ({
          ...base,
          work: path.join(work, `share-${k}`),
          rules: rules.filter((_, i) => i % n === k),
          templates: pending.map((t) => t.file),
        }));
        const results =
          n === 1 ? [runGuardShare(shares[0] as GuardShare, pending)] : runGuardSharesInChildren(shares, path.join(work, 'job.json'));
        shares.forEach((share, k) =>
          share.rules.forEach(({ index, file }, j) => {
            // Every rule file of every share must come back with a list per template: a missing one is
            // a failure, never "no violations" (nor a whole-template entry written from it).
            const got = results[k]?.[j];
            if (!Array.isArray(got) || got.length !== pending.length || !got.every((l) => Array.isArray(l)))
              throw new Error(`the Control Tower guard's share ${k} returned no result for ${path.basename(file)}`);
            pending.forEach((t, m) => (t.found[index] = got[m] as PolicyViolationBeta1[]));
          }),
        );
      }
      for (const t of pending)
        this.cachePut(
          rulesKey,
          t.text,
          t.found.map((l) => l.map((v) => relocate(v, t.file, ''))),
        );
      const violations = templates.flatMap((t) => t.found.flat());
      return { success: violations.length === 0, violations };
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }

  private cacheGet(ruleKey: string, text: string): PolicyViolationBeta1[] | undefined {
    return cacheGet(this.props.cacheDir, ruleKey, text);
  }

  private cachePut(ruleKey: string, text: string, violations: PolicyViolationBeta1[] | PolicyViolationBeta1[][]): void {
    cachePut(this.props.cacheDir, ruleKey, text, violations);
  }

  private concurrencyFor(pending: number): number {
    if (this.props.concurrency !== undefined) return this.props.concurrency;
    // Without the built worker (the sources run unbuilt, e.g. under a TypeScript runner) the shares
    // cannot start: this process runs them all.
    if (process.env.NPLZ_SERIAL === '1' || pending < 8 || !fs.existsSync(guardWorker())) return 1;
    return Math.min(4, os.availableParallelism());
  }
}

function cacheFile(cacheDir: string | undefined, ruleKey: string, prunedText: string): string | undefined {
  if (!cacheDir) return undefined;
  const key = sha256(`${ruleKey}\0${prunedText}`);
  return path.join(cacheDir, key.slice(0, 2), `${key}.json`);
}

function cacheGet(cacheDir: string | undefined, ruleKey: string, prunedText: string): PolicyViolationBeta1[] | undefined {
  // (With the whole-template key, an entry is a list per rule file; the caller reads it so.)
  const file = cacheFile(cacheDir, ruleKey, prunedText);
  if (!file || !fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PolicyViolationBeta1[];
  } catch {
    return undefined; // a damaged entry is a miss, and is rewritten
  }
}

function cachePut(
  cacheDir: string | undefined,
  ruleKey: string,
  prunedText: string,
  violations: PolicyViolationBeta1[] | PolicyViolationBeta1[][],
): void {
  const file = cacheFile(cacheDir, ruleKey, prunedText);
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written beside and renamed: a reader never sees half an entry (shares write under their own pid).
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(violations));
  fs.renameSync(tmp, file);
}

/**
 * A share of the rule files to run over the templates no whole-template entry answered: plain data,
 * so a child process can run it ({@link runGuardSharesInChildren}).
 */
export interface GuardShare {
  /** The validator's version (it pins the cfn-guard binary) and the guard's code, part of every cache key. */
  readonly version: string | undefined;
  readonly cacheDir: string | undefined;
  readonly maxBuffer: number | undefined;
  /** A folder of this share's own for the pruned copies cfn-guard reads. */
  readonly work: string;
  /** The rule files, with their place in the validator's list. */
  readonly rules: readonly { readonly index: number; readonly file: string }[];
  /** The templates, by path. */
  readonly templates: readonly string[];
}

/**
 * Runs each rule file of the share over the templates it applies to, as the stock validator would
 * (cfn-guard once per rule file, over the templates cut to the rule file's types), answering from
 * and filling the cache. Returns `[rule of the share][template]` → the violations, naming the
 * templates by their own paths. `parsed` spares re-reading templates this process already holds.
 */
export function runGuardShare(
  share: GuardShare,
  parsed?: readonly { readonly file: string; readonly text: string; readonly template: GuardTemplate }[],
): PolicyViolationBeta1[][][] {
  const templates = (parsed ?? share.templates.map((file) => readTemplate(file))).map((t) => ({ ...t, copies: new Map<string, Copy>() }));
  fs.mkdirSync(share.work, { recursive: true });
  let written = 0;
  // The pruned copy of a template for a set of named types: its text when first needed, its file
  // only when cfn-guard must read it (a cached result needs only the text, for its key).
  const copyOf = (t: (typeof templates)[number], types: ReadonlySet<string>, key: string): { text: string; file: () => string } => {
    let known = t.copies.get(key);
    if (!known) t.copies.set(key, (known = { text: prunedText(t.text, t.template, types) }));
    const c = known;
    return {
      text: c.text,
      file: () => {
        if (c.file === undefined) fs.writeFileSync((c.file = path.join(share.work, `${written++}.template.json`)), c.text);
        return c.file;
      },
    };
  };
  return share.rules.map(({ file: ruleFile }) => {
    const found: PolicyViolationBeta1[][] = templates.map(() => []);
    const ruleText = fs.readFileSync(ruleFile, 'utf8');
    const types = namedTypes(ruleText);
    const typesKey = [...types].sort().join(',');
    const ruleKey = sha256(`${share.version}\0${ruleText}`);
    const onlyWithTypes = evaluatesOnlyNamedResources(ruleText);
    const todo: { m: number; copy: { text: string; file: () => string } }[] = [];
    templates.forEach((t, m) => {
      // Only a file whose every template rule is guarded by `%resources not empty` may skip a template
      // or read a pruned one; any other file reads every template whole, as the stock run does.
      if (onlyWithTypes && !Object.values(t.template.Resources ?? {}).some((res) => res.Type !== undefined && types.has(res.Type))) return;
      const copy = onlyWithTypes ? copyOf(t, types, typesKey) : { file: () => t.file, text: t.text };
      const hit = cacheGet(share.cacheDir, ruleKey, copy.text);
      if (hit) found[m] = hit.map((v) => relocate(v, '', t.file));
      else todo.push({ m, copy });
    });
    if (todo.length === 0) return found;
    const stock = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: [ruleFile], maxBuffer: share.maxBuffer });
    const report = stock.validate({ templatePaths: todo.map(({ copy }) => copy.file()) } as IPolicyValidationContextBeta1);
    const perTemplate = new Map<string, PolicyViolationBeta1[]>(todo.map(({ copy }) => [copy.file(), []]));
    for (const v of report.violations) {
      // The stock validator makes one violation per (rule, fix) of one template's result.
      const file = v.violatingResources[0]?.templatePath;
      const list = file === undefined ? undefined : perTemplate.get(file);
      if (!list || v.violatingResources.some((x) => x.templatePath !== file))
        throw new Error(`cfn-guard reported a violation of ${v.ruleName} for a template it was not given (${file})`);
      list.push(v);
    }
    for (const { m, copy } of todo) {
      const file = copy.file();
      const list = perTemplate.get(file) ?? [];
      cachePut(
        share.cacheDir,
        ruleKey,
        copy.text,
        list.map((v) => relocate(v, file, '')),
      );
      found[m] = list.map((v) => relocate(v, file, (templates[m] as (typeof templates)[number]).file));
    }
    return found;
  });
}

/** The built worker script, from this package's dist (also when this module runs from src/). */
function guardWorker(): string {
  return path.join(__dirname, '..', '..', 'dist', 'aws', 'control-tower-guard-worker.js');
}

function readTemplate(file: string): { file: string; text: string; template: GuardTemplate } {
  const text = fs.readFileSync(file, 'utf8');
  return { file, text, template: JSON.parse(text) as GuardTemplate };
}

/**
 * Runs the shares at once, one child process each (control-tower-guard-worker.js, from this
 * package's dist), and returns their results in share order. The plugin API is synchronous, so this
 * process waits in one `spawnSync` of the worker in its pool mode, which starts the shares and waits
 * for all of them. A share that fails fails the run, with its message.
 */
export function runGuardSharesInChildren(shares: readonly GuardShare[], jobFile: string): PolicyViolationBeta1[][][][] {
  fs.writeFileSync(jobFile, JSON.stringify({ shares }));
  // The pool forwards at most 64 KB of each failed share's messages; the buffer only has to hold those.
  const p = spawnSync(process.execPath, [guardWorker(), '--pool', jobFile], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (p.status !== 0)
    throw new Error(`the Control Tower guard's worker processes failed (${p.signal ?? `exit ${p.status}`}):\n${p.stderr.trim()}`);
  return shares.map((_, k) => JSON.parse(fs.readFileSync(`${jobFile}.${k}.out.json`, 'utf8')) as PolicyViolationBeta1[][][]);
}

function controlTowerRulesDirOf(): string {
  return path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');
}

/** Every CloudFormation resource type a guard rule file names in a string ("AWS::S3::Bucket"). */
export function namedTypes(ruleText: string): ReadonlySet<string> {
  return new Set([...ruleText.matchAll(/["'](AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)["']/g)].map((m) => m[1] ?? ''));
}

/**
 * True when every rule of the file that applies to a template is guarded by `%resources not empty`
 * (`rule x when is_cfn_template(this) %buckets not empty { ... }`), as every Control Tower rule file
 * is: then a template with none of the file's resource types passes it without evaluation, and is not
 * handed to cfn-guard (each file handed to it costs a few milliseconds per rule file even when
 * empty). A file written otherwise gets every template.
 */
export function evaluatesOnlyNamedResources(ruleText: string): boolean {
  const heads = [...ruleText.matchAll(/^rule\s+\w+\s+when\s+is_cfn_template\([^)]*\)(\s+%\w+\s+not\s+empty\b)?/gm)];
  return heads.length > 0 && heads.every((m) => m[1] !== undefined);
}

type GuardTemplate = { Resources?: Record<string, { Type?: string }> };
/** A pruned copy: its text, and the file it is written to once cfn-guard must read it. */
type Copy = { readonly text: string; file?: string };
/** A template handed to the plugin, and what each rule file found in it. */
type Source = {
  readonly file: string;
  readonly text: string;
  readonly template: GuardTemplate;
  readonly found: PolicyViolationBeta1[][];
};

/**
 * The template's text with only the resources of `types` and the resources they reach by `Ref` or
 * `Fn::GetAtt` (transitively: 42 Control Tower files look a referenced resource up by its logical id
 * and check its type, so it must be found as in the whole template); every other part as it was.
 * The other resources are blanked out in place, not removed: cfn-guard's messages quote the line and
 * column of what they report (`[L:120,C:23]`), so every kept character stays where it was. When the
 * text is not laid out as aws-cdk-lib writes templates (`JSON.stringify(t, undefined, 1)`), or the
 * result would not parse to exactly the pruned template, the whole text is returned.
 */
export function prunedText(text: string, template: GuardTemplate, types: ReadonlySet<string>): string {
  const all = template.Resources;
  if (!all || text !== JSON.stringify(template, undefined, 1)) return text;
  const keep = new Set(
    Object.entries(all)
      .filter(([, r]) => r.Type !== undefined && types.has(r.Type))
      .map(([id]) => id),
  );
  const queue = [...keep];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const ref of references(all[id])) {
      if (Object.prototype.hasOwnProperty.call(all, ref) && !keep.has(ref)) {
        keep.add(ref);
        queue.push(ref);
      }
    }
  }
  const head = '\n "Resources": {';
  let at = text.indexOf(head);
  if (at < 0) return text;
  at += head.length;
  const ids = Object.keys(all);
  const lastKept = ids.filter((id) => keep.has(id)).pop();
  const out: string[] = [text.slice(0, at)];
  for (const [n, id] of ids.entries()) {
    const body = `\n  ${JSON.stringify(id)}: ${JSON.stringify(all[id], undefined, 1).replace(/\n/g, '\n  ')}`;
    const comma = n < ids.length - 1 ? ',' : '';
    if (!text.startsWith(body + comma, at)) return text;
    at += body.length + comma.length;
    const blank = (t: string) => t.replace(/[^\n]/g, ' ');
    if (!keep.has(id)) out.push(blank(body + comma));
    else out.push(body, id === lastKept ? blank(comma) : comma);
  }
  out.push(text.slice(at));
  const pruned = out.join('');
  const expected = { ...template, Resources: Object.fromEntries(Object.entries(all).filter(([id]) => keep.has(id))) };
  return JSON.stringify(JSON.parse(pruned)) === JSON.stringify(expected) ? pruned : text;
}

/** The logical ids a value names by `Ref` or `Fn::GetAtt`. */
function references(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string') out.push(v);
      else if (k === 'Fn::GetAtt') {
        if (Array.isArray(v) && typeof v[0] === 'string') out.push(v[0]);
        else if (typeof v === 'string') out.push(v.split('.')[0] ?? v);
        references(v, out);
      } else references(v, out);
    }
  }
  return out;
}

/** The violation as reported for the pruned copy, naming the template it came from. */
function relocate(v: PolicyViolationBeta1, from: string, to: string): PolicyViolationBeta1 {
  return {
    ...v,
    violatingResources: v.violatingResources.map((r) => ({ ...r, templatePath: r.templatePath === from ? to : r.templatePath })),
  };
}

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}
