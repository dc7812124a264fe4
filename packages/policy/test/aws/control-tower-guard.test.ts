import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Stack, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms, aws_s3 as s3, aws_sns as sns } from 'aws-cdk-lib';
import { ControlTowerGuard, evaluatesOnlyNamedResources } from '../../src/aws/control-tower-guard';
import { inapplicableGuardRules } from '../../src/aws/independent-packs';

/**
 * ControlTowerGuard must report exactly what the stock CfnGuardValidator (cfn-guard itself, with
 * the Control Tower rules it ships) reports for the same templates, byte for byte: it only changes
 * how the work is split. The templates are ones a careless change produces: a bucket without
 * encryption or logging, a key without rotation, a security group open to the world whose ingress
 * rule is a separate resource (a rule that joins two types), an IAM policy granting `*`, and stacks
 * holding none of the rules' types.
 */
function assembly(): { dir: string; templates: string[]; types: Set<string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-guard-test-'));
  const app = new App({ outdir: dir });
  const a = new Stack(app, 'Storage');
  new s3.CfnBucket(a, 'Plain', {});
  new s3.Bucket(a, 'Logged', { encryption: s3.BucketEncryption.KMS, enforceSSL: true });
  new kms.CfnKey(a, 'NoRotation', { keyPolicy: { Version: '2012-10-17', Statement: [] } });
  new sns.Topic(a, 'Unrelated');
  const b = new Stack(app, 'Network');
  const vpc = new ec2.CfnVPC(b, 'Vpc', { cidrBlock: '10.0.0.0/16' });
  const sg = new ec2.CfnSecurityGroup(b, 'Open', { groupDescription: 'open', vpcId: vpc.ref });
  new ec2.CfnSecurityGroupIngress(b, 'World', {
    groupId: sg.attrGroupId,
    ipProtocol: 'tcp',
    fromPort: 22,
    toPort: 22,
    cidrIp: '0.0.0.0/0',
  });
  new iam.CfnManagedPolicy(b, 'Star', {
    policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  });
  const c = new Stack(app, 'Quiet');
  new sns.Topic(c, 'OnlyATopic');
  const asm = app.synth();
  const templates = asm.stacks.map((s) => path.join(dir, s.templateFile));
  const types = new Set<string>();
  for (const s of asm.stacks)
    for (const r of Object.values((s.template as { Resources: Record<string, { Type: string }> }).Resources)) types.add(r.Type);
  return { dir, templates, types };
}

