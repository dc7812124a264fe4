import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAwsEstate } from '@nplz/aws';
import { planAzureEstate, writePlan } from '@nplz/azure';
import { Estate, Finding, loadEstateOrThrow, TenancySpec } from '@nplz/core';
import { awsFindings, azureFindings } from '@nplz/policy';
import { ACCESS_RULES } from '../packages/policy/src/aws/access';
import { sharedEvidenceDir } from './shared-evidence-store';
import { sharedPlanCache } from './shared-plan-cache';

/**
 * The guardrails as an adversary would test them: a small estate (Kent, Essex, their Kent and
 * Essex ITS collaboration, and Dorset) is synthesised once; each test edits the JSON of a copy the
 * way a hostile or careless change would, and the audit must fail on the right control, tenancy
 * and resource. The verdicts come from iam-simulate evaluating the synthesised policies.
 */
const ROOT = path.join(__dirname, '..');
const now = new Date('2026-11-22T00:00:00Z');
const full = loadEstateOrThrow(path.join(ROOT, 'examples/estate'), { now });
const pick = (name: string): TenancySpec => full.tenancies.find((t) => t.spec.name === name)!.spec;
const estate: Estate = { ...full, tenancies: ['kent', 'essex', 'kent-essex-its', 'dorset'].map((n) => ({ spec: pick(n) })) };
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-access-'));
/**
 * One evidence store for every case, and for the next run (test/shared-evidence-store.ts): a damaged
 * copy simulates again only the requests whose policies it changed (the store is keyed by every input
 * of a simulation, so it cannot answer a damaged case with the pristine verdict;
 * packages/policy/test/aws/access-cache.test.ts holds that).
 */
const kept = { cacheDir: sharedEvidenceDir() };
const pristine = path.join(base, 'aws');

