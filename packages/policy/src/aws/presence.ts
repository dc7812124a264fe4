import { AWS_NAMES, AWS_TENANCY_OUS } from '@nplz/core';
import type { Baseline } from '@nplz/core';
import type { AwsRuleContext, CfnResourceJson, CfnTemplateJson, CfnJson } from './types';
import {
  asArray,
  conditionValues,
  flatText,
  isNationalArchive,
  isNationalConfigArchive,
  isTrue,
  resolveRef,
  resourcesOfType,
  statementCovers,
  statements,
  type Statement,
} from './private/cfn';
import { configurationPolicyGaps } from './rules/SecurityHubStandardsEnabled';

/**
 * Something that must exist somewhere in a scope. A per-resource rule cannot flag absence (no
 * resource, no verdict); these can. Each is checked once per national platform or per tenancy.
 */
export interface AwsPresenceExpectation {
  /** Short name; the finding's rule id is `NplzPresence-<id>`. */
  readonly id: string;
  readonly control: string;
  /** `national`: once for the national platform; `tenancy`: once per tenancy scope given to {@link evaluatePresence}. */
  readonly scope: 'national' | 'tenancy';
  /** The CloudFormation type(s) that can satisfy the expectation. */
  readonly resourceType: string | readonly string[];
  /** What must exist, as the auditor reads it. */
  readonly description: string;
  /** Extra condition a resource of the type must meet; any resource of the type satisfies it when absent. */
  predicate?(r: CfnResourceJson, ctx: AwsRuleContext): boolean;
  /** Whether the baseline asks for it at all (e.g. a guardrail switch). @default - always */
  appliesTo?(baseline: Baseline): boolean;
}

/** One synthesised stack of a scope. */
export interface PresenceStack {
  readonly stackName: string;
  readonly template: CfnTemplateJson;
  readonly stackTags?: Record<string, string>;
  readonly region?: string;
}

/** The stacks of the national platform, or of one tenancy (or tenancy environment), checked together. */
export interface PresenceScope {
  readonly scope: 'national' | 'tenancy';
  /** `national`, or the tenancy (e.g. `kent` or `kent/prod`): the unit the results are about. */
  readonly name: string;
  readonly baseline: Baseline;
  readonly stacks: readonly PresenceStack[];
  /** @see AwsRuleContext.logArchiveBucket */
  readonly logArchiveBucket?: string;
  /** @see AwsRuleContext.configArchiveBucket */
  readonly configArchiveBucket?: string;
}

export interface AwsPresenceResult {
  /** `NplzPresence-<id>`. */
  readonly rule: string;
  readonly expectation: string;
  readonly control: string;
  readonly scope: 'national' | 'tenancy';
  /** The {@link PresenceScope.name} checked. */
  readonly unit: string;
  readonly status: 'pass' | 'fail';
  /** For a pass, the satisfying resource's construct path (or `<stack>/<logicalId>`); for a fail, the scope name. */
  readonly path: string;
  readonly stackName?: string;
  readonly message: string;
}

// ---- predicates -----------------------------------------------------------------------------

const scpDenies = (r: CfnResourceJson, test: (s: Statement) => boolean): boolean =>
  r.Properties?.Type === 'SERVICE_CONTROL_POLICY' &&
  asArray(r.Properties?.TargetIds).length > 0 &&
  statements(r.Properties?.Content).some((s) => s.Effect === 'Deny' && test(s));

const deniesAll =
  (...actions: string[]) =>
  (r: CfnResourceJson) =>
    scpDenies(r, (s) => actions.every((a) => statementCovers(s, a)));

/** True when the value points at the OU named `Forces` in the same template. */
function isForcesOu(v: unknown, ctx: AwsRuleContext): boolean {
  const ou = resolveRef(v, ctx);
  return ou?.resource.Type === 'AWS::Organizations::OrganizationalUnit' && ou.resource.Properties?.Name === AWS_TENANCY_OUS.force;
}

/** The root, or an OU named `Forces` in the same template. */
function targetsRootOrForces(r: CfnResourceJson, ctx: AwsRuleContext): boolean {
  return asArray(r.Properties?.TargetIds).some((t) => /^r-[0-9a-z]{4,32}$/.test(flatText(t)) || isForcesOu(t, ctx));
}