const context = (templatePaths: string[]) => ({ templatePaths }) as unknown as Parameters<CfnGuardValidator['validate']>[0];
const tmp: string[] = [];
afterAll(() => tmp.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('ControlTowerGuard', () => {
  const { dir, templates, types } = assembly();
  tmp.push(dir);
  const props = { controlTowerRulesEnabled: true, disabledRules: inapplicableGuardRules(types) };
  const stock = new CfnGuardValidator(props).validate(context(templates));

  test('reports what the stock validator reports, byte for byte, and it finds violations', () => {
    const mine = new ControlTowerGuard(props).validate(context(templates));
    expect(stock.violations.length).toBeGreaterThan(3);
    expect(new Set(stock.violations.map((v) => v.ruleName)).size).toBeGreaterThan(2);
    expect(JSON.stringify(mine)).toBe(JSON.stringify(stock));
    const g = new ControlTowerGuard(props);
    expect([g.name, g.version, g.ruleIds]).toEqual([
      new CfnGuardValidator(props).name,
      new CfnGuardValidator(props).version,
      new CfnGuardValidator(props).ruleIds,
    ]);
  });

  // Shares of the rule files run in child processes: the report must not depend on how many, and
  // what the children keep in the cache must answer a later run in this process.
  test.each([2, 3])('with the rule files shared among %i processes, the report is byte for byte the stock one', (concurrency) => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-guard-shares-'));
    tmp.push(cacheDir);
    const shared = new ControlTowerGuard({ ...props, concurrency, cacheDir }).validate(context(templates));
    expect(JSON.stringify(shared)).toBe(JSON.stringify(stock));
    // maxBuffer 1 byte: any cfn-guard run would fail, so only what the shares kept can answer.
    const warm = new ControlTowerGuard({ ...props, concurrency: 1, cacheDir, maxBuffer: 1 }).validate(context(templates));
    expect(JSON.stringify(warm)).toBe(JSON.stringify(stock));
  });

  test('a share that fails fails the run with its message, and leaves no temporary folder', () => {
    // In a process of its own whose temporary folder is this test's alone (other workers' guard runs
    // use the shared one), with the built plugin.
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-guard-tmp-'));
    tmp.push(own);
    const script = `
      const { ControlTowerGuard } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'dist', 'aws', 'control-tower-guard.js'))});
      const props = JSON.parse(process.argv[1]);
      try {
        new ControlTowerGuard({ ...props, concurrency: 2, maxBuffer: 1 }).validate({ templatePaths: JSON.parse(process.argv[2]) });
        console.log('no error');
      } catch (e) {
        console.log(e.message);
      }`;
    const p = childProcess.spawnSync(process.execPath, ['-e', script, JSON.stringify(props), JSON.stringify(templates)], {
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: own },
    });
    expect(p.stdout).toMatch(/Control Tower guard's worker processes failed[\s\S]*share \d/);
    expect(fs.readdirSync(own)).toEqual([]);
  });

  // A careless value once made no shares (NaN) or shares that matched no rule file (2.5): the run
  // reported nothing and wrote that into the cache.
  test.each([Number.NaN, 2.5, 0, -1])('a concurrency of %p is refused when the plugin is made', (concurrency) => {
    expect(() => new ControlTowerGuard({ ...props, concurrency })).toThrow(
      /concurrency must be a whole number of processes, 1 or more; received/,
    );
  });

  test('a cache answers an unchanged template without cfn-guard, and a changed template or rule is evaluated again', () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-guard-cache-'));
    tmp.push(cacheDir);
    const cold = new ControlTowerGuard({ ...props, cacheDir }).validate(context(templates));
    expect(JSON.stringify(cold)).toBe(JSON.stringify(stock));
    const entries = () => fs.readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.json')).length;
    const cached = entries();
    expect(cached).toBeGreaterThan(0);
    {
      // maxBuffer 1 byte: any cfn-guard run would fail (its JSON does not fit), so only the cache answers.
      const warm = new ControlTowerGuard({ ...props, cacheDir, maxBuffer: 1 }).validate(context(templates));
      expect(JSON.stringify(warm)).toBe(JSON.stringify(stock));
      expect(entries()).toBe(cached);
      expect(() => new ControlTowerGuard({ ...props, maxBuffer: 1 }).validate(context(templates))).toThrow();

      // The template changes: the plain bucket is removed. A stale entry would still report it.
      const storage = templates.find((t) => t.endsWith('Storage.template.json'))!;
      const edited = path.join(dir, 'edited');
      fs.mkdirSync(edited, { recursive: true });
      const t = JSON.parse(fs.readFileSync(storage, 'utf8')) as { Resources: Record<string, unknown> };
      const plain = Object.keys(t.Resources).find((k) => k.startsWith('Plain'))!;
      delete t.Resources[plain];
      const copy = path.join(edited, path.basename(storage));
      fs.writeFileSync(copy, JSON.stringify(t, null, 1));
      const changed = templates.map((x) => (x === storage ? copy : x));
      const after = new ControlTowerGuard({ ...props, cacheDir }).validate(context(changed));
      expect(entries()).toBeGreaterThan(cached);
      const stockAfter = new CfnGuardValidator(props).validate(context(changed));
      expect(JSON.stringify(after)).toBe(JSON.stringify(stockAfter));
      expect(JSON.stringify(after)).not.toContain(plain);
      expect(JSON.stringify(warm)).toContain(plain);
    }

    // The rule changes (same file name, stricter text): the cached answer of the old text is not used.
    const rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-guard-rule-'));
    tmp.push(rulesDir);
    const rule = path.join(rulesDir, 'topic-named.guard');
    const ruleText = (check: string) =>
      `let topics = Resources.*[ Type == 'AWS::SNS::Topic' ]\n\nrule topic_check when is_cfn_template(this)\n    %topics not empty {\n    %topics.Properties ${check}\n    <<\n    [NPLZ.TEST.1]: topics\n    [FIX]: name the topic\n    >>\n}\n\nrule is_cfn_template(doc) {\n    %doc {\n        Resources exists\n    }\n}\n`;
    fs.writeFileSync(rule, ruleText('not exists or this exists'));
    const custom = { controlTowerRulesEnabled: false, rules: [rule], cacheDir };
    expect(new ControlTowerGuard(custom).validate(context(templates)).violations).toEqual([]);
    fs.writeFileSync(rule, ruleText('exists\n    %topics.Properties.TopicName exists'));
    const stricter = new ControlTowerGuard(custom).validate(context(templates));
    expect(stricter.violations.length).toBeGreaterThan(0);
    expect(JSON.stringify(stricter)).toBe(
      JSON.stringify(new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: [rule] }).validate(context(templates))),
    );
  });

  test('an unchanged template is answered by its whole-template entry alone; a damaged one is a miss, answered per rule file', () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-guard-cache-'));
    tmp.push(cacheDir);
    new ControlTowerGuard({ ...props, cacheDir }).validate(context(templates));
    const files = fs
      .readdirSync(cacheDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join(cacheDir, f));
    const isWhole = (v: unknown[]) => v.length > 0 && v.every((l) => Array.isArray(l));
    const wholes = files.filter((f) => isWhole(JSON.parse(fs.readFileSync(f, 'utf8')) as unknown[]));
    expect(wholes).toHaveLength(templates.length);
    // Only the whole-template entries left: no cut is made, no cfn-guard run (1 byte of buffer would fail it).
    const saved = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
    for (const f of files) if (!wholes.includes(f)) fs.rmSync(f);
    expect(JSON.stringify(new ControlTowerGuard({ ...props, cacheDir, maxBuffer: 1 }).validate(context(templates)))).toBe(
      JSON.stringify(stock),
    );
    // Every whole-template entry damaged, the per-rule-file entries back: each damaged entry is a miss, never an answer.
    for (const [f, text] of saved) fs.writeFileSync(f, wholes.includes(f) ? JSON.stringify([[]]) : text);
    expect(JSON.stringify(new ControlTowerGuard({ ...props, cacheDir, maxBuffer: 1 }).validate(context(templates)))).toBe(
      JSON.stringify(stock),
    );
    // And rewritten: read as an answer again next time.
    expect(wholes.every((f) => isWhole(JSON.parse(fs.readFileSync(f, 'utf8')) as unknown[]) && fs.readFileSync(f, 'utf8') !== '[[]]')).toBe(
      true,
    );
  });

  test('a rule file not guarded by `not empty` reads every template whole, as cfn-guard does', () => {
    // Breaks any template whose buckets lack logging, including one with no bucket at all: pruning
    // the topic-only template to an empty Resources, or skipping it, would change what is reported.
    const rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-guard-rule-'));
    tmp.push(rulesDir);
    const rule = path.join(rulesDir, 'every.guard');
    fs.writeFileSync(
      rule,
      `let buckets = Resources.*[ Type == 'AWS::S3::Bucket' ]\n\nrule every_template_logs when is_cfn_template(this) {\n    %buckets[*].Properties.LoggingConfiguration exists\n    <<\n    [NPLZ.TEST.2]: every template holds a logging bucket\n    [FIX]: add one\n    >>\n}\n\nrule is_cfn_template(doc) {\n    %doc {\n        Resources exists\n    }\n}\n`,
    );
    expect(evaluatesOnlyNamedResources(fs.readFileSync(rule, 'utf8'))).toBe(false);
    const custom = { controlTowerRulesEnabled: false, rules: [rule] };
    const mine = new ControlTowerGuard(custom).validate(context(templates));
    const ref = new CfnGuardValidator(custom).validate(context(templates));
    expect(JSON.stringify(mine)).toBe(JSON.stringify(ref));
    expect(ref.violations.length).toBeGreaterThan(0);
  });
});
