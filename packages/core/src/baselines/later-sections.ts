import type { Baseline, LaterSections, PublishedSections } from './types';

/**
 * The first values of each section added to the baseline type after publication (see
 * {@link LaterSections}). Baselines published before a section existed (2026.11 and 2027.02) take
 * these values; a later baseline states its own. Each section's values are frozen by a digest in
 * `packages/core/test/published-baselines.test.ts` once added: change them in a new baseline file,
 * never here.
 */
export const LATER_SECTIONS: LaterSections = {
  egress: {
    // Policing and government services, and the operating-system update services workloads need.
    allowedFqdns: ['.police.uk', '.gov.uk', '.windowsupdate.com', '.update.microsoft.com', 'security.ubuntu.com', 'archive.ubuntu.com'],
  },
  // Product choices, not MoPI figures: a month of OFFICIAL backups, a quarter of OFFICIAL-SENSITIVE.
  backup: {
    enrolmentTag: 'nplz:backup',
    dailyAtUtc: '01:00',
    retentionDays: { OFFICIAL: 35, 'OFFICIAL-SENSITIVE': 90 },
    aws: {
      startWindowMinutes: 60,
      completionWindowMinutes: 480,
      // At least the shortest retention above, at most a year (room for a later baseline to lengthen it); two weeks to correct it once set.
      vaultLock: { minRetentionDays: 35, maxRetentionDays: 365, changeableForDays: 14 },
    },
    azure: { softDeleteRetentionDays: 14, immutability: 'Locked', storageRedundancy: 'GeoRedundant', instantRestoreDays: 2 },
  },
  // CloudFront (exempt as a global service) takes its certificates and web ACLs from us-east-1 only.
  regionGuardrail: {
    allowances: [
      {
        name: 'CloudFrontCertificates',
        region: 'us-east-1',
        actions: [
          'acm:AddTagsToCertificate',
          'acm:DeleteCertificate',
          'acm:DescribeCertificate',
          'acm:GetCertificate',
          'acm:ListCertificates',
          'acm:ListTagsForCertificate',
          'acm:RemoveTagsFromCertificate',
          'acm:RenewCertificate',
          'acm:RequestCertificate',
          'acm:ResendValidationEmail',
        ],
        resources: ['*'],
        reason:
          'A CloudFront distribution uses ACM certificates from us-east-1 only; a certificate and its key are TLS material, not tenancy data.',
      },
      {
        name: 'CloudFrontWebAcls',
        region: 'us-east-1',
        actions: [
          'wafv2:Create*',
          'wafv2:Delete*',
          'wafv2:Get*',
          'wafv2:Put*',
          'wafv2:TagResource',
          'wafv2:UntagResource',
          'wafv2:Update*',
        ],
        resources: ['arn:aws:wafv2:us-east-1:*:global/*'],
        reason:
          'WAF web ACLs for CloudFront (scope CLOUDFRONT) are created in us-east-1 only, under the global/ part of the ARN; regional web ACLs stay in the UK.',
      },
      {
        name: 'CloudFrontWebAclLists',
        region: 'us-east-1',
        actions: ['wafv2:CheckCapacity', 'wafv2:DescribeManagedRuleGroup', 'wafv2:List*'],
        resources: ['*'],
        reason:
          'The WAF calls IAM gives no resource, which the console and CloudFormation make to build a CLOUDFRONT web ACL; they read, and store nothing.',
      },
    ],
  },
};

/** The names of the later sections, which a published baseline's digest leaves out. */
export const LATER_SECTION_KEYS: readonly string[] = Object.freeze(Object.keys(LATER_SECTIONS));

/** A published baseline's content with the later sections at their first values. */
export function withLaterSections(published: PublishedSections): Baseline {
  return { ...LATER_SECTIONS, ...published };
}
