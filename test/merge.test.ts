import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../packages/cli/test/helpers';

/**
 * Merging two forces into a successor, previewed with `nplz diff` and audited, on a small estate
 * built from the sample's files (docs/lifecycle.md, "Merge two forces", runs the same commands).
 * Dorset (accounts …91-92, subscriptions …5b-5c) and Devon and Cornwall (…81-82, …51-52) become
 * Wessex; Surrey stays.
 */
const SAMPLE = path.join(__dirname, '..', 'examples', 'estate');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-merge-'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const MERGER = `mergers:
  - successor: wessex
    name: Wessex Police
    forces: [dorset, devon-cornwall]
    since: "2026-11-20"
    approvedBy: home-office-decision-2026-41
`;
const WESSEX_GROUPS = `identity:
  groups:
    force-admin:
      displayName: WESSEX-NPLZ-ADMIN
      awsGroupId: 00000000-0000-4a11-8000-000000000a01
      entraObjectId: 00000000-0000-4e1d-8000-000000000a01
    force-developer:
      displayName: WESSEX-NPLZ-DEVELOPER
      awsGroupId: 00000000-0000-4a11-8000-000000000a02
      entraObjectId: 00000000-0000-4e1d-8000-000000000a02
    force-readonly:
      displayName: WESSEX-NPLZ-READONLY
      awsGroupId: 00000000-0000-4a11-8000-000000000a03
      entraObjectId: 00000000-0000-4e1d-8000-000000000a03
    force-security:
      displayName: WESSEX-NPLZ-SECURITY
      awsGroupId: 00000000-0000-4a11-8000-000000000a04
      entraObjectId: 00000000-0000-4e1d-8000-000000000a04
