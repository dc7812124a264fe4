import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEstateOrThrow } from '@nplz/core';
import { createAwsEstate, deployPlan, DeployPlan, renderDeployPlanMarkdown } from '@nplz/aws';

/**
 * The deploy plan against the cloud assembly it describes: every stack of the assembly is in
 * exactly one wave, after everything the assembly says it depends on.
 */
const estate = loadEstateOrThrow(path.join(__dirname, '..', 'examples', 'estate'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-deploy-plan-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const { app, landingZone } = createAwsEstate(estate, { outdir: dir });
const assembly = app.synth();
const plan: DeployPlan = deployPlan(estate, landingZone);
const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
  artifacts: Record<
    string,
    {
      type: string;
      dependencies?: string[];
      environment?: string;
      properties?: { requiresBootstrapStackVersion?: number; stackTemplateAssetObjectUrl?: string; assumeRoleArn?: string };
    }
  >;
};
const stackArtifacts = Object.entries(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack');
const waveOf = (id: string) => plan.waves.filter((w) => w.items.some((i) => i.id === id)).map((w) => w.wave);

describe('the deploy plan', () => {
  test('names every stack of the assembly in exactly one wave, and nothing that is not deployed', () => {
    expect(stackArtifacts.length).toBe(assembly.stacks.length);
    for (const [id] of stackArtifacts) expect(waveOf(id)).toHaveLength(1);
    const stackItems = plan.waves.flatMap((w) => w.items.filter((i) => i.kind === 'stack').map((i) => i.id));
    expect(stackItems.sort()).toEqual(stackArtifacts.map(([id]) => id).sort());
  });

  test('puts every stack after every stack the assembly says it depends on', () => {
    const stacks = new Set(stackArtifacts.map(([id]) => id));
    for (const [id, a] of stackArtifacts) {
      const mine = waveOf(id)[0] ?? 0;
      for (const d of (a.dependencies ?? []).filter((x) => stacks.has(x))) {
        expect([id, d, (waveOf(d)[0] ?? Infinity) < mine]).toEqual([id, d, true]);
      }
    }
  });

  test('gives each stack the account and region of its assembly environment', () => {
    for (const [id, a] of stackArtifacts) {
      const item = plan.waves.flatMap((w) => w.items).find((i) => i.id === id);
      expect(`aws://${item?.account}/${item?.region}`).toBe(a.environment);
    }
  });

  test('holds the fleet StackSet after the stack that creates it, and the tenancy stacks after it', () => {
    const ss = waveOf('nplz-account-baseline')[0] ?? 0;
    expect(ss).toBeGreaterThan(waveOf('Nplz-Organization')[0] ?? Infinity);
    expect(waveOf('Force-kent-prod')[0]).toBeGreaterThan(waveOf('Nplz-Organization')[0] ?? Infinity);
  });

  test("each AWS tenancy's identity stack is in the management account, in the wave after Nplz-Identity (it imports the permission sets)", () => {
    const items = plan.waves.flatMap((w) => w.items);
    const identity = items.filter((i) => i.id.startsWith('Nplz-Identity-')).map((i) => i.id);
    expect(identity.sort()).toEqual(
      estate.tenancies
        .filter((t) => t.spec.aws)
        .map((t) => `Nplz-Identity-${t.spec.name}`)
        .sort(),
    );
    expect(items.some((i) => i.id === 'Nplz-IdentityNational')).toBe(false);
    for (const id of identity) {
      expect(items.find((i) => i.id === id)).toMatchObject({ account: estate.national.aws!.managementAccount, after: ['Nplz-Identity'] });
      expect(waveOf(id)).toEqual([(waveOf('Nplz-Identity')[0] ?? 0) + 1]);
    }
    const unlisted = plan.afterwards.find((s) => s.id === 'national-roles-in-unlisted-accounts');
    expect(unlisted?.why).toContain("each tenancy's Nplz-Identity-<tenancy> in its accounts");
  });

  test('the GuardDuty designation comes after Nplz-Security and before the organisation configuration', () => {
    const w = plan.waves.find((x) => x.before.some((s) => s.id === 'guardduty-delegated-admin'));
    expect(w?.wave).toBeGreaterThan(waveOf('Nplz-Security')[0] ?? Infinity);
    expect(w?.wave).toBeLessThanOrEqual(waveOf('Nplz-SecurityOrganization')[0] ?? 0);
  });

  test('the global events StackSet (us-east-1) follows the account baseline StackSet; the finding aggregator step precedes Security Hub central configuration', () => {
    const items = plan.waves.flatMap((w) => w.items);
    expect(items.find((i) => i.id === 'nplz-global-events')).toMatchObject({ kind: 'stackset', region: 'us-east-1' });
    expect(waveOf('nplz-global-events')[0]).toBeGreaterThan(waveOf('nplz-account-baseline')[0] ?? Infinity);
    const w = plan.waves.find((x) => x.before.some((s) => s.id === 'securityhub-finding-aggregator'));
    expect(w?.wave).toBe(waveOf('Nplz-SecurityOrganization')[0]);
    // Organisation Config rules follow the recorders the fleet StackSet gives every account: after
    // the StackSet's wave and no earlier than the check that its instances are CURRENT.
    expect(waveOf('Nplz-Security')[0]).toBeGreaterThan(waveOf('nplz-account-baseline')[0] ?? Infinity);
    const check = plan.waves.find((x) => x.before.some((s) => s.id === 'stackset-instances-current'));
    expect(check?.wave).toBeLessThanOrEqual(waveOf('Nplz-Security')[0] ?? 0);
    expect(check?.before.find((s) => s.id === 'stackset-instances-current')?.why).toContain('organisation Config rules');
  });

  // The global-events StackSet is service-managed and never reaches the management account.
  test("the management account's us-east-1 global-events stack follows the SOC bus; every environment that needs a bootstrap has one, and us-east-1 none", () => {
    const m = estate.national.aws!.managementAccount;
    const item = plan.waves.flatMap((w) => w.items).find((i) => i.id === 'Nplz-ManagementGlobalEvents');
    expect(item).toMatchObject({ kind: 'stack', account: m, region: 'us-east-1' });
    expect(waveOf('Nplz-ManagementGlobalEvents')[0]).toBeGreaterThan(waveOf('Nplz-Security')[0] ?? Infinity);
    const commands = plan.prerequisites.flatMap((p) => p.commands).join('\n');
    // A stack needs its environment bootstrapped when it checks the bootstrap version or uploads its template there.
    const needsBootstrap = (a: (typeof stackArtifacts)[number][1]) =>
      a.properties?.requiresBootstrapStackVersion !== undefined || a.properties?.stackTemplateAssetObjectUrl !== undefined;
    const environments = new Set(
      stackArtifacts.filter(([, a]) => a.environment?.startsWith(`aws://${m}/`) && needsBootstrap(a)).map(([, a]) => a.environment!),
    );
    for (const env of environments) expect([env, commands.includes(`cdk bootstrap ${env}`)]).toEqual([env, true]);
    // No CDKToolkit bucket or repository outside the UK: the us-east-1 stack deploys with the home region's bootstrap roles.
    expect(commands).not.toContain(`cdk bootstrap aws://${m}/us-east-1`);
    const [, mge] = stackArtifacts.find(([id]) => id === 'Nplz-ManagementGlobalEvents')!;
    expect(needsBootstrap(mge)).toBe(false);
    const home = [...environments].map((e) => e.split('/').pop()!);
    expect(home).toHaveLength(1);
    expect(mge.properties?.assumeRoleArn).toContain(`-deploy-role-${m}-${home[0]}`);
  });

  // A step's wave: prerequisites run before wave 1 (0), a wave's `before` steps before it.
  const stepWave = (pred: (s: DeployPlan['prerequisites'][number]) => boolean) =>
    plan.prerequisites.some(pred) ? 0 : plan.waves.find((w) => w.before.some(pred))?.wave;
  const needsBootstrap = (a: (typeof stackArtifacts)[number][1]) =>
    a.properties?.requiresBootstrapStackVersion !== undefined || a.properties?.stackTemplateAssetObjectUrl !== undefined;

  test('bootstraps every environment a stack of the assembly deploys to (those that need it), before the accounts move under the guardrails', () => {
    const moveWave = stepWave((s) => s.id === 'move-accounts')!;
    expect(moveWave).toBeGreaterThan(waveOf('Nplz-Organization')[0]!);
    for (const [id, a] of stackArtifacts.filter(([, x]) => needsBootstrap(x))) {
      const w = stepWave((s) =>
        s.commands.some((c) => c.startsWith(`cdk bootstrap ${a.environment} `) || c === `cdk bootstrap ${a.environment}`),
      );
      expect([id, a.environment, w !== undefined && w < waveOf(id)[0]! && w < moveWave]).toEqual([id, a.environment, true]);
    }
    // Every member account's bootstrap trusts the management account, with the execution policy named (--trust needs it).
    const m = estate.national.aws!.managementAccount;
    const member = plan.prerequisites.flatMap((p) => p.commands).filter((c) => c.startsWith('cdk bootstrap') && !c.includes(`aws://${m}/`));
    expect(member.length).toBeGreaterThan(landingZone.tenancyStacks.size);
    for (const c of member)
      expect(c).toContain(`--trust ${m} --cloudformation-execution-policies arn:aws:iam::aws:policy/AdministratorAccess`);
  });

  test('moves every account the estate names from the root into its OU after Nplz-Organization, and checks the fleet StackSet reached them before the force stacks', () => {
    const a = estate.national.aws!;
    const move = plan.waves.flatMap((w) => w.before).find((s) => s.id === 'move-accounts');
    const commands = move?.commands.join('\n') ?? '';
    const expected: [string, string][] = [
      [a.logArchiveAccount, 'Security'],
      [a.auditAccount, 'Security'],
      [a.networkAccount, 'Infrastructure'],
      ...estate.tenancies
        .filter((t) => t.spec.aws)
        .flatMap((t) =>
          Object.values(t.spec.aws!.accounts).map((id): [string, string] => [
            id,
            'forces' in t.spec && t.spec.forces ? 'Collaborations' : `Forces/${t.spec.force}`,
          ]),
        ),
    ];
    for (const [id, ou] of expected) {
      const line = move?.commands.find((c) =>
        c.startsWith(`aws organizations move-account --account-id ${id} --source-parent-id ${a.rootId} --destination-parent-id `),
      );
      expect([id, line?.endsWith(` -> ${ou}`)]).toEqual([id, true]);
    }
    expect(commands).toContain(`--parent-id ${a.rootId} --query "OrganizationalUnits[?Name=='Forces'].Id"`);
    const moveWave = stepWave((s) => s.id === 'move-accounts')!;
    expect(moveWave).toBe(waveOf('nplz-account-baseline')[0]);
    const check = stepWave((s) => s.id === 'stackset-instances-current')!;
    const checkStep = plan.waves.flatMap((w) => w.before).find((s) => s.id === 'stackset-instances-current');
    expect(checkStep?.commands[0]).toContain(
      'aws cloudformation list-stack-instances --stack-set-name nplz-account-baseline --call-as SELF',
    );
    expect(check).toBeGreaterThan(moveWave);
    for (const id of landingZone.tenancyStacks.keys()) expect([id, waveOf(id)[0]! >= check]).toEqual([id, true]);
  });

  test('every CloudFormation parameter without a default of every stack is passed by a step before its wave', () => {
    let n = 0;
    for (const [id, a] of stackArtifacts) {
      const t = JSON.parse(fs.readFileSync(path.join(dir, (a.properties as { templateFile: string }).templateFile), 'utf8')) as {
        Parameters?: Record<string, { Default?: unknown }>;
      };
      for (const [key] of Object.entries(t.Parameters ?? {}).filter(([, x]) => x.Default === undefined)) {
        n++;
        const w = stepWave((s) =>
          s.commands.some((c) => c.includes(`cdk deploy --app out/synth/aws ${id} `) && c.includes(`--parameters ${id}:${key}=`)),
        );
        expect([id, key, w !== undefined && w <= waveOf(id)[0]!]).toEqual([id, key, true]);
      }
    }
    expect(n).toBe(landingZone.tenancyStacks.size);
    const step = plan.waves.flatMap((w) => w.before).find((s) => s.id.startsWith('stack-parameters-'));
    expect(step?.commands[0]).toMatch(
      /^NPLZ_HUB_TGW=\$\(aws cloudformation describe-stacks --stack-name Nplz-Network .*OutputKey=='TransitGatewayId'/,
    );
  });

  test('marks the identity stacks one at a time, in the JSON and the Markdown', () => {
    const w = plan.waves.find((x) => x.items.some((i) => i.id.startsWith('Nplz-Identity-')))!;
    const identity = w.items.filter((i) => i.id.startsWith('Nplz-Identity-')).map((i) => i.id);
    expect(w.serial.map((g) => [...g.ids])).toEqual([identity]);
    expect(w.serial[0]?.why).toContain('throttles assignment writes');
    for (const x of plan.waves.filter((y) => y !== w)) expect(x.serial).toEqual([]);
    const md = renderDeployPlanMarkdown(plan);
    expect(md).toContain(`**One at a time, not in parallel:** ${identity.map((id) => `\`${id}\``).join(', ')}.`);
  });

  test('lists the quotas the estate exceeds, with the figure needed against the default', () => {
    const tables = plan.quotas.find((q) => q.quota === 'Transit gateway route tables per transit gateway');
    // One per tenancy environment, plus the inspection table.
    expect(tables).toMatchObject({ default: 20, needed: landingZone.tenancyStacks.size + 1, account: estate.national.aws?.networkAccount });
    expect(plan.quotas.find((q) => q.service === 'Organizations')?.needed).toBeGreaterThan(landingZone.tenancyStacks.size);
    expect(plan.prerequisites.map((p) => p.id)).toEqual(expect.arrayContaining(['identity-center', 'delegated-administrators']));
  });

  test('enables the backup policy type and AWS Backup trusted access first, and asks for the vault locks to be confirmed before they become immutable', () => {
    const types = plan.prerequisites.find((p) => p.id === 'organization-policy-types');
    expect(types?.commands).toContain(
      `aws organizations enable-policy-type --root-id ${estate.national.aws?.rootId} --policy-type BACKUP_POLICY`,
    );
    expect(plan.prerequisites.find((p) => p.id === 'backup-policies')?.commands).toEqual([
      'aws organizations enable-aws-service-access --service-principal backup.amazonaws.com',
    ]);
    const lock = plan.afterwards.find((p) => p.id === 'backup-vault-lock');
    expect(lock?.title).toContain(`within ${landingZone.baseline.backup.aws.vaultLock.changeableForDays} days`);
    expect(lock?.why).toMatch(/after it, no one, AWS included, can change it/);
  });

  test('bootstraps CDK in every national account the guardrails protect, before the wave that attaches them', () => {
    const a = estate.national.aws!;
    const bootstrap = plan.prerequisites.find((p) => p.id === 'cdk-bootstrap-national');
    for (const account of [a.logArchiveAccount, a.auditAccount, a.networkAccount])
      expect(bootstrap?.commands).toContain(
        `cdk bootstrap aws://${account}/eu-west-2 --trust ${a.managementAccount} --cloudformation-execution-policies arn:aws:iam::aws:policy/AdministratorAccess   # before wave 2`,
      );
    // The SCP that makes it a prerequisite is attached by the organisation stack, in wave 2.
    expect(waveOf('Nplz-Organization')).toEqual([2]);
  });

  test('reads as Markdown with every wave and every stack', () => {
    const md = renderDeployPlanMarkdown(plan);
    for (const w of plan.waves) expect(md).toContain(`## Wave ${w.wave}`);
    for (const [id] of stackArtifacts) expect(md).toContain(`\`${id}\``);
  });
});