/** The `@@assign` value of a backup policy field (or the field itself when it is a plain value). */
function assigned(v: unknown): unknown {
  return v !== null && typeof v === 'object' && '@@assign' in v ? (v as Record<string, unknown>)['@@assign'] : v;
}

/**
 * A backup policy whose plans cover every classification of the baseline: each plan's rules back
 * up to the national vault and keep recovery points for that classification's days, and its tag
 * selections enrol by the baseline's tag as the backup role.
 */
function backupPlansFollowBaseline(content: unknown, ctx: AwsRuleContext): boolean {
  const doc = typeof content === 'string' ? (JSON.parse(content) as unknown) : content;
  const plans = Object.values(((doc ?? {}) as { plans?: Record<string, CfnJson> }).plans ?? {});
  const b = ctx.baseline.backup;
  return Object.entries(b.retentionDays).every(([c, days]) =>
    plans.some((p) => {
      const selections = Object.values((p.selections?.tags ?? {}) as Record<string, CfnJson>);
      const enrols = selections.some(
        (s) =>
          assigned(s.tag_key) === b.enrolmentTag &&
          asArray(assigned(s.tag_value)).includes(c) &&
          String(assigned(s.iam_role_arn)).endsWith(`:role/${AWS_NAMES.backupRole}`),
      );
      const rules = Object.values((p.rules ?? {}) as Record<string, CfnJson>);
      const keeps = rules.some(
        (r) => assigned(r.target_backup_vault_name) === AWS_NAMES.backupVault && Number(assigned(r.lifecycle?.delete_after_days)) >= days,
      );
      return enrols && keeps;
    }),
  );
}

/** An enabled event rule with a target whose pattern mentions the text, or an alarm with actions on a metric filter whose pattern does. */
function monitors(text: RegExp) {
  return (r: CfnResourceJson, ctx: AwsRuleContext): boolean => {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::Events::Rule') {
      return p.State !== 'DISABLED' && asArray(p.Targets).length > 0 && text.test(JSON.stringify(p.EventPattern ?? {}));
    }
    if (r.Type === 'AWS::CloudWatch::Alarm') {
      if (!asArray(p.AlarmActions).length) return false;
      return resourcesOfType(ctx, 'AWS::Logs::MetricFilter').some(
        ([, f]) =>
          text.test(String(f.Properties?.FilterPattern ?? '')) &&
          asArray<CfnJson>(f.Properties?.MetricTransformations).some((m) => m.MetricName === p.MetricName),
      );
    }
    return false;
  };
}

const MONITOR_TYPES = ['AWS::Events::Rule', 'AWS::CloudWatch::Alarm'];

/** The CIS monitoring set the account baseline must alarm on (CIS AWS Foundations, monitoring section). */
const CIS_MONITORS: readonly { id: string; description: string; text: RegExp }[] = [
  { id: 'RootUse', description: 'root user activity', text: /Root/ },
  { id: 'ConsoleWithoutMfa', description: 'console sign-in without MFA', text: /MFAUsed/ },
  { id: 'IamPolicyChanges', description: 'IAM policy changes', text: /PutRolePolicy|AttachRolePolicy/ },
  { id: 'TrailChanges', description: 'CloudTrail configuration changes', text: /StopLogging/ },
  { id: 'KeyDeletion', description: 'KMS keys disabled or scheduled for deletion', text: /ScheduleKeyDeletion/ },
  { id: 'ConfigChanges', description: 'AWS Config changes', text: /StopConfigurationRecorder/ },
  { id: 'SecurityGroupChanges', description: 'security group changes', text: /AuthorizeSecurityGroupIngress/ },
  {
    id: 'NetworkChanges',
    description: 'network gateway, route table and VPC changes',
    text: /CreateRoute|AttachInternetGateway|CreateVpc/,
  },
];

