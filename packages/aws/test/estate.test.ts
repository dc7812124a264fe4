import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { getBaseline, isCollaboration } from '@nplz/core';
import { createAwsEstateApp, ForceTenancy, NationalServices, POLICY_REPORT_FILE } from '@nplz/aws';
import { sampleEstate } from './estate-helpers';
import { independentPackFactories, packFactories } from './packs';
import { sharedGuardCacheDir } from '../../../test/shared-guard-cache';

const STATEFUL = ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Logs::LogGroup'];

interface Report {
  pluginReports: {
    summary: { pluginName: string };
    violations: { ruleName: string; violatingResources: { constructPath?: string }[] }[];
  }[];
}

/** Every acknowledgement in the tree: where it sits and why. */
function acknowledgements(app: App): { path: string; construct: unknown; id: string; reason: string }[] {
  return app.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
        .flatMap((m) =>
          Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, construct: c, id, reason })),
        ),
    );
}

describe('the sample estate on AWS, with AwsSolutions and the Control Tower guard rules', () => {
  const estate = sampleEstate();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-aws-estate-'));
  let app: App;
  let assembly: CloudAssembly;
  beforeAll(() => {
    // One synthesis for the whole file: the packs run once over every stack, and the Control Tower
    // guard's results are kept between runs (test/shared-guard-cache.ts).
    app = createAwsEstateApp(estate, { outdir, pluginFactories: independentPackFactories({ cacheDir: sharedGuardCacheDir() }) });
    assembly = app.synth();
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('national stacks plus one stack per tenancy environment, named Force-<tenancy>-<env>', () => {
    const ids = assembly.stacks.map((s) => s.id);
    const expected = estate.tenancies.flatMap((t) => t.spec.environments.map((e) => `Force-${t.spec.name}-${e}`));
    expect(expected).toHaveLength(43 * 2 + 1);
    expect(ids).toEqual(expect.arrayContaining(expected));
    // Each AWS tenancy's Identity Center assignments in a stack of its own (management account).
    const identity = estate.tenancies.map((t) => `Nplz-Identity-${t.spec.name}`);
    expect(identity).toHaveLength(43 + 1);
    expect(ids).toEqual(expect.arrayContaining(identity));
    expect(ids.filter((i) => !i.startsWith('Force-') && !identity.includes(i)).sort()).toEqual([
      'Nplz-Identity',
      'Nplz-LogArchive',
      'Nplz-ManagementGlobalEvents',
      'Nplz-Network',
      'Nplz-NetworkRouting-1',
      'Nplz-NetworkRouting-2',
      'Nplz-NetworkRouting-3',
      'Nplz-Organization',
      'Nplz-Security',
      'Nplz-SecurityAdmin',
      'Nplz-SecurityOrganization',
    ]);
  });

  test('every stack sits in its own account in the home region', () => {
    const kent = assembly.getStackArtifact('Force-kent-prod');
    expect(kent.environment).toMatchObject({ account: '200000000171', region: 'eu-west-2' });
    expect(assembly.getStackArtifact('Nplz-LogArchive').environment.account).toBe('100000000002');
  });

  test('stack tags in the assembly carry the baseline required tags', () => {
    const keys = getBaseline('2026.11').requiredTags.map((t) => t.key);
    for (const s of assembly.stacks) expect(Object.keys(s.tags).sort()).toEqual([...keys].sort());
    expect(assembly.getStackArtifact('Force-kent-prod').tags).toEqual({
      'nplz:force': 'kent',
      'nplz:tenancy': 'kent',
      'nplz:environment': 'prod',
      'nplz:classification': 'OFFICIAL-SENSITIVE',
      'nplz:baseline': '2026.11',
      'cost-centre': 'kent-digital',
      'data-owner': 'Kent information asset owner',
    });
    expect(assembly.getStackArtifact('Force-kent-essex-its-prod').tags['nplz:force']).toBe('collaboration');
    expect(assembly.getStackArtifact('Nplz-Security').tags['nplz:force']).toBe('national');
  });

  test('no unacknowledged violation from either pack', () => {
    const report = JSON.parse(fs.readFileSync(path.join(outdir, POLICY_REPORT_FILE), 'utf8')) as Report;
    const open = report.pluginReports.flatMap((p) =>
      p.violations.flatMap((v) => v.violatingResources.map((r) => `${p.summary.pluginName} ${v.ruleName} ${r.constructPath}`)),
    );
    expect(open).toEqual([]);
  });

  test('every acknowledgement sits on a specific resource with a specific reason, none on an app or stack', () => {
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect([a.path, Stage.isStage(a.construct) || Stack.isStack(a.construct)]).toEqual([a.path, false]);
      const c = a.construct as { node: { defaultChild?: unknown } };
      expect([a.path, CfnResource.isCfnResource(c) || CfnResource.isCfnResource(c.node.defaultChild)]).toEqual([a.path, true]);
      expect(a.reason.length).toBeGreaterThanOrEqual(40);
    }
  });

  test('every stateful resource in every stack is retained on delete', () => {
    let seen = 0;
    for (const s of assembly.stacks) {
      for (const [id, r] of Object.entries(
        (s.template as { Resources: Record<string, { Type: string; DeletionPolicy?: string }> }).Resources,
      )) {
        if (!STATEFUL.includes(r.Type)) continue;
        seen++;
        expect([s.id, id, r.DeletionPolicy]).toEqual([s.id, id, 'Retain']);
      }
    }
    expect(seen).toBeGreaterThan(87);
  });

  test('account alerts in every account reach the national SOC: forwarded to its bus, which the SOC mailbox subscribes to once', () => {
    const org = assembly.getStackArtifact('Nplz-Organization').template as {
      Resources: Record<string, { Type: string; Properties: { StackSetName?: string; TemplateBody?: string } }>;
    };
    const set = Object.values(org.Resources).find((r) => r.Properties.StackSetName === 'nplz-account-baseline')!;
    const body = JSON.parse(set.Properties.TemplateBody!) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    expect(Object.values(body.Resources).filter((r) => r.Type === 'AWS::SNS::Subscription')).toEqual([]);
    const bus = `arn:aws:events:eu-west-2:${estate.national.aws!.auditAccount}:event-bus/nplz-soc`;
    for (const r of Object.values(body.Resources).filter((x) => x.Type === 'AWS::Events::Rule'))
      expect(r.Properties.Targets).toEqual(expect.arrayContaining([expect.objectContaining({ Arn: bus })]));
    const sec = assembly.getStackArtifact('Nplz-Security').template as typeof body;
    expect(
      Object.values(sec.Resources)
        .filter((r) => r.Type === 'AWS::SNS::Subscription')
        .map((r) => r.Properties.Endpoint),
    ).toEqual([estate.national.soc.email]);
  });

  test('collaboration stacks are tenancies like any other', () => {
    const collab = estate.tenancies.find((t) => isCollaboration(t.spec))!;
    expect(assembly.getStackArtifact(`Force-${collab.spec.name}-prod`).template.Resources).toBeDefined();
  });
});

describe('a force tenancy with its account baseline, under the same packs', () => {
  test('no unacknowledged violation', () => {
    const estate = sampleEstate();
    const kent = estate.tenancies.find((t) => t.spec.name === 'kent')!.spec;
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-aws-force-'));
    const app = new App({
      outdir,
      builtinCloudFormationValidation: false,
      stackTraces: false,
      context: { '@aws-cdk/core:failSynthOnValidationErrors': false, '@aws-cdk/core:validationReportJson': true },
    });
    const stack = new Stack(app, 'Force-kent-prod', { env: { account: kent.aws!.accounts.prod!, region: 'eu-west-2' } });
    new ForceTenancy(stack, 'Tenancy', {
      spec: kent,
      environment: 'prod',
      services: NationalServices.fromNationalSettings(estate.national),
      includeAccountBaseline: true,
    });
    Validations.of(app).addPlugins(...packFactories.map((f) => f(app)));
    app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(outdir, POLICY_REPORT_FILE), 'utf8')) as Report;
    const open = report.pluginReports.flatMap((p) =>
      p.violations.flatMap((v) => v.violatingResources.map((r) => `${p.summary.pluginName} ${v.ruleName} ${r.constructPath}`)),
    );
    expect(open).toEqual([]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
