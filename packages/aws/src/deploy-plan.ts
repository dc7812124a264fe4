import { CfnParameter, Stack, Token, aws_ec2 as ec2, aws_organizations as organizations, aws_sso as sso } from 'aws-cdk-lib';
import { AWS_GLOBAL_EVENTS_DEPLOYMENT, Estate, NplzError, isCollaboration, owningForce } from '@nplz/core';
import { AccountBaselineStackSet } from './account-baseline-stack-set';
import { decommissionSteps } from './decommission';
import { mergerSteps } from './merge';
import { FLEET_OUS, NATIONAL_STACK_IDS, NationalLandingZoneStacks } from './national-landing-zone';
import { NationalOrganization } from './national-organization';
import { AWS_LIMITS } from './private/limits';
import { EXEMPT_ROLE_NAMES, policySize } from './private/guardrail-policies';
import { ForceTenancyStack } from './force-tenancy-stack';
import { forceOuName } from './merge';
import { securityHubLinkedRegions } from './security-tooling';

/** One thing to deploy: a stack, or the StackSet a stack creates (whose instances CloudFormation rolls out). */
export interface DeployPlanItem {
  readonly kind: 'stack' | 'stackset';
  /** Stack id (the assembly artifact and `cdk deploy` name), or the StackSet name. */
  readonly id: string;
  /** The account it deploys into; for a StackSet, the OUs whose accounts receive it. */
  readonly account: string;
  /** Region(s). */
  readonly region: string;
  readonly description: string;
  /** Ids of the items it must follow (stack dependencies; for a StackSet, the stack that creates it). */
  readonly after: readonly string[];
}

/** Something an operator does by hand, because no template can. */
export interface DeployPlanStep {
  readonly id: string;
  readonly title: string;
  /** The account to run it from. */
  readonly account: string;
  /** What to run, where a command does it. */
  readonly commands: readonly string[];
  readonly why: string;
}

/** A service quota the estate needs raised before the first deploy. */
export interface DeployPlanQuota {
  readonly service: string;
  readonly quota: string;
  readonly account: string;
  readonly region: string;
  readonly default: number;
  readonly needed: number;
  readonly adjustable: boolean;
}

/** The authorisation policy types whose attachments and sizes the Organizations quotas limit. */
export type AuthorizationPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

/** Policies of one type attached directly to one target (root, OU, or a group of OUs attached alike). */
export interface DeployPlanPolicyAttachments {
  readonly type: AuthorizationPolicyType;
  /** `root`, a top-level OU name, or `Forces/<force>`; force OUs attached alike share one row (`Forces/* (each of the 43 force OUs)`). */
  readonly target: string;
  /** Policies attached directly, counting the AWS full-access policy (FullAWSAccess or RCPFullAWSAccess). */
  readonly attached: number;
  readonly quota: number;
  /** The NPLZ policies attached directly (the AWS full-access policy is not listed). */
  readonly policies: readonly string[];
  /** At or above 95% of the quota. */
  readonly flagged: boolean;
}

/** The size of one rendered SCP or RCP, as AWS counts it (the minified JSON). */
export interface DeployPlanPolicySize {
  readonly type: AuthorizationPolicyType;
  readonly name: string;
  readonly characters: number;
  readonly quota: number;
  /** At or above 95% of the quota. */
  readonly flagged: boolean;
}

/**
 * How much room the organisation's guardrails leave under the Organizations quotas: what a force
 * or the national team can still attach to a target, or add to a policy, without removing anything.
 */
export interface DeployPlanPolicyHeadroom {
  readonly attachments: readonly DeployPlanPolicyAttachments[];
  readonly sizes: readonly DeployPlanPolicySize[];
  /** One line per target at its quota or policy at or above 95% of the size limit (synth prints them as warnings). */
  readonly findings: readonly string[];
}

/** Items of one wave that must deploy one at a time (`cdk deploy --concurrency 1`, the CLI's default). */
export interface DeployPlanSerialGroup {
  readonly ids: readonly string[];
  readonly why: string;
}

export interface DeployPlanWave {
  readonly wave: number;
  /** Manual steps to finish before this wave. */
  readonly before: readonly DeployPlanStep[];
  /** Everything in the wave can deploy in parallel, except the items of a `serial` group; each item's `after` is in an earlier wave. */
  readonly items: readonly DeployPlanItem[];
  /** Items of this wave to deploy one at a time, not in parallel with each other. */
  readonly serial: readonly DeployPlanSerialGroup[];
}

/** `<out>/deploy-plan.json`: the first deploy of the AWS estate, in order. */
export interface DeployPlan {
  readonly tool: 'nplz';
  readonly baseline: string;
  /** What must exist or be registered before wave 1, that no template can do. */
  readonly prerequisites: readonly DeployPlanStep[];
  /** Quotas to raise before wave 1 (only those the estate exceeds). */
  readonly quotas: readonly DeployPlanQuota[];
  /** Organizations policy headroom: attachments per target and size per policy, against their quotas. */
  readonly policyHeadroom: DeployPlanPolicyHeadroom;
  readonly waves: readonly DeployPlanWave[];
  /** After the last wave. */
  readonly afterwards: readonly DeployPlanStep[];
}