/** Every presence expectation, in one place. */
export const AWS_PRESENCE_EXPECTATIONS: readonly AwsPresenceExpectation[] = Object.freeze<AwsPresenceExpectation[]>([
  // ---- national platform
  {
    id: 'OrganizationTrail',
    control: 'NPLZ-LOG-01',
    scope: 'national',
    resourceType: 'AWS::CloudTrail::Trail',
    description: 'an organisation-wide, multi-region trail that is logging',
    predicate: (r) =>
      isTrue(r.Properties?.IsOrganizationTrail) && isTrue(r.Properties?.IsMultiRegionTrail) && isTrue(r.Properties?.IsLogging),
  },
  {
    id: 'ImmutableAuditArchive',
    control: 'NPLZ-LOG-03',
    scope: 'national',
    resourceType: 'AWS::S3::Bucket',
    description: 'an object-locked audit archive bucket in the baseline lock mode',
    predicate: (r, ctx) =>
      isTrue(r.Properties?.ObjectLockEnabled) &&
      r.Properties?.ObjectLockConfiguration?.Rule?.DefaultRetention?.Mode === ctx.baseline.logging.immutabilityMode,
  },
  {
    id: 'GuardDutyDetector',
    control: 'NPLZ-MON-01',
    scope: 'national',
    resourceType: 'AWS::GuardDuty::Detector',
    description: 'an enabled GuardDuty detector',
    predicate: (r) => isTrue(r.Properties?.Enable),
  },
  {
    id: 'SecurityHub',
    control: 'NPLZ-MON-02',
    scope: 'national',
    resourceType: 'AWS::SecurityHub::Hub',
    description: 'Security Hub (its standards are checked by SecurityHubStandardsEnabled)',
  },
  {
    id: 'SecurityHubStandards',
    control: 'NPLZ-MON-02',
    scope: 'national',
    // Central configuration: only the delegated administrator's policy configures the accounts it
    // manages, the audit account included, so the national standards come from the policy alone.
    resourceType: 'AWS::SecurityHub::ConfigurationPolicy',
    description:
      'a Security Hub configuration policy associated with the organisation root that enables Security Hub and every baseline standard',
    predicate: (r, ctx) => configurationPolicyGaps(r, ctx).length === 0,
  },
  {
    id: 'ConfigRecorder',
    control: 'NPLZ-MON-03',
    scope: 'national',
    resourceType: 'AWS::Config::ConfigurationRecorder',
    description: 'an AWS Config recorder',
  },
  {
    id: 'ConfigAggregator',
    control: 'NPLZ-MON-03',
    scope: 'national',
    resourceType: 'AWS::Config::ConfigurationAggregator',
    description: 'an organisation-wide Config aggregator',
    predicate: (r) => r.Properties?.OrganizationAggregationSource !== undefined,
  },
  {
    id: 'SocFindingsRouting',
    control: 'NPLZ-MON-04',
    scope: 'national',
    resourceType: 'AWS::Events::Rule',
    description: 'an enabled rule routing Security Hub or GuardDuty findings to a target',
    predicate: (r) =>
      asArray<string>(r.Properties?.EventPattern?.source).some((s) => s === 'aws.securityhub' || s === 'aws.guardduty') &&
      r.Properties?.State !== 'DISABLED' &&
      asArray(r.Properties?.Targets).length > 0,
  },
  {
    id: 'GuardrailsOnForces',
    control: 'NPLZ-GRD-01',
    scope: 'national',
    resourceType: 'AWS::Organizations::Policy',
    description: 'a service control policy attached to the organisation root or the Forces OU',
    predicate: (r, ctx) => r.Properties?.Type === 'SERVICE_CONTROL_POLICY' && targetsRootOrForces(r, ctx),
  },
  {
    id: 'RegionGuardrail',
    control: 'NPLZ-RES-01',
    scope: 'national',
    resourceType: 'AWS::Organizations::Policy',
    description: 'an SCP attached to the Forces OU denying requests outside the allowed regions',
    appliesTo: (b) => b.guardrails.aws.denyNonUkRegions,
    predicate: (r, ctx) =>
      asArray(r.Properties?.TargetIds).some((t) => isForcesOu(t, ctx)) &&
      scpDenies(r, (s) =>
        Object.values((s.Condition ?? {}) as Record<string, Record<string, unknown>>).some((b) =>
          Object.keys(b ?? {}).some((k) => k.toLowerCase() === 'aws:requestedregion'),
        ),
      ),
  },
  {
    id: 'RootUserDenied',
    control: 'NPLZ-IAM-04',
    scope: 'national',
    resourceType: 'AWS::Organizations::Policy',
    description: 'an attached SCP denying every action to the root user',
    appliesTo: (b) => b.guardrails.aws.denyRootUser,
    predicate: (r) =>
      scpDenies(
        r,
        (s) =>
          statementCovers(s, 'iam:CreateRole') &&
          statementCovers(s, 's3:GetObject') &&
          [...conditionValues(s, 'StringLike', 'aws:PrincipalArn'), ...conditionValues(s, 'ArnLike', 'aws:PrincipalArn')].some((v) =>
            /:root$/.test(v),
          ),
      ),
  },
  {
    id: 'IamUsersDenied',
    control: 'NPLZ-IAM-01',
    scope: 'national',
    resourceType: 'AWS::Organizations::Policy',
    description: 'an attached SCP denying IAM user and access key creation',
    appliesTo: (b) => b.guardrails.aws.denyIamUsersAndKeys,
    predicate: deniesAll('iam:CreateUser', 'iam:CreateAccessKey'),
  },
  {
    id: 'SecurityServicesProtected',
    control: 'NPLZ-GRD-02',
    scope: 'national',
    resourceType: 'AWS::Organizations::Policy',
    description: 'an attached SCP denying changes that disable the trail, Config, GuardDuty and Security Hub',
    appliesTo: (b) => b.guardrails.aws.protectSecurityServices,
    predicate: deniesAll(
      'cloudtrail:StopLogging',
      'cloudtrail:DeleteTrail',
      'config:StopConfigurationRecorder',
      'guardduty:DeleteDetector',
      'securityhub:DisableSecurityHub',
    ),
  },
  {
    id: 'LeaveOrganizationDenied',
    control: 'NPLZ-GRD-04',
    scope: 'national',
    resourceType: 'AWS::Organizations::Policy',
    description: 'an attached SCP denying organizations:LeaveOrganization',
    appliesTo: (b) => b.guardrails.aws.denyLeaveOrganization,
    predicate: deniesAll('organizations:LeaveOrganization'),
  },
  {
    id: 'PublicS3Denied',
    control: 'NPLZ-NET-01',
    scope: 'national',
    resourceType: 'AWS::Organizations::Policy',
    description: 'an attached SCP denying changes to the account public access block',
    appliesTo: (b) => b.guardrails.aws.denyPublicS3,
    predicate: deniesAll('s3:PutAccountPublicAccessBlock'),
  },
  {
    id: 'ForceAttribute',
    control: 'NPLZ-IAM-03',
    scope: 'national',
    resourceType: 'AWS::SSO::InstanceAccessControlAttributeConfiguration',
    description: "an Identity Center access-control attribute carrying each person's force",
    predicate: (r) => asArray(r.Properties?.AccessControlAttributes).length > 0,
  },
  {
    id: 'AccountBaselineFleet',
    control: 'NPLZ-GRD-01',
    scope: 'national',
    resourceType: 'AWS::CloudFormation::StackSet',
    description: 'a service-managed StackSet deploying the account baseline automatically to every account of the Forces OU',
    predicate: (r, ctx) =>
      r.Properties?.PermissionModel === 'SERVICE_MANAGED' &&
      isTrue(r.Properties?.AutoDeployment?.Enabled) &&
      typeof r.Properties?.TemplateBody === 'string' &&
      asArray<CfnJson>(r.Properties?.StackInstancesGroup).some((g) =>
        asArray(g.DeploymentTargets?.OrganizationalUnitIds).some((ou) => isForcesOu(ou, ctx)),
      ),
  },
  {
    id: 'BackupPolicy',
    control: 'NPLZ-RET-04',
    scope: 'national',
    resourceType: 'AWS::Organizations::Policy',
    description: `a backup policy attached to the Forces OU whose plans back up resources tagged with the baseline enrolment tag to ${AWS_NAMES.backupVault} as ${AWS_NAMES.backupRole}`,
    appliesTo: (b) => b.backup !== undefined,
    predicate: (r, ctx) =>
      r.Properties?.Type === 'BACKUP_POLICY' && targetsRootOrForces(r, ctx) && backupPlansFollowBaseline(r.Properties?.Content, ctx),
  },
  {
    id: 'BackupsProtected',
    control: 'NPLZ-RET-04',
    scope: 'national',
    resourceType: 'AWS::Organizations::Policy',
    description: 'an SCP attached to the Forces OU denying the deletion of the backup vault, its lock and recovery points',
    appliesTo: (b) => b.backup !== undefined,
    // On the Forces OU (the suspended accounts' deny-all covers these actions too), by a statement that names them (the
    // root user's deny-all and the region guardrail's NotAction cover them as well, for the root user or outside the UK).
    predicate: (r, ctx) =>
      targetsRootOrForces(r, ctx) &&
      // Each action by a statement of this SCP (the vault and the recovery points are separate statements).
      [
        'backup:DeleteBackupVault',
        'backup:DeleteBackupVaultLockConfiguration',
        'backup:PutBackupVaultAccessPolicy',
        'backup:DeleteRecoveryPoint',
      ].every((a) =>
        scpDenies(
          r,
          (s) =>
            s.Action !== undefined &&
            !asArray(s.Action).includes('*') &&
            !/RequestedRegion/i.test(JSON.stringify(s.Condition ?? {})) &&
            statementCovers(s, a),
        ),
      ),
  },
  {
    id: 'HubFirewall',
    control: 'NPLZ-NET-04',
    scope: 'national',
    resourceType: 'AWS::NetworkFirewall::Firewall',
    description: 'the hub Network Firewall inspecting spoke egress',
  },

  // ---- each tenancy
  {
    id: 'EbsEncryptionByDefault',
    control: 'NPLZ-ENC-03',
    scope: 'tenancy',
    resourceType: 'Custom::NplzAccountSettings',
    description: 'the account settings resource that switches on EBS encryption by default',
  },
  {
    id: 'AccountPublicAccessBlock',
    control: 'NPLZ-NET-01',
    scope: 'tenancy',
    resourceType: 'Custom::NplzAccountSettings',
    description: 'the account settings resource that sets the S3 account-level public access block',
  },
  {
    id: 'TenancyBudget',
    control: 'NPLZ-GOV-03',
    scope: 'tenancy',
    resourceType: 'AWS::Budgets::Budget',
    description: 'a budget with notifications',
    predicate: (r) => asArray(r.Properties?.NotificationsWithSubscribers).length > 0,
  },
  {
    id: 'BreakGlassAlert',
    control: 'NPLZ-PAM-01',
    scope: 'tenancy',
    resourceType: 'AWS::Events::Rule',
    description: 'an enabled rule with a target alerting on AssumeRole of the break-glass role',
    predicate: (r, ctx) => {
      const text = JSON.stringify(r.Properties?.EventPattern ?? {});
      if (!/AssumeRole/.test(text) || !asArray(r.Properties?.Targets).length || r.Properties?.State === 'DISABLED') return false;
      if (/break-?glass/i.test(text)) return true;
      return resourcesOfType(ctx, 'AWS::IAM::Role').some(
        ([id, role]) => /break-?glass/i.test(flatText(role.Properties?.RoleName)) && text.includes(`"${id}"`),
      );
    },
  },
  ...CIS_MONITORS.map((m): AwsPresenceExpectation => ({
    id: `Cis${m.id}Monitor`,
    control: 'NPLZ-MON-05',
    scope: 'tenancy',
    resourceType: MONITOR_TYPES,
    description: `an alarm or event rule with a target on ${m.description}`,
    predicate: monitors(m.text),
  })),
  {
    id: 'TenancyConfigRecorder',
    control: 'NPLZ-MON-03',
    scope: 'tenancy',
    resourceType: 'AWS::Config::ConfigurationRecorder',
    description: "an AWS Config recorder in the tenancy's account (the organisation aggregator sees only accounts that record)",
  },
  {
    id: 'TenancyConfigToNationalArchive',
    control: 'NPLZ-LOG-02',
    scope: 'tenancy',
    resourceType: 'AWS::Config::DeliveryChannel',
    description: 'a Config delivery channel to the national Config archive',
    predicate: (r, ctx) => isNationalConfigArchive(flatText(r.Properties?.S3BucketName), ctx),
  },
  {
    id: 'SpokeFlowLog',
    control: 'NPLZ-LOG-04',
    scope: 'tenancy',
    resourceType: 'AWS::EC2::FlowLog',
    description: 'a flow log on the spoke VPC',
  },
  {
    id: 'FlowLogsToNationalArchive',
    control: 'NPLZ-LOG-02',
    scope: 'tenancy',
    resourceType: 'AWS::EC2::FlowLog',
    description: 'a flow log delivered to the national log archive',
    predicate: (r, ctx) => r.Properties?.LogDestinationType === 's3' && isNationalArchive(flatText(r.Properties?.LogDestination), ctx),
  },
  {
    id: 'SpokeAttachment',
    control: 'NPLZ-NET-04',
    scope: 'tenancy',
    resourceType: ['AWS::EC2::TransitGatewayVpcAttachment', 'AWS::EC2::TransitGatewayAttachment'],
    description: 'a Transit Gateway attachment of the spoke VPC to the hub',
  },
  {
    id: 'BackupVault',
    control: 'NPLZ-RET-04',
    scope: 'tenancy',
    resourceType: 'AWS::Backup::BackupVault',
    description: `the backup vault ${AWS_NAMES.backupVault} with Vault Lock in compliance mode (its values are checked by BackupVaultLocked)`,
    appliesTo: (b) => b.backup !== undefined,
    predicate: (r) =>
      flatText(r.Properties?.BackupVaultName) === AWS_NAMES.backupVault && r.Properties?.LockConfiguration?.ChangeableForDays !== undefined,
  },
  {
    id: 'BackupRole',
    control: 'NPLZ-RET-04',
    scope: 'tenancy',
    resourceType: 'AWS::IAM::Role',
    description: `the role ${AWS_NAMES.backupRole} that the backup policy names, assumable by AWS Backup`,
    appliesTo: (b) => b.backup !== undefined,
    predicate: (r) =>
      flatText(r.Properties?.RoleName) === AWS_NAMES.backupRole &&
      JSON.stringify(r.Properties?.AssumeRolePolicyDocument ?? {}).includes('backup.amazonaws.com'),
  },
  {
    id: 'LocalAssetsBoundary',
    control: 'NPLZ-PAM-03',
    scope: 'tenancy',
    resourceType: 'AWS::IAM::ManagedPolicy',
    description: "the permissions boundary policy for the force's local assets",
    predicate: (r) => /boundary/i.test(flatText(r.Properties?.ManagedPolicyName)),
  },
]);

