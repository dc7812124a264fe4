import { AWS_GLOBAL_EVENTS_DEPLOYMENT, NPLZ_TAGS, type Baseline } from '@nplz/core';
import {
  AWS_MANAGED_POLICIES,
  type AccessModel,
  type OrgLevel,
  type PolicyResource,
  type SourcedPolicy,
  type TenancyAccount,
} from './model';
import { AWS_NAMES } from '@nplz/core';

/** What a guardrail must make of a request. */
export type Expected = 'deny' | 'allow';

/** Who makes a request, and the policies that speak for them. */
export interface AccessPrincipal {
  /** What the principal is, in the finding's words (`force-admin of kent/prod`). */
  readonly label: string;
  readonly arn: string;
  readonly account: string;
  readonly identity: readonly SourcedPolicy[];
  readonly boundary?: readonly SourcedPolicy[];
  /** The organisation levels of the principal's account, root first. */
  readonly levels: readonly OrgLevel[];
}

/**
 * One concrete request and the verdict the landing zone promises for it. The tables below are the
 * promises; the evaluator answers them against the synthesised policies.
 */
export interface AccessRequest {
  /** Short rule name (`CrossForceDecrypt`): the finding's rule is `NplzAccess-<rule>`. */
  readonly rule: string;
  /** The catalog control the answer evidences; its NCSC principles and CAF outcomes come from the catalog. */
  readonly control: string;
  /** The request in words, for the finding. */
  readonly what: string;
  readonly principal: AccessPrincipal;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  /** Organisation levels of the resource's account (for RCPs), root first. */
  readonly resourceLevels: readonly OrgLevel[];
  readonly resourcePolicy?: SourcedPolicy;
  readonly region: string;
  /** Request context beyond what every request carries (principal, account, organisation, region, TLS). */
  readonly context?: Readonly<Record<string, string | string[]>>;
  readonly expect: Expected;
  /** The tenancy and environment the finding belongs to, and the resource it names. */
  readonly tenancy: string;
  readonly environment?: string;
  readonly at: string;
  /**
   * A failure is named at `at` whatever the evidence: for requests whose guardrail is known by
   * construction (the Suspended OU's SCP and RCP), where the statement that lets a request through
   * may be another layer's (the RCP's reader exemption for the SCP's probes) or a grant the audit
   * only supposes (what a suspended account's administrator could have granted before suspension).
   */
  readonly placed?: boolean;
}

/** The identity policy every force principal is given: the most a force administrator can hold. */
const ADMIN: SourcedPolicy = {
  name: 'AdministratorAccess',
  source: 'arn:aws:iam::aws:policy/AdministratorAccess',
  document: AWS_MANAGED_POLICIES['arn:aws:iam::aws:policy/AdministratorAccess'],
};

/** What AWS puts in the request context for a resource's tags (`aws:ResourceTag/<key>`). */
export function resourceTagContext(tags: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
}

/** The CDK bootstrap's role names (qualifier `hnb659fds`, the default). */
function cdkRole(kind: 'cfn-exec-role' | 'deploy-role', account: string, region: string): string {
  return `arn:aws:iam::${account}:role/cdk-hnb659fds-${kind}-${account}-${region}`;
}

/** Identity Center's role for a permission set in a member account (its path and name pattern are AWS's). */
function ssoRole(account: string, region: string, permissionSet: string): string {
  return `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/${region}/AWSReservedSSO_${permissionSet}_0123456789abcdef`;
}

/** The principals each tenancy account's requests are made as. */
export function tenancyPrincipals(t: TenancyAccount) {
  const where = `${t.tenancy}/${t.environment}`;
  const admin: AccessPrincipal = {
    label: `force-admin of ${where}`,
    arn: ssoRole(t.account, t.region, 'force-admin'),
    account: t.account,
    identity: [ADMIN],
    levels: t.levels,
  };
  const workload: AccessPrincipal | undefined = t.boundary
    ? {
        label: `a local-assets role of ${where} (AdministratorAccess under ${t.boundary.name})`,
        arn: `arn:aws:iam::${t.account}:role/local-assets-workload`,
        account: t.account,
        identity: [ADMIN],
        boundary: [t.boundary],
        levels: t.levels,
      }
    : undefined;
  /** The StackSets execution role the fleet baseline deploys as: exempt from the protective statements. */
  const stackSets: AccessPrincipal = {
    label: `the StackSets execution role in ${where}`,
    arn: `arn:aws:iam::${t.account}:role/stacksets-exec-0123456789abcdef0123456789abcdef`,
    account: t.account,
    identity: [ADMIN],
    levels: t.levels,
  };
  /** The CDK deployment role in a force account: a force can create one, so it must not be exempt. */
  const forceCdk: AccessPrincipal = {
    label: `the CDK execution role in ${where}`,
    arn: `arn:aws:iam::${t.account}:role/cdk-hnb659fds-cfn-exec-role-${t.account}-${t.region}`,
    account: t.account,
    identity: [ADMIN],
    levels: t.levels,
  };
  /** The force's own roles (not NPLZ's), each with AdministratorAccess under whatever boundary it has. */
  const ownRoles: (AccessPrincipal & { source: string; boundaryArn?: string; bounded: boolean })[] = t.roles
    .filter((r) => !r.name.startsWith('nplz-') && !r.source.includes('/TemplateBody/'))
    .map((r) => ({
      label: `role ${r.name} of ${where}`,
      arn: r.arn,
      account: t.account,
      identity: [ADMIN],
      ...(r.boundary ? { boundary: [r.boundary] } : {}),
      levels: t.levels,
      source: r.source,
      ...(r.boundaryArn !== undefined ? { boundaryArn: r.boundaryArn } : {}),
      bounded: r.boundary !== undefined,
    }));
  return { admin, workload, stackSets, forceCdk, ownRoles };
}

/** Regions a request outside the UK is tried in: the nearest EU one, the one global services land in, and one far away. */
const FOREIGN_REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];

