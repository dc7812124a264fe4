import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack, Tags, aws_cloudformation as cfn, aws_ec2 as ec2, aws_organizations as organizations } from 'aws-cdk-lib';
import { Estate, loadEstateOrThrow } from '@nplz/core';
import { awsFindings } from '../../src/audit/aws-findings';
import type { Finding } from '@nplz/core';
import { NATIONAL, TENANCY } from './fixtures';

const ESTATE_DIR = path.join(__dirname, '..', '..', '..', '..', 'examples', 'estate');
let estate: Estate;
beforeAll(() => {
  estate = loadEstateOrThrow(ESTATE_DIR, { now: new Date('2026-11-22T00:00:00Z') });
});

/** The account baseline the fleet StackSet carries in these tests: the account settings, and a key that does not rotate. */
const FLEET_TEMPLATE = {
  Resources: {
    Settings: { Type: 'Custom::NplzAccountSettings', Properties: { ServiceToken: 'arn:aws:lambda:eu-west-2:1:function:x' } },
    Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: false, PendingWindowInDays: 30 }, DeletionPolicy: 'Retain' },
  },
};

/** A cloud assembly with a national organisation stack holding the fleet StackSet, and one force stack. */
function assembly(stackSet: Partial<cfn.CfnStackSetProps> = {}): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-aws-findings-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  const org = new Stack(app, 'Nplz-Organization', { env: { account: '100000000001', region: 'eu-west-2' } });
  for (const [k, v] of Object.entries(NATIONAL)) Tags.of(org).add(k, v);
  const forces = new organizations.CfnOrganizationalUnit(org, 'Forces', { name: 'Forces', parentId: 'r-nplz' });
  new organizations.CfnOrganizationalUnit(org, 'Sandbox', { name: 'Sandbox', parentId: 'r-nplz' });
  new organizations.CfnOrganizationalUnit(org, 'Security', { name: 'Security', parentId: 'r-nplz' });
  new cfn.CfnStackSet(org, 'Fleet', {
    stackSetName: 'nplz-account-baseline',
    permissionModel: 'SERVICE_MANAGED',
    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: true },
    stackInstancesGroup: [{ deploymentTargets: { organizationalUnitIds: [forces.attrId] }, regions: ['eu-west-2'] }],
    templateBody: JSON.stringify(FLEET_TEMPLATE),
    ...stackSet,
  });
  const kent = new Stack(app, 'Force-kent-prod', { env: { account: '200000000171', region: 'eu-west-2' } });
  for (const [k, v] of Object.entries(TENANCY)) Tags.of(kent).add(k, v);
  // A flow log to a bucket named like a national archive, in an account that is not the estate's log archive.
  new ec2.CfnFlowLog(kent, 'FlowLog', {
    resourceId: 'vpc-0123456789abcdef0',
    resourceType: 'VPC',
    trafficType: 'ALL',
    logDestinationType: 's3',
    logDestination: 'arn:aws:s3:::nplz-log-archive-999999999999-eu-west-2/flow-logs/',
  });
  app.synth();
  return outdir;
}

const find = (findings: Finding[], rule: string, tenancy: string) => findings.filter((f) => f.rule === rule && f.tenancy === tenancy);

// aws-cdk-lib records a validation plugin that threw (the shape below is what aws-cdk-lib 2.276
// writes for it) and synthesis carries on: the audit must not read that as "no violations".
test('a pack that failed during synthesis is a failure of NPLZ-MON-02, not a pack that found nothing', async () => {
  const dir = assembly();
  fs.writeFileSync(
    path.join(dir, 'validation-report.json'),
    JSON.stringify({
      version: '55.0.0',
      title: 'Validation Report',
      pluginReports: [
        {
          pluginName: 'cdk-validator-cfnguard',
          pluginVersion: '0.0.62',
          conclusion: 'failure',
          metadata: { error: "Validation plugin 'cdk-validator-cfnguard' failed: the Control Tower guard's worker processes failed" },
          violations: [],
        },
      ],
    }),
  );
  const failed = (await awsFindings(dir, estate)).filter((f) => f.rule === 'ControlTower-PackDidNotRun');
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatchObject({ status: 'fail', control: 'NPLZ-MON-02', tenancy: 'national', source: 'ControlTower' });
  expect(failed[0]!.message).toContain('worker processes failed');
});