/** Default AWS quotas the plan compares the estate with (Transit Gateway, Organizations, Identity Center quotas pages). */
export const AWS_DEFAULT_QUOTAS = {
  transitGatewayRouteTables: { default: 20, adjustable: true },
  transitGatewayAttachments: { default: 5000, adjustable: false },
  transitGatewayRoutes: { default: 10_000, adjustable: true },
  organizationAccounts: { default: 10, adjustable: true },
} as const;

/**
 * The deploy plan of an estate's AWS stacks: ordered waves (every stack, and the fleet StackSet,
 * with its account and region, after everything it depends on), the prerequisites no template can
 * do, the quotas the estate needs raised, and the manual steps between waves. Call it after
 * `app.synth()`: aws-cdk-lib turns cross-stack references into stack dependencies only then.
 *
 * @throws NplzError when the estate exceeds a quota AWS does not raise (attachments per Transit Gateway).
 */
export function deployPlan(estate: Estate, lz: NationalLandingZoneStacks): DeployPlan {
  const aws = estate.national.aws;
  if (!aws) {
    throw NplzError.of({
      file: estate.nationalFile,
      path: 'aws',
      received: undefined,
      message: 'the national settings have no AWS section',
      allowed: 'an `aws` section',
    });
  }
  const stacks = [...lz.nationalStacks, ...lz.tenancyStacks.values()];
  const region = (s: Stack) => (Token.isUnresolved(s.region) ? lz.baseline.regions.aws.home : s.region);
  const items: DeployPlanItem[] = stacks.map((s) => ({
    kind: 'stack',
    id: s.node.id,
    account: s.account,
    region: region(s),
    description: s.templateOptions.description ?? '',
    after: s.dependencies.map((d) => d.node.id).sort(),
  }));
  for (const s of stacks) {
    for (const ss of s.node.findAll().filter((c): c is AccountBaselineStackSet => c instanceof AccountBaselineStackSet)) {
      const everyAccount = `every account of the ${FLEET_OUS.join(', ')} OUs, the management account excepted (service-managed, auto-deploying)`;
      items.push({
        kind: 'stackset',
        id: ss.stackSetName,
        account: everyAccount,
        region: lz.baseline.regions.aws.allowed.join(', '),
        description: `the account baseline, created by ${s.node.id}; its instances roll out as the stack creates it`,
        after: [s.node.id],
      });
      if (ss.globalEvents) {
        items.push({
          kind: 'stackset',
          id: AWS_GLOBAL_EVENTS_DEPLOYMENT.stackSetName,
          account: everyAccount,
          region: AWS_GLOBAL_EVENTS_DEPLOYMENT.region,
          description: `the global services' alert rules (IAM, Organizations, console sign-in, root, break-glass), created by ${s.node.id}, forwarding to the national SOC bus; the only deployment outside the allowed regions`,
          after: [s.node.id, ss.stackSetName],
        });
      }
    }
  }

  // The force stacks' budgets notify the alerts topic the fleet StackSet's instance creates in their
  // account, and Nplz-Security's organisation Config rules are evaluated by the Config recorder
  // each instance creates (in an account without one the rule's creation fails: CREATE_FAILED in its member-account status):
  // both follow the StackSet's roll-out, not only the stack that creates it.
  const fleetStackSet = items.find((i) => i.kind === 'stackset' && i.id !== AWS_GLOBAL_EVENTS_DEPLOYMENT.stackSetName);
  if (fleetStackSet) {
    const followsRollOut = (id: string) => lz.tenancyStacks.has(id) || id === NATIONAL_STACK_IDS.security;
    for (const [i, item] of items.entries()) {
      if (followsRollOut(item.id)) items[i] = { ...item, after: [...new Set([...item.after, fleetStackSet.id])].sort() };
    }
  }

  // Waves: an item's wave is one more than the latest wave of what it follows.
  const byId = new Map(items.map((i) => [i.id, i]));
  const waveOf = new Map<string, number>();
  const visiting = new Set<string>();
  const wave = (id: string): number => {
    const known = waveOf.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) throw new Error(`deploy plan: a dependency cycle through ${id}`);
    visiting.add(id);
    const item = byId.get(id);
    const w = 1 + Math.max(0, ...(item?.after ?? []).filter((a) => byId.has(a)).map(wave));
    visiting.delete(id);
    waveOf.set(id, w);
    return w;
  };
  items.forEach((i) => wave(i.id));

  const m = aws.managementAccount;
  const audit = aws.auditAccount;
  const guardDutyDesignation: DeployPlanStep = {
    id: 'guardduty-delegated-admin',
    title: 'Make the audit account the GuardDuty delegated administrator, and enable GuardDuty in every member',
    account: `${m} (management), then ${audit} (audit)`,
    commands: [
      `aws guardduty enable-organization-admin-account --admin-account-id ${audit}   # from the management account, in ${lz.baseline.regions.aws.allowed.join(', ')}`,
      `aws guardduty update-organization-configuration --detector-id $(aws guardduty list-detectors --query 'DetectorIds[0]' --output text) --auto-enable-organization-members ALL   # from the audit account`,
    ],
    why: 'CloudFormation has no resource for the GuardDuty designation. It must follow Nplz-Security: designating an account enables GuardDuty in it, and the detector that stack declares would then fail ("a detector already exists"); designating an account that has a detector adopts it.',
  };
  // Central configuration needs a finding aggregator in the home region; with no other allowed
  // region its mode is NO_REGIONS, which CloudFormation's RegionLinkingMode does not accept.
  const home = lz.baseline.regions.aws.home;
  const aggregatorStep: DeployPlanStep = {
    id: 'securityhub-finding-aggregator',
    title: 'Create the Security Hub finding aggregator in the home region (central configuration needs it)',
    account: `${audit} (audit)`,
    commands: [`aws securityhub create-finding-aggregator --region-linking-mode NO_REGIONS --region ${home}   # from the audit account`],
    why: `Security Hub central configuration (Nplz-SecurityOrganization) requires cross-Region aggregation with ${home} as the home Region. The baseline allows no other region to link, and CloudFormation's AWS::SecurityHub::FindingAggregator accepts only ALL_REGIONS, ALL_REGIONS_EXCEPT_SPECIFIED and SPECIFIED_REGIONS, none of which stays within the allowed regions with nothing linked.`,
  };
  const maxWave = Math.max(...waveOf.values());
  const adminWave = waveOf.get(NATIONAL_STACK_IDS.securityAdmin);
  const orgConfigWave = waveOf.get(NATIONAL_STACK_IDS.securityOrganization);
  const needsAggregatorStep = securityHubLinkedRegions(lz.baseline).length === 0;
  const placement = placementSteps(estate, items, waveOf);
  const parameters = parameterSteps(stacks, lz, waveOf);
  const identityIds = items.filter((i) => i.id.startsWith(`${NATIONAL_STACK_IDS.identity}-`)).map((i) => i.id);
  const waves: DeployPlanWave[] = [];
  for (let w = 1; w <= maxWave; w++) {
    const inWave = items.filter((i) => waveOf.get(i.id) === w).sort((a, b) => a.id.localeCompare(b.id));
    const identity = identityIds.filter((id) => waveOf.get(id) === w).sort();
    waves.push({
      wave: w,
      before: [
        ...placement.filter((p) => p.wave === w).map((p) => p.step),
        ...(w === adminWave ? [guardDutyDesignation] : []),
        ...(w === orgConfigWave && needsAggregatorStep ? [aggregatorStep] : []),
        ...parameters.filter((p) => p.wave === w).map((p) => p.step),
      ],
      items: inWave,
      serial:
        identity.length > 1
          ? [
              {
                ids: identity,
                why: 'Identity Center provisions one permission set into an account at a time and throttles assignment writes; each identity stack already runs its assignments in at most five DependsOn lanes, and several at once would multiply that. `cdk deploy` deploys them one at a time by default (--concurrency 1): do not raise it for these stacks.',
              },
            ]
          : [],
    });
  }

  // Quotas, from what the estate renders.
  const all = stacks.flatMap((s) => s.node.findAll());
  const routeTables = all.filter((c) => c instanceof ec2.CfnTransitGatewayRouteTable).length;
  const routes = all.filter((c) => c instanceof ec2.CfnTransitGatewayRoute).length;
  const attachments = lz.tenancyStacks.size + 1; // every spoke and the inspection VPC
  const accounts = new Set(stacks.map((s) => s.account));
  const netRegion = lz.baseline.regions.aws.home;
  const q = AWS_DEFAULT_QUOTAS;
  if (attachments > q.transitGatewayAttachments.default) {
    throw NplzError.of({
      path: 'tenancies',
      received: attachments,
      message: `the estate needs ${attachments} attachments on the hub Transit Gateway; AWS allows ${q.transitGatewayAttachments.default} and does not raise it`,
      allowed: `at most ${q.transitGatewayAttachments.default - 1} tenancy environments on AWS`,
    });
  }
  const quotas: DeployPlanQuota[] = [
    {
      service: 'Transit Gateway',
      quota: 'Transit gateway route tables per transit gateway',
      account: aws.networkAccount,
      region: netRegion,
      default: q.transitGatewayRouteTables.default,
      needed: routeTables,
      adjustable: true,
    },
    {
      service: 'Transit Gateway',
      quota: 'Total combined routes (dynamic and static) across all route tables for a single transit gateway',
      account: aws.networkAccount,
      region: netRegion,
      default: q.transitGatewayRoutes.default,
      needed: routes + attachments,
      adjustable: true,
    },
    {
      service: 'Organizations',
      quota: 'Number of AWS accounts in an organization',
      account: m,
      region: 'us-east-1 (global)',
      default: q.organizationAccounts.default,
      needed: accounts.size,
      adjustable: true,
    },
  ].filter((x) => x.needed > x.default);

  const assignments = all.filter((c) => c instanceof sso.CfnAssignment).length;
  const prerequisites: DeployPlanStep[] = [
    {
      id: 'organization-policy-types',
      title: 'Enable the organisation policy types the guardrails use',
      account: `${m} (management)`,
      commands: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY', 'TAG_POLICY', 'BACKUP_POLICY'].map(
        (t) => `aws organizations enable-policy-type --root-id ${aws.rootId} --policy-type ${t}`,
      ),
      why: 'CloudFormation creates policies but cannot enable a policy type on the root.',
    },
    {
      id: 'backup-policies',
      title: 'Let AWS Backup act on the organisation backup policy (nplz-backups)',
      account: `${m} (management)`,
      commands: ['aws organizations enable-aws-service-access --service-principal backup.amazonaws.com'],
      why: 'The backup policy (type BACKUP_POLICY, enabled on the root above) creates its plans in each account only once AWS Backup has trusted access to the organisation; CloudFormation cannot grant it. The vault and role of each account come with the fleet StackSet, before the plans first run.',
    },
    {
      id: 'stacksets-trusted-access',
      title: 'Activate trusted access for service-managed StackSets',
      account: `${m} (management)`,
      commands: ['aws cloudformation activate-organizations-access'],
      why: 'The fleet StackSet (nplz-account-baseline) is service-managed and auto-deploying.',
    },
    {
      id: 'delegated-administrators',
      title:
        'Register the audit account as delegated administrator for CloudTrail, AWS Config and IAM Access Analyzer; enable Security Hub and GuardDuty service access',
      account: `${m} (management)`,
      commands: [
        ...[
          'cloudtrail.amazonaws.com',
          'config.amazonaws.com',
          'config-multiaccountsetup.amazonaws.com',
          'access-analyzer.amazonaws.com',
          'securityhub.amazonaws.com',
          'guardduty.amazonaws.com',
          'member.org.stacksets.cloudformation.amazonaws.com',
        ].map((p) => `aws organizations enable-aws-service-access --service-principal ${p}`),
        `aws cloudtrail register-organization-delegated-admin --member-account-id ${audit}`,
        ...['config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com', 'access-analyzer.amazonaws.com'].map(
          (p) => `aws organizations register-delegated-administrator --account-id ${audit} --service-principal ${p}`,
        ),
        `aws iam create-service-linked-role --aws-service-name config.amazonaws.com   # in the audit account`,
      ],
      why: 'CloudFormation has no resource for these registrations. The Security Hub designation is a stack (Nplz-SecurityAdmin) and the GuardDuty one a step between waves, because both services enable themselves in the account designated.',
    },
    {
      id: 'cdk-bootstrap-management',
      title: `Bootstrap CDK in the management account, in ${home}`,
      account: `${m} (management)`,
      commands: [`cdk bootstrap aws://${m}/${home}`],
      why: `The management account's stacks deploy with the CDK CLI, which needs the bootstrap stack in the environments it deploys to. ${NATIONAL_STACK_IDS.managementGlobalEvents}, in ${AWS_GLOBAL_EVENTS_DEPLOYMENT.region} (the global services' events of the management account arrive on its ${AWS_GLOBAL_EVENTS_DEPLOYMENT.region} default bus, and the service-managed ${AWS_GLOBAL_EVENTS_DEPLOYMENT.stackSetName} StackSet never deploys to the management account), needs none there: it has no assets, its template is passed inline (under CloudFormation's 51,200 bytes), and it deploys with the ${home} bootstrap roles (IAM is global), so no CDKToolkit bucket or repository is created outside the allowed regions. SCPs do not apply to the management account, so the region guardrail does not refuse the stack.`,
    },
    {
      id: 'cdk-bootstrap-national',
      title: 'Bootstrap CDK in the log archive, audit and network accounts before the guardrails attach',
      account: `${aws.logArchiveAccount}, ${audit}, ${aws.networkAccount}`,
      commands: [aws.logArchiveAccount, audit, aws.networkAccount].map(
        (a) =>
          `cdk bootstrap aws://${a}/${home} --trust ${m} --cloudformation-execution-policies ${CDK_EXECUTION_POLICY}   # before wave 2`,
      ),
      why: `Nplz-Organization (wave 2) attaches the guardrails, which deny creating or changing the CDK bootstrap roles (cdk-hnb659fds-cfn-exec-role-*, cdk-hnb659fds-deploy-role-*) to anyone but an exempt role, so CDKToolkit must exist in each national account while it is still outside the NPLZ OUs, before the move-accounts step. The management account deploys with the roles it trusts (--trust); --trust needs the execution policies named. ${BOOTSTRAP_UPGRADE}`,
    },
    {
      id: 'cdk-bootstrap-tenancies',
      title: 'Bootstrap CDK in every tenancy account, before it moves into its OU',
      account: tenancyAccounts(estate)
        .map((a) => a.id)
        .join(', '),
      commands: [...new Set([...lz.tenancyStacks.values()].map((s) => `aws://${s.account}/${region(s)}`))].map(
        (env) =>
          `cdk bootstrap ${env} --trust ${m} --cloudformation-execution-policies ${CDK_EXECUTION_POLICY}   # before the move-accounts step (wave ${placement[0]?.wave ?? 3})`,
      ),
      why: `The force stacks (Force-<tenancy>-<env>) are ordinary CDK stacks: their templates go through the assets bucket cdk-hnb659fds-assets-<account>-${home} and check the BootstrapVersion parameter, and they deploy from the management account through the deploy role it trusts. The guardrails protect the bootstrap roles in every account under the NPLZ OUs, so each account is bootstrapped while still at the root, with the same execution policy as the national accounts. ${BOOTSTRAP_UPGRADE}`,
    },
    {
      id: 'ram-sharing',
      title: 'Enable AWS RAM sharing with the organisation',
      account: `${m} (management)`,
      commands: ['aws ram enable-sharing-with-aws-organization'],
      why: 'The hub Transit Gateway is shared with the organisation.',
    },
    {
      id: 'identity-center',
      title: 'IAM Identity Center: the organisation instance, the external identity provider, and the groups',
      account: `${m} (management)`,
      commands: [
        `aws sso-admin list-instances   # must list ${aws.identityCenter.instanceArn}`,
        'Connect the external identity provider (Entra ID) as the identity source and provision groups with SCIM.',
        `Every awsGroupId in the national settings and tenancy specs must exist in identity store ${aws.identityCenter.identityStoreId}: ${assignments} assignments name them.`,
      ],
      why: 'CloudFormation cannot create the Identity Center instance or its identity source, and an assignment to a group that does not exist fails.',
    },
    ...quotas.map((x) => ({
      id: `quota-${x.quota.toLowerCase().replace(/[^a-z]+/g, '-')}`,
      title: `Raise "${x.quota}" (${x.service}) from ${x.default} to at least ${x.needed}`,
      account: x.account,
      commands: [
        `aws service-quotas request-service-quota-increase --service-code <code> --quota-code <code> --desired-value ${x.needed}   # in ${x.region}; find the codes with aws service-quotas list-service-quotas`,
      ],
      why: `The estate renders ${x.needed}; the default is ${x.default}.`,
    })),
  ];

  const afterwards: DeployPlanStep[] = [
    {
      id: 'spoke-attachments',
      title: 'Associate the spoke attachments: second phase of the routing stacks',
      account: `${aws.networkAccount} (network)`,
      commands: [
        "Collect each Force stack's HubAttachment id (aws cloudformation describe-stack-resources), pass them as spokeAttachments (or in the published manifest), synthesise again and deploy the Nplz-NetworkRouting-* stacks.",
      ],
      why: 'Attachment ids exist only once the force stacks have deployed; until their association, spokes reach nothing.',
    },
    {
      id: 'soc-subscription',
      title: 'Confirm the SOC mailbox subscription',
      account: `${audit} (audit)`,
      commands: [`Confirm the SNS subscription email sent to ${estate.national.soc.email}.`],
      why: 'SNS email subscriptions stay pending until confirmed; no alert is delivered before.',
    },
    {
      id: 'backup-vault-lock',
      title: `Confirm each account's backup vault lock within ${lz.baseline.backup.aws.vaultLock.changeableForDays} days of its first deployment`,
      account: 'every force and collaboration account',
      commands: [
        `aws backup describe-backup-vault --backup-vault-name nplz-backup-vault   # Locked, MinRetentionDays ${lz.baseline.backup.aws.vaultLock.minRetentionDays}, MaxRetentionDays ${lz.baseline.backup.aws.vaultLock.maxRetentionDays}, LockDate`,
      ],
      why: `Vault Lock is in compliance mode: until its LockDate (ChangeableForDays = ${lz.baseline.backup.aws.vaultLock.changeableForDays} after it is set) the lock can still be changed or removed; after it, no one, AWS included, can change it, delete the vault while it holds recovery points, or shorten a retention below ${lz.baseline.backup.aws.vaultLock.minRetentionDays} days.`,
    },
    {
      id: 'national-roles-in-unlisted-accounts',
      title: 'Assign the national SOC and auditor permission sets in accounts the estate does not list (sandboxes)',
      account: `${m} (management)`,
      commands: [
        `aws sso-admin create-account-assignment --instance-arn ${aws.identityCenter.instanceArn} --target-type AWS_ACCOUNT --target-id <account> --permission-set-arn <national-security-analyst or national-auditor> --principal-type GROUP --principal-id <group>`,
      ],
      why: "Identity Center assigns per account, with no OU-wide assignment, and the estate names only the national and tenancy accounts; Nplz-Identity assigns the SOC and auditor roles in the national accounts and each tenancy's Nplz-Identity-<tenancy> in its accounts.",
    },
    ...mergerSteps(estate),
    ...decommissionSteps(estate),
  ];
  const org = stacks.flatMap((st) => st.node.findAll()).find((c): c is NationalOrganization => c instanceof NationalOrganization);
  const policyHeadroom = org ? organizationPolicyHeadroom(org) : { attachments: [], sizes: [], findings: [] };
  return { tool: 'nplz', baseline: lz.baseline.version, prerequisites, quotas, policyHeadroom, waves, afterwards };
}

