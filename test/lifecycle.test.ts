import * as fs from 'node:fs';
import { BlockList } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../packages/cli/test/helpers';

/**
 * Lifecycle operations on the estate, each previewed with `nplz diff` and audited, on a small
 * estate built from the sample's national settings and tenancies (docs/lifecycle.md runs the same
 * commands).
 */
const SAMPLE = path.join(__dirname, '..', 'examples', 'estate');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-lifecycle-'));

function estate(name: string, tenancies: readonly string[]): string {
  const dir = path.join(work, name);
  fs.mkdirSync(path.join(dir, 'tenancies'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLE, 'national.yaml'), path.join(dir, 'national.yaml'));
  for (const t of tenancies) fs.copyFileSync(path.join(SAMPLE, 'tenancies', `${t}.yaml`), path.join(dir, 'tenancies', `${t}.yaml`));
  return dir;
}

/** Every range of an estate folder, read from its YAML as plain text (not with NPLZ's loader). */
function rangesIn(dir: string): string[] {
  const files = [
    path.join(dir, 'national.yaml'),
    ...fs.readdirSync(path.join(dir, 'tenancies')).map((f) => path.join(dir, 'tenancies', f)),
  ];
  return files.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/\b(\d+\.\d+\.\d+\.\d+\/\d+)\b/g)].map((m) => m[1]!));
}

/** Two CIDR blocks overlap when either holds the other's first address (node's BlockList decides). */
function overlaps(a: string, b: string): boolean {
  const holds = (block: string, cidr: string) => {
    const [net, len] = block.split('/');
    const list = new BlockList();
    list.addSubnet(net!, Number(len), 'ipv4');
    return list.check(cidr.split('/')[0]!, 'ipv4');
  };
  return holds(a, b) || holds(b, a);
}

