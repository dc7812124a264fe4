import type { AwsRule } from '../types';
import { fail, isTrue } from '../private/cfn';

export const KmsKeyRotationEnabled: AwsRule = {
  name: 'KmsKeyRotationEnabled',
  control: 'NPLZ-ENC-02',
  resourceTypes: ['AWS::KMS::Key'],
  info: 'Automatic rotation is off on the symmetric KMS key.',
  explanation:
    'Keys are rotated automatically so compromised key material has a bounded lifetime (encryption.keyRotation in the baseline). Set EnableKeyRotation: true. Asymmetric and HMAC keys cannot rotate and are not checked.',
  evaluate(r, ctx) {
    if (!ctx.baseline.encryption.keyRotation) return 'NOT_APPLICABLE';
    const spec = r.Properties?.KeySpec;
    if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') return 'NOT_APPLICABLE';
    return isTrue(r.Properties?.EnableKeyRotation) ? 'COMPLIANT' : fail('EnableKeyRotation is not true');
  },
};