beforeAll(() => {
  createAwsEstate(estate, { outdir: pristine }).app.synth();
}, 300_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A copy of the assembly with `edit` applied to the templates it names. */
function damaged(edits: Record<string, (t: Json) => void>): string {
  const dir = fs.mkdtempSync(path.join(base, 'case-'));
  fs.cpSync(pristine, dir, { recursive: true });
  for (const [stack, edit] of Object.entries(edits)) {
    const file = path.join(dir, `${stack}.template.json`);
    const t = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
    edit(t);
    fs.writeFileSync(file, JSON.stringify(t));
  }
  return dir;
}

const resources = (t: Json): [string, Json][] => Object.entries(t.Resources as Record<string, Json>);
/** The Organizations policy named `name` in the organisation template. */
const policy = (t: Json, name: string): Json => resources(t).find(([, r]) => r.Properties?.Name === name)![1];
const statement = (t: Json, name: string, sid: string): Json =>
  (policy(t, name).Properties.Content.Statement as Json[]).find((s) => s.Sid === sid);
const ofType = (t: Json, type: string): [string, Json][] => resources(t).filter(([, r]) => r.Type === type);

const fails = (findings: Finding[]) => findings.filter((f) => f.status === 'fail');
const summary = (f: Finding) => `${f.control} ${f.tenancy}${f.environment ? `/${f.environment}` : ''} ${f.rule} @ ${f.resource}`;

describe('the unmodified estate', () => {
  test('audits clean, with every access request answered by evaluation', async () => {
    const findings = await awsFindings(pristine, estate, kept);
    expect(fails(findings).map((f) => `${summary(f)}: ${f.message}`)).toEqual([]);
    const access = findings.filter((f) => f.rule.startsWith('NplzAccess-'));
    // Every rule the evaluation answers is listed, with its control, for the controls doc and coverage.
    expect(access.filter((f) => ACCESS_RULES[f.rule.slice('NplzAccess-'.length)] !== f.control).map(summary)).toEqual([]);
    // Every tenancy environment and the national platform are evaluated, on each control the tables name.
    expect(new Set(access.map((f) => `${f.tenancy}/${f.environment ?? ''}`)).size).toBe(1 + 4 * 2 - 1);
    expect(new Set(access.map((f) => f.control))).toEqual(
      new Set([
        'NPLZ-IAM-01',
        'NPLZ-IAM-02',
        'NPLZ-IAM-03',
        'NPLZ-IAM-04',
        'NPLZ-LOG-03',
        'NPLZ-GRD-02',
        'NPLZ-GRD-04',
        'NPLZ-RES-01',
        'NPLZ-PAM-03',
        'NPLZ-NET-04',
        'NPLZ-RET-04',
      ]),
    );
    // The evidence names the deciding statement.
    const kent = access.find((f) => f.tenancy === 'kent' && f.environment === 'prod' && f.rule === 'NplzAccess-SecurityServicesProtected')!;
    expect(kent.message).toContain('cloudtrail:StopLogging');
    expect(kent.message).toContain(
      'denied by SCP nplz-protect-baseline statement ProtectSecurityServices (Nplz-Organization/Organization/ProtectBaseline)',
    );
  });

  test('an exempt role is allowed, and the finding names the exemption that decided it', async () => {
    const findings = await awsFindings(pristine, estate, kept);
    const exempt = findings.find(
      (f) => f.tenancy === 'kent' && f.environment === 'prod' && f.rule === 'NplzAccess-SecurityServicesExemption',
    )!;
    expect(exempt.status).toBe('pass');
    expect(exempt.message).toMatch(
      /the StackSets execution role in kent\/prod: cloudtrail:StopLogging .*allowed, as it must be.*SCP nplz-protect-baseline statement ProtectSecurityServices .*does not apply: its condition does not hold .*ArnNotLike aws:PrincipalARN .*which arn:aws:iam::\*:role\/stacksets-exec-\* matches/,
    );
    const deploy = findings.find((f) => f.tenancy === 'national' && f.rule === 'NplzAccess-ArchiveDeployExemption')!;
    // Only the bootstrap's execution role of a national account is exempt, not any cdk-* role there.
    expect(deploy.message).toMatch(/which arn:aws:iam::100000000002:role\/cdk-hnb659fds-cfn-exec-role-\* matches/);
    // Global services are exempt from the region guardrail by its NotAction, and the finding says so.
    const global = findings.find((f) => f.tenancy === 'kent' && f.environment === 'prod' && f.rule === 'NplzAccess-GlobalServicesExempt')!;
    expect(global.message).toContain('its NotAction exempts iam:*');
    // The national SOC tunes detection from the delegated administrator; a force does not.
    const soc = findings.find((f) => f.tenancy === 'national' && f.rule === 'NplzAccess-DetectionTuningBySoc')!;
    expect(soc.status).toBe('pass');
    expect(soc.message).toMatch(
      /national-security-analyst in the security \(audit\) account: guardduty:CreateFilter .*allowed, as it must be/,
    );
  });
});

/**
 * The role statements as they were before the bootstrap roles were protected by name in every account: only the exempt
 * roles (the national execution roles by account) protected and passable, and only the national deploy roles passing them.
 */
function cdkProtectionAsItWas(t: Json): void {
  const protect = statement(t, 'nplz-identity', 'ProtectBaselineRoles');
  const pass = statement(t, 'nplz-identity', 'PassBaselineRolesOnlyByDeployers');
  const exempt = pass.Condition.ArnNotLike['aws:PrincipalARN'] as string[];
  const anyCdk = (r: string) => r.startsWith('arn:aws:iam::*:role/cdk-');
  const exemptArns = exempt.filter((r) => !anyCdk(r));
  protect.Resource = [...(protect.Resource as string[]).filter((r) => !anyCdk(r)), ...exemptArns.filter((r) => r.includes(':role/cdk-'))];
  pass.Resource = exemptArns;
  pass.Condition.ArnNotLike['aws:PrincipalARN'] = [
    ...exemptArns,
    ...exemptArns.filter((r) => r.includes(':role/cdk-')).map((r) => r.replace('cfn-exec-role', 'deploy-role')),
  ];
}

/** Each defect: the templates it edits, and the failures (control, tenancy, rule, resource) the audit must report for it. */
const DEFECTS: [
  string,
  Record<string, (t: Json) => void>,
  { control: string; tenancy: string; rule: string; resource: string; message?: RegExp },
][] = [
  [
    'a Deny given an impossible condition (aws:PrincipalArn a nonsense value)',
    {
      'Nplz-Organization': (t) => {
        statement(t, 'nplz-protect-baseline', 'ProtectSecurityServices').Condition = {
          StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::000000000000:role/nobody' },
        };
      },
    },
    {
      control: 'NPLZ-GRD-02',
      tenancy: 'kent',
      rule: 'NplzAccess-SecurityServicesProtected',
      resource: 'Nplz-Organization/Organization/ProtectBaseline',
      message:
        /cloudtrail:StopLogging .* is allowed .*ProtectSecurityServices .*does not apply: its condition does not hold .*StringEquals aws:PrincipalArn \[arn:aws:iam::000000000000:role\/nobody\]/,
    },
  ],
  [
    "the SOC's exemption from detection tuning removed (the SOC can no longer suppress a known scanner)",
    { 'Nplz-Organization': (t) => void delete statement(t, 'nplz-protect-baseline', 'ProtectDetectionTuning').Condition.StringNotEquals },
    {
      control: 'NPLZ-GRD-02',
      tenancy: 'national',
      rule: 'NplzAccess-DetectionTuningBySoc',
      resource: 'Nplz-Organization/Organization/ProtectBaseline',
      message: /guardduty:CreateFilter .* must be allowed/,
    },
  ],
  [
    "the SOC's exemption widened to a force account (its administrator may now add a filter that archives its findings)",
    {
      'Nplz-Organization': (t) => {
        const c = statement(t, 'nplz-protect-baseline', 'ProtectDetectionTuning').Condition.StringNotEquals;
        c['aws:PrincipalAccount'] = [c['aws:PrincipalAccount'], pick('kent').aws!.accounts.prod];
      },
    },
    {
      control: 'NPLZ-GRD-02',
      tenancy: 'kent',
      rule: 'NplzAccess-SecurityServicesProtected',
      resource: 'Nplz-Organization/Organization/ProtectBaseline',
      message: /force-admin of kent\/prod: guardduty:CreateFilter .* is allowed/,
    },
  ],
  [
    'the archive buckets gone from the assembly (nothing can be asked of them)',
    {
      'Nplz-LogArchive': (t) => {
        for (const [id, r] of resources(t)) if (r.Type === 'AWS::S3::Bucket' || r.Type === 'AWS::S3::BucketPolicy') delete t.Resources[id];
      },
    },
    {
      control: 'NPLZ-GRD-01',
      tenancy: 'national',
      rule: 'NplzAccess-Model',
      resource: '100000000002',
      message: /holds 0 national archive buckets .* cannot be evaluated/,
    },
  ],
  [
    'the region deny given aws:RequestedRegion Null: true',
    {
      'Nplz-Organization': (t) =>
        (statement(t, 'nplz-uk-regions-only', 'DenyOutsideAllowedRegions').Condition.Null = { 'aws:RequestedRegion': 'true' }),
    },
    {
      control: 'NPLZ-RES-01',
      tenancy: 'essex',
      rule: 'NplzAccess-UkRegionsOnly',
      resource: 'Nplz-Organization/Organization/UkRegionsOnly',
      message: /force-admin of essex\/(prod|nonprod): ec2:RunInstances .*eu-west-1.* is allowed.*Null aws:RequestedRegion \[true\]/,
    },
  ],
  [
    'the leave-organisation deny narrowed to calls made through AWS services',
    {
      'Nplz-Organization': (t) =>
        (statement(t, 'nplz-identity', 'DenyLeaveOrganization').Condition = { Bool: { 'aws:ViaAWSService': 'true' } }),
    },
    {
      control: 'NPLZ-GRD-04',
      tenancy: 'dorset',
      rule: 'NplzAccess-StayInOrganisation',
      resource: 'Nplz-Organization/Organization/Identity',
      message: /organizations:LeaveOrganization .* is allowed/,
    },
  ],
  [
    'the exemption list widened to arn:aws:iam::*:role/*',
    {
      'Nplz-Organization': (t) => {
        statement(t, 'nplz-protect-baseline', 'ProtectSecurityServices').Condition.ArnNotLike['aws:PrincipalARN'].push(
          'arn:aws:iam::*:role/*',
        );
      },
    },
    {
      control: 'NPLZ-GRD-02',
      tenancy: 'kent-essex-its',
      rule: 'NplzAccess-SecurityServicesProtected',
      resource: 'Nplz-Organization/Organization/ProtectBaseline',
      message: /which .*arn:aws:iam::\*:role\/\* matches/,
    },
  ],
  [
    'the region deny whose NotAction grows to include s3:*',
    { 'Nplz-Organization': (t) => statement(t, 'nplz-uk-regions-only', 'DenyOutsideAllowedRegions').NotAction.push('s3:*') },
    {
      control: 'NPLZ-RES-01',
      tenancy: 'kent',
      rule: 'NplzAccess-UkRegionsOnly',
      resource: 'Nplz-Organization/Organization/UkRegionsOnly',
      message: /s3:CreateBucket .* is allowed.*its NotAction exempts s3:\*/,
    },
  ],
  [
    'an s3:* Allow for everyone on the archive bucket policy',
    {
      'Nplz-LogArchive': (t) => {
        const [, bp] = ofType(t, 'AWS::S3::BucketPolicy').find(([id]) => id.startsWith('LogArchiveBucketPolicy'))!;
        bp.Properties.PolicyDocument.Statement.push({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:*',
          Resource: ['arn:aws:s3:::nplz-log-archive-100000000002-eu-west-2', 'arn:aws:s3:::nplz-log-archive-100000000002-eu-west-2/*'],
        });
      },
    },
    {
      control: 'NPLZ-LOG-03',
      tenancy: 'kent',
      rule: 'NplzAccess-ArchiveObjectsProtected',
      resource: 'Nplz-LogArchive/LogArchive/Bucket/Policy/Resource',
      message: /s3:PutObject .* is allowed .*resource policy/,
    },
  ],
  [
    'the protective SCP without its archive statement',
    {
      'Nplz-Organization': (t) => {
        const p = policy(t, 'nplz-protect-baseline').Properties.Content;
        p.Statement = (p.Statement as Json[]).filter((s) => s.Sid !== 'ProtectLogArchives');
      },
    },
    // The archive's own bucket policy still forbids deletion; what only the SCP denied (rewriting the policy, lifecycle, versioning) is now open to the log archive account's administrator.
    {
      control: 'NPLZ-LOG-03',
      tenancy: 'national',
      rule: 'NplzAccess-ArchiveBucketProtected',
      resource: 'Nplz-LogArchive/LogArchive/Bucket/Policy/Resource',
      message: /national-platform-admin .*s3:PutLifecycleConfiguration .* is allowed/,
    },
  ],
  [
    "a force's data key opened to another force's account",
    {
      'Force-essex-prod': (t) => {
        const [, key] = ofType(t, 'AWS::KMS::Key').find(([id]) => id.startsWith('TenancyDataKey'))!;
        key.Properties.KeyPolicy.Statement.push({
          Sid: 'ShareWithPartners',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'kms:Decrypt',
          Resource: '*',
        });
      },
    },
    {
      control: 'NPLZ-IAM-03',
      tenancy: 'dorset',
      rule: 'NplzAccess-CrossForceDecrypt',
      resource: 'Force-essex-prod/Tenancy/DataKey/Resource',
      message:
        /force-admin of dorset\/prod: kms:Decrypt on essex\/prod's .* is allowed \(by .*resource policy key policy statement ShareWithPartners/,
    },
  ],
  [
    'a baseline alert rule renamed out of the protected prefix (a force may then disable it)',
    {
      'Nplz-Organization': (t) => {
        const [, set] = ofType(t, 'AWS::CloudFormation::StackSet')[0]!;
        const body = JSON.parse(set.Properties.TemplateBody as string) as Json;
        const [, rule] = ofType(body, 'AWS::Events::Rule').find(([id]) => id.includes('BreakGlassUse'))!;
        rule.Properties.Name = 'break-glass-use';
        set.Properties.TemplateBody = JSON.stringify(body);
      },
    },
    {
      control: 'NPLZ-GRD-02',
      tenancy: 'kent',
      rule: 'NplzAccess-SecurityServicesProtected',
      resource: 'Force-kent-prod',
      message: /events:DisableRule on arn:aws:events:eu-west-2:\d+:rule\/break-glass-use .*is allowed/,
    },
  ],
  [
    'the fleet baseline break-glass role trusting any principal',
    {
      'Nplz-Organization': (t) => {
        const [, set] = ofType(t, 'AWS::CloudFormation::StackSet')[0]!;
        const body = JSON.parse(set.Properties.TemplateBody as string) as Json;
        const [, role] = ofType(body, 'AWS::IAM::Role').find(([id]) => id.includes('BreakGlass'))!;
        role.Properties.AssumeRolePolicyDocument.Statement[0].Principal = { AWS: '*' };
        set.Properties.TemplateBody = JSON.stringify(body);
      },
    },
    {
      control: 'NPLZ-IAM-03',
      tenancy: 'kent',
      rule: 'NplzAccess-CrossForceAssumeRole',
      resource: 'Nplz-Organization/AccountBaseline/TemplateBody/AccountBaselineBreakGlassRole8B0FD056',
      message:
        /force-admin of kent\/(prod|nonprod): sts:AssumeRole on dorset\/\w+'s arn:aws:iam::\d+:role\/nplz-break-glass is allowed .*trust policy statement #1/,
    },
  ],
  [
    'the StackSets role dropped from the exemptions (the baseline could no longer be rolled out)',
    {
      'Nplz-Organization': (t) => {
        const s = statement(t, 'nplz-protect-baseline', 'ProtectSecurityServices');
        s.Condition.ArnNotLike['aws:PrincipalARN'] = (s.Condition.ArnNotLike['aws:PrincipalARN'] as string[]).filter(
          (a) => !a.includes('stacksets-exec'),
        );
      },
    },
    {
      control: 'NPLZ-GRD-02',
      tenancy: 'kent',
      rule: 'NplzAccess-SecurityServicesExemption',
      resource: 'Nplz-Organization/Organization/ProtectBaseline',
      message: /must be allowed/,
    },
  ],
  [
    'the IAM users deny removed',
    {
      'Nplz-Organization': (t) => {
        const p = policy(t, 'nplz-identity').Properties.Content;
        p.Statement = (p.Statement as Json[]).filter((s) => s.Sid !== 'DenyIamUsersAndAccessKeys');
      },
    },
    {
      control: 'NPLZ-IAM-01',
      tenancy: 'essex',
      rule: 'NplzAccess-NoIamUsers',
      resource: 'Force-essex-prod',
      message: /force-admin of essex\/prod: iam:CreateAccessKey .* is allowed/,
    },
  ],
  // At the boundary itself, what a rewritten (or swapped) boundary lets through is a bounded role creating an
  // unbounded one; its iam:DeleteRolePermissionsBoundary stays denied by the SCP statement
  // KeepLocalAssetsBoundaryAttached (the request names the boundary, test/aws-boundary-context.test.ts).
  [
    'the local-assets boundary rewritten to allow everything',
    {
      'Force-kent-prod': (t) => {
        const [, b] = ofType(t, 'AWS::IAM::ManagedPolicy').find(([id]) => id.startsWith('TenancyLocalAssetsBoundary'))!;
        b.Properties.PolicyDocument.Statement = [{ Effect: 'Allow', Action: '*', Resource: '*' }];
      },
    },
    {
      control: 'NPLZ-PAM-03',
      tenancy: 'kent',
      rule: 'NplzAccess-BoundaryHolds',
      resource: 'Force-kent-prod/Tenancy/LocalAssetsBoundary/Resource',
      message: /local-assets role of kent\/prod .*iam:CreateRole on arn:aws:iam::200000000171:role\/unbounded is allowed/,
    },
  ],
];

/** A role added to a force stack's local assets, as a force's CDK code would render it. */
const localRole = (boundary?: unknown) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    RoleName: 'case-files-reader',
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    },
    ...(boundary === undefined ? {} : { PermissionsBoundary: boundary }),
  },
  Metadata: { 'aws:cdk:path': 'Force-kent-prod/Tenancy/LocalAssets/CaseFilesReader/Resource' },
});