/** The requests for one tenancy account. `other` is another tenancy (not a collaboration partner) whose data must stay out of reach. */
export function tenancyRequests(
  t: TenancyAccount,
  other: TenancyAccount | undefined,
  model: AccessModel,
  baseline: Baseline,
): AccessRequest[] {
  const p = tenancyPrincipals(t);
  const out: AccessRequest[] = [];
  const base = { tenancy: t.tenancy, environment: t.environment, region: t.region };
  const own = (
    rule: string,
    control: string,
    who: AccessPrincipal,
    action: string,
    resource: string,
    expect: Expected,
    extra: Partial<AccessRequest> = {},
  ): void => {
    out.push({
      rule,
      control,
      what: `${who.label}: ${action} on ${resource}`,
      principal: who,
      action,
      resource,
      resourceAccount: t.account,
      resourceLevels: t.levels,
      expect,
      at: t.stackName,
      ...base,
      ...extra,
    });
  };
  const on = (r: PolicyResource) => ({ resourcePolicy: r.policy, at: r.source });

  // NPLZ-IAM-03: a force reaches another force's data or roles only if that force lets it (it never does by default).
  if (other) {
    const cross = (rule: string, action: string, resource: string, r: { policy: SourcedPolicy; source: string }) =>
      out.push({
        rule,
        control: 'NPLZ-IAM-03',
        what: `${p.admin.label}: ${action} on ${other.tenancy}/${other.environment}'s ${resource}`,
        principal: p.admin,
        action,
        resource,
        resourceAccount: other.account,
        resourceLevels: other.levels,
        resourcePolicy: r.policy,
        expect: 'deny',
        at: r.source,
        ...base,
      });
    for (const k of other.keys) {
      cross('CrossForceDecrypt', 'kms:Decrypt', k.arn, k);
      cross('CrossForceKeyPolicy', 'kms:PutKeyPolicy', k.arn, k);
    }
    for (const b of other.buckets) cross('CrossForceReadData', 's3:GetObject', `${b.arn}/any-object`, b);
    for (const r of other.roles) cross('CrossForceAssumeRole', 'sts:AssumeRole', r.arn, { policy: r.trust, source: r.source });
  }

  // NPLZ-LOG-03: the national archives cannot be emptied, overwritten, read or re-policied from a force.
  const a = model.archive;
  if (a) {
    const archive = (rule: string, action: string, resource: string, r: PolicyResource) =>
      out.push({
        rule,
        control: 'NPLZ-LOG-03',
        what: `${p.admin.label}: ${action} on the national archive ${resource}`,
        principal: p.admin,
        action,
        resource,
        resourceAccount: a.account,
        resourceLevels: a.levels,
        resourcePolicy: r.policy,
        expect: 'deny',
        at: r.source,
        ...base,
        context: resourceTagContext(r.tags),
      });
    for (const b of a.buckets) {
      for (const action of ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObject', 's3:GetObject', 's3:BypassGovernanceRetention'])
        archive('ArchiveObjectsProtected', action, `${b.arn}/AWSLogs/o-example/123456789012/CloudTrail/log.json.gz`, b);
      for (const action of [
        's3:PutBucketPolicy',
        's3:DeleteBucketPolicy',
        's3:PutLifecycleConfiguration',
        's3:PutBucketVersioning',
        's3:PutBucketObjectLockConfiguration',
        's3:PutEncryptionConfiguration',
        's3:DeleteBucket',
      ])
        archive('ArchiveBucketProtected', action, b.arn, b);
    }
    for (const k of a.keys)
      for (const action of ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:Decrypt'])
        archive('ArchiveKeyProtected', action, k.arn, k);
  }

  // NPLZ-GRD-02: no force principal stops, suppresses or blinds the security services; the exempt StackSets role may.
  const r = t.region;
  const acct = t.account;
  const security: [string, string][] = [
    ['cloudtrail:StopLogging', `arn:aws:cloudtrail:${r}:${acct}:trail/nplz-organization-trail`],
    ['cloudtrail:DeleteTrail', `arn:aws:cloudtrail:${r}:${acct}:trail/nplz-organization-trail`],
    ['cloudtrail:PutEventSelectors', `arn:aws:cloudtrail:${r}:${acct}:trail/nplz-organization-trail`],
    ['config:StopConfigurationRecorder', `arn:aws:config:${r}:${acct}:configuration-recorder/default/abcdefghijklmnop`],
    ['config:DeleteConfigurationRecorder', `arn:aws:config:${r}:${acct}:configuration-recorder/default/abcdefghijklmnop`],
    ['config:DeleteDeliveryChannel', '*'],
    ['guardduty:DeleteDetector', `arn:aws:guardduty:${r}:${acct}:detector/12abc34d567e8fa901bc2d34e56789f0`],
    ['guardduty:UpdateDetector', `arn:aws:guardduty:${r}:${acct}:detector/12abc34d567e8fa901bc2d34e56789f0`],
    ['guardduty:CreateFilter', `arn:aws:guardduty:${r}:${acct}:detector/12abc34d567e8fa901bc2d34e56789f0/filter/suppress-all`],
    ['guardduty:UpdateFilter', `arn:aws:guardduty:${r}:${acct}:detector/12abc34d567e8fa901bc2d34e56789f0/filter/suppress-all`],
    ['guardduty:CreateIPSet', '*'],
    ['securityhub:DisableSecurityHub', `arn:aws:securityhub:${r}:${acct}:hub/default`],
    ['securityhub:BatchDisableStandards', `arn:aws:securityhub:${r}:${acct}:hub/default`],
    ['securityhub:UpdateStandardsControl', `arn:aws:securityhub:${r}:${acct}:hub/default`],
    ['securityhub:BatchUpdateStandardsControlAssociations', '*'],
    ['ec2:DisableEbsEncryptionByDefault', '*'],
    ['access-analyzer:DeleteAnalyzer', `arn:aws:access-analyzer:${r}:${acct}:analyzer/nplz-analyzer`],
  ];
  // Every alert rule is tried once; the first of them with every way of silencing a rule.
  t.alertRules.forEach((rule, i) => {
    for (const action of i === 0
      ? ['events:DeleteRule', 'events:DisableRule', 'events:RemoveTargets', 'events:PutRule']
      : ['events:DisableRule'])
      security.push([action, rule.arn]);
  });
  // sns:Unsubscribe is not asked: IAM gives it no resource type, so no SCP can deny it on these topics alone (auditing.md).
  for (const topic of t.topics)
    for (const action of ['sns:DeleteTopic', 'sns:SetTopicAttributes', 'sns:RemovePermission']) security.push([action, topic.arn]);
  for (const [action, resource] of security) {
    const topic = t.topics.find((x) => x.arn === resource);
    // The force administrator holds the most a force principal can (a local-assets role holds less): if it is denied, so is every force role.
    own('SecurityServicesProtected', 'NPLZ-GRD-02', p.admin, action, resource, 'deny', topic ? on(topic) : {});
  }
  // The exemptions are exemptions: the StackSets execution role rolls the baseline out, a force's own CDK role may not.
  const sample = [security[0], security[8], security[13], security.find(([x]) => x === 'events:DisableRule')];
  for (const [action, resource] of sample.filter((x): x is [string, string] => x !== undefined)) {
    own('SecurityServicesExemption', 'NPLZ-GRD-02', p.stackSets, action, resource, 'allow');
    own('SecurityServicesProtected', 'NPLZ-GRD-02', p.forceCdk, action, resource, 'deny');
  }

  // NPLZ-GRD-02: the baseline's keys and flow logs (tagged as the national platform's) cannot be retired, nor re-tagged out of
  // protection, by a force; the force's own stack deletes its own flow logs and retires its own keys (replacement, stack deletion).
  const fleet = (x: { source: string }) => x.source.includes('/TemplateBody/');
  const tagKey = NPLZ_TAGS.tenancy;
  for (const k of t.keys.filter(fleet)) {
    const tags = resourceTagContext(k.tags);
    for (const who of [p.admin, p.forceCdk]) {
      // Retiring the key, or re-policing or granting it away (the key policy gives the account root kms:*).
      for (const action of ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy', 'kms:CreateGrant'])
        own('BaselineResourcesProtected', 'NPLZ-GRD-02', who, action, k.arn, 'deny', { ...on(k), context: tags });
      own('BaselineResourcesProtected', 'NPLZ-GRD-02', who, 'kms:UntagResource', k.arn, 'deny', {
        ...on(k),
        context: { ...tags, 'aws:TagKeys': [tagKey] },
      });
      own('BaselineResourcesProtected', 'NPLZ-GRD-02', who, 'kms:TagResource', k.arn, 'deny', {
        ...on(k),
        context: { ...tags, 'aws:TagKeys': [tagKey], [`aws:RequestTag/${tagKey}`]: t.tenancy },
      });
    }
  }
  // A flow log the fleet baseline would make here carries the StackSet's tags, as its key does.
  const fleetTags = t.keys.find(fleet)?.tags;
  if (fleetTags) {
    const arn = `arn:aws:ec2:${r}:${acct}:vpc-flow-log/fl-0123456789abcdef0`;
    for (const action of ['ec2:DeleteFlowLogs', 'ec2:DeleteTags'])
      own('BaselineResourcesProtected', 'NPLZ-GRD-02', p.admin, action, arn, 'deny', {
        context: { ...resourceTagContext(fleetTags), ...(action === 'ec2:DeleteTags' ? { 'aws:TagKeys': [tagKey] } : {}) },
      });
  }
  for (const f of t.flowLogs.filter((x) => !fleet(x)))
    own('ForceCleansUp', 'NPLZ-GRD-02', p.forceCdk, 'ec2:DeleteFlowLogs', f.arn, 'allow', {
      at: f.source,
      context: resourceTagContext(f.tags),
    });
  for (const k of t.keys.filter((x) => !fleet(x)))
    for (const action of ['kms:ScheduleKeyDeletion', 'kms:DisableKey'])
      own('ForceCleansUp', 'NPLZ-GRD-02', p.forceCdk, action, k.arn, 'allow', { ...on(k), context: resourceTagContext(k.tags) });

  // NPLZ-GRD-02: the exempt roles stay the landing zone's. A force cannot make one (by name) or take one over.
  // Nor plant a role on Identity Center's path, named as a reader's (the Suspended OU lets readers' roles through).
  for (const name of [
    'nplz-exempt-by-name',
    'stacksets-exec-0123456789abcdef0123456789abcdef',
    `aws-reserved/sso.amazonaws.com/${r}/AWSReservedSSO_national-auditor_0123456789abcdef`,
  ])
    for (const action of ['iam:CreateRole', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:PassRole'])
      own('ExemptRolesProtected', 'NPLZ-GRD-02', p.admin, action, `arn:aws:iam::${acct}:role/${name}`, 'deny');

  // NPLZ-RET-04: no force principal deletes or unlocks the backup vault, or deletes or shortens a recovery point, nor
  // re-points the role AWS Backup backs up as; the exempt StackSets role that deploys them may change the vault.
  const backupVault = `arn:aws:backup:${r}:${acct}:backup-vault:${AWS_NAMES.backupVault}`;
  const recoveryPoint = `arn:aws:backup:${r}:${acct}:recovery-point:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`;
  const backups: [string, string][] = [
    ['backup:DeleteBackupVault', backupVault],
    ['backup:DeleteBackupVaultLockConfiguration', backupVault],
    ['backup:PutBackupVaultLockConfiguration', backupVault],
    ['backup:PutBackupVaultAccessPolicy', backupVault],
    ['backup:DeleteRecoveryPoint', recoveryPoint],
    ['backup:UpdateRecoveryPointLifecycle', recoveryPoint],
    ['iam:UpdateAssumeRolePolicy', `arn:aws:iam::${acct}:role/${AWS_NAMES.backupRole}`],
    ['iam:DeleteRole', `arn:aws:iam::${acct}:role/${AWS_NAMES.backupRole}`],
  ];
  for (const [action, resource] of backups) {
    own('BackupsProtected', 'NPLZ-RET-04', p.admin, action, resource, 'deny');
    own('BackupsProtected', 'NPLZ-RET-04', p.forceCdk, action, resource, 'deny');
  }
  own('BackupsExemption', 'NPLZ-RET-04', p.stackSets, 'backup:PutBackupVaultLockConfiguration', backupVault, 'allow');

  // NPLZ-IAM-01 / NPLZ-IAM-02: no IAM users or keys; no identity provider or trust anchor beside the national one.
  for (const [action, resource, control] of [
    ['iam:CreateUser', `arn:aws:iam::${acct}:user/backdoor`, 'NPLZ-IAM-01'],
    ['iam:CreateAccessKey', `arn:aws:iam::${acct}:user/backdoor`, 'NPLZ-IAM-01'],
    ['iam:CreateLoginProfile', `arn:aws:iam::${acct}:user/backdoor`, 'NPLZ-IAM-01'],
    ['iam:CreateOpenIDConnectProvider', `arn:aws:iam::${acct}:oidc-provider/token.actions.example.com`, 'NPLZ-IAM-02'],
    ['iam:CreateSAMLProvider', `arn:aws:iam::${acct}:saml-provider/other-idp`, 'NPLZ-IAM-02'],
    ['rolesanywhere:CreateTrustAnchor', '*', 'NPLZ-IAM-02'],
  ] as const) {
    const rule = control === 'NPLZ-IAM-01' ? 'NoIamUsers' : 'NoOtherIdentityProviders';
    own(rule, control, p.admin, action, resource, 'deny');
    if (p.workload) own(rule, control, p.workload, action, resource, 'deny');
  }
  // NPLZ-IAM-04: the root user of a force account can do nothing.
  own(
    'RootUserDenied',
    'NPLZ-IAM-04',
    { ...p.admin, label: `the root user of ${t.tenancy}/${t.environment}`, arn: `arn:aws:iam::${acct}:root` },
    'ec2:DescribeInstances',
    '*',
    'deny',
  );

  // NPLZ-RES-01: nothing regional happens outside the baseline's regions; the global services it exempts still work.
  const allowed = baseline.regions.aws.allowed;
  for (const region of FOREIGN_REGIONS.filter((x) => !allowed.includes(x))) {
    // An instance launched as the baseline requires (IMDSv2), so that only the region can deny it.
    const inRegion = { region, context: { 'aws:RequestedRegion': region, 'ec2:MetadataHttpTokens': 'required' } };
    for (const [action, resource] of [
      ['ec2:RunInstances', `arn:aws:ec2:${region}:${acct}:instance/i-0123456789abcdef0`],
      ['s3:CreateBucket', `arn:aws:s3:::nplz-probe-${acct}-${region}`],
      ['s3:PutObject', `arn:aws:s3:::nplz-probe-${acct}-${region}/object`],
      ['kms:CreateKey', '*'],
      ['lambda:CreateFunction', `arn:aws:lambda:${region}:${acct}:function:probe`],
      ['dynamodb:CreateTable', `arn:aws:dynamodb:${region}:${acct}:table/probe`],
    ] as const)
      own('UkRegionsOnly', 'NPLZ-RES-01', p.admin, action, resource, 'deny', inRegion);
  }
  const global = { region: 'us-east-1', context: { 'aws:RequestedRegion': 'us-east-1' } };
  for (const [action, resource] of [
    ['iam:ListRoles', '*'],
    ['sts:GetCallerIdentity', '*'],
    ['route53:ListHostedZones', '*'],
    ['support:DescribeCases', '*'],
  ] as const)
    own('GlobalServicesExempt', 'NPLZ-RES-01', p.admin, action, resource, 'allow', global);
  for (const region of allowed)
    own(
      'HomeRegionsWork',
      'NPLZ-RES-01',
      p.admin,
      'ec2:RunInstances',
      `arn:aws:ec2:${region}:${acct}:instance/i-0123456789abcdef0`,
      'allow',
      {
        region,
        context: { 'aws:RequestedRegion': region, 'ec2:MetadataHttpTokens': 'required' },
      },
    );

  // NPLZ-PAM-03: a role under the local-assets boundary cannot shed it, widen it, or hand work to a role without it.
  const boundaryArn = t.boundary?.arn ?? `arn:aws:iam::${acct}:policy/nplz-local-assets-boundary`;
  const bounded = [...(p.workload ? [p.workload] : []), ...p.ownRoles.map((x) => x as AccessPrincipal)];
  for (const who of bounded) {
    const at = 'source' in who ? String((who as { source: string }).source) : t.stackName;
    const pam = (action: string, resource: string, expect: Expected, context?: Record<string, string>) =>
      own('BoundaryHolds', 'NPLZ-PAM-03', who, action, resource, expect, { at, ...(context ? { context } : {}) });
    pam('iam:CreateRole', `arn:aws:iam::${acct}:role/unbounded`, 'deny');
    pam('iam:CreateRole', `arn:aws:iam::${acct}:role/admin-bounded`, 'deny', {
      'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/AdministratorAccess',
    });
    pam('iam:PutRolePermissionsBoundary', `arn:aws:iam::${acct}:role/any-role`, 'deny', {
      'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/AdministratorAccess',
    });
    // IAM sets iam:PermissionsBoundary on this action to the boundary the role has (Service
    // Authorization Reference, IAM): the role a bounded role would strip has the local-assets one.
    pam('iam:DeleteRolePermissionsBoundary', `arn:aws:iam::${acct}:role/any-role`, 'deny', { 'iam:PermissionsBoundary': boundaryArn });
    for (const action of ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy']) pam(action, boundaryArn, 'deny');
    for (const action of ['iam:PassRole', 'iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy'])
      pam(action, `arn:aws:iam::${acct}:role/nplz-break-glass`, 'deny');
    // NPLZ-NET-04: no way round the hub.
    for (const action of ['ec2:CreateInternetGateway', 'ec2:AttachInternetGateway', 'ec2:CreateVpcPeeringConnection'])
      own('EgressThroughHub', 'NPLZ-NET-04', who, action, egressResource(action, t), 'deny', { at });
    // The one way in: a role created under the same boundary.
    own('BoundaryHolds', 'NPLZ-PAM-03', who, 'iam:CreateRole', `arn:aws:iam::${acct}:role/bounded`, 'allow', {
      at,
      context: { 'iam:PermissionsBoundary': boundaryArn },
    });
  }

  // NPLZ-PAM-03: the boundary is not rewritten, deleted, detached or swapped by hand, even by the unbounded force administrator;
  // the force stack's CloudFormation execution role updates it from the template (which these requests evaluate).
  for (const action of ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicyVersion', 'iam:DeletePolicy'])
    own('BoundaryHolds', 'NPLZ-PAM-03', p.admin, action, boundaryArn, 'deny');
  // The role a bounded role would be (the first of the force's own, else a placeholder): its boundary stays attached and its own.
  const boundedRole = bounded[0]?.arn ?? `arn:aws:iam::${acct}:role/local-assets-workload`;
  own('BoundaryHolds', 'NPLZ-PAM-03', p.admin, 'iam:DeleteRolePermissionsBoundary', boundedRole, 'deny', {
    context: { 'iam:PermissionsBoundary': boundaryArn },
  });
  own('BoundaryHolds', 'NPLZ-PAM-03', p.admin, 'iam:PutRolePermissionsBoundary', boundedRole, 'deny', {
    context: { 'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/AdministratorAccess' },
  });
  own('BoundaryDeployable', 'NPLZ-PAM-03', p.forceCdk, 'iam:CreatePolicyVersion', boundaryArn, 'allow');
  // NPLZ-PAM-03: the bootstrap's role names keep the boundary (the execution role) and pass that role (the deploy role), so
  // the force administrator cannot make a role of either name, nor re-trust, re-policy or delete the real ones, nor pass the
  // execution role itself; the force's deploy role still passes it to CloudFormation.
  const deployRole = cdkRole('deploy-role', acct, r);
  for (const name of ['cdk-hnb659fds-cfn-exec-role-x', 'cdk-hnb659fds-deploy-role-x'])
    own('CdkRolesProtected', 'NPLZ-PAM-03', p.admin, 'iam:CreateRole', `arn:aws:iam::${acct}:role/${name}`, 'deny');
  for (const role of [p.forceCdk.arn, deployRole])
    for (const action of ['iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DeleteRole'])
      own('CdkRolesProtected', 'NPLZ-PAM-03', p.admin, action, role, 'deny');
  own('CdkRolesProtected', 'NPLZ-PAM-03', p.admin, 'iam:PassRole', p.forceCdk.arn, 'deny');
  own(
    'CdkRolesProtected',
    'NPLZ-PAM-03',
    { ...p.forceCdk, label: `the CDK deploy role in ${t.tenancy}/${t.environment}`, arn: deployRole },
    'iam:PassRole',
    p.forceCdk.arn,
    'allow',
  );

  // NPLZ-RES-01: what the guardrail allows outside the baseline's regions is exactly its allowances, in their region, on their resources, by their principals.
  const inRegion = (region: string, extra: Record<string, string> = {}) => ({
    region,
    context: { 'aws:RequestedRegion': region, ...extra },
  });
  const elsewhere = FOREIGN_REGIONS.find((x) => !allowed.includes(x) && x !== AWS_GLOBAL_EVENTS_DEPLOYMENT.region) ?? 'ap-southeast-2';
  const probe = (resource: string) => (resource === '*' ? '*' : resource.replace(':*:', `:${acct}:`).replace(/\*$/, 'webacl/probe/0123'));
  for (const al of baseline.regionGuardrail.allowances) {
    const action = al.actions.find((x) => !x.includes('*')) ?? (al.actions[0] ?? '').replace('*', 'TagResource');
    const resource = probe(al.resources[0] ?? '*');
    own('RegionAllowancesWork', 'NPLZ-RES-01', p.admin, action, resource, 'allow', inRegion(al.region));
    own('RegionAllowancesExact', 'NPLZ-RES-01', p.admin, action, resource, 'deny', inRegion(elsewhere));
    if (!al.resources.includes('*'))
      own(
        'RegionAllowancesExact',
        'NPLZ-RES-01',
        p.admin,
        action,
        `arn:aws:wafv2:${al.region}:${acct}:regional/webacl/probe/0123`,
        'deny',
        inRegion(al.region),
      );
  }
  const ge = AWS_GLOBAL_EVENTS_DEPLOYMENT;
  const geResource = (action: string) =>
    action.startsWith('cloudformation:')
      ? `arn:aws:cloudformation:${ge.region}:${acct}:stack/StackSet-${ge.stackSetName}-0123abcd/01234567-89ab-cdef-0123-456789abcdef`
      : `arn:aws:events:${ge.region}:${acct}:rule/${ge.rulePrefix}root-activity`;
  for (const action of ge.actions)
    own('RegionAllowancesWork', 'NPLZ-RES-01', p.stackSets, action, geResource(action), 'allow', inRegion(ge.region));
  for (const [who, action, resource, region] of [
    [p.admin, 'events:PutRule', geResource('events:PutRule'), ge.region],
    [p.admin, 'cloudformation:CreateStack', geResource('cloudformation:CreateStack'), ge.region],
    [p.stackSets, 'events:PutRule', geResource('events:PutRule'), elsewhere],
    [p.stackSets, 'events:PutRule', `arn:aws:events:${ge.region}:${acct}:rule/any-rule`, ge.region],
    [
      p.stackSets,
      'cloudformation:CreateStack',
      `arn:aws:cloudformation:${ge.region}:${acct}:stack/any-stack/01234567-89ab-cdef-0123-456789abcdef`,
      ge.region,
    ],
    [p.stackSets, 'ec2:RunInstances', `arn:aws:ec2:${ge.region}:${acct}:instance/i-0123456789abcdef0`, ge.region],
    [p.stackSets, 's3:CreateBucket', `arn:aws:s3:::nplz-probe-${acct}-${ge.region}`, ge.region],
    [p.stackSets, 'lambda:CreateFunction', `arn:aws:lambda:${ge.region}:${acct}:function:probe`, ge.region],
  ] as const)
    own('RegionAllowancesExact', 'NPLZ-RES-01', who, action, resource, 'deny', inRegion(region, { 'ec2:MetadataHttpTokens': 'required' }));

  // NPLZ-GRD-04: no account leaves the organisation.
  own('StayInOrganisation', 'NPLZ-GRD-04', p.admin, 'organizations:LeaveOrganization', '*', 'deny');
  // NPLZ-NET-04: the force administrator cannot open a way to the internet round the hub either.
  for (const action of [
    'ec2:CreateInternetGateway',
    'ec2:AttachInternetGateway',
    'ec2:CreateEgressOnlyInternetGateway',
    'ec2:CreateVpcPeeringConnection',
  ])
    own('EgressThroughHub', 'NPLZ-NET-04', p.admin, action, egressResource(action, t), 'deny');
  return out;
}

function egressResource(action: string, t: TenancyAccount): string {
  const prefix = `arn:aws:ec2:${t.region}:${t.account}`;
  switch (action) {
    case 'ec2:AttachInternetGateway':
    case 'ec2:CreateInternetGateway':
      return `${prefix}:internet-gateway/igw-0123456789abcdef0`;
    case 'ec2:CreateEgressOnlyInternetGateway':
      return `${prefix}:egress-only-internet-gateway/eigw-0123456789abcdef0`;
    default:
      return `${prefix}:vpc-peering-connection/pcx-0123456789abcdef0`;
  }
}

/** The requests made once for the national platform: what the log archive account's own principals can do to the archive. */
export function nationalRequests(model: AccessModel): AccessRequest[] {
  const a = model.archive;
  if (!a) return [...socRequests(model), ...suspendedRequests(model)];
  const out: AccessRequest[] = [];
  const admin: AccessPrincipal = {
    label: 'national-platform-admin in the log archive account',
    arn: ssoRole(a.account, a.region, 'national-platform-admin'),
    account: a.account,
    identity: [ADMIN],
    levels: a.levels,
  };
  const cdk: AccessPrincipal = {
    label: 'the CDK execution role of the log archive account',
    arn: cdkRole('cfn-exec-role', a.account, a.region),
    account: a.account,
    identity: [ADMIN],
    levels: a.levels,
  };
  const req = (who: AccessPrincipal, action: string, resource: string, r: PolicyResource, expect: Expected, rule: string) =>
    out.push({
      rule,
      control: 'NPLZ-LOG-03',
      what: `${who.label}: ${action} on ${resource}`,
      principal: who,
      action,
      resource,
      resourceAccount: a.account,
      resourceLevels: a.levels,
      resourcePolicy: r.policy,
      region: a.region,
      expect,
      tenancy: 'national',
      at: r.source,
      context: resourceTagContext(r.tags),
    });
  for (const b of a.buckets) {
    const object = `${b.arn}/AWSLogs/o-example/123456789012/CloudTrail/log.json.gz`;
    for (const action of ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention'])
      req(admin, action, object, b, 'deny', 'ArchiveObjectsProtected');
    for (const action of ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutLifecycleConfiguration', 's3:PutBucketVersioning'])
      req(admin, action, b.arn, b, 'deny', 'ArchiveBucketProtected');
    // The national CDK role is exempt from the SCP (it deploys the archive), and the bucket policy still forbids deletion.
    req(cdk, 's3:PutLifecycleConfiguration', b.arn, b, 'allow', 'ArchiveDeployExemption');
    req(cdk, 's3:DeleteObject', object, b, 'deny', 'ArchiveObjectsProtected');
  }
  for (const k of a.keys) {
    req(admin, 'kms:ScheduleKeyDeletion', k.arn, k, 'deny', 'ArchiveKeyProtected');
    req(admin, 'kms:DisableKey', k.arn, k, 'deny', 'ArchiveKeyProtected');
  }
  // NPLZ-GRD-02: only the bootstrap's execution role is exempt. A national administrator's own `cdk-*` role is exempt from nothing,
  // and the execution role cannot be made, re-trusted, re-policied or passed by them; the bootstrap's deploy role passes it.
  const bucket = a.buckets[0];
  const iamReq = (who: AccessPrincipal, action: string, resource: string, expect: Expected) =>
    out.push({
      rule: 'CdkExemptionNarrow',
      control: 'NPLZ-GRD-02',
      what: `${who.label}: ${action} on ${resource}`,
      principal: who,
      action,
      resource,
      resourceAccount: a.account,
      resourceLevels: a.levels,
      region: a.region,
      expect,
      tenancy: 'national',
      at: resource,
    });
  if (bucket)
    for (const name of ['cdk-hostile', `cdk-other1234-cfn-exec-role-${a.account}-${a.region}`]) {
      const hostile: AccessPrincipal = {
        ...admin,
        label: `a role ${name} a national administrator made`,
        arn: `arn:aws:iam::${a.account}:role/${name}`,
      };
      req(hostile, 's3:PutLifecycleConfiguration', bucket.arn, bucket, 'deny', 'ArchiveBucketProtected');
    }
  const exec = cdkRole('cfn-exec-role', a.account, a.region);
  for (const action of ['iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRole', 'iam:PassRole'])
    iamReq(admin, action, exec, 'deny');
  iamReq(admin, 'iam:CreateRole', cdkRole('cfn-exec-role', a.account, 'eu-west-1'), 'deny');
  const deployer: AccessPrincipal = {
    ...admin,
    label: 'the CDK deploy role of the log archive account',
    arn: cdkRole('deploy-role', a.account, a.region),
  };
  iamReq(deployer, 'iam:PassRole', exec, 'allow');
  // Nor a deploy role of theirs (the name that may pass the exempt execution role), nor the real one re-trusted.
  iamReq(admin, 'iam:CreateRole', `arn:aws:iam::${a.account}:role/cdk-hnb659fds-deploy-role-x`, 'deny');
  for (const action of ['iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy'])
    iamReq(admin, action, cdkRole('deploy-role', a.account, a.region), 'deny');
  return [...out, ...socRequests(model), ...suspendedRequests(model)];
}

/**
 * A suspended account is locked: no principal in it can change or delete anything (a force's
 * administrator, a national platform administrator, a role made to look like a reader's), and only
 * the national evidence readers' Identity Center roles are let through, to read. Readers are given
 * AdministratorAccess here so that the answer is the SCP's alone; their permission sets' being
 * read-only is `EvidenceReaderReadOnly`'s.
 */
function suspendedRequests(model: AccessModel): AccessRequest[] {
  const s = model.suspended;
  if (!s) return [];
  const out: AccessRequest[] = [];
  for (const a of s.accounts) {
    const where = a.environment ? `${a.tenancy}/${a.environment} (account ${a.account}, Suspended OU)` : `an account in the Suspended OU`;
    const who = (label: string, arn: string): AccessPrincipal => ({ label, arn, account: a.account, identity: [ADMIN], levels: a.levels });
    const req = (p: AccessPrincipal, action: string, resource: string, expect: Expected, rule: string, context?: Record<string, string>) =>
      out.push({
        rule,
        control: 'NPLZ-IAM-03',
        what: `${p.label}: ${action}${context ? ` (${Object.values(context).join(', ')})` : ''} on ${resource}`,
        principal: p,
        action,
        resource,
        resourceAccount: a.account,
        resourceLevels: a.levels,
        region: s.region,
        ...(context ? { context } : {}),
        expect,
        tenancy: a.tenancy,
        ...(a.environment ? { environment: a.environment } : {}),
        at: lock,
        placed: true,
      });
    // The finding names the Suspended OU's own SCP (the lock), whichever statement answers.
    const lock = a.levels.find((l) => l.name === 'OU Suspended')?.scps[0]?.source ?? 'the Suspended OU (not found in the organisation)';
    const object = `arn:aws:s3:::evidence-${a.account}/case/0001.json`;
    const key = `arn:aws:kms:${s.region}:${a.account}:key/0123abcd-0123-4567-89ab-0123456789ab`;
    const forceAdmin = who(`force-admin in ${where}`, ssoRole(a.account, s.region, 'force-admin'));
    for (const [action, resource] of [
      ['s3:DeleteObject', object],
      ['s3:GetObject', object],
      ['kms:ScheduleKeyDeletion', key],
      ['ec2:DeleteFlowLogs', `arn:aws:ec2:${s.region}:${a.account}:vpc-flow-log/fl-0123456789abcdef0`],
      ['iam:CreateRole', `arn:aws:iam::${a.account}:role/way-back-in`],
    ] as const)
      req(forceAdmin, action, resource, 'deny', 'SuspendedAccountLocked');
    req(
      who(`national-platform-admin in ${where}`, ssoRole(a.account, s.region, 'national-platform-admin')),
      's3:GetObject',
      object,
      'deny',
      'SuspendedAccountLocked',
    );
    // Roles that look like a reader's: outside Identity Center's path; a permission set whose name only starts
    // with the reader's; a suffix that is not Identity Center's 16 characters under another path segment.
    for (const [label, arn] of [
      [`a role named like the auditor's in ${where}`, `arn:aws:iam::${a.account}:role/AWSReservedSSO_national-auditor_0123456789abcdef`],
      [
        `permission set national-auditor_x in ${where}`,
        `arn:aws:iam::${a.account}:role/aws-reserved/sso.amazonaws.com/${s.region}/AWSReservedSSO_national-auditor_x_0123456789abcdef`,
      ],
      [
        `a role on another path under Identity Center's in ${where}`,
        `arn:aws:iam::${a.account}:role/aws-reserved/sso.amazonaws.com/evil/AWSReservedSSO_national-auditor_1`,
      ],
    ] as const) {
      req(who(label, arn), 's3:GetObject', object, 'deny', 'SuspendedAccountLocked');
      // A read RCPs do not govern, so that the SCP's exemption is tested on its own (S3 is the RCP's too).
      req(who(label, arn), 'cloudtrail:LookupEvents', '*', 'deny', 'SuspendedAccountLocked');
    }
    // Both ARN forms Identity Center uses: with the instance's region in the path, and without (an instance in us-east-1).
    const auditor = who(`national-auditor in ${where}`, ssoRole(a.account, s.region, 'national-auditor'));
    req(auditor, 's3:GetObject', object, 'allow', 'SuspendedEvidenceReadable');
    // What the readers' read-only policies hold that is not a plain read stays denied to them.
    req(auditor, 'sqs:ReceiveMessage', `arn:aws:sqs:${s.region}:${a.account}:case-events`, 'deny', 'SuspendedAccountLocked');
    req(auditor, 'eks:AccessKubernetesApi', `arn:aws:eks:${s.region}:${a.account}:cluster/cases`, 'deny', 'SuspendedAccountLocked');
    const directory = `arn:aws:s3express:${s.region}:${a.account}:bucket/evidence--euw2-az1--x-s3`;
    req(auditor, 's3express:CreateSession', directory, 'deny', 'SuspendedAccountLocked', { 's3express:SessionMode': 'ReadWrite' });
    req(auditor, 's3express:CreateSession', directory, 'allow', 'SuspendedEvidenceReadable', { 's3express:SessionMode': 'ReadOnly' });
    req(
      who(
        `national-security-analyst in ${where}`,
        `arn:aws:iam::${a.account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_national-security-analyst_0123456789abcdef`,
      ),
      'cloudtrail:LookupEvents',
      '*',
      'allow',
      'SuspendedEvidenceReadable',
    );

    // The Suspended OU's RCP: grants a suspended account's resources give another account are void. The
    // other principals are a force administrator of another account of the organisation and a role of an
    // account outside it, each named by the resource's own policy (which, without the RCP, lets it in).
    const rcp =
      a.levels.find((l) => l.name === 'OU Suspended')?.rcps.find((p) => p.name === SUSPENDED_RCP)?.source ??
      `the Suspended OU's RCP ${SUSPENDED_RCP} (not found in the organisation)`;
    const granted = (kind: string, principal: string, action: string, resource: string): SourcedPolicy => ({
      name: kind,
      source: `a ${kind} supposed on ${resource}`,
      document: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'GrantedBeforeSuspension', Effect: 'Allow', Principal: { AWS: principal }, Action: action, Resource: resource }],
      },
    });
    const reach = (
      p: AccessPrincipal,
      action: string,
      resource: string,
      policy: SourcedPolicy,
      expect: Expected,
      rule: string,
      context?: Record<string, string>,
    ) =>
      out.push({
        rule,
        control: 'NPLZ-IAM-03',
        what: `${p.label}: ${action} on ${resource} (granted by its ${policy.name})`,
        principal: p,
        action,
        resource,
        resourceAccount: a.account,
        resourceLevels: a.levels,
        resourcePolicy: policy,
        region: s.region,
        ...(context ? { context } : {}),
        expect,
        tenancy: a.tenancy,
        ...(a.environment ? { environment: a.environment } : {}),
        at: rcp,
        placed: true,
      });
    const other = model.tenancies.find((t) => t.account !== a.account);
    const outsider: AccessPrincipal = {
      label: 'a role of an account outside the organisation',
      arn: 'arn:aws:iam::999999999999:role/outside',
      account: '999999999999',
      identity: [ADMIN],
      levels: [],
    };
    const outside = { 'aws:PrincipalOrgID': 'o-outside00000' };
    const targets: [string, string, string][] = [
      ['bucket policy', 's3:GetObject', object],
      ['key policy', 'kms:Decrypt', key],
      ['trust policy', 'sts:AssumeRole', `arn:aws:iam::${a.account}:role/case-handover`],
      ['queue policy', 'sqs:SendMessage', `arn:aws:sqs:${s.region}:${a.account}:case-events`],
      ['resource policy', 'secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${s.region}:${a.account}:secret:case-db-AbCdEf`],
      ['resource policy', 'dynamodb:GetItem', `arn:aws:dynamodb:${s.region}:${a.account}:table/cases`],
    ];
    if (other) {
      const foreign: AccessPrincipal = {
        label: `force-admin of ${other.tenancy}/${other.environment} (account ${other.account})`,
        arn: ssoRole(other.account, other.region, 'force-admin'),
        account: other.account,
        identity: [ADMIN],
        levels: other.levels,
      };
      for (const [kind, action, resource] of targets)
        reach(
          foreign,
          action,
          resource,
          granted(kind, `arn:aws:iam::${other.account}:root`, action, resource),
          'deny',
          'SuspendedResourcesClosed',
        );
    }
    for (const [kind, action, resource] of targets.slice(0, 2))
      reach(outsider, action, resource, granted(kind, '*', action, resource), 'deny', 'SuspendedResourcesClosed', outside);
    // The readers still read, their key's use included (the key policy gives the account, as a default key policy does).
    reach(
      auditor,
      's3:GetObject',
      object,
      granted('bucket policy', `arn:aws:iam::${a.account}:root`, 's3:GetObject', object),
      'allow',
      'SuspendedEvidenceReadable',
    );
    reach(
      auditor,
      'kms:Decrypt',
      key,
      granted('key policy', `arn:aws:iam::${a.account}:root`, 'kms:*', key),
      'allow',
      'SuspendedEvidenceReadable',
    );
  }
  return out;
}

/** The Suspended OU's resource control policy, as the organisation stack names it. */
const SUSPENDED_RCP = 'nplz-suspended-resources';

/** The national SOC tunes detection from the delegated administrator: the guardrail must not deny it there. */
function socRequests(model: AccessModel): AccessRequest[] {
  const sec = model.security;
  if (!sec) return [];
  const out: AccessRequest[] = [];
  const soc: AccessPrincipal = {
    label: 'national-security-analyst in the security (audit) account',
    arn: ssoRole(sec.account, sec.region, 'national-security-analyst'),
    account: sec.account,
    identity: [ADMIN],
    levels: sec.levels,
  };
  for (const [action, resource] of [
    [
      'guardduty:CreateFilter',
      `arn:aws:guardduty:${sec.region}:${sec.account}:detector/12abc34d567e8fa901bc2d34e56789f0/filter/known-scanner`,
    ],
    ['securityhub:UpdateStandardsControl', `arn:aws:securityhub:${sec.region}:${sec.account}:hub/default`],
  ] as const)
    out.push({
      rule: 'DetectionTuningBySoc',
      control: 'NPLZ-GRD-02',
      what: `${soc.label}: ${action} on ${resource}`,
      principal: soc,
      action,
      resource,
      resourceAccount: sec.account,
      resourceLevels: sec.levels,
      region: sec.region,
      expect: 'allow',
      tenancy: 'national',
      at: resource,
    });
  return out;
}
