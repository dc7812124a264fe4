import type { AwsRule, CfnJson } from '../types';
import { asArray, fail, isFalse, isTrue } from '../private/cfn';

export const EbsVolumeEncrypted: AwsRule = {
  name: 'EbsVolumeEncrypted',
  control: 'NPLZ-ENC-03',
  resourceTypes: ['AWS::EC2::Volume', 'AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate'],
  info: 'An EBS volume is created unencrypted.',
  explanation:
    'Block storage must be encrypted. Set Encrypted: true on volumes and block device mappings (account-level EBS encryption by default is also required, see the presence checks).',
  evaluate(r) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::EC2::Volume') return isTrue(p.Encrypted) ? 'COMPLIANT' : fail('Encrypted is not true');
    const mappings = asArray<CfnJson>(
      r.Type === 'AWS::EC2::Instance' ? p.BlockDeviceMappings : p.LaunchTemplateData?.BlockDeviceMappings,
    ).filter((m) => m.Ebs);
    if (!mappings.length) return 'NOT_APPLICABLE';
    // Unset Encrypted falls back to the account's EBS encryption by default; an explicit false opts out of it.
    const off = mappings.filter((m) => isFalse(m.Ebs.Encrypted)).map((m) => m.DeviceName ?? '?');
    return off.length ? fail(`block device(s) ${off.join(', ')} explicitly unencrypted`) : 'COMPLIANT';
  },
};
