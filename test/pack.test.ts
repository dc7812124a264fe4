import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { azurePackPolicies } from '../packages/policy/src/azure';

/**
 * The Azure policy pack (packages/policy/pack), started as `pulumi preview --policy-pack` starts it:
 * the Node.js language host runs @pulumi/pulumi's `cmd/run-policy-pack <engine-address> <pack dir>`
 * (resolved from the pack's folder) with the pack's folder as working directory. `new PolicyPack`
 * then reads `./package.json` for the version and serves the Analyzer gRPC service on 127.0.0.1,
 * printing the port. This test plays the engine's part and no more: it gives those arguments, reads
 * the port and calls `GetAnalyzerInfo`, the call with which the engine learns the pack's name,
 * version and policies. A preloaded probe in the child answers, over the IPC channel, which modules
 * the pack has loaded. Needs the build (`pnpm test` builds first): the pack is plain JavaScript
 * over @nplz/policy's dist.
 */
const POLICY = path.join(__dirname, '..', 'packages', 'policy');
const PACK = path.join(POLICY, 'pack');
/** The modules of the AWS half of @nplz/policy, which a Pulumi run never calls. */
const AWS_MODULES = /[\\/]node_modules[\\/](aws-cdk-lib|cdk-nag|@cdklabs[\\/]cdk-validator-cfnguard)[\\/]/;

const readJson = (file: string): { version?: string; main?: string } => JSON.parse(fs.readFileSync(file, 'utf8'));

interface AnalyzerInfo {
  name: string;
  version: string;
  policies: string[];
}

describe('the Azure policy pack, run as Pulumi runs it', () => {
  let child: ChildProcess;
  let stderr = '';
  let info: AnalyzerInfo;
  let loaded: string[];
  let probeDir: string;

  beforeAll(async () => {
    probeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-pack-probe-'));
    const probe = path.join(probeDir, 'probe.js');
    // The channel is unref'd so that it keeps no process alive that the engine would see exit.
    fs.writeFileSync(
      probe,
      "process.on('message', (m) => { if (m === 'modules') process.send(Object.keys(require.cache)); });\nprocess.channel.unref();\n",
    );
    const runPolicyPack = require.resolve('@pulumi/pulumi/cmd/run-policy-pack', { paths: [PACK] });
    child = spawn(process.execPath, ['--require', probe, runPolicyPack, '127.0.0.1:0', PACK], {
      cwd: PACK,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));

    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = /^(\d+)\s*$/m.exec(out);
        if (line) resolve(Number(line[1]));
      });
      child.once('close', (code) => reject(new Error(`the pack exited (${code}) before serving:\n${stderr}`)));
    });

    // The engine's side of the conversation, with the gRPC stubs @pulumi/policy itself serves with.
    const fromPolicy = createRequire(require.resolve('@pulumi/policy', { paths: [POLICY] }));
    const grpc = fromPolicy('@grpc/grpc-js');
    const { AnalyzerClient } = fromPolicy('@pulumi/pulumi/proto/analyzer_grpc_pb');
    const { Empty } = fromPolicy('google-protobuf/google/protobuf/empty_pb');
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    info = await new Promise<AnalyzerInfo>((resolve, reject) =>
      client.getAnalyzerInfo(
        new Empty(),
        (err: Error | null, res: { getName(): string; getVersion(): string; getPoliciesList(): { getName(): string }[] }) =>
          err
            ? reject(err)
            : resolve({ name: res.getName(), version: res.getVersion(), policies: res.getPoliciesList().map((p) => p.getName()) }),
      ),
    );
    client.close();

    loaded = await new Promise<string[]>((resolve, reject) => {
      child.once('message', (m) => resolve(m as string[]));
      child.once('close', (code) => reject(new Error(`the pack exited (${code}):\n${stderr}`)));
      child.send('modules');
    });
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    if (probeDir) fs.rmSync(probeDir, { recursive: true, force: true });
  });

  test("has a version, @nplz/policy's, and serves it", () => {
    const packVersion = readJson(path.join(PACK, 'package.json')).version;
    expect(packVersion).toBe(readJson(path.join(POLICY, 'package.json')).version);
    expect(info.name).toBe('nplz-azure');
    expect(info.version).toBe(packVersion);
  });

  test('registers every policy of azurePackPolicies() by name', () => {
    const expected = azurePackPolicies().map((p) => p.name);
    expect(expected.length).toBeGreaterThan(0);
    expect([...info.policies].sort()).toEqual([...expected].sort());
  });

  test('loads only the Azure entry of @nplz/policy: no aws-cdk-lib, cdk-nag or cfn-guard module', () => {
    const rel = (f: string) => path.relative(POLICY, f).split(path.sep).join('/');
    // The probe sees the pack's own modules, so an empty list below means something.
    expect(loaded.map(rel)).toEqual(expect.arrayContaining(['pack/index.js', 'dist/azure/index.js']));
    const aws: Record<string, number> = {};
    for (const f of loaded) {
      const m = AWS_MODULES.exec(f);
      if (m) aws[m[1]!] = (aws[m[1]!] ?? 0) + 1;
    }
    expect(aws).toEqual({}); // modules loaded per AWS package
    expect(loaded.map(rel).filter((f) => f === 'dist/index.js' || f.startsWith('dist/aws/'))).toEqual([]);
  });
});