DEFECTS.push(
  [
    'a role in the force stack without a boundary',
    { 'Force-kent-prod': (t) => (t.Resources.CaseFilesReader = localRole()) },
    {
      control: 'NPLZ-PAM-03',
      tenancy: 'kent',
      rule: 'NplzAccess-BoundaryHolds',
      resource: 'Force-kent-prod/Tenancy/LocalAssets/CaseFilesReader/Resource',
      message: /role case-files-reader of kent\/prod: iam:CreateRole .*role\/unbounded is allowed/,
    },
  ],
  [
    'flow logs and keys protected by type again (the force stack can no longer replace its flow log or retire its key)',
    {
      'Nplz-Organization': (t) =>
        statement(t, 'nplz-protect-baseline', 'ProtectSecurityServices').Action.push('ec2:DeleteFlowLogs', 'kms:ScheduleKeyDeletion'),
    },
    {
      control: 'NPLZ-GRD-02',
      tenancy: 'kent',
      rule: 'NplzAccess-ForceCleansUp',
      resource: 'Nplz-Organization/Organization/ProtectBaseline',
      message:
        /the CDK execution role in kent\/prod: ec2:DeleteFlowLogs .* is denied by SCP nplz-protect-baseline statement ProtectSecurityServices/,
    },
  ],
  [
    "the baseline's tag misspelt in the protection of its keys and flow logs (it protects nothing)",
    {
      'Nplz-Organization': (t) => {
        const c = statement(t, 'nplz-protect-baseline', 'ProtectBaselineResources').Condition;
        c.StringEquals = { 'aws:ResourceTag/nplz:tennancy': 'national' };
      },
    },
    {
      control: 'NPLZ-GRD-02',
      tenancy: 'kent',
      rule: 'NplzAccess-BaselineResourcesProtected',
      resource: 'Nplz-Organization/AccountBaseline/TemplateBody/AccountBaselineAlertsKey147D4F1A',
      message: /force-admin of kent\/prod: kms:ScheduleKeyDeletion .* is allowed/,
    },
  ],
  [
    'every cdk-* role of a national account exempt again (a national administrator makes one and empties the archive)',
    {
      'Nplz-Organization': (t) => {
        for (const [, r] of ofType(t, 'AWS::Organizations::Policy'))
          r.Properties.Content = JSON.parse(JSON.stringify(r.Properties.Content).split('cdk-hnb659fds-cfn-exec-role-*').join('cdk-*'));
      },
    },
    {
      control: 'NPLZ-LOG-03',
      tenancy: 'national',
      rule: 'NplzAccess-ArchiveBucketProtected',
      resource: 'Nplz-Organization/Organization/ProtectBaseline',
      message: /a role cdk-hostile a national administrator made: s3:PutLifecycleConfiguration .* is allowed/,
    },
  ],
  [
    'the national CDK execution role left unprotected (a national administrator re-trusts it to themselves)',
    {
      'Nplz-Organization': (t) => {
        const s = statement(t, 'nplz-identity', 'ProtectBaselineRoles');
        s.Resource = (s.Resource as string[]).filter((r) => !r.includes('cdk-'));
      },
    },
    {
      control: 'NPLZ-GRD-02',
      tenancy: 'national',
      rule: 'NplzAccess-CdkExemptionNarrow',
      resource: 'arn:aws:iam::100000000002:role/cdk-hnb659fds-cfn-exec-role-100000000002-eu-west-2',
      message: /national-platform-admin in the log archive account: iam:UpdateAssumeRolePolicy .* is allowed/,
    },
  ],
  [
    'the CDK role protection as it was (national execution roles only): a national administrator makes a deploy role',
    { 'Nplz-Organization': (t) => cdkProtectionAsItWas(t) },
    {
      control: 'NPLZ-GRD-02',
      tenancy: 'national',
      rule: 'NplzAccess-CdkExemptionNarrow',
      resource: 'arn:aws:iam::100000000002:role/cdk-hnb659fds-deploy-role-x',
      message: /national-platform-admin in the log archive account: iam:CreateRole .*deploy-role-x is allowed/,
    },
  ],
  [
    'the CDK role protection as it was (national execution roles only): a force administrator makes an execution role',
    { 'Nplz-Organization': (t) => cdkProtectionAsItWas(t) },
    {
      control: 'NPLZ-PAM-03',
      tenancy: 'kent',
      rule: 'NplzAccess-CdkRolesProtected',
      resource: 'Force-kent-prod',
      message: /force-admin of kent\/prod: iam:CreateRole on arn:aws:iam::200000000171:role\/cdk-hnb659fds-cfn-exec-role-x is allowed/,
    },
  ],
  [
    'the CDK role protection naming only the exact account-region names (a force administrator makes one of another name)',
    {
      'Nplz-Organization': (t) => {
        const s = statement(t, 'nplz-identity', 'ProtectBaselineRoles');
        s.Resource = (s.Resource as string[]).map((r) =>
          r.includes(':role/cdk-') ? r.replace('::*:', '::200000000171:').replace(/role-\*$/, 'role-200000000171-eu-west-2') : r,
        );
      },
    },
    {
      control: 'NPLZ-PAM-03',
      tenancy: 'kent',
      rule: 'NplzAccess-CdkRolesProtected',
      resource: 'Force-kent-prod',
      message: /force-admin of kent\/prod: iam:CreateRole on arn:aws:iam::200000000171:role\/cdk-hnb659fds-cfn-exec-role-x is allowed/,
    },
  ],
  [
    'the force execution role passable by anyone (a force administrator hands it to a CloudFormation stack of their own)',
    {
      'Nplz-Organization': (t) => {
        const s = statement(t, 'nplz-identity', 'PassBaselineRolesOnlyByDeployers');
        s.Resource = (s.Resource as string[]).filter((r) => !r.includes(':role/cdk-'));
      },
    },
    {
      control: 'NPLZ-PAM-03',
      tenancy: 'kent',
      rule: 'NplzAccess-CdkRolesProtected',
      resource: 'Force-kent-prod',
      message:
        /force-admin of kent\/prod: iam:PassRole on arn:aws:iam::200000000171:role\/cdk-hnb659fds-cfn-exec-role-200000000171-eu-west-2 is allowed/,
    },
  ],
  [
    'the local-assets boundary editable by hand (the force administrator rewrites it to allow everything)',
    {
      'Nplz-Organization': (t) =>
        void (statement(t, 'nplz-identity', 'ProtectLocalAssetsBoundary').Condition.ArnNotLike['aws:PrincipalARN'] =
          'arn:aws:iam::*:role/*'),
    },
    {
      control: 'NPLZ-PAM-03',
      tenancy: 'kent',
      rule: 'NplzAccess-BoundaryHolds',
      resource: 'Nplz-Organization/Organization/Identity',
      message: /force-admin of kent\/prod: iam:CreatePolicyVersion .* is allowed/,
    },
  ],
  [
    'the global-events allowance open to any principal (a force administrator puts rules in us-east-1)',
    {
      'Nplz-Organization': (t) => {
        const c = policy(t, 'nplz-uk-regions-only').Properties.Content;
        c.Statement = (c.Statement as Json[]).filter((s) => s.Sid !== 'GlobalEventsDeploymentOnlyByItsPrincipal');
      },
    },
    {
      control: 'NPLZ-RES-01',
      tenancy: 'kent',
      rule: 'NplzAccess-RegionAllowancesExact',
      resource: 'Nplz-Organization/Organization/UkRegionsOnly',
      // (Its events:PutRule on the forwarding rules is still denied, by ProtectBaselineAlerts: the rules are the baseline's.)
      message: /force-admin of kent\/prod: cloudformation:CreateStack on arn:aws:cloudformation:us-east-1:.* is allowed/,
    },
  ],
  [
    'the region guardrail as it was (global services only): CloudFront certificates and the global-events StackSet refused in us-east-1',
    {
      'Nplz-Organization': (t) => {
        const c = policy(t, 'nplz-uk-regions-only').Properties.Content;
        const deny = (c.Statement as Json[])[0];
        deny.NotAction = (deny.NotAction as string[]).filter((a) => !/^(acm|wafv2|events|cloudformation):/.test(a));
        c.Statement = [deny];
      },
    },
    {
      control: 'NPLZ-RES-01',
      tenancy: 'kent',
      rule: 'NplzAccess-RegionAllowancesWork',
      resource: 'Nplz-Organization/Organization/UkRegionsOnly',
      message:
        /the StackSets execution role in kent\/prod: events:PutRule .* is denied by SCP nplz-uk-regions-only statement DenyOutsideAllowedRegions/,
    },
  ],
  [
    "the Suspended OU's SCP as it was (deny all, the auditor and SOC included)",
    {
      'Nplz-Organization': (t) => {
        policy(t, 'nplz-suspended-deny-all').Properties.Content.Statement = [
          { Sid: 'DenyAll', Effect: 'Deny', Action: '*', Resource: '*' },
        ];
      },
    },
    {
      control: 'NPLZ-IAM-03',
      tenancy: 'national',
      rule: 'NplzAccess-SuspendedEvidenceReadable',
      resource: 'Nplz-Organization/Organization/SuspendedDenyAll',
      message:
        /national-auditor in an account in the Suspended OU: s3:GetObject .* is denied by SCP nplz-suspended-deny-all statement DenyAll/,
    },
  ],
  [
    "the readers' exemption matched by role name anywhere, not by Identity Center's reserved path",
    {
      'Nplz-Organization': (t) => {
        statement(t, 'nplz-suspended-deny-all', 'DenyAllButEvidenceReaders').Condition.ArnNotLike['aws:PrincipalARN'] = [
          'arn:aws:iam::*:role/*AWSReservedSSO_national-auditor_*',
          'arn:aws:iam::*:role/*AWSReservedSSO_national-security-analyst_*',
        ];
      },
    },
    {
      control: 'NPLZ-IAM-03',
      tenancy: 'national',
      rule: 'NplzAccess-SuspendedAccountLocked',
      resource: 'Nplz-Organization/Organization/SuspendedDenyAll',
      message: /a role named like the auditor's in an account in the Suspended OU: cloudtrail:LookupEvents .* is allowed/,
    },
  ],
  [
    "the readers' exemption matched by prefix (a permission set named national-auditor_x would be let through)",
    {
      'Nplz-Organization': (t) => {
        statement(t, 'nplz-suspended-deny-all', 'DenyAllButEvidenceReaders').Condition.ArnNotLike['aws:PrincipalARN'] = [
          'arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_national-auditor_*',
          'arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_national-security-analyst_*',
        ];
      },
    },
    {
      control: 'NPLZ-IAM-03',
      tenancy: 'national',
      rule: 'NplzAccess-SuspendedAccountLocked',
      resource: 'Nplz-Organization/Organization/SuspendedDenyAll',
      message: /permission set national-auditor_x in an account in the Suspended OU: cloudtrail:LookupEvents .* is allowed/,
    },
  ],
  [
    "the readers' read-only policies taken at their word (what they hold beyond reads not denied)",
    {
      'Nplz-Organization': (t) => {
        const c = policy(t, 'nplz-suspended-deny-all').Properties.Content;
        c.Statement = (c.Statement as Json[]).filter((x) => x.Sid !== 'ReadersOnlyRead');
      },
    },
    {
      control: 'NPLZ-IAM-03',
      tenancy: 'national',
      rule: 'NplzAccess-SuspendedAccountLocked',
      resource: 'Nplz-Organization/Organization/SuspendedDenyAll',
      message: /national-auditor in an account in the Suspended OU: sqs:ReceiveMessage .* is allowed/,
    },
  ],
  [
    'the exemption widened to every Identity Center role (a force administrator back in a suspended account)',
    {
      'Nplz-Organization': (t) => {
        statement(t, 'nplz-suspended-deny-all', 'DenyAllButEvidenceReaders').Condition.ArnNotLike['aws:PrincipalARN'] = [
          'arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*',
        ];
      },
    },
    {
      control: 'NPLZ-IAM-03',
      tenancy: 'national',
      rule: 'NplzAccess-SuspendedAccountLocked',
      resource: 'Nplz-Organization/Organization/SuspendedDenyAll',
      // (Its S3 and KMS requests are still denied, by the Suspended OU's RCP.)
      message: /force-admin in an account in the Suspended OU: ec2:DeleteFlowLogs .* is allowed/,
    },
  ],
  [
    "the Suspended OU's RCP exempting every role (another account's grants on a suspended account's resources usable again)",
    {
      'Nplz-Organization': (t) => {
        statement(t, 'nplz-suspended-resources', 'OnlyEvidenceReaders').Condition.ArnNotLike['aws:PrincipalARN'] = [
          'arn:aws:iam::*:role/*',
        ];
      },
    },
    {
      control: 'NPLZ-IAM-03',
      tenancy: 'national',
      rule: 'NplzAccess-SuspendedResourcesClosed',
      resource: 'Nplz-Organization/Organization/SuspendedResources',
      message:
        /force-admin of [a-z-]+\/[a-z]+ \(account \d{12}\): s3:GetObject on arn:aws:s3:::evidence-.* \(granted by its bucket policy\) is allowed/,
    },
  ],
  [
    "the Suspended OU's RCP without KMS (a key policy's grant to another account decrypts a suspended account's evidence)",
    {
      'Nplz-Organization': (t) => {
        const c = policy(t, 'nplz-suspended-resources').Properties.Content;
        c.Statement = (c.Statement as Json[]).filter((x) => x.Sid !== 'KeysOnlyForEvidenceReadersAndServices');
      },
    },
    {
      control: 'NPLZ-IAM-03',
      tenancy: 'national',
      rule: 'NplzAccess-SuspendedResourcesClosed',
      resource: 'Nplz-Organization/Organization/SuspendedResources',
      message: /force-admin of .*: kms:Decrypt on arn:aws:kms:.* \(granted by its key policy\) is allowed/,
    },
  ],
  [
    'a role whose permissions boundary is AdministratorAccess',
    { 'Force-kent-prod': (t) => (t.Resources.CaseFilesReader = localRole('arn:aws:iam::aws:policy/AdministratorAccess')) },
    {
      control: 'NPLZ-PAM-03',
      tenancy: 'kent',
      rule: 'NplzAccess-BoundaryHolds',
      resource: 'Force-kent-prod/Tenancy/LocalAssets/CaseFilesReader/Resource',
      message: /role case-files-reader of kent\/prod: iam:CreateRole on arn:aws:iam::200000000171:role\/unbounded is allowed/,
    },
  ],
);

