import type { AwsRule } from '../types';
import { fail, isFalse, isTrue } from '../private/cfn';

export const CloudTrailOrganizationTrail: AwsRule = {
  name: 'CloudTrailOrganizationTrail',
  control: 'NPLZ-LOG-01',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  info: 'The trail is not an organisation-wide, multi-region, integrity-validated, KMS-encrypted trail.',
  explanation:
    'Every management action in every account is recorded centrally with integrity validation. Set IsOrganizationTrail, IsMultiRegionTrail, IncludeGlobalServiceEvents, EnableLogFileValidation and IsLogging to true and KMSKeyId to a customer-managed key.',
  evaluate(r) {
    const p = r.Properties ?? {};
    const missing: string[] = [];
    if (!isTrue(p.IsOrganizationTrail)) missing.push('IsOrganizationTrail');
    if (!isTrue(p.IsMultiRegionTrail)) missing.push('IsMultiRegionTrail');
    if (isFalse(p.IncludeGlobalServiceEvents)) missing.push('IncludeGlobalServiceEvents');
    if (!isTrue(p.EnableLogFileValidation)) missing.push('EnableLogFileValidation');
    if (!isTrue(p.IsLogging)) missing.push('IsLogging');
    if (p.KMSKeyId === undefined || p.KMSKeyId === '') missing.push('KMSKeyId');
    return missing.length ? fail(`not set: ${missing.join(', ')}`) : 'COMPLIANT';
  },
};