/** The execution policy of the CDK bootstrap in every member account (the CLI's default, named because --trust needs it). */
const CDK_EXECUTION_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

const BOOTSTRAP_UPGRADE = `A later bootstrap upgrade in an account under the guardrails runs as an SCP-exempt role (${EXEMPT_ROLE_NAMES.join(', ')}): a service-managed StackSet (its stacksets-exec role) or a national nplz-* role, never the CDK roles or an Identity Center role.`;

/** An account the estate names, and the OU path it belongs in. */
interface AccountPlacement {
  readonly id: string;
  /** `Security`, `Infrastructure`, `Collaborations` or `Forces/<force>`. */
  readonly ou: string;
  readonly label: string;
}

function tenancyAccounts(estate: Estate): AccountPlacement[] {
  return estate.tenancies
    .map((t) => t.spec)
    .filter((s) => s.aws)
    .flatMap((s) => {
      const force = owningForce(s);
      const ou = isCollaboration(s) || force === undefined ? 'Collaborations' : `Forces/${forceOuName(force)}`;
      return Object.entries(s.aws?.accounts ?? {}).map(([env, id]) => ({ id, ou, label: `${s.name} ${env}` }));
    });
}

/** Where each account the estate names goes: the national accounts and every tenancy account. */
export function accountPlacements(estate: Estate): AccountPlacement[] {
  const aws = estate.national.aws;
  if (!aws) return [];
  return [
    { id: aws.logArchiveAccount, ou: 'Security', label: 'log archive' },
    { id: aws.auditAccount, ou: 'Security', label: 'audit' },
    { id: aws.networkAccount, ou: 'Infrastructure', label: 'network' },
    ...tenancyAccounts(estate),
  ];
}

