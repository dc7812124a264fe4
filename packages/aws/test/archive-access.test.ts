import { Template } from 'aws-cdk-lib/assertions';
import { BASELINE_2026_11 } from '@nplz/core';
import { LogArchive } from '@nplz/aws';
// The offline IAM evaluator (iam-simulate) the audit uses; not part of @nplz/policy's public API.
import { AccessEvaluator, resolvePolicy, type AccessRequest } from '../../policy/src/aws/access';
import { testStack } from './helpers';

/**
 * The archive bucket policies, answered by a real IAM policy evaluator (iam-simulate) as AWS
 * would answer a log service's delivery: each service may write only under its own prefix and only
 * for the account it delivers for.
 */
const ORG = 'o-nplzsample01';
const ARCHIVE = '100000000002';
const MANAGEMENT = '100000000001';
const AUDIT = '100000000003';
const A = '200000000001';
const B = '200000000002';
const TRAIL = `arn:aws:cloudtrail:eu-west-2:${MANAGEMENT}:trail/nplz-organization-trail`;

function policies(): Record<string, unknown> {
  const stack = testStack(ARCHIVE);
  new LogArchive(stack, 'LogArchive', {
    baseline: BASELINE_2026_11,
    organizationId: ORG,
    managementAccount: MANAGEMENT,
    organizationTrailArns: [TRAIL, `arn:aws:cloudtrail:eu-west-2:${AUDIT}:trail/nplz-organization-trail`],
  });
  interface Res {
    Type: string;
    Properties: { Bucket: { Ref: string }; BucketName?: string; PolicyDocument?: unknown };
  }
  const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, Res> };
  const place = { account: ARCHIVE, region: 'eu-west-2', resources: template.Resources as never };
  const out: Record<string, unknown> = {};
  for (const r of Object.values(template.Resources)) {
    if (r.Type !== 'AWS::S3::BucketPolicy') continue;
    const bucket = template.Resources[r.Properties.Bucket.Ref]!.Properties.BucketName as string;
    out[bucket] = resolvePolicy(r.Properties.PolicyDocument, place);
  }
  return out;
}

const archive = `nplz-log-archive-${ARCHIVE}-eu-west-2`;
const config = `nplz-config-archive-${ARCHIVE}-eu-west-2`;

async function verdict(
  bucketPolicies: Record<string, unknown>,
  bucket: string,
  service: string,
  key: string,
  context: Record<string, string>,
): Promise<string> {
  const req: AccessRequest = {
    rule: 'ArchiveWriters',
    control: 'NPLZ-LOG-03',
    what: `${service} writes ${key}`,
    principal: { label: service, arn: service, account: context['aws:SourceAccount'] ?? ARCHIVE, identity: [], levels: [] },
    action: 's3:PutObject',
    resource: `arn:aws:s3:::${bucket}/${key}`,
    resourceAccount: ARCHIVE,
    resourceLevels: [],
    resourcePolicy: { name: 'bucket policy', source: bucket, document: bucketPolicies[bucket] },
    region: 'eu-west-2',
    context: {
      'aws:PrincipalIsAWSService': 'true',
      'aws:PrincipalServiceName': service,
      'aws:SourceOrgID': ORG,
      's3:x-amz-acl': 'bucket-owner-full-control',
      ...context,
    },
    expect: 'allow',
    tenancy: 'national',
    at: bucket,
  };
  return (await new AccessEvaluator(ORG).answer(req)).verdict;
}

describe('archive bucket policies, evaluated', () => {
  const p = policies();

  test('VPC flow logs of account A land under A, and cannot be written under B or outside the delivery prefixes', async () => {
    const fromA = { 'aws:SourceAccount': A, 'aws:SourceArn': `arn:aws:logs:eu-west-2:${A}:*` };
    const svc = 'delivery.logs.amazonaws.com';
    expect(await verdict(p, archive, svc, `flow-logs/AWSLogs/${A}/vpcflowlogs/eu-west-2/2026/12/02/f.log.gz`, fromA)).toBe('Allowed');
    expect(await verdict(p, archive, svc, `network-firewall/alert/AWSLogs/${A}/network-firewall/alert/x.gz`, fromA)).toBe('Allowed');
    expect(await verdict(p, archive, svc, `AWSLogs/${A}/vpcdnsquerylogs/vpc-1/x.gz`, fromA)).toBe('Allowed');
    expect(await verdict(p, archive, svc, `flow-logs/AWSLogs/${B}/vpcflowlogs/eu-west-2/2026/12/02/f.log.gz`, fromA)).not.toBe('Allowed');
    expect(await verdict(p, archive, svc, `AWSLogs/${ORG}/${B}/CloudTrail/eu-west-2/forged.json.gz`, fromA)).not.toBe('Allowed');
    // A delivery from outside the organisation is refused even under a folder of its own.
    expect(
      await verdict(p, archive, svc, `flow-logs/AWSLogs/${A}/vpcflowlogs/x.gz`, { ...fromA, 'aws:SourceOrgID': 'o-elsewhere00' }),
    ).not.toBe('Allowed');
  });

  test('only the organisation trail writes CloudTrail logs, and only under the organisation and management folders', async () => {
    const svc = 'cloudtrail.amazonaws.com';
    const org = { 'aws:SourceArn': TRAIL, 'aws:SourceAccount': MANAGEMENT };
    expect(await verdict(p, archive, svc, `AWSLogs/${ORG}/${A}/CloudTrail/eu-west-2/x.json.gz`, org)).toBe('Allowed');
    expect(await verdict(p, archive, svc, `AWSLogs/${MANAGEMENT}/CloudTrail/eu-west-2/x.json.gz`, org)).toBe('Allowed');
    // A trail of a member account's own, even named like NPLZ's, cannot write anywhere.
    const rogue = { 'aws:SourceArn': `arn:aws:cloudtrail:eu-west-2:${A}:trail/nplz-organization-trail`, 'aws:SourceAccount': A };
    expect(await verdict(p, archive, svc, `AWSLogs/${ORG}/${B}/CloudTrail/eu-west-2/x.json.gz`, rogue)).not.toBe('Allowed');
    expect(await verdict(p, archive, svc, `flow-logs/AWSLogs/${A}/x.gz`, org)).not.toBe('Allowed');
  });

  test('AWS Config of account A writes only under config/AWSLogs/A/Config/ in its own archive', async () => {
    const svc = 'config.amazonaws.com';
    const fromA = { 'aws:SourceAccount': A };
    expect(await verdict(p, config, svc, `config/AWSLogs/${A}/Config/eu-west-2/2026/12/2/ConfigHistory/x.json.gz`, fromA)).toBe('Allowed');
    expect(await verdict(p, config, svc, `config/AWSLogs/${B}/Config/eu-west-2/2026/12/2/ConfigHistory/x.json.gz`, fromA)).not.toBe(
      'Allowed',
    );
    expect(await verdict(p, config, svc, `AWSLogs/${A}/Config/x.json.gz`, fromA)).not.toBe('Allowed');
    expect(await verdict(p, archive, svc, `config/AWSLogs/${A}/Config/x.json.gz`, fromA)).not.toBe('Allowed');
  });
});
