import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RemovalPolicy, aws_s3 as s3 } from 'aws-cdk-lib';
import { getBaseline, loadEstateOrThrow, type ControlException, type Estate, type PlanResource } from '@nplz/core';
import { createAwsEstate } from '@nplz/aws';
import { planAzureEstate } from '@nplz/azure';
import { sharedPlanCache } from './shared-plan-cache';
import { acknowledgeTenancyExceptions, INDEPENDENT_PACK_FACTORIES, NplzChecks } from '@nplz/policy';
import { BASE } from './bad-input/harness';

/**
 * Declared exceptions take effect at synthesis, on both clouds (issue #10). On AWS, the real
 * cdk-nag run (the NplzChecks pack and cdk-nag's own AwsSolutions pack, as `nplz synth` runs them)
 * reports the excepted resource's violations as acknowledged, with the exception's reason, and the
 * same resource in an environment the exception does not cover as a violation. On Azure, the
 * exception becomes a policy exemption of the assignment that enforces the control, in the
 * excepted environment's subscription only.
 */
process.env.CDK_VALIDATION = 'false';
const NOW = new Date('2026-11-22T00:00:00Z');
const REASON = 'The force website is served from this bucket until the CDN migration completes.';

const exception = (control: string, cloud: 'aws' | 'azure', resource?: string): ControlException => ({
  control,
  reason: REASON,
  approvedBy: 'siro@dorset.police.uk',
  expires: '2027-01-31',
  scope: { cloud, environment: 'prod', ...(resource ? { resource } : {}) },
});

function withExceptions(exceptions: ControlException[]): Estate {
  const base = loadEstateOrThrow(BASE, { now: NOW });
  return { ...base, tenancies: base.tenancies.map((t) => ({ ...t, spec: { ...t.spec, exceptions } })) };
}

interface Violation {
  ruleName: string;
  violatingConstructs?: { constructPath: string }[];
  acknowledgedAt?: string;
  reason?: string;
}
interface PluginReport {
  pluginName: string;
  violations: Violation[];
  suppressedViolations?: Violation[];
}

const [awsSolutions] = INDEPENDENT_PACK_FACTORIES as [(typeof INDEPENDENT_PACK_FACTORIES)[number]];

const PROD = 'Force-dorset-prod/Tenancy/LocalAssets/Website/Resource';
const NONPROD = 'Force-dorset-nonprod/Tenancy/LocalAssets/Website/Resource';

/** Synthesise the estate with a website bucket (public reads allowed, no access logs) in each environment; the validation report. */
function synthWithWebsites(estate: Estate): { plugins: PluginReport[]; acknowledged: number } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-exceptions-'));
  let acks: ReturnType<typeof acknowledgeTenancyExceptions> | undefined;
  const { app, landingZone } = createAwsEstate(estate, {
    outdir,
    pluginFactories: [
      (a) => {
        acks = acknowledgeTenancyExceptions(a, estate, NOW);
        return new NplzChecks(a, { baseline: getBaseline('2026.11') });
      },
      // cdk-nag's AwsSolutions pack, as `nplz synth` creates it.
      (a) => {
        const pack = awsSolutions(a);
        expect(pack.name).toBe('AwsSolutions');
        return pack;
      },
    ],
  });
  // Added after the plugins are registered, as a force's own assets are.
  for (const tenancy of landingZone.tenancies.values())
    new s3.Bucket(tenancy.localAssets, 'Website', {
      encryptionKey: tenancy.dataKey,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY,
    });
  app.synth();
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] };
  fs.rmSync(outdir, { recursive: true, force: true });
  return { plugins: report.pluginReports, acknowledged: acks?.count ?? 0 };
}

const plugin = (plugins: PluginReport[], name: string) => plugins.find((p) => p.pluginName === name);
/** Construct paths a rule is reported at, as a violation or as acknowledged. */
const at = (p: PluginReport | undefined, rule: string, kind: 'violations' | 'suppressedViolations') =>
  (p?.[kind] ?? [])
    .filter((v) => v.ruleName === rule)
    .flatMap((v) => v.acknowledgedAt ?? (v.violatingConstructs ?? []).map((c) => c.constructPath));