/**
 * The steps that put the estate's accounts under the guardrails and check the fleet StackSet
 * reached them: after Nplz-Organization (which creates the OUs, with no account in them), before
 * the wave of the StackSet (whose service-managed, auto-deploying instances follow accounts into
 * its OUs), and the check before the first wave that follows its roll-out (the force stacks, whose budgets notify its topic, and Nplz-Security, whose organisation Config rules need its recorders).
 */
function placementSteps(estate: Estate, items: readonly DeployPlanItem[], waveOf: ReadonlyMap<string, number>) {
  const aws = estate.national.aws;
  const orgWave = waveOf.get(NATIONAL_STACK_IDS.organization);
  if (!aws || orgWave === undefined) return [];
  const m = aws.managementAccount;
  const ouId = (name: string, parent: string) =>
    `"$(aws organizations list-organizational-units-for-parent --parent-id ${parent} --query "OrganizationalUnits[?Name=='${name}'].Id" --output text)"`;
  const top = (ou: string) => ou.split('/')[0] ?? ou;
  const variable = (ou: string) => `NPLZ_${top(ou).toUpperCase()}_OU`;
  const placements = accountPlacements(estate);
  const tops = [...new Set(placements.map((p) => top(p.ou)))];
  const move = (p: AccountPlacement) => {
    const [, child] = p.ou.split('/');
    const dest = child ? ouId(child, `"$${variable(p.ou)}"`) : `"$${variable(p.ou)}"`;
    return `aws organizations move-account --account-id ${p.id} --source-parent-id ${aws.rootId} --destination-parent-id ${dest}   # ${p.label} -> ${p.ou}`;
  };
  const move1: DeployPlanStep = {
    id: 'move-accounts',
    title: `Move the national and tenancy accounts from the root into their OUs (${placements.length} accounts)`,
    account: `${m} (management)`,
    commands: [
      ...tops.map((t) => `${variable(t)}=${ouId(t, aws.rootId)}`),
      ...placements.map(move),
      `aws organizations list-accounts-for-parent --parent-id ${aws.rootId} --query 'Accounts[].Id'   # afterwards: only the management account (and accounts the estate does not name) stay at the root`,
    ],
    why: `Nplz-Organization creates the OUs and attaches the SCPs, the RCP and the backup policy to them, but no template places an existing account (AWS::Organizations::Account needs the account's name and e-mail and a resource import; NPLZ names accounts by id). Until each account is in its OU the guardrails govern nothing and the service-managed fleet StackSet, which targets OUs, has no instance. The OU ids exist only once Nplz-Organization is deployed: the commands read them by name (Nplz-Organization also outputs ForcesOuId). Every account must still be at the root (${aws.rootId}), else move-account fails with SourceParentNotFoundException (read its parent with aws organizations list-parents --child-id <id>). Run after every cdk bootstrap prerequisite: under the guardrails a bootstrap is denied. A decommissioning tenancy's accounts go to its Forces OU here and to Suspended afterwards.`,
  };
  const stackSets = items.filter((i) => i.kind === 'stackset');
  const moveWave = Math.min(...stackSets.map((i) => waveOf.get(i.id) ?? Infinity), orgWave + 1);
  const out: { wave: number; step: DeployPlanStep }[] = [{ wave: moveWave, step: move1 }];
  const fleet = stackSets.find((i) => i.id !== AWS_GLOBAL_EVENTS_DEPLOYMENT.stackSetName);
  if (fleet) {
    const forceWaves = items.filter((i) => i.after.includes(fleet.id) && i.kind === 'stack').map((i) => waveOf.get(i.id) ?? Infinity);
    const checkWave = Math.min(...forceWaves, Infinity);
    const regions = fleet.region.split(', ');
    out.push({
      wave: Number.isFinite(checkWave) ? checkWave : moveWave + 1,
      step: {
        id: 'stackset-instances-current',
        title: `Check that the fleet StackSet (${fleet.id}) has a CURRENT instance in every account it should reach`,
        account: `${m} (management)`,
        commands: [
          `aws cloudformation list-stack-instances --stack-set-name ${fleet.id} --call-as SELF --query "Summaries[?Status!='CURRENT'].[Account,Region,Status,StatusReason]" --output text   # must print nothing`,
          `aws cloudformation list-stack-instances --stack-set-name ${fleet.id} --call-as SELF --query 'length(Summaries)'   # at least ${placements.length * regions.length} (${placements.length} accounts x ${regions.length} region${regions.length > 1 ? 's' : ''}), more with sandboxes`,
        ],
        why: `The instances roll out asynchronously after the accounts move. Each force stack's budget notifies the account alerts topic its instance creates, so a force stack deployed before its account's instance is CURRENT fails; and each instance creates its account's Config recorder, without which Nplz-Security's organisation Config rules fail to create in that account (CREATE_FAILED in aws configservice get-organization-config-rule-detailed-status). An instance OUTDATED or INOPERABLE names its reason; fix it and let auto-deployment retry (aws cloudformation update-stack-instances).`,
      },
    });
  }
  return out;
}

