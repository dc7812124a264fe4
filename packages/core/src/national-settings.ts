import { z } from 'zod';
import { getBaseline } from './baselines';
import { Problem } from './errors';
import { awsAccountId, baselineVersion, cidr, email, tagValue, tenancyName, uuid } from './fields';

const nationalGroup = z.strictObject({
  displayName: z.string().min(1).describe('the group name people recognise'),
  awsGroupId: z.string().min(1).optional().describe('IAM Identity Center group id'),
  entraObjectId: uuid('an Entra ID group object id').optional(),
});

/** Settings of the national platform: the accounts, subscriptions and hubs every force connects to. */
export const NationalSettingsSchema = z
  .strictObject({
    baseline: baselineVersion.describe('the baseline the national platform runs: the newest version tenancies may pin'),
    aws: z
      .strictObject({
        organizationId: z
          .string()
          .regex(/^o-[a-z0-9]{10,32}$/)
          .describe('the AWS Organizations id, o-xxxxxxxxxx'),
        rootId: z
          .string()
          .regex(/^r-[0-9a-z]{4,32}$/)
          .describe('the organisation root id, r-xxxx'),
        managementAccount: awsAccountId,
        logArchiveAccount: awsAccountId,
        auditAccount: awsAccountId,
        networkAccount: awsAccountId,
        region: z.string().optional().describe('the home region; the baseline home region when omitted'),
        hubCidr: cidr.describe('the network hub range, e.g. 10.0.0.0/16'),
        identityCenter: z.strictObject({
          instanceArn: z
            .string()
            .regex(/^arn:aws:sso:::instance\/ssoins-[a-f0-9]{16}$/)
            .describe('arn:aws:sso:::instance/ssoins-<16 hex>'),
          identityStoreId: z
            .string()
            .regex(/^d-[0-9a-f]{10}$/)
            .describe('d-<10 hex>'),
        }),
      })
      .optional()
      .describe('the national platform on AWS'),
    azure: z
      .strictObject({
        tenantId: uuid('an Entra tenant id'),
        rootManagementGroup: tenancyName.describe('the id of the NPLZ root management group, e.g. nplz'),
        location: z.string().optional().describe('the home location; the baseline home location when omitted'),
        subscriptions: z.strictObject({
          management: uuid('an Azure subscription id'),
          connectivity: uuid('an Azure subscription id'),
          identity: uuid('an Azure subscription id'),
          security: uuid('an Azure subscription id'),
        }),
        hubCidr: cidr.describe('the hub VNet range, e.g. 10.1.0.0/16'),
        policyEnforcement: z
          .enum(['enforce', 'audit-only'])
          .optional()
          .describe(
            'enforce (the default): guardrails deny and deploy; audit-only: every policy assignment reports compliance but denies and deploys nothing (DoNotEnforce), for bringing existing subscriptions under the hierarchy first',
          ),
      })
      .optional()
      .describe('the national platform on Azure'),
    soc: z.strictObject({ email: email.describe('where the national SOC receives alerts') }),
    identity: z
      .strictObject({ groups: z.record(z.string(), nationalGroup).describe('national role id → identity group') })
      .describe('identity groups for the national roles'),
    tags: z.record(z.string(), tagValue).describe('values of the spec-supplied required tags for national resources'),
  })
  .describe('NPLZ national settings');

export type NationalSettings = z.infer<typeof NationalSettingsSchema>;
export type NationalSettingsInput = z.input<typeof NationalSettingsSchema>;

/** Rules across national settings fields that need the baseline. */
export function checkNationalSettings(n: NationalSettings): Problem[] {
  const problems: Problem[] = [];
  const b = getBaseline(n.baseline);
  if (!n.aws && !n.azure)
    problems.push({
      path: 'aws',
      received: undefined,
      message: 'the national platform runs on at least one cloud',
      allowed: 'an `aws` section, an `azure` section, or both',
    });
  if (n.aws?.region && !b.regions.aws.allowed.includes(n.aws.region)) {
    problems.push({
      path: 'aws.region',
      received: n.aws.region,
      message: `region ${n.aws.region} is outside the UK`,
      allowed: `one of: ${b.regions.aws.allowed.join(', ')}`,
    });
  }
  if (n.azure?.location && !b.regions.azure.allowed.includes(n.azure.location)) {
    problems.push({
      path: 'azure.location',
      received: n.azure.location,
      message: `location ${n.azure.location} is outside the UK`,
      allowed: `one of: ${b.regions.azure.allowed.join(', ')}`,
    });
  }
  if (n.aws) {
    const accts = [n.aws.managementAccount, n.aws.logArchiveAccount, n.aws.auditAccount, n.aws.networkAccount];
    const dup = accts.find((a, i) => accts.indexOf(a) !== i);
    if (dup)
      problems.push({
        path: 'aws',
        received: dup,
        message: `account ${dup} is given two national roles`,
        allowed: 'separate management, log archive, audit and network accounts',
      });
  }
  const roleIds = b.roles.national.map((r) => r.id);
  for (const id of Object.keys(n.identity.groups)) {
    if (!roleIds.includes(id))
      problems.push({
        path: `identity.groups.${id}`,
        received: id,
        message: `"${id}" is not a national role in baseline ${b.version}`,
        allowed: `one of: ${roleIds.join(', ')}`,
      });
  }
  for (const t of b.requiredTags.filter((x) => x.source === 'spec')) {
    if (!n.tags[t.key])
      problems.push({ path: `tags.${t.key}`, received: undefined, message: `required tag "${t.key}" is missing`, allowed: t.description });
  }
  return problems;
}
