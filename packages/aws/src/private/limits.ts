/**
 * AWS service quotas that break landing zones mid-deployment. These are AWS's hard limits,
 * not national policy, so they live here and not in the baseline.
 */
export const AWS_LIMITS = {
  /** Characters in one service or resource control policy document (Organizations quota). */
  policyDocumentChars: 5120,
  /** Policies of one type attached to one root, OU or account, counting the AWS-managed full-access policy. */
  policiesPerTarget: 5,
  /** Resources in one CloudFormation stack. */
  resourcesPerStack: 500,
  /** Outputs in one CloudFormation stack. */
  outputsPerStack: 200,
} as const;