/**
 * One step per CloudFormation parameter with no default (the force stacks' hub Transit Gateway id),
 * before the wave of its stacks: read the value and deploy each stack with `--parameters STACK:KEY=VALUE`.
 */
function parameterSteps(stacks: readonly Stack[], lz: NationalLandingZoneStacks, waveOf: ReadonlyMap<string, number>) {
  const needed = stacks.flatMap((s) =>
    s.node
      .findAll()
      .filter((c): c is CfnParameter => c instanceof CfnParameter && c.default === undefined)
      .map((p) => ({
        stack: s,
        key: s.resolve(p.logicalId) as string,
        tgw: s instanceof ForceTenancyStack && p.node.id === 'HubTransitGatewayId',
      })),
  );
  const net = stacks.find((s) => s.node.id === NATIONAL_STACK_IDS.network);
  const byWave = new Map<number, typeof needed>();
  for (const n of needed) {
    const w = waveOf.get(n.stack.node.id) ?? 1;
    byWave.set(w, [...(byWave.get(w) ?? []), n]);
  }
  return [...byWave.entries()].map(([wave, ps]) => {
    const deploys = new Map<string, string[]>();
    for (const p of ps)
      deploys.set(p.stack.node.id, [
        ...(deploys.get(p.stack.node.id) ?? []),
        `${p.stack.node.id}:${p.key}=${p.tgw ? '"$NPLZ_HUB_TGW"' : `<${p.key}>`}`,
      ]);
    return {
      wave,
      step: {
        id: `stack-parameters-wave-${wave}`,
        title: `Pass the hub Transit Gateway id to the ${deploys.size} stacks of wave ${wave} with a parameter without a default`,
        account: `${net?.account ?? lz.baseline.regions.aws.home} (network) to read it, then each stack's account`,
        commands: [
          `NPLZ_HUB_TGW=$(aws cloudformation describe-stacks --stack-name ${NATIONAL_STACK_IDS.network} --region ${lz.baseline.regions.aws.home} --query "Stacks[0].Outputs[?OutputKey=='TransitGatewayId'].OutputValue" --output text)   # with the network account's credentials`,
          ...[...deploys.entries()].map(
            ([id, args]) => `npx cdk deploy --app out/synth/aws ${id} --exclusively ${args.map((a) => `--parameters ${a}`).join(' ')}`,
          ),
        ],
        why: `These stacks declare a CloudFormation parameter with no default (the hub Transit Gateway id, an output of ${NATIONAL_STACK_IDS.network} in another account, which a cross-stack reference cannot carry), so cdk deploy --all without it fails at the first of them. The CDK CLI takes --parameters STACK:KEY=VALUE; each stack is deployed by name, so the value reaches the stack it names. Or publish the id in the national services manifest and synthesise again: the stacks then have no parameter.`,
      },
    };
  });
}