describe('AWS: an exception is acknowledged in the real cdk-nag run', () => {
  const PUBLIC = 'NplzChecks-S3BucketPublicAccessBlocked';
  const ACCESS_LOGS = 'AwsSolutions-S1';
  let excepted: ReturnType<typeof synthWithWebsites>;
  let unexcepted: ReturnType<typeof synthWithWebsites>;
  beforeAll(() => {
    excepted = synthWithWebsites(
      withExceptions([exception('NPLZ-NET-01', 'aws', 'LocalAssets/Website*'), exception('NPLZ-MON-02', 'aws', 'LocalAssets/Website*')]),
    );
    unexcepted = synthWithWebsites(withExceptions([]));
  }, 300_000);

  test('without the exception, both websites break the NplzChecks rule and the AwsSolutions rule', () => {
    expect(unexcepted.acknowledged).toBe(0);
    for (const [pack, rule] of [
      ['NplzChecks', PUBLIC],
      ['AwsSolutions', ACCESS_LOGS],
    ] as const) {
      expect(at(plugin(unexcepted.plugins, pack), rule, 'violations')).toEqual(expect.arrayContaining([PROD, NONPROD]));
      expect(at(plugin(unexcepted.plugins, pack), rule, 'suppressedViolations')).toEqual([]);
    }
  });

  test.each([
    ['NplzChecks', PUBLIC],
    ['AwsSolutions', ACCESS_LOGS],
  ])('with it, %s reports %s on the prod website as acknowledged with the reason; nonprod still fails', (pack, rule) => {
    const p = plugin(excepted.plugins, pack);
    expect(at(p, rule, 'violations')).toContain(NONPROD);
    expect(at(p, rule, 'violations')).not.toContain(PROD);
    expect(at(p, rule, 'suppressedViolations')).toEqual([PROD]);
    const suppressed = p?.suppressedViolations?.find((v) => v.ruleName === rule);
    expect(suppressed?.reason).toContain(REASON);
    expect(suppressed?.reason).toContain('approved by siro@dorset.police.uk, expires 2027-01-31');
  });

  test('nothing outside the exception’s resource pattern is acknowledged', () => {
    for (const p of excepted.plugins)
      for (const v of p.suppressedViolations ?? []) if (p.pluginName !== 'cdk-validator-cfnguard') expect(v.acknowledgedAt).toBe(PROD);
    expect(excepted.acknowledged).toBeGreaterThan(1);
  });

  test('an expired exception acknowledges nothing', () => {
    const estate = withExceptions([{ ...exception('NPLZ-NET-01', 'aws', 'LocalAssets/Website*'), expires: '2026-11-21' }]);
    const r = synthWithWebsites(estate);
    expect(r.acknowledged).toBe(0);
    expect(at(plugin(r.plugins, 'NplzChecks'), PUBLIC, 'violations')).toEqual(expect.arrayContaining([PROD, NONPROD]));
  });
});

describe('Azure: an exception is a policy exemption in the plan', () => {
  const exemptions = (resources: readonly PlanResource[]) =>
    resources.filter((r) => r.type === 'azure-native:authorization:PolicyExemption');
  const denyPublicIp = (resources: readonly PlanResource[]) =>
    resources.find(
      (r) => r.type === 'azure-native:authorization:PolicyAssignment' && r.inputs.policyAssignmentName === 'nplz-deny-public-ip',
    );

  test('the excepted control’s assignment is exempted in the excepted subscription only; no other control is', async () => {
    const estate = withExceptions([exception('NPLZ-NET-05', 'azure')]);
    const plan = await planAzureEstate(estate, { cache: sharedPlanCache() });
    const assignment = denyPublicIp(plan.resources);
    expect(assignment).toBeDefined();
    const found = exemptions(plan.resources);
    expect(found.map((r) => [r.tenancy, r.environment])).toEqual([['dorset', 'prod']]);
    const [ex] = found;
    const prodSubscription = estate.tenancies[0]!.spec.azure!.subscriptions.prod;
    expect(ex!.inputs).toMatchObject({
      scope: `/subscriptions/${prodSubscription}`,
      exemptionCategory: 'Waiver',
      expiresOn: '2027-01-31T23:59:59Z',
      metadata: expect.objectContaining({ nplzControl: 'NPLZ-NET-05', approvedBy: 'siro@dorset.police.uk' }),
    });
    // The exemption names the deny-public-IP assignment (by its id, or its URN while the id is unknown).
    expect([assignment!.id, assignment!.urn]).toContain(ex!.inputs.policyAssignmentId);
  });

  test('without exceptions the plan holds no exemption', async () => {
    const plan = await planAzureEstate(withExceptions([]), { cache: sharedPlanCache() });
    expect(exemptions(plan.resources)).toEqual([]);
  });
});
