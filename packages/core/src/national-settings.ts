import { z } from 'zod';
import { findBaseline } from './baselines';
import { Problem } from './errors';
import { awsAccountId, baselineVersion, checkTagSet, cidr, email, tagKey, tagValue, tenancyName, uuid } from './fields';
import { isReservedTagKey, NPLZ_TAGS, RESERVED_TAG_PREFIX } from './contract/tag-keys';
import { checkMergers, MergerSchema } from './mergers';

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
    tags: z.record(tagKey, tagValue).describe('values of the spec-supplied required tags for national resources'),
    mergers: z
      .array(MergerSchema)
      .optional()
      .describe(
        'forces that became one successor force: the successor owns their tenancies (`force: <successor>`); keep each entry, it is the record of the merger',
      ),
  })
  .describe('NPLZ national settings');

export type NationalSettings = z.infer<typeof NationalSettingsSchema>;
export type NationalSettingsInput = z.input<typeof NationalSettingsSchema>;

type Loose<T> = T extends readonly (infer U)[]
  ? readonly (Loose<U> | undefined)[]
  : T extends object
    ? { readonly [K in keyof T]?: Loose<T[K]> }
    : T;
/** National settings with the values the schema refused taken out: every field may be missing. */
export type LooseNationalSettings = Loose<NationalSettings>;

/** Rules across national settings fields that need the baseline. Each runs when the fields it reads are there. */
export function checkNationalSettings(n: LooseNationalSettings): Problem[] {
  const problems: Problem[] = [];
  const b = n.baseline === undefined ? undefined : findBaseline(n.baseline);
  if (!n.aws && !n.azure)
    problems.push({
      path: 'aws',
      received: undefined,
      message: 'the national platform runs on at least one cloud',
      allowed: 'an `aws` section, an `azure` section, or both',
    });
  if (b && n.aws?.region && !b.regions.aws.allowed.includes(n.aws.region)) {
    problems.push({
      path: 'aws.region',
      received: n.aws.region,
      message: `region ${n.aws.region} is outside the UK`,
      allowed: `one of: ${b.regions.aws.allowed.join(', ')}`,
    });
  }
  if (b && n.azure?.location && !b.regions.azure.allowed.includes(n.azure.location)) {
    problems.push({
      path: 'azure.location',
      received: n.azure.location,
      message: `location ${n.azure.location} is outside the UK`,
      allowed: `one of: ${b.regions.azure.allowed.join(', ')}`,
    });
  }
  if (n.aws) {
    const roles = ['managementAccount', 'logArchiveAccount', 'auditAccount', 'networkAccount'] as const;
    const seen = new Map<string, string>();
    for (const role of roles) {
      const id = n.aws[role];
      if (id === undefined) continue;
      const prior = seen.get(id);
      if (prior)
        problems.push({
          path: `aws.${role}`,
          received: id,
          message: `account ${id} is given two national roles (${prior} and ${role})`,
          allowed: 'separate management, log archive, audit and network accounts',
        });
      else seen.set(id, role);
    }
  }
  if (n.azure?.subscriptions) {
    // Subscription ids are GUIDs: Azure compares them without regard to letter case.
    const seen = new Map<string, string>();
    for (const [role, id] of Object.entries(n.azure.subscriptions)) {
      if (typeof id !== 'string') continue;
      const prior = seen.get(id.toLowerCase());
      if (prior)
        problems.push({
          path: `azure.subscriptions.${role}`,
          received: id,
          message: `subscription ${id} is given two national roles (${prior} and ${role}; ids are compared without regard to letter case)`,
          allowed: 'separate management, connectivity, identity and security subscriptions',
        });
      else seen.set(id.toLowerCase(), role);
    }
  }
  const groups = n.identity?.groups;
  if (b && groups) {
    const roleIds = b.roles.national.map((r) => r.id);
    for (const id of Object.keys(groups)) {
      if (!roleIds.includes(id))
        problems.push({
          path: `identity.groups.${id}`,
          received: id,
          message: `"${id}" is not a national role in baseline ${b.version}`,
          allowed: `one of: ${roleIds.join(', ')}`,
        });
    }
  }
  problems.push(...checkMergers(n.mergers));
  const tags = n.tags;
  if (tags) {
    if (b)
      for (const t of b.requiredTags.filter((x) => x.source === 'spec')) {
        if (!Object.hasOwn(tags, t.key))
          problems.push({
            path: `tags.${t.key}`,
            received: undefined,
            message: `required tag "${t.key}" is missing`,
            allowed: t.description,
          });
      }
    for (const key of Object.keys(tags))
      if (isReservedTagKey(key))
        problems.push({
          path: `tags.${key}`,
          received: tags[key],
          message: `tag keys starting "${RESERVED_TAG_PREFIX}" (in any letter case) are set by NPLZ itself`,
          allowed: `a key that does not start with "${RESERVED_TAG_PREFIX}"`,
        });
    problems.push(...checkTagSet(tags, 'tags', Object.keys(NPLZ_TAGS).length));
  }
  return problems;
}
