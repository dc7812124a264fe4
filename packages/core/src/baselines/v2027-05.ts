import { deepFreeze } from '../private/deep-freeze';
import type { Baseline, RegionAllowance } from './types';
import { BASELINE_2027_02 } from './v2027-02';

const prev = BASELINE_2027_02;

const byName = (name: string): RegionAllowance => {
  const a = prev.regionGuardrail.allowances.find((x) => x.name === name);
  if (!a) throw new Error(`baseline ${prev.version} has no region allowance ${name}`);
  return a;
};

/**
 * Baseline 2027.05. Built from 2027.02 with each change spelled out below, so the difference
 * between two baselines reads in one screen. Published baselines are never edited.
 *
 * The first baseline to state its own `regionGuardrail` (2026.11 and 2027.02 take LATER_SECTIONS'):
 * the web ACL allowance is 2027.02's, unchanged; the calls CloudFront needs in us-east-1 on any
 * resource are one allowance, so that the region guardrail SCP keeps within Organizations' 5,120
 * characters (see docs/architecture.md, "The region guardrail allows exactly ...").
 */
export const BASELINE_2027_05: Baseline = deepFreeze<Baseline>({
  ...prev,
  version: '2027.05',
  released: '2027-05-01',
  changes: [
    'The AWS region guardrail allows a force to import its own certificate into ACM in us-east-1 (`acm:ImportCertificate`), where CloudFront takes its certificates from, as it already allowed requesting one there. Nothing for forces to do; a force whose certificates come from its own CA can now use them on a distribution. `acm:ExportCertificate` stays denied: CloudFront needs no key outside ACM.',
    'The AWS region guardrail allows the log delivery a CloudFront web ACL in us-east-1 needs to send its WAF logs to Amazon S3 (`logs:CreateLogDelivery`, `logs:DeleteLogDelivery`, in us-east-1 only). Forces that log a CloudFront web ACL send the logs to an S3 bucket named `aws-waf-logs-*` in eu-west-2; a CloudWatch Logs log group or Firehose stream would have to be in us-east-1, and stays denied.',
    "The region guardrail SCP holds the certificate, WAF list and log-delivery calls in one statement, `CloudFrontAnyResourceOnlyInuseast1`, instead of 2027.02's two, to stay within the 5,120 characters Organizations allows. Nothing for forces to do. `nplz diff` reports the three new actions and the two statements replaced as a loosened guardrail (exit 3): that is this baseline's decision, in us-east-1 only.",
  ],
  regionGuardrail: {
    allowances: [
      {
        name: 'CloudFrontAnyResource',
        region: 'us-east-1',
        actions: [
          ...byName('CloudFrontCertificates').actions,
          'acm:ImportCertificate',
          ...byName('CloudFrontWebAclLists').actions,
          'logs:CreateLogDelivery',
          'logs:DeleteLogDelivery',
        ].sort(),
        resources: ['*'],
        reason:
          'What a CloudFront distribution needs in us-east-1 besides its web ACLs: its ACM certificates, requested or imported (TLS material, not tenancy data); the WAF calls IAM gives no resource, which read and store nothing; and the log delivery of its web ACL, a setting that sends the logs to an S3 bucket in the UK.',
      },
      byName('CloudFrontWebAcls'),
    ],
  },
});