describe('the fleet StackSet in the audit', () => {
  test('its template is checked by the per-resource rules once, as the national platform', async () => {
    const findings = await awsFindings(assembly(), estate);
    const rotation = findings.filter((f) => f.rule === 'NplzChecks-KmsKeyRotationEnabled');
    expect(rotation).toHaveLength(1);
    expect(rotation[0]).toMatchObject({
      status: 'fail',
      tenancy: 'national',
      control: 'NPLZ-ENC-02',
      resource: 'Nplz-Organization/Fleet/TemplateBody/Key',
    });
  });

  test('a StackSet deploying automatically to the Forces OU satisfies the fleet expectation and the tenancy expectations it carries', async () => {
    const findings = await awsFindings(assembly(), estate);
    expect(find(findings, 'NplzPresence-AccountBaselineFleet', 'national').map((f) => f.status)).toEqual(['pass']);
    expect(find(findings, 'NplzPresence-EbsEncryptionByDefault', 'kent').map((f) => f.status)).toEqual(['pass']);
  });

  test.each<[string, Partial<cfn.CfnStackSetProps>]>([
    ['automatic deployment is off', { autoDeployment: { enabled: false } }],
    [
      'it targets another OU',
      {
        stackInstancesGroup: [
          { deploymentTargets: { organizationalUnitIds: [{ 'Fn::GetAtt': ['Sandbox', 'Id'] } as never] }, regions: ['eu-west-2'] },
        ],
      },
    ],
  ])('flags the fleet, and no longer counts it for a tenancy, when %s', async (_what, patch) => {
    const findings = await awsFindings(assembly(patch), estate);
    expect(find(findings, 'NplzPresence-AccountBaselineFleet', 'national').map((f) => f.status)).toEqual(['fail']);
    expect(find(findings, 'NplzPresence-EbsEncryptionByDefault', 'kent').map((f) => f.status)).toEqual(['fail']);
  });
});

describe("the national accounts' Config recorder", () => {
  const withRecorder = JSON.stringify({
    Resources: { ...FLEET_TEMPLATE.Resources, Recorder: { Type: 'AWS::Config::ConfigurationRecorder', Properties: { RoleARN: 'x' } } },
  });
  const targets = (...ous: string[]): Partial<cfn.CfnStackSetProps> => ({
    templateBody: withRecorder,
    stackInstancesGroup: [
      { deploymentTargets: { organizationalUnitIds: ous.map((o) => ({ 'Fn::GetAtt': [o, 'Id'] }) as never) }, regions: ['eu-west-2'] },
    ],
  });
  test('comes from the fleet StackSet when it reaches the Security OU (the audit and log archive accounts)', async () => {
    const findings = await awsFindings(assembly(targets('Forces', 'Security')), estate);
    expect(find(findings, 'NplzPresence-ConfigRecorder', 'national').map((f) => f.status)).toEqual(['pass']);
  });
  test('is missing when the fleet StackSet reaches only the force accounts', async () => {
    const findings = await awsFindings(assembly(targets('Forces')), estate);
    expect(find(findings, 'NplzPresence-ConfigRecorder', 'national').map((f) => f.status)).toEqual(['fail']);
  });
});

describe('the national log archive in the audit', () => {
  test("is the estate's own bucket, not any bucket named nplz-log-archive-*", async () => {
    const findings = await awsFindings(assembly(), estate);
    expect(find(findings, 'NplzChecks-LogsDeliveredToNationalArchive', 'kent')).toEqual([
      expect.objectContaining({
        status: 'fail',
        message: expect.stringContaining(
          'Destination arn:aws:s3:::nplz-log-archive-999999999999-eu-west-2/flow-logs/ is not the national log archive',
        ),
      }),
    ]);
    expect(find(findings, 'NplzPresence-FlowLogsToNationalArchive', 'kent').map((f) => f.status)).toEqual(['fail']);
  });
});