describe.each(DEFECTS)('%s', (_what, edits, expected) => {
  test(`fails ${expected.control} for ${expected.tenancy} at ${expected.resource}`, async () => {
    const findings = await awsFindings(damaged(edits), estate, kept);
    const key = (f: Pick<Finding, 'control' | 'tenancy' | 'rule' | 'resource'>) => `${f.control} ${f.tenancy} ${f.rule} @ ${f.resource}`;
    const hit = fails(findings).filter((f) => key(f) === key(expected));
    expect([...new Set(fails(findings).map(key))]).toContain(key(expected));
    if (expected.message) expect(hit.map((f) => f.message)).toEqual(expect.arrayContaining([expect.stringMatching(expected.message)]));
  });
});

test('the permission-boundary shape rule names the wrong boundary too', async () => {
  const findings = await awsFindings(
    damaged({ 'Force-kent-prod': (t) => (t.Resources.CaseFilesReader = localRole('arn:aws:iam::aws:policy/AdministratorAccess')) }),
    estate,
    kept,
  );
  expect(
    fails(findings)
      .filter((f) => f.rule === 'NplzChecks-IamRolePermissionsBoundary')
      .map((f) => f.message),
  ).toEqual([
    expect.stringContaining('Its PermissionsBoundary is arn:aws:iam::aws:policy/AdministratorAccess, not nplz-local-assets-boundary'),
  ]);
});

