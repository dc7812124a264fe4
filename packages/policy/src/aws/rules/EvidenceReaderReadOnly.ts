import { EVIDENCE_READER_ROLES } from '@nplz/core';
import type { AwsRule } from '../types';
import { asArray, fail, flatText } from '../private/cfn';

/**
 * The AWS managed policies that read: what the national evidence readers may hold (AWS Managed
 * Policy Reference: SecurityAudit, ViewOnlyAccess, ReadOnlyAccess). The few actions they hold that
 * are not plain reads are denied in the Suspended OU (`READ_POLICY_EFFECTS`).
 */
const READ_ONLY_MANAGED_POLICIES: readonly string[] = Object.freeze(['SecurityAudit', 'job-function/ViewOnlyAccess', 'ReadOnlyAccess']);

/** `arn:<partition>:iam::aws:policy/<name>` → `<name>`, whatever the partition is written as. */
function awsManagedName(arn: string): string | undefined {
  return /^arn:[^:]+:iam::aws:policy\/(.+)$/.exec(arn)?.[1];
}

export const EvidenceReaderReadOnly: AwsRule = {
  name: 'EvidenceReaderReadOnly',
  control: 'NPLZ-IAM-03',
  resourceTypes: ['AWS::SSO::PermissionSet'],
  info: 'A national evidence reader (auditor or SOC) permission set can do more than read.',
  explanation: `The national auditor and SOC (${EVIDENCE_READER_ROLES.join(', ')}) keep their access to a decommissioning tenancy's accounts, and the Suspended OU's deny-all SCP exempts their Identity Center roles so that they can read its evidence where it is. That is safe only while their permission sets read and nothing else: only AWS's read-only managed policies (${READ_ONLY_MANAGED_POLICIES.join(', ')}), no inline policy, no customer managed policy.`,
  evaluate(r) {
    const name = r.Properties?.Name;
    // A name only known at deploy time may be a reader's: it cannot be shown to read only.
    if (typeof name !== 'string') return fail(`permission set name ${flatText(name)} is not a literal, so it may be an evidence reader's`);
    if (!EVIDENCE_READER_ROLES.includes(name)) return 'NOT_APPLICABLE';
    const problems: string[] = [];
    for (const p of asArray(r.Properties?.ManagedPolicies)) {
      const arn = flatText(p);
      const managed = awsManagedName(arn.replace('${AWS::Partition}', 'aws'));
      if (!managed || !READ_ONLY_MANAGED_POLICIES.includes(managed))
        problems.push(`managed policy ${arn} is not one of AWS's read-only policies`);
    }
    if (r.Properties?.InlinePolicy !== undefined) problems.push('it has an inline policy');
    if (asArray(r.Properties?.CustomerManagedPolicyReferences).length) problems.push('it references customer managed policies');
    return problems.length
      ? fail(`permission set ${name} ${problems.join('; ')}; allowed: only ${READ_ONLY_MANAGED_POLICIES.join(', ')}`)
      : 'COMPLIANT';
  },
};