beforeAll(() => {
  process.env.NPLZ_TODAY = '2026-11-22';
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('onboarding a force', () => {
  const base = estate('onboard-base', ['dorset', 'surrey']);
  const head = estate('onboard', ['dorset', 'surrey']);
  let plan: Record<'aws' | 'azure', { block: string; network: Record<string, string> }>;

  test('nplz allocate proposes ranges that overlap nothing in the estate', async () => {
    const r = await runCli(['allocate', '--estate', head, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    plan = JSON.parse(r.stdout);
    const proposed = [...Object.values(plan.aws.network), ...Object.values(plan.azure.network)];
    expect(proposed).toHaveLength(4);
    const existing = rangesIn(head);
    expect(existing.length).toBeGreaterThan(8);
    for (const p of proposed) {
      for (const e of existing) expect(`${p} overlaps ${e}: ${overlaps(p, e)}`).toBe(`${p} overlaps ${e}: false`);
      for (const q of proposed) if (q !== p) expect(overlaps(p, q)).toBe(false);
    }
    // The check above can fail: it sees Surrey's range inside Surrey's AWS block.
    expect(overlaps('10.47.0.0/16', '10.47.128.0/17')).toBe(true);
  });

  test('the new tenancy validates, synthesises, audits with 0 fail, and the diff shows it added and nothing broken', async () => {
    const sussex = fs
      .readFileSync(path.join(SAMPLE, 'tenancies', 'sussex.yaml'), 'utf8')
      .replace('prod: 10.48.0.0/17', `prod: ${plan.aws.network.prod}`)
      .replace('nonprod: 10.48.128.0/17', `nonprod: ${plan.aws.network.nonprod}`)
      .replace('prod: 10.96.0.0/17', `prod: ${plan.azure.network.prod}`)
      .replace('nonprod: 10.96.128.0/17', `nonprod: ${plan.azure.network.nonprod}`);
    fs.writeFileSync(path.join(head, 'tenancies', 'sussex.yaml'), sussex);
    expect((await runCli(['validate', head])).code).toBe(0);

    const diff = await runCli(['diff', '--estate', head, '--base', base, '--json']);
    expect(diff.code).toBe(0);
    const d = JSON.parse(diff.stdout) as {
      tenancies: { added: string[] };
      verdict: string;
      access: { tenancy: string; message: string }[];
    };
    expect(d.tenancies.added).toEqual(['sussex']);
    expect(d.verdict).toBe('clean');
    // The national team's review: every new grant is Sussex's own groups (…0140-0143) on Sussex's own accounts.
    expect(d.access.length).toBeGreaterThan(0);
    for (const a of d.access)
      expect(a.message).toMatch(/sussex|200000000321|200000000322|000000000140|000000000141|000000000142|000000000143/);

    const out = path.join(work, 'onboard-synth');
    const synth = await runCli(['synth', '--estate', head, '--out', out]);
    expect(synth.code).toBe(0);
    const audit = await runCli(['audit', '--in', out, '--report', path.join(work, 'onboard-report'), '--json']);
    expect(JSON.parse(audit.stdout).summary.fail).toBe(0);
    expect(audit.code).toBe(0);
  }, 300_000);

  test('a range chosen by hand that overlaps a neighbour is refused by validate, naming both', async () => {
    const careless = estate('onboard-careless', ['dorset', 'surrey']);
    fs.writeFileSync(
      path.join(careless, 'tenancies', 'sussex.yaml'),
      fs.readFileSync(path.join(SAMPLE, 'tenancies', 'sussex.yaml'), 'utf8').replace('prod: 10.48.0.0/17', 'prod: 10.47.0.0/17'),
    );
    const r = await runCli(['validate', careless]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('10.47.0.0/17 overlaps tenancy surrey aws.network.prod 10.47.0.0/17');
  });

  test.each([
    [['--pool', '10.47.0.0/16'], '--pool', 'no free /16 is left in 10.47.0.0/16'],
    [['--pool', '8.8.0.0/16'], '--pool', 'the pool is not private address space'],
    [['--size', '30'], '--size', 'a prefix from 16 to 22'],
    [['--cloud', 'gcp'], '--cloud', 'aws, azure or both'],
  ])('bad input %p is exit 2 with a message and nothing printed', async (args, field, fragment) => {
    const r = await runCli(['allocate', '--estate', head, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(field);
    expect(r.stderr).toContain(fragment);
    expect(r.stdout).toBe('');
  });
});

test('docs/lifecycle.md shows what `nplz allocate --estate examples/estate` prints', async () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'lifecycle.md'), 'utf8');
  const block = /nplz allocate --estate examples\/estate\n\s*```\n\n\s*```yaml\n([\s\S]*?)\n\s*```/.exec(doc)?.[1];
  expect(block).toBeDefined();
  const shown = block!
    .split('\n')
    .map((l) => l.replace(/^ {3}/, ''))
    .join('\n');
  const r = await runCli(['allocate', '--estate', path.relative(process.cwd(), SAMPLE)]);
  expect(r.code).toBe(0);
  expect(r.stdout.trimEnd()).toBe(shown.trimEnd());
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The ```text block of docs/lifecycle.md that starts with `first`. */
function docBlock(first: string): string {
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'lifecycle.md'), 'utf8');
  const block = [...doc.matchAll(/```text\n([\s\S]*?)\n```/g)].map((m) => m[1]!).find((b) => b.startsWith(first));
  expect(block).toBeDefined();
  return block!;
}

describe('decommissioning a force', () => {
  // Dorset (accounts 200000000091-92, subscriptions …5b and …5c, groups …005a-005d) leaves; Surrey stays.
  const MARK = 'lifecycle:\n  state: decommissioning\n  since: "2026-11-20"\n';
  const base = estate('decommission-base', ['dorset', 'surrey']);
  const head = estate('decommission', ['dorset', 'surrey']);
  fs.appendFileSync(path.join(head, 'tenancies', 'dorset.yaml'), MARK);
  const DORSET_GROUPS = /00000000-0000-4(a11|e1d)-8000-00000000005[a-d]/;
  const out = path.join(work, 'decommission-synth');
  /** A copy of the synth output with `edit` applied to one JSON file in it. */
  const damaged = (name: string, file: string, edit: (j: Json) => void): string => {
    const dir = path.join(work, `decommission-${name}`);
    fs.cpSync(out, dir, { recursive: true });
    const f = path.join(dir, file);
    const j = JSON.parse(fs.readFileSync(f, 'utf8')) as Json;
    edit(j);
    fs.writeFileSync(f, JSON.stringify(j));
    return dir;
  };
  const audit = async (dir: string) => {
    const r = await runCli(['audit', '--in', dir, '--report', `${dir}-report`, '--json']);
    const report = JSON.parse(fs.readFileSync(path.join(`${dir}-report`, 'findings.json'), 'utf8')) as Json;
    const findings = (report.findings as Json[]).filter((f) => /^Decommissioned/.test(f.rule));
    return { code: r.code, findings, fails: findings.filter((f) => f.status === 'fail') };
  };

  test('the diff shows the moves and the access removed, no data loss and no new access', async () => {
    expect((await runCli(['validate', head])).code).toBe(0);
    const r = await runCli(['diff', '--estate', head, '--base', base, '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as Json;
    expect(d.verdict).toBe('clean');
    expect(d.breaking).toEqual([]);
    expect(d.access).toEqual([]);
    expect(d.lifecycle).toEqual([
      {
        tenancy: 'dorset',
        event: 'decommissioning',
        since: '2026-11-20',
        // Records keep arriving after since, each kept 2557 days from when it is written.
        retainUntil: 'the day 2557 days after its last write, no earlier than 2033-11-20',
        awsAccounts: ['200000000091', '200000000092'],
        azureSubscriptions: ['00000000-0000-45b5-8000-00000000005b', '00000000-0000-45b5-8000-00000000005c'],
        azureGroup: 'nplz-decommissioned',
      },
    ]);
    // Read without NPLZ's stateful list: everything removed is a grant, and each is Dorset's.
    // The placements are replaced (their id holds the group) but retained, so the subscription moves: listed below.
    const removed = (d.changes as Json[]).filter(
      (c) => (c.action === 'remove' || c.action === 'replace') && c.type !== 'azure-native:management:ManagementGroupSubscription',
    );
    expect(removed.length).toBeGreaterThanOrEqual(16);
    for (const c of removed) {
      expect([
        'AWS::SSO::Assignment',
        'azure-native:authorization:RoleAssignment',
        'azure-native:authorization:PimRoleEligibilitySchedule',
      ]).toContain(c.type);
      expect(c.resource).toMatch(/dorset-(prod|nonprod)-force-/);
    }
    // The subscriptions move to the decommissioned group.
    const placements = (d.changes as Json[]).filter((c) => c.type === 'azure-native:management:ManagementGroupSubscription');
    expect(placements.map((c) => `${c.tenancy} ${c.action} ${c.paths.join(',')}`)).toEqual([
      'dorset replace groupId',
      'dorset replace groupId',
    ]);
    const text = await runCli(['diff', '--estate', head, '--base', base]);
    expect(text.stdout).toContain('Decommissioning (1): workforce access removed, data kept under its locks');
    expect(text.stdout).toContain('aws: accounts 200000000091, 200000000092 move to the Suspended OU (deploy-plan step suspend-dorset)');
    // docs/lifecycle.md shows this part of the report as it is printed.
    expect(text.stdout).toContain(docBlock('Decommissioning (1)'));
  }, 300_000);

  test('it synthesises and audits with 0 fail; the deploy plan moves both accounts to Suspended', async () => {
    expect((await runCli(['synth', '--estate', head, '--out', out])).code).toBe(0);
    const plan = JSON.parse(fs.readFileSync(path.join(out, 'deploy-plan.json'), 'utf8')) as Json;
    const step = (plan.afterwards as Json[]).find((s) => s.id === 'suspend-dorset');
    expect(step.commands).toHaveLength(2);
    // Dorset's assignments are in its own identity stack, which keeps only the national roles'.
    expect(step.why).toContain("Its people's Identity Center assignments are gone once Nplz-Identity-dorset deploys");
    expect(step.commands[0]).toMatch(
      /^aws organizations move-account --account-id 200000000091 --source-parent-id .* --destination-parent-id .*Name=='Suspended'/,
    );
    // No grant for Dorset's own groups is left anywhere in the assembly or the plan.
    const assembly = fs.readdirSync(path.join(out, 'aws')).filter((f) => f.endsWith('.template.json'));
    for (const f of assembly) expect(`${f}: ${DORSET_GROUPS.test(fs.readFileSync(path.join(out, 'aws', f), 'utf8'))}`).toBe(`${f}: false`);
    const azure = JSON.parse(fs.readFileSync(path.join(out, 'azure', 'plan.json'), 'utf8')) as Json;
    const grants = (azure.resources as Json[]).filter((x) => /authorization:(RoleAssignment|PimRoleEligibilitySchedule)$/.test(x.type));
    expect(grants.filter((g) => DORSET_GROUPS.test(JSON.stringify(g.inputs)))).toEqual([]);

    const a = await audit(out);
    expect(a.fails.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    // The report's own section: findings.json and report.md list Dorset with its mark, accounts, subscriptions and rules.
    const report = JSON.parse(fs.readFileSync(path.join(`${out}-report`, 'findings.json'), 'utf8')) as Json;
    expect(report.decommissioning).toEqual([
      {
        tenancy: 'dorset',
        since: '2026-11-20',
        retention: {
          days: 2557,
          notBefore: '2033-11-20',
          text: 'the day 2557 days after its last write, no earlier than 2033-11-20',
        },
        awsAccounts: { prod: '200000000091', nonprod: '200000000092' },
        azureSubscriptions: { prod: '00000000-0000-45b5-8000-00000000005b', nonprod: '00000000-0000-45b5-8000-00000000005c' },
        rules: [
          { rule: 'DecommissionedNoWorkforceAccess', control: 'NPLZ-IAM-03', status: 'pass' },
          { rule: 'DecommissionedPlacement', control: 'NPLZ-GRD-04', status: 'pass' },
          { rule: 'DecommissionedKeepsEvidence', control: 'NPLZ-RET-02', status: 'pass' },
        ],
      },
    ]);
    expect(fs.readFileSync(path.join(`${out}-report`, 'report.md'), 'utf8')).toContain('## Decommissioning tenancies (1)');
    // Decommissioning adds no failure: the audit fails exactly what the same estate before it fails (none, on a clean tree).
    const baseOut = path.join(work, 'decommission-base-synth');
    expect((await runCli(['synth', '--estate', base, '--out', baseOut])).code).toBe(0);
    await runCli(['audit', '--in', baseOut, '--report', `${baseOut}-report`, '--json']);
    const failing = (dir: string) =>
      ((JSON.parse(fs.readFileSync(path.join(`${dir}-report`, 'findings.json'), 'utf8')) as Json).findings as Json[])
        .filter((f) => f.status === 'fail')
        .map((f) => `${f.control} ${f.tenancy} ${f.rule} ${f.message.replace(/dorset[^ ]*/g, '…')}`)
        .sort();
    expect(failing(out)).toEqual(failing(baseOut));
    expect(a.findings.length).toBe(1 + 1 + 2 + (1 + 2 + 2)); // aws: access, placement, evidence per environment; azure: access, then placement and evidence per environment
    for (const f of a.findings)
      expect(f.message).toContain(
        'decommissioning since 2026-11-20; evidence kept until the day 2557 days after its last write, no earlier than 2033-11-20',
      );
  }, 600_000);

  test('a renderer that forgets to remove access fails the audit on both clouds', async () => {
    const aws = damaged('aws-access', 'aws/Nplz-Identity-dorset.template.json', (t) => {
      t.Resources.Forgotten = {
        Type: 'AWS::SSO::Assignment',
        Properties: {
          PrincipalType: 'GROUP',
          PrincipalId: '00000000-0000-4a11-8000-00000000005a',
          TargetId: '200000000091',
          TargetType: 'AWS_ACCOUNT',
        },
      };
    });
    const a = await audit(aws);
    expect(a.fails.map((f) => `${f.control} ${f.tenancy} ${f.rule}`)).toEqual(['NPLZ-IAM-03 dorset DecommissionedNoWorkforceAccess']);
    expect(a.fails[0].message).toContain(
      'assigns group 00000000-0000-4a11-8000-00000000005a on account 200000000091 (prod), which is decommissioning',
    );
    expect(a.code).not.toBe(0);

    const az = damaged('azure-access', 'azure/plan.json', (p) => {
      const g = (p.resources as Json[]).find(
        (x) => x.type === 'azure-native:authorization:RoleAssignment' && x.name === 'surrey-prod-force-readonly',
      );
      p.resources.push({
        ...g,
        urn: `${g.urn}-forgotten`,
        name: 'dorset-prod-force-readonly',
        tenancy: 'dorset',
        environment: 'prod',
        inputs: {
          ...g.inputs,
          principalId: '00000000-0000-4e1d-8000-00000000005c',
          scope: '/subscriptions/00000000-0000-45b5-8000-00000000005b',
        },
      });
    });
    const b = await audit(az);
    expect(b.fails.map((f) => `${f.control} ${f.tenancy} ${f.cloud} ${f.rule}`)).toEqual([
      'NPLZ-IAM-03 dorset azure DecommissionedNoWorkforceAccess',
    ]);
  }, 300_000);

  test('one whose stateful resources are gone, or that stays in its force group, fails the audit', async () => {
    const noKey = damaged('aws-key', 'aws/Force-dorset-prod.template.json', (t) => {
      for (const [id, r] of Object.entries(t.Resources as Record<string, Json>)) if (r.Type === 'AWS::KMS::Key') delete t.Resources[id];
    });
    const a = await audit(noKey);
    expect(a.fails.map((f) => `${f.control} ${f.tenancy}/${f.environment} ${f.rule}`)).toEqual([
      'NPLZ-RET-02 dorset/prod DecommissionedKeepsEvidence',
    ]);
    expect(a.fails[0].message).toContain('its AWS::KMS::Key is no longer rendered in Force-dorset-prod');

    const az = damaged('azure-evidence', 'azure/plan.json', (p) => {
      p.resources = (p.resources as Json[]).filter(
        (x) => !(x.tenancy === 'dorset' && x.environment === 'nonprod' && x.type === 'azure-native:storage:StorageAccount'),
      );
      for (const x of p.resources as Json[])
        if (x.tenancy === 'dorset' && x.environment === 'prod' && x.type === 'azure-native:management:ManagementGroupSubscription')
          x.inputs.groupId = 'nplz-force-dorset';
      // And, as carelessly, a tenancy in service is put where only decommissioning ones go.
      for (const x of p.resources as Json[])
        if (x.tenancy === 'surrey' && x.environment === 'prod' && x.type === 'azure-native:management:ManagementGroupSubscription')
          x.inputs.groupId = 'nplz-decommissioned';
    });
    const b = await audit(az);
    expect(b.fails.map((f) => `${f.control} ${f.tenancy}/${f.environment} ${f.rule}`).sort()).toEqual([
      'NPLZ-GRD-04 dorset/prod DecommissionedPlacement',
      'NPLZ-GRD-04 surrey/prod DecommissionedPlacement',
      'NPLZ-RET-02 dorset/nonprod DecommissionedKeepsEvidence',
    ]);

    const noStep = damaged('no-step', 'deploy-plan.json', (p) => {
      p.afterwards = (p.afterwards as Json[]).filter((s) => s.id !== 'suspend-dorset');
    });
    const c = await audit(noStep);
    expect(c.fails.map((f) => `${f.rule}: ${f.message}`)).toEqual([
      'DecommissionedPlacement: the deploy plan does not move account 200000000091 (prod) to the Suspended OU; the deploy plan does not move account 200000000092 (nonprod) to the Suspended OU',
    ]);
  }, 300_000);

  test.each([
    ['since: "2026-11-20"', 'since: "2027-01-01"', 'lifecycle.since', 'decommissioning cannot start in the future (today is 2026-11-22)'],
    [
      'since: "2026-11-20"',
      'since: "2026-11-20"\n  retainUntil: "2027-11-20"',
      'lifecycle.retainUntil',
      'a date no earlier than 2033-11-20',
    ],
    [
      'since: "2026-11-20"',
      'since: "2026-11-20"\n  writesStoppedOn: "2026-11-01"',
      'lifecycle.writesStoppedOn',
      'a date from 2026-11-20 (lifecycle.since) to 2026-11-22',
    ],
    ['state: decommissioning', 'state: decommissioned', 'lifecycle.state', 'decommissioning'],
  ])('a careless mark (%s → %s) is exit 2 naming %s', async (from, to, field, fragment) => {
    const dir = estate(`decommission-bad-${field}-${to.length}`, ['dorset', 'surrey']);
    fs.appendFileSync(path.join(dir, 'tenancies', 'dorset.yaml'), MARK.replace(from, to));
    const r = await runCli(['validate', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(field);
    expect(r.stderr).toContain(fragment);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  test('a decommissioning force still in a collaboration is refused, naming the collaboration', async () => {
    const dir = estate('decommission-collab', ['kent', 'essex', 'kent-essex-its']);
    fs.appendFileSync(path.join(dir, 'tenancies', 'kent.yaml'), MARK);
    const r = await runCli(['validate', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('collaborations');
    expect(r.stderr).toContain('a decommissioning tenancy joins no collaboration');
    expect(r.stderr).toContain('remove kent-essex-its here');
  });
});

describe('moving a force to a newer baseline', () => {
  test('docs/lifecycle.md: the command shows what the move gains, read from the baselines', async () => {
    const r = await runCli([
      'diff',
      '--from',
      '2026.11',
      '--to',
      '2027.02',
      '--estate',
      path.relative(process.cwd(), SAMPLE),
      '--force',
      'surrey',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(docBlock('What moving to 2027.02 gains'));
    expect(r.stdout).not.toContain('loosens or changes');
  }, 300_000);

  test('a spec the target baseline refuses is NOT READY, naming what to change, as the guide shows', async () => {
    const dir = estate('baseline-move', ['surrey']);
    const file = path.join(dir, 'tenancies', 'surrey.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^ {2}service-owner: .*\n/m, ''));
    const r = await runCli(['diff', '--from', '2026.11', '--to', '2027.02', '--estate', dir, '--force', 'surrey']);
    expect(r.code).toBe(3);
    expect(r.stdout.split(`${dir}${path.sep}`).join('')).toContain(docBlock('Not ready for 2027.02'));
    expect(r.stdout.trim().split('\n').pop()).toMatch(/^Verdict: NOT READY \(1\)/);
  }, 300_000);
});
