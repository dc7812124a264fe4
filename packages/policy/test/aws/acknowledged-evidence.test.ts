import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack, Tags, Validations, aws_s3 as s3 } from 'aws-cdk-lib';
import { acknowledgedFindings, acknowledgedWhere } from '../../src/audit/aws-findings';
import { TENANCY } from './fixtures';

/**
 * Acknowledgements made in code with aws-cdk-lib's own `Validations.of(c).acknowledge`, read back
 * from the cloud assembly aws-cdk-lib writes: what `nplz audit` reports as independent evidence
 * set aside, with the reason and the place it is made.
 */
function assembly(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-acknowledged-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Force-kent-prod', { env: { account: '200000000001', region: 'eu-west-2' } });
  for (const [k, v] of Object.entries(TENANCY)) Tags.of(stack).add(k, v);
  const bucket = new s3.Bucket(stack, 'Evidence');
  const resource = bucket.node.defaultChild!;
  Validations.of(resource).acknowledge({
    id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
    reason: 'Logs go to the archive account.',
  });
  Validations.of(resource).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'A boundary, not a grant.' });
  // Not an independent pack's rule: NPLZ's own checks have their own exceptions, with passes.
  Validations.of(resource).acknowledge({ id: 'NplzChecks-S3BucketPublicAccessBlocked', reason: 'not reported here' });
  app.synth();
  return outdir;
}

test('each acknowledgement of an AwsSolutions or Control Tower rule is an excepted finding with its reason and where it is made', () => {
  const dir = assembly();
  try {
    const findings = acknowledgedFindings(dir).sort((a, b) => (a.source < b.source ? -1 : 1));
    expect(findings.map((f) => [f.source, f.rule, f.status, f.control, f.tenancy, f.environment, f.resource])).toEqual([
      [
        'AwsSolutions',
        'AwsSolutions-IAM5[Resource::*]',
        'excepted',
        'NPLZ-MON-02',
        TENANCY['nplz:tenancy'],
        TENANCY['nplz:environment'],
        'Force-kent-prod/Evidence/Resource',
      ],
      [
        'ControlTower',
        's3_bucket_logging_enabled_check',
        'excepted',
        'NPLZ-MON-02',
        TENANCY['nplz:tenancy'],
        TENANCY['nplz:environment'],
        'Force-kent-prod/Evidence/Resource',
      ],
    ]);
    expect(findings[0]!.acknowledgement!.reason).toBe('A boundary, not a grant.');
    expect(findings[1]!.message).toBe('s3_bucket_logging_enabled_check acknowledged in code: Logs go to the archive account.');
    // Where: this test file, the line that called acknowledge, not aws-cdk-lib's own frames.
    for (const f of findings) expect(f.acknowledgement!.where).toMatch(/acknowledged-evidence\.test\.ts:\d+\)?$/);
    expect(findings[0]!.exception).toBeNull();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('where: the first frame past aws-cdk-lib and the acknowledge helpers, relative to the repository', () => {
  expect(
    acknowledgedWhere([
      '    ...Validations.acknowledge in .pnpm...',
      '    at acknowledgeGuardRule (/work/main/packages/aws/dist/private/acknowledge.js:19:44)',
      '    at new ForceTenancy (/work/main/packages/aws/dist/force-tenancy.js:225:48)',
      '    at new ForceTenancyStack (/work/main/packages/aws/dist/force-tenancy-stack.js:36:24)',
    ]),
  ).toBe('new ForceTenancy (packages/aws/dist/force-tenancy.js:225)');
  expect(acknowledgedWhere(undefined)).toBe('(not recorded)');
});