/** A figure is flagged at or above this share of its quota. */
export const POLICY_HEADROOM_FLAG = 0.95;

const AUTHORIZATION_POLICY_TYPES: readonly AuthorizationPolicyType[] = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];
const SHORT_TYPE: Record<AuthorizationPolicyType, string> = { SERVICE_CONTROL_POLICY: 'SCP', RESOURCE_CONTROL_POLICY: 'RCP' };

/**
 * The Organizations policy headroom of a rendered organisation, read from its policies as
 * synthesised (type, content, targets). AWS Organizations allows at most 5 SCPs and 5 RCPs
 * attached directly to each root, OU or account, and 5,120 characters per SCP or RCP document
 * (AWS Organizations User Guide, "Quotas and service limits for AWS Organizations",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html). AWS
 * attaches FullAWSAccess (SCPs) and RCPFullAWSAccess (RCPs, which cannot be detached) to the root
 * and every OU and account: NPLZ's guardrails deny beside them, so each counts one of the five
 * (the same count as the synthesis check in {@link NationalOrganization}). Tag and backup
 * policies have other quotas and are left out.
 */
export function organizationPolicyHeadroom(org: NationalOrganization): DeployPlanPolicyHeadroom {
  const limit = AWS_LIMITS.policiesPerTarget;
  const maxChars = AWS_LIMITS.policyDocumentChars;
  const flag = (n: number, q: number) => n >= POLICY_HEADROOM_FLAG * q;
  const policies = [...org.policies.entries()]
    .map(([name, p]) => ({ name, p, type: p.type as AuthorizationPolicyType }))
    .filter((x) => AUTHORIZATION_POLICY_TYPES.includes(x.type));
  const targetsOf = (p: organizations.CfnPolicy) => new Set((p.targetIds ?? []) as readonly string[]);
  const direct = (type: AuthorizationPolicyType, id: string) =>
    policies.filter((x) => x.type === type && targetsOf(x.p).has(id)).map((x) => x.name);
  const rootId = org.ous.Security.parentId;
  const attachments: DeployPlanPolicyAttachments[] = [];
  for (const type of AUTHORIZATION_POLICY_TYPES) {
    const row = (target: string, names: string[]) => {
      const attached = names.length + 1;
      attachments.push({ type, target, attached, quota: limit, policies: names, flagged: flag(attached, limit) });
    };
    row('root', direct(type, rootId));
    for (const [name, unit] of Object.entries(org.ous)) row(name, direct(type, unit.attrId));
    // The force OUs: one row for those attached alike.
    const groups = new Map<string, { forces: string[]; names: string[] }>();
    for (const [force, unit] of org.forceOus) {
      const names = direct(type, unit.attrId);
      const g = groups.get(names.join('\n')) ?? { forces: [], names };
      g.forces.push(force);
      groups.set(names.join('\n'), g);
    }
    for (const g of groups.values()) {
      const n = g.forces.length;
      const label =
        n === 1
          ? `Forces/${g.forces[0]}`
          : n === org.forceOus.size
            ? `Forces/* (each of the ${n} force OUs)`
            : `Forces/${g.forces.slice(0, 3).join(', ')}${n > 3 ? ` and ${n - 3} more` : ''} (${n} force OUs)`;
      row(label, g.names);
    }
  }
  const sizes: DeployPlanPolicySize[] = policies.map(({ name, p, type }) => {
    const characters = policySize(p.content);
    return { type, name, characters, quota: maxChars, flagged: flag(characters, maxChars) };
  });
  const findings = [
    ...attachments
      .filter((a) => a.attached >= a.quota)
      .map(
        (a) =>
          `${a.target}: ${a.attached} of ${a.quota} ${SHORT_TYPE[a.type]}s attached (${[...a.policies, 'the AWS full-access policy'].join(', ')}); another ${SHORT_TYPE[a.type]} there needs one removed or merged`,
      ),
    ...sizes
      .filter((x) => x.flagged)
      .map(
        (x) =>
          `${x.name}: ${x.characters} of ${x.quota} characters (${Math.floor((100 * x.characters) / x.quota)}%); ${x.quota - x.characters} left for new statements`,
      ),
  ];
  return { attachments, sizes, findings };
}

