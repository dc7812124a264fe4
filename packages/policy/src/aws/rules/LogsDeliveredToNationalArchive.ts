import type { AwsRule } from '../types';
import { fail, flatText, isNationalArchive, resolveRef } from '../private/cfn';

export const LogsDeliveredToNationalArchive: AwsRule = {
  name: 'LogsDeliveredToNationalArchive',
  control: 'NPLZ-LOG-02',
  resourceTypes: ['AWS::EC2::FlowLog', 'AWS::CloudTrail::Trail', 'AWS::Config::DeliveryChannel'],
  info: 'Logs are not delivered to the national log archive.',
  explanation:
    "A force's logs land in the national archive so the national SOC sees every force. Deliver flow logs (LogDestinationType s3), trails and Config to the national log archive bucket (nplz-log-archive-<account>-<region> unless named otherwise).",
  evaluate(r, ctx) {
    const p = r.Properties ?? {};
    let dest: unknown;
    if (r.Type === 'AWS::EC2::FlowLog') {
      if (p.LogDestinationType !== 's3')
        return fail(`flow logs go to ${p.LogDestinationType ?? 'cloud-watch-logs'}, not the national archive bucket`);
      dest = p.LogDestination;
    } else {
      dest = p.S3BucketName;
    }
    // A bucket in the same template is named by its BucketName.
    const local = resolveRef(dest, ctx);
    const text = local?.resource.Type === 'AWS::S3::Bucket' ? flatText(local.resource.Properties?.BucketName) : flatText(dest);
    return isNationalArchive(text, ctx) ? 'COMPLIANT' : fail(`destination ${text || 'unset'} is not the national log archive`);
  },
};
