import type { AwsRule } from '../types';
import { fail, flatText, isNationalArchive, isNationalConfigArchive, resolveRef } from '../private/cfn';

export const LogsDeliveredToNationalArchive: AwsRule = {
  name: 'LogsDeliveredToNationalArchive',
  control: 'NPLZ-LOG-02',
  resourceTypes: ['AWS::EC2::FlowLog', 'AWS::CloudTrail::Trail', 'AWS::Config::DeliveryChannel'],
  info: 'Logs are not delivered to the national log archive.',
  explanation:
    "A force's logs land in the national archive so the national SOC sees every force. Deliver flow logs (LogDestinationType s3) and trails to the national log archive bucket (nplz-log-archive-<account>-<region> unless named otherwise), and Config to the national Config archive (nplz-config-archive-<account>-<region>): Config cannot deliver to the object-locked archive.",
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
    if (r.Type === 'AWS::Config::DeliveryChannel') {
      if (isNationalConfigArchive(text, ctx)) return 'COMPLIANT';
      if (isNationalArchive(text, ctx))
        return fail(
          `destination ${text} is the object-locked log archive, which AWS Config cannot deliver to (Config refuses buckets with Object Lock enabled); deliver to the national Config archive`,
        );
      return fail(`destination ${text || 'unset'} is not the national Config archive`);
    }
    return isNationalArchive(text, ctx) ? 'COMPLIANT' : fail(`destination ${text || 'unset'} is not the national log archive`);
  },
};