describe('network isolation by routes, not by construction', () => {
  const range = (t: string, env: string) => pick(t).aws!.network[env]!;
  /** The routing stack's template that holds `tenancy`'s Transit Gateway route table, and that table's logical id. */
  const routing = (tenancy: string, env: string): { stack: string; table: string } => {
    for (const f of fs.readdirSync(pristine).filter((x) => x.startsWith('Nplz-NetworkRouting') && x.endsWith('.template.json'))) {
      const t = JSON.parse(fs.readFileSync(path.join(pristine, f), 'utf8')) as Json;
      const hit = ofType(t, 'AWS::EC2::TransitGatewayRouteTable').find(
        ([, r]) =>
          (r.Properties.Tags as Json[]).some((x) => x.Key === 'nplz:tenancy' && x.Value === tenancy) &&
          (r.Properties.Tags as Json[]).some((x) => x.Key === 'nplz:environment' && x.Value === env),
      );
      if (hit) return { stack: f.replace('.template.json', ''), table: hit[0] };
    }
    throw new Error(`no route table for ${tenancy}/${env}`);
  };
  const staticRoute = (tenancy: string, destination: string) => {
    const { stack, table } = routing(tenancy, 'prod');
    return {
      [stack]: (t: Json) =>
        (t.Resources.Shortcut = {
          Type: 'AWS::EC2::TransitGatewayRoute',
          Properties: {
            DestinationCidrBlock: destination,
            TransitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
            TransitGatewayRouteTableId: { Ref: table },
          },
          Metadata: { 'aws:cdk:path': `${stack}/Routing/${tenancy}-prod-Shortcut` },
        }),
    };
  };
  const routeFails = async (edits: Record<string, (t: Json) => void>) =>
    fails(await awsFindings(damaged(edits), estate, kept))
      .filter((f) => f.control === 'NPLZ-NET-03')
      .map((f) => `${f.tenancy} ${f.rule} @ ${f.resource}: ${f.message}`);

  test("a static Transit Gateway route from Kent's table to Dorset's range fails NPLZ-NET-03 for Kent at the route", async () => {
    const { stack } = routing('kent', 'prod');
    expect(await routeFails(staticRoute('kent', range('dorset', 'prod')))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^kent NplzChecks-TransitGatewayStaticRouteIsolated @ ${stack}/Routing/kent-prod-Shortcut: .*reaches dorset \\(${range('dorset', 'prod').replace(/\./g, '\\.')}\\)`,
        ),
      ),
    ]);
  });

  test('two members of one collaboration do not route to each other directly, only through the collaboration', async () => {
    expect(await routeFails(staticRoute('kent', range('essex', 'prod')))).toEqual([expect.stringContaining('reaches essex')]);
    expect(await routeFails(staticRoute('kent', range('kent-essex-its', 'prod')))).toEqual([]);
  });

  test("a route in Kent's spoke VPC sending Dorset's range to the Transit Gateway fails too", async () => {
    const edits = {
      'Force-kent-prod': (t: Json) =>
        (t.Resources.ToDorset = {
          Type: 'AWS::EC2::Route',
          Properties: {
            DestinationCidrBlock: range('dorset', 'nonprod'),
            RouteTableId: { Ref: ofType(t, 'AWS::EC2::RouteTable')[0]![0] },
            TransitGatewayId: 'tgw-0123456789abcdef0',
          },
          Metadata: { 'aws:cdk:path': 'Force-kent-prod/Tenancy/ToDorset' },
        }),
    };
    expect(await routeFails(edits)).toEqual([
      expect.stringMatching(/^kent NplzChecks-SpokeRouteToTransitGatewayIsolated @ Force-kent-prod\/Tenancy\/ToDorset: .*reaches dorset/),
    ]);
  });

  test('a route whose destination cannot be compared with the ranges (a prefix list, a deploy-time value) fails, not passes', async () => {
    const edits = {
      'Force-kent-prod': (t: Json) =>
        (t.Resources.ToAList = {
          Type: 'AWS::EC2::Route',
          Properties: {
            DestinationPrefixListId: 'pl-0123456789abcdef0',
            RouteTableId: { Ref: ofType(t, 'AWS::EC2::RouteTable')[0]![0] },
            TransitGatewayId: 'tgw-0123456789abcdef0',
          },
          Metadata: { 'aws:cdk:path': 'Force-kent-prod/Tenancy/ToAList' },
        }),
    };
    expect(await routeFails(edits)).toEqual([
      expect.stringMatching(
        /^kent NplzChecks-SpokeRouteToTransitGatewayIsolated @ Force-kent-prod\/Tenancy\/ToAList: .*a prefix list .*cannot be checked/,
      ),
    ]);
    expect(await routeFails(staticRoute('kent', { 'Fn::ImportValue': 'dorset-range' } as unknown as string))).toEqual([
      expect.stringMatching(/a value known only at deploy time .*cannot be checked against the estate's ranges/),
    ]);
  });

  describe('on Azure, every peering and every UDR of the recorded plan', () => {
    let plan: Json;
    beforeAll(async () => {
      plan = await planAzureEstate(estate, { cache: sharedPlanCache() });
    }, 300_000);
    const azureFails = async (edit: (resources: Json[]) => void) => {
      const copy = JSON.parse(JSON.stringify(plan)) as Json;
      edit(copy.resources as Json[]);
      const file = path.join(fs.mkdtempSync(path.join(base, 'plan-')), 'plan.json');
      writePlan(copy, file);
      return fails(await azureFindings(file, estate))
        .filter((f) => f.control === 'NPLZ-NET-03')
        .map((f) => `${f.tenancy} ${f.rule} @ ${f.resource.split('::').pop()}: ${f.message}`);
    };
    const vnetRange = (resources: Json[], tenancy: string) =>
      resources.find((r) => r.type === 'azure-native:network:VirtualNetwork' && r.tenancy === tenancy && r.environment === 'prod').inputs
        .addressSpace.addressPrefixes[0] as string;

    test('the unmodified plan isolates every spoke', async () => {
      expect(await azureFails(() => undefined)).toEqual([]);
    });

    test("a UDR in Kent's route table to Dorset's range fails NPLZ-NET-03 for Kent at the route table", async () => {
      const got = await azureFails((resources) => {
        const table = resources.find(
          (r) => r.type === 'azure-native:network:RouteTable' && r.tenancy === 'kent' && r.environment === 'prod',
        );
        table.inputs.routes.push({
          name: 'to-dorset',
          addressPrefix: vnetRange(resources, 'dorset'),
          nextHopType: 'VirtualAppliance',
          nextHopIpAddress: '10.1.0.4',
        });
      });
      expect(got).toEqual([
        expect.stringMatching(/^kent spoke-routes-isolated @ kent-prod-routes: route to-dorset sends .* reaches dorset/),
      ]);
    });

    test('a direct spoke-to-spoke peering between Kent and Dorset fails NPLZ-NET-03', async () => {
      const got = await azureFails((resources) => {
        const from = resources.find(
          (r) => r.type === 'azure-native:network:VirtualNetworkPeering' && r.tenancy === 'kent' && r.environment === 'prod',
        );
        const dorset = resources.find(
          (r) => r.type === 'azure-native:network:VirtualNetwork' && r.tenancy === 'dorset' && r.environment === 'prod',
        );
        resources.push({
          ...from,
          urn: String(from.urn).replace(/::[^:]+$/, '::kent-prod-to-dorset-prod'),
          id: '/nplz-plan/azure-native:network:VirtualNetworkPeering/kent-prod-to-dorset-prod',
          name: 'kent-prod-to-dorset-prod',
          inputs: { ...from.inputs, virtualNetworkPeeringName: 'to-dorset-prod', remoteVirtualNetwork: { id: dorset.id } },
        });
      });
      expect(got).toEqual([
        expect.stringMatching(/^kent spoke-peering-isolation @ kent-prod-to-dorset-prod: peers spoke of kent with spoke of dorset/),
      ]);
    });
  });
});