/** The headroom findings as warning lines: at most `max`, then `and K more (deploy-plan.md)`. */
export function policyHeadroomWarnings(headroom: DeployPlanPolicyHeadroom, max = 10): string[] {
  const shown = headroom.findings.slice(0, max);
  const rest = headroom.findings.length - shown.length;
  return rest > 0 ? [...shown, `and ${rest} more (deploy-plan.md, Organizations policy headroom)`] : shown;
}

/** The deploy plan for people: `deploy-plan.md`. */
export function renderDeployPlanMarkdown(plan: DeployPlan): string {
  const out: string[] = [];
  const step = (s: DeployPlanStep) => {
    out.push(`- **${s.title}** (${s.account}): ${s.why}`);
    if (s.commands.length) out.push('', '  ```sh', ...s.commands.map((c) => `  ${c}`), '  ```', '');
  };
  out.push(
    `# AWS deploy plan (baseline ${plan.baseline})`,
    '',
    'Generated by `nplz synth`. Deploy the waves in order; everything in one wave can deploy in parallel, except the stacks a wave lists as one at a time.',
    '',
  );
  out.push('## Before the first wave', '');
  plan.prerequisites.forEach(step);
  if (plan.quotas.length) {
    out.push('', '### Quotas', '', '| service | quota | account | region | default | needed |', '| --- | --- | --- | --- | --- | --- |');
    for (const q of plan.quotas) out.push(`| ${q.service} | ${q.quota} | ${q.account} | ${q.region} | ${q.default} | ${q.needed} |`);
  }
  const h = plan.policyHeadroom;
  if (h.attachments.length || h.sizes.length) {
    const mark = (flagged: boolean) => (flagged ? ' ⚠' : '');
    out.push(
      '',
      '### Organizations policy headroom',
      '',
      `Policies attached directly to each target, counting the AWS full-access policy, against the quota of ${AWS_LIMITS.policiesPerTarget} per type; and each policy's size (minified JSON) against ${AWS_LIMITS.policyDocumentChars} characters. ⚠: at or above ${100 * POLICY_HEADROOM_FLAG}% of the limit.`,
      '',
      '| type | target | attached | policies |',
      '| --- | --- | --- | --- |',
    );
    for (const a of h.attachments)
      out.push(`| ${SHORT_TYPE[a.type]} | ${a.target} | ${a.attached} / ${a.quota}${mark(a.flagged)} | ${a.policies.join(', ') || '—'} |`);
    out.push('', '| type | policy | characters |', '| --- | --- | --- |');
    for (const x of h.sizes) out.push(`| ${SHORT_TYPE[x.type]} | ${x.name} | ${x.characters} / ${x.quota}${mark(x.flagged)} |`);
  }
  for (const w of plan.waves) {
    out.push('', `## Wave ${w.wave}`, '');
    if (w.before.length) {
      out.push('Before this wave:', '');
      w.before.forEach(step);
    }
    for (const g of w.serial) {
      out.push(`**One at a time, not in parallel:** ${g.ids.map((id) => `\`${id}\``).join(', ')}. ${g.why}`, '');
    }
    out.push('| kind | id | account | region | after |', '| --- | --- | --- | --- | --- |');
    for (const i of w.items) out.push(`| ${i.kind} | \`${i.id}\` | ${i.account} | ${i.region} | ${i.after.join(', ') || '—'} |`);
  }
  out.push('', '## After the last wave', '');
  plan.afterwards.forEach(step);
  return `${out.join('\n')}\n`;
}