/**
 * Check every expectation once per scope it applies to: a pass names the first resource that
 * satisfies it, a fail names the scope. Expectations whose `appliesTo` says the baseline does not
 * ask for them give no result.
 */
export function evaluatePresence(
  scopes: readonly PresenceScope[],
  expectations: readonly AwsPresenceExpectation[] = AWS_PRESENCE_EXPECTATIONS,
): AwsPresenceResult[] {
  const out: AwsPresenceResult[] = [];
  for (const unit of scopes) {
    for (const e of expectations) {
      if (e.scope !== unit.scope) continue;
      if (e.appliesTo && !e.appliesTo(unit.baseline)) continue;
      const types = typeof e.resourceType === 'string' ? [e.resourceType] : e.resourceType;
      const found = findSatisfying(e, types, unit);
      const base = { rule: `NplzPresence-${e.id}`, expectation: e.id, control: e.control, scope: e.scope, unit: unit.name };
      out.push(
        found
          ? { ...base, status: 'pass', path: found.path, stackName: found.stackName, message: `${e.description}: ${found.path}` }
          : {
              ...base,
              status: 'fail',
              path: unit.name,
              message: `${unit.scope === 'national' ? 'The national platform' : `Tenancy ${unit.name}`} is missing ${e.description} (${types.join(' or ')}).`,
            },
      );
    }
  }
  return out;
}

function findSatisfying(
  e: AwsPresenceExpectation,
  types: readonly string[],
  unit: PresenceScope,
): { path: string; stackName: string } | undefined {
  for (const stack of unit.stacks) {
    const resources = stack.template.Resources ?? {};
    for (const [logicalId, r] of Object.entries(resources)) {
      if (!types.includes(r.Type)) continue;
      const ctx: AwsRuleContext = {
        baseline: unit.baseline,
        logicalId,
        resources,
        ...(stack.stackTags ? { stackTags: stack.stackTags } : {}),
        ...(stack.region ? { region: stack.region } : {}),
        ...(unit.logArchiveBucket ? { logArchiveBucket: unit.logArchiveBucket } : {}),
        ...(unit.configArchiveBucket ? { configArchiveBucket: unit.configArchiveBucket } : {}),
      };
      if (e.predicate && !e.predicate(r, ctx)) continue;
      const path = typeof r.Metadata?.['aws:cdk:path'] === 'string' ? r.Metadata['aws:cdk:path'] : `${stack.stackName}/${logicalId}`;
      return { path, stackName: stack.stackName };
    }
  }
  return undefined;
}