`;
const WESSEX = /00000000-0000-4(a11|e1d)-8000-000000000a0[1-4]/;
const ACCOUNTS = ['200000000081', '200000000082', '200000000091', '200000000092'];

function estate(name: string, tenancies: readonly string[]): string {
  const dir = path.join(work, name);
  fs.mkdirSync(path.join(dir, 'tenancies'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLE, 'national.yaml'), path.join(dir, 'national.yaml'));
  for (const t of tenancies) fs.copyFileSync(path.join(SAMPLE, 'tenancies', `${t}.yaml`), path.join(dir, 'tenancies', `${t}.yaml`));
  return dir;
}

/** Rewrite a tenancy file of `dir`. */
function edit(dir: string, tenancy: string, f: (text: string) => string): void {
  const file = path.join(dir, 'tenancies', `${tenancy}.yaml`);
  fs.writeFileSync(file, f(fs.readFileSync(file, 'utf8')));
}

/** The merger as docs/lifecycle.md writes it: national.yaml declares it, each tenancy names the successor and its groups. */
function merged(name: string, tenancies: readonly string[] = ['dorset', 'devon-cornwall', 'surrey']): string {
  const dir = estate(name, tenancies);
  fs.appendFileSync(path.join(dir, 'national.yaml'), MERGER);
  for (const t of ['dorset', 'devon-cornwall'].filter((x) => tenancies.includes(x)))
    edit(dir, t, (s) => s.replace(/^force: .*$/m, 'force: wessex').replace(/^identity:\n( {2}.*\n)+/m, WESSEX_GROUPS));
  return dir;
}

function docBlock(first: string): string {
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'lifecycle.md'), 'utf8');
  const block = [...doc.matchAll(/```text\n([\s\S]*?)\n```/g)].map((m) => m[1]!).find((b) => b.startsWith(first));
  expect(block).toBeDefined();
  return block!;
}

beforeAll(() => {
  process.env.NPLZ_TODAY = '2026-11-22';
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('merging two forces into a successor', () => {
  const base = estate('base', ['dorset', 'devon-cornwall', 'surrey']);
  const head = merged('head');
  const out = path.join(work, 'head-synth');

  test('the diff shows the moves, no data loss, and new access only for the successor on its own accounts', async () => {
    const v = await runCli(['validate', head]);
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    const r = await runCli(['diff', '--estate', head, '--base', base, '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as Json;
    expect(d.verdict).toBe('clean');
    expect(d.breaking).toEqual([]);
    expect(d.mergers).toHaveLength(1);
    expect(d.mergers[0]).toMatchObject({
      successor: 'wessex',
      forces: ['dorset', 'devon-cornwall'],
      tenancies: ['devon-cornwall', 'dorset'],
      awsAccounts: ACCOUNTS,
      awsOu: 'wessex',
      azureGroup: 'nplz-force-wessex',
      widened: 0,
    });
    // Read without NPLZ's stateful list: nothing is deleted, and what is replaced is a grant of a merged tenancy.
    expect((d.changes as Json[]).filter((c) => c.action === 'remove')).toEqual([]);
    // A placement is replaced (its id holds the group) and retained: a move, listed as not stateful.
    const placements = (d.changes as Json[]).filter((x) => x.type === 'azure-native:management:ManagementGroupSubscription');
    expect(placements.map((c) => `${c.tenancy} ${c.action} ${c.stateful}`).sort()).toEqual([
      'devon-cornwall replace false',
      'devon-cornwall replace false',
      'dorset replace false',
      'dorset replace false',
    ]);
    for (const c of (d.changes as Json[]).filter((x) => x.action === 'replace' && !placements.includes(x))) {
      expect([
        'AWS::SSO::Assignment',
        'azure-native:authorization:RoleAssignment',
        'azure-native:authorization:PimRoleEligibilitySchedule',
      ]).toContain(c.type);
      expect(c.resource).toMatch(/(dorset|devon-cornwall)-(prod|nonprod)-force-/);
    }
    // The successor's OU and management group are added; the relabelled tags are counted, not listed.
    const added = (d.changes as Json[]).filter((c) => c.action === 'add').map((c) => `${c.type} ${c.resource.split(/[/:]/).pop()}`);
    expect(added.sort()).toEqual([
      'AWS::Organizations::OrganizationalUnit Force-wessex',
      'azure-native:management:ManagementGroup nplz-mg-force-wessex',
    ]);
    expect(d.bookkeeping).toBeGreaterThan(100);
    // Every new grant is a Wessex group on a Wessex account or subscription.
    expect(d.access.length).toBe(32);
    for (const a of d.access as Json[]) {
      expect(a.principal).toMatch(WESSEX);
      expect(ACCOUNTS.some((acct) => a.target === acct) || /0000000000(5[12bc])$/.test(a.target)).toBe(true);
    }
    const text = await runCli(['diff', '--estate', head, '--base', base]);
    expect(text.stdout).toContain(docBlock('Mergers (1)'));
    // The same run for one force: the successor's view holds the same tenancies.
    const one = await runCli(['diff', '--estate', head, '--base', base, '--force', 'wessex', '--json']);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).tenancies.changed).toEqual(['devon-cornwall', 'dorset']);
  }, 600_000);

  test('it synthesises and audits with 0 fail; the plan moves the four accounts and the merged OUs and groups stay', async () => {
    expect((await runCli(['synth', '--estate', head, '--out', out])).code).toBe(0);
    const plan = JSON.parse(fs.readFileSync(path.join(out, 'deploy-plan.json'), 'utf8')) as Json;
    const step = (plan.afterwards as Json[]).find((s) => s.id === 'merge-wessex');
    expect(step.commands).toHaveLength(4);
    // Each tenancy's assignments are in its own identity stack, which the step names.
    expect(step.why).toContain(
      "Nplz-Identity-devon-cornwall and Nplz-Identity-dorset replace the predecessors' Identity Center assignments with the successor's groups; deploy them in the same change.",
    );
    for (const [i, acct] of ACCOUNTS.entries())
      expect(step.commands[i]).toMatch(
        new RegExp(`^aws organizations move-account --account-id ${acct} .*--destination-parent-id .*Name=='wessex'`),
      );
    const org = JSON.parse(fs.readFileSync(path.join(out, 'aws', 'Nplz-Organization.template.json'), 'utf8')) as Json;
    const ous = Object.values(org.Resources as Json)
      .filter((x: Json) => x.Type === 'AWS::Organizations::OrganizationalUnit')
      .map((x: Json) => x.Properties.Name);
    expect(ous).toEqual(expect.arrayContaining(['wessex', 'dorset', 'devon-cornwall', 'surrey']));
    const azure = JSON.parse(fs.readFileSync(path.join(out, 'azure', 'plan.json'), 'utf8')) as Json;
    const placements = (azure.resources as Json[]).filter(
      (x) => x.type === 'azure-native:management:ManagementGroupSubscription' && x.tenancy,
    );
    expect(placements.filter((p) => p.tenancy !== 'surrey').map((p) => p.inputs.groupId)).toEqual(Array(4).fill('nplz-force-wessex'));

    const r = await runCli(['audit', '--in', out, '--report', `${out}-report`, '--json']);
    const report = JSON.parse(fs.readFileSync(path.join(`${out}-report`, 'findings.json'), 'utf8')) as Json;
    const fails = (report.findings as Json[]).filter((f) => f.status === 'fail');
    expect(fails.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    expect(r.code).toBe(0);
    const merger = (report.findings as Json[])
      .filter((f) => /^Successor/.test(f.rule))
      .map((f) => `${f.rule} ${f.cloud} ${f.tenancy} ${f.status}`);
    expect(merger.sort()).toEqual([
      'SuccessorGroupsReconciled estate devon-cornwall pass',
      'SuccessorGroupsReconciled estate dorset pass',
      'SuccessorPlacement aws devon-cornwall pass',
      'SuccessorPlacement aws dorset pass',
      'SuccessorPlacement azure devon-cornwall pass',
      'SuccessorPlacement azure dorset pass',
    ]);
  }, 600_000);

  test('a renderer that drops a merged OU or group, forgets the move, or places a subscription elsewhere fails the audit', async () => {
    const damaged = (name: string, file: string, f: (j: Json) => void) => {
      const dir = path.join(work, `damaged-${name}`);
      fs.cpSync(out, dir, { recursive: true });
      const p = path.join(dir, file);
      const j = JSON.parse(fs.readFileSync(p, 'utf8')) as Json;
      f(j);
      fs.writeFileSync(p, JSON.stringify(j));
      return dir;
    };
    const cases: [string, string, (j: Json) => void, RegExp][] = [
      [
        'ou',
        'aws/Nplz-Organization.template.json',
        (j) => {
          for (const [id, x] of Object.entries(j.Resources as Json))
            if ((x as Json).Type === 'AWS::Organizations::OrganizationalUnit' && (x as Json).Properties.Name === 'dorset')
              delete j.Resources[id];
        },
        /no longer renders OU dorset/,
      ],
      [
        'step',
        'deploy-plan.json',
        (j) => (j.afterwards = (j.afterwards as Json[]).filter((s) => s.id !== 'merge-wessex')),
        /does not move account 200000000091/,
      ],
      [
        'group',
        'azure/plan.json',
        (j) => {
          const p = (j.resources as Json[]).find(
            (x) => x.type === 'azure-native:management:ManagementGroupSubscription' && x.tenancy === 'dorset',
          );
          p.inputs.groupId = 'nplz-force-dorset';
        },
        /placed under nplz-force-dorset; allowed: nplz-force-wessex/,
      ],
    ];
    for (const [name, file, f, expected] of cases) {
      const dir = damaged(name, file, f);
      await runCli(['audit', '--in', dir, '--report', `${dir}-report`, '--json']);
      const report = JSON.parse(fs.readFileSync(path.join(`${dir}-report`, 'findings.json'), 'utf8')) as Json;
      const fails = (report.findings as Json[]).filter((x) => x.status === 'fail' && x.rule === 'SuccessorPlacement');
      expect(`${name}: ${fails.map((x) => x.message).join(' | ')}`).toMatch(expected);
    }
  }, 600_000);

  test('a merger that also joins the successor to a new collaboration widens access: breaking, exit 3', async () => {
    const wide = merged('wide');
    // A careless merger pull request also links the successor with Surrey through a new collaboration.
    const collab = fs
      .readFileSync(path.join(SAMPLE, 'tenancies', 'kent-essex-its.yaml'), 'utf8')
      .replace('name: kent-essex-its', 'name: wessex-surrey')
      .replace('forces: [kent, essex]', 'forces: [wessex, surrey]')
      .replace('prod: "200000000990"', 'prod: "200000000997"')
      .replace('prod: 10.120.0.0/17', 'prod: 10.200.0.0/17')
      .replace('prod: 00000000-0000-45b5-8000-0000000003de', 'prod: 00000000-0000-45b5-8000-0000000009aa')
      .replace('prod: 10.121.0.0/17', 'prod: 10.201.0.0/17')
      .replace(/0000000003(de|df|e0|e1)/g, (_m, x: string) => `000000000b${x}`);
    fs.writeFileSync(path.join(wide, 'tenancies', 'wessex-surrey.yaml'), collab);
    for (const t of ['dorset', 'surrey']) fs.appendFileSync(path.join(wide, 'tenancies', `${t}.yaml`), 'collaborations: [wessex-surrey]\n');
    const v = await runCli(['validate', wide]);
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    const r = await runCli(['diff', '--estate', wide, '--base', base, '--json']);
    expect(r.code).toBe(3);
    const d = JSON.parse(r.stdout) as Json;
    expect(d.verdict).toBe('breaking');
    const widened = (d.breaking as Json[]).filter((b) => b.kind === 'access-widened');
    expect(widened.length).toBeGreaterThan(0);
    expect(widened.some((b) => b.cloud === 'azure' && /a new network path joins successor wessex \(10\.73\./.test(b.message))).toBe(true);
    // On AWS the path is a Transit Gateway propagation, rendered once the routing stack is given the spokes'
    // attachment ids (a deploy-time value); this offline estate has none, so only Azure's rule shows it here.
    expect(d.mergers[0].widened).toBe(widened.length);
    const text = await runCli(['diff', '--estate', wide, '--base', base]);
    expect(text.stdout).toMatch(/access: \d+ grants reach beyond wessex \(listed under Breaking changes\)/);
  }, 600_000);

  test.each([
    [
      'an account swapped with a third force',
      (dir: string) => {
        edit(dir, 'dorset', (x) => x.replace('nonprod: "200000000092"', 'nonprod: "200000000312"'));
        edit(dir, 'surrey', (x) => x.replace('nonprod: "200000000312"', 'nonprod: "200000000092"'));
      },
      /account 200000000092 moves from dorset\/nonprod to surrey\/nonprod/,
    ],
    [
      'a third force’s tenancy re-owned by the successor',
      (dir: string) =>
        edit(dir, 'surrey', (x) => x.replace('force: surrey', 'force: wessex').replace(/^identity:\n( {2}.*\n)+/m, WESSEX_GROUPS)),
      /tenancy surrey changes owner from surrey to wessex, which no merger makes surrey's successor/,
    ],
    [
      'a predecessor’s groups made the successor’s',
      (dir: string) => {
        const dorset = /^identity:\n( {2}.*\n)+/m.exec(fs.readFileSync(path.join(SAMPLE, 'tenancies', 'dorset.yaml'), 'utf8'))![0];
        for (const t of ['dorset', 'devon-cornwall']) edit(dir, t, (x) => x.replace(/^identity:\n( {2}.*\n)+/m, dorset));
      },
      /group 00000000-0000-4a11-8000-00000000005a was dorset's force-admin before the merger; as one of wessex's groups it now reaches 20000000008[12]/,
    ],
  ])(
    'a merger with %s is breaking (exit 3), naming what changes hands',
    async (name, change, expected) => {
      const dir = merged(`hostile-${name.replace(/[^a-z]+/g, '-')}`);
      change(dir);
      const v = await runCli(['validate', dir]);
      expect(v.stderr).toBe('');
      const r = await runCli(['diff', '--estate', dir, '--base', base, '--json']);
      expect(r.code).toBe(3);
      const d = JSON.parse(r.stdout) as Json;
      expect((d.breaking as Json[]).map((b) => `[${b.kind}] ${b.message}`).join('\n')).toMatch(expected);
    },
    600_000,
  );

  test('a merger done by deleting one force’s tenancy is data loss: breaking, exit 3', async () => {
    const lossy = merged('lossy', ['dorset', 'surrey']);
    const r = await runCli(['diff', '--estate', lossy, '--base', base, '--json']);
    expect(r.code).toBe(3);
    const d = JSON.parse(r.stdout) as Json;
    const lost = (d.breaking as Json[]).filter((b) => b.kind === 'stateful-delete' && b.tenancy === 'devon-cornwall');
    expect(lost.map((b) => b.type)).toEqual(expect.arrayContaining(['AWS::KMS::Key', 'azure-native:storage:StorageAccount']));
  }, 600_000);

  test.each([
    [
      'a tenancy still owned by a merged force',
      (dir: string) => edit(dir, 'devon-cornwall', (s) => s.replace('force: wessex', 'force: devon-cornwall')),
      [
        'tenancies/devon-cornwall.yaml',
        'force: force "devon-cornwall" merged into "wessex" on 2026-11-20 (national settings mergers[0]): it owns no tenancy now',
        'force: wessex',
      ],
    ],
    [
      'the successor’s tenancies naming different groups',
      (dir: string) =>
        edit(dir, 'devon-cornwall', (s) =>
          s.replace('awsGroupId: 00000000-0000-4a11-8000-000000000a01', 'awsGroupId: 00000000-0000-4a11-8000-000000000051'),
        ),
      ['identity.groups.force-admin.awsGroupId', "successor wessex's tenancies name different groups for role force-admin"],
    ],
    [
      'a successor id the platform reserves',
      (dir: string) =>
        fs.writeFileSync(
          path.join(dir, 'national.yaml'),
          fs.readFileSync(path.join(dir, 'national.yaml'), 'utf8').replace('successor: wessex', 'successor: national'),
        ),
      ['mergers[0].successor', '"national" is reserved'],
    ],
    [
      'a merger in the future',
      (dir: string) =>
        fs.writeFileSync(
          path.join(dir, 'national.yaml'),
          fs.readFileSync(path.join(dir, 'national.yaml'), 'utf8').replace('since: "2026-11-20"', 'since: "2099-01-01"'),
        ),
      ['mergers[0].since', 'a merger cannot start in the future (today is 2026-11-22)'],
    ],
    [
      'a merged force misspelt',
      (dir: string) =>
        fs.writeFileSync(
          path.join(dir, 'national.yaml'),
          fs.readFileSync(path.join(dir, 'national.yaml'), 'utf8').replace('[dorset, devon-cornwall]', '[dorsett, devon-cornwall]'),
        ),
      ['mergers[0].forces[0]', 'unknown force id "dorsett"', 'did you mean'],
    ],
  ])('%s is refused (exit 2), naming the file and field', async (_name, breakIt, expected) => {
    const dir = merged(`refused-${_name.replace(/[^a-z]+/g, '-')}`);
    breakIt(dir);
    const r = await runCli(['validate', dir]);
    expect(r.code).toBe(2);
    for (const e of expected) expect(r.stderr).toContain(e);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('a successor id without the merger that declares it is an unknown force', async () => {
    const dir = merged('undeclared');
    fs.copyFileSync(path.join(SAMPLE, 'national.yaml'), path.join(dir, 'national.yaml'));
    const r = await runCli(['validate', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('force: unknown force id "wessex"');
  });
});
