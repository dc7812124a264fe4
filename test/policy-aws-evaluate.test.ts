import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { BASELINE_2026_11, consentedMembers, loadEstateOrThrow } from '@nplz/core';
import { TenancyRouting } from '@nplz/aws';
import {
  AWS_PRESENCE_EXPECTATIONS,
  AWS_RULES,
  evaluatePresence,
  evaluateTemplate,
  type AwsRule,
  type CfnTemplateJson,
  type PresenceScope,
} from '@nplz/policy';
import { NATIONAL, SECURITY_HUB_STANDARD_ARNS, securityHubCentral, TENANCY } from '../packages/policy/test/aws/fixtures';

describe('evaluateTemplate', () => {
  const template: CfnTemplateJson = {
    Resources: {
      Bucket: { Type: 'AWS::S3::Bucket', Properties: {}, Metadata: { 'aws:cdk:path': 'Force-kent-prod/Assets/Bucket/Resource' } },
      Sg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: 'web',
          SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }],
        },
      },
      CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: {} },
    },
  };
  const results = evaluateTemplate(template, { baseline: BASELINE_2026_11, stackName: 'Force-kent-prod', stackTags: TENANCY });

  test('a result per rule × resource of its types, with path, control and message', () => {
    expect(results.find((r) => r.rule === 'NplzChecks-S3BucketPublicAccessBlocked')).toEqual({
      rule: 'NplzChecks-S3BucketPublicAccessBlocked',
      control: 'NPLZ-NET-01',
      logicalId: 'Bucket',
      path: 'Force-kent-prod/Assets/Bucket/Resource',
      resourceType: 'AWS::S3::Bucket',
      status: 'fail',
      message:
        'The S3 bucket does not block all public access. Public access block settings not true: BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls, RestrictPublicBuckets.',
    });
    expect(results.find((r) => r.rule === 'NplzChecks-SecurityGroupNoPublicManagementPorts')).toMatchObject({
      logicalId: 'Sg',
      path: 'Sg',
      status: 'pass',
    });
  });

  test('not-applicable rules and CDK bookkeeping give no result', () => {
    expect(results.some((r) => r.logicalId === 'CDKMetadata')).toBe(false);
    expect(results.some((r) => r.rule === 'NplzChecks-S3ArchiveObjectLocked')).toBe(false);
    // No region given: the region rule stays silent rather than guessing.
    expect(results.some((r) => r.rule === 'NplzChecks-StackInAllowedRegion')).toBe(false);
  });

  test('a rule that throws is a failure naming the error', () => {
    const broken: AwsRule = {
      name: 'Broken',
      control: 'NPLZ-NET-01',
      resourceTypes: ['AWS::S3::Bucket'],
      info: 'x',
      explanation: 'x',
      evaluate: () => {
        throw new Error('boom');
      },
    };
    expect(evaluateTemplate(template, { baseline: BASELINE_2026_11, stackName: 'S' }, [broken])).toEqual([
      expect.objectContaining({ rule: 'NplzChecks-Broken', status: 'fail', message: 'Broken could not evaluate Bucket in S: boom' }),
    ]);
  });

  test('an empty template gives nothing', () => {
    expect(evaluateTemplate({}, { baseline: BASELINE_2026_11, stackName: 'S' })).toEqual([]);
  });
});

describe('evaluatePresence', () => {
  const national: PresenceScope = {
    scope: 'national',
    name: 'national',
    baseline: BASELINE_2026_11,
    stacks: [
      {
        stackName: 'NationalSecurity',
        stackTags: NATIONAL,
        template: {
          Resources: {
            Trail: {
              Type: 'AWS::CloudTrail::Trail',
              Properties: { IsOrganizationTrail: true, IsMultiRegionTrail: true, IsLogging: true },
              Metadata: { 'aws:cdk:path': 'NationalSecurity/Tooling/Trail' },
            },
            Forces: { Type: 'AWS::Organizations::OrganizationalUnit', Properties: { Name: 'Forces', ParentId: 'r-abcd' } },
            Identity: {
              Type: 'AWS::Organizations::Policy',
              Properties: {
                Type: 'SERVICE_CONTROL_POLICY',
                TargetIds: [{ 'Fn::GetAtt': ['Forces', 'Id'] }],
                Content: {
                  Statement: [
                    {
                      Effect: 'Deny',
                      Action: '*',
                      Resource: '*',
                      Condition: { StringLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:root'] } },
                    },
                    { Effect: 'Deny', Action: ['organizations:LeaveOrganization'], Resource: '*' },
                  ],
                },
              },
            },
          },
        },
      },
    ],
  };
  const tenancy = (name: string, resources: CfnTemplateJson['Resources']): PresenceScope => ({
    scope: 'tenancy',
    name,
    baseline: BASELINE_2026_11,
    stacks: [{ stackName: `Force-${name}`, stackTags: TENANCY, template: { Resources: resources } }],
  });
  const byId = (results: ReturnType<typeof evaluatePresence>, unit: string) =>
    Object.fromEntries(results.filter((r) => r.unit === unit).map((r) => [r.expectation, r]));

  test('a pass names the satisfying resource; a fail names the scope', () => {
    const r = byId(evaluatePresence([national]), 'national');
    expect(r.OrganizationTrail).toMatchObject({
      rule: 'NplzPresence-OrganizationTrail',
      control: 'NPLZ-LOG-01',
      status: 'pass',
      path: 'NationalSecurity/Tooling/Trail',
      stackName: 'NationalSecurity',
    });
    expect(r.RootUserDenied).toMatchObject({ status: 'pass', path: 'NationalSecurity/Identity' });
    expect(r.LeaveOrganizationDenied!.status).toBe('pass');
    expect(r.GuardrailsOnForces!.status).toBe('pass');
    expect(r.GuardDutyDetector).toMatchObject({
      status: 'fail',
      path: 'national',
      message: 'The national platform is missing an enabled GuardDuty detector (AWS::GuardDuty::Detector).',
    });
    expect(r.RegionGuardrail!.status).toBe('fail');
  });

  test('each tenancy is checked on its own: the budget of one does not satisfy another', () => {
    const budget = {
      Type: 'AWS::Budgets::Budget',
      Properties: { NotificationsWithSubscribers: [{ Notification: { Threshold: 80 }, Subscribers: [{ Address: 'a@b.c' }] }] },
    };
    const results = evaluatePresence([tenancy('kent', { Budget: budget }), tenancy('essex', {})]);
    expect(byId(results, 'kent').TenancyBudget!.status).toBe('pass');
    expect(byId(results, 'essex').TenancyBudget).toMatchObject({
      status: 'fail',
      message: 'Tenancy essex is missing a budget with notifications (AWS::Budgets::Budget).',
    });
    // National expectations are not asked of tenancies.
    expect(results.some((r) => r.expectation === 'OrganizationTrail')).toBe(false);
  });

  test('a tenancy without a Config recorder in its account fails, even when the national platform records', () => {
    const recorder = { Type: 'AWS::Config::ConfigurationRecorder', Properties: { RoleARN: 'arn:aws:iam::1:role/nplz-config-recorder' } };
    const channel = (S3BucketName: string) => ({ Type: 'AWS::Config::DeliveryChannel', Properties: { S3BucketName } });
    const results = evaluatePresence([
      national,
      tenancy('kent', { Recorder: recorder, Channel: channel('nplz-config-archive-100000000002-eu-west-2') }),
      tenancy('essex', { Channel: channel('essex-own-bucket') }),
      // The object-locked archive is not where Config can deliver.
      tenancy('surrey', { Recorder: recorder, Channel: channel('nplz-log-archive-100000000002-eu-west-2') }),
    ]);
    expect(byId(results, 'surrey').TenancyConfigToNationalArchive!.status).toBe('fail');
    expect(byId(results, 'national').ConfigRecorder!.status).toBe('fail');
    expect(byId(results, 'kent').TenancyConfigRecorder!.status).toBe('pass');
    expect(byId(results, 'kent').TenancyConfigToNationalArchive!.status).toBe('pass');
    expect(byId(results, 'essex').TenancyConfigRecorder).toMatchObject({
      status: 'fail',
      control: 'NPLZ-MON-03',
      message:
        "Tenancy essex is missing an AWS Config recorder in the tenancy's account (the organisation aggregator sees only accounts that record) (AWS::Config::ConfigurationRecorder).",
    });
    expect(byId(results, 'essex').TenancyConfigToNationalArchive!.status).toBe('fail');
  });

  test('CIS monitors are satisfied by an event rule with a target or by an alarm on a metric filter', () => {
    const results = byId(
      evaluatePresence([
        tenancy('kent', {
          Root: {
            Type: 'AWS::Events::Rule',
            Properties: { EventPattern: { detail: { userIdentity: { type: ['Root'] } } }, Targets: [{ Arn: { Ref: 'Topic' }, Id: 'T' }] },
          },
          Filter: {
            Type: 'AWS::Logs::MetricFilter',
            Properties: {
              FilterPattern: '{ $.additionalEventData.MFAUsed != "Yes" }',
              MetricTransformations: [{ MetricName: 'NoMfa', MetricNamespace: 'CIS', MetricValue: '1' }],
            },
          },
          Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'NoMfa', AlarmActions: [{ Ref: 'Topic' }] } },
          Untargeted: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { detail: { eventName: ['StopLogging'] } } } },
        }),
      ]),
      'kent',
    );
    expect(results.CisRootUseMonitor!.status).toBe('pass');
    expect(results.CisConsoleWithoutMfaMonitor).toMatchObject({ status: 'pass', path: 'Force-kent/Alarm' });
    expect(results.CisTrailChangesMonitor!.status).toBe('fail');
  });

  test.each([
    ['the Forces OU', 'Forces', 'pass'],
    ['only the Sandbox OU', 'Sandbox', 'fail'],
  ])('the region guardrail attached to %s: %s', (_what, ou, status) => {
    const regions: PresenceScope = {
      ...national,
      stacks: [
        {
          stackName: 'Org',
          stackTags: NATIONAL,
          template: {
            Resources: {
              Forces: { Type: 'AWS::Organizations::OrganizationalUnit', Properties: { Name: 'Forces', ParentId: 'r-abcd' } },
              Sandbox: { Type: 'AWS::Organizations::OrganizationalUnit', Properties: { Name: 'Sandbox', ParentId: 'r-abcd' } },
              Region: {
                Type: 'AWS::Organizations::Policy',
                Properties: {
                  Type: 'SERVICE_CONTROL_POLICY',
                  TargetIds: [{ 'Fn::GetAtt': [ou, 'Id'] }],
                  Content: {
                    Statement: [
                      {
                        Effect: 'Deny',
                        NotAction: ['iam:*'],
                        Resource: '*',
                        Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-2'] } },
                      },
                    ],
                  },
                },
              },
            },
          },
        },
      ],
    };
    expect(byId(evaluatePresence([regions]), 'national').RegionGuardrail!.status).toBe(status);
  });

  describe('Security Hub standards come from the central configuration policy', () => {
    const hub = { Hub: { Type: 'AWS::SecurityHub::Hub', Properties: { EnableDefaultStandards: false } } };
    const withStacks = (...stacks: CfnTemplateJson['Resources'][]): PresenceScope => ({
      ...national,
      stacks: stacks.map((Resources, i) => ({ stackName: `S${i}`, stackTags: NATIONAL, template: { Resources } })),
    });
    const standards = (scope: PresenceScope) => byId(evaluatePresence([scope]), 'national').SecurityHubStandards!;

    test('the hub in one stack, the policy on the root with every standard in another: pass', () => {
      expect(standards(withStacks(hub, securityHubCentral()))).toMatchObject({ status: 'pass', path: 'S1/R' });
      expect(byId(evaluatePresence([withStacks(hub, securityHubCentral())]), 'national').SecurityHub!.status).toBe('pass');
    });

    test.each([
      ['a hub with no standards and no central policy in the estate', [hub]],
      [
        'per-account standards beside the hub, but no central policy',
        [
          {
            ...hub,
            Std: {
              Type: 'AWS::SecurityHub::Standard',
              Properties: { StandardsArn: 'arn:aws:securityhub:eu-west-2::standards/cis-aws-foundations-benchmark/v/3.0.0' },
            },
          },
        ],
      ],
      ['a policy with ServiceEnabled false', [hub, securityHubCentral({ serviceEnabled: false })]],
      ['a policy missing one standard', [hub, securityHubCentral({ standards: [SECURITY_HUB_STANDARD_ARNS[0]!] })]],
      ['a policy associated with an OU only', [hub, securityHubCentral({ target: 'ORGANIZATIONAL_UNIT' })]],
      ['a policy not associated', [hub, securityHubCentral({ target: 'none' })]],
    ])('%s: fail', (_what, stacks) => {
      expect(standards(withStacks(...(stacks as CfnTemplateJson['Resources'][])))).toMatchObject({
        status: 'fail',
        message: expect.stringContaining('AWS::SecurityHub::ConfigurationPolicy'),
      });
    });
  });

  test('expectations the baseline switches off give no result', () => {
    const relaxed = {
      ...BASELINE_2026_11,
      guardrails: { ...BASELINE_2026_11.guardrails, aws: { ...BASELINE_2026_11.guardrails.aws, denyLeaveOrganization: false } },
    };
    const results = evaluatePresence([{ ...national, baseline: relaxed }]);
    expect(results.some((r) => r.expectation === 'LeaveOrganizationDenied')).toBe(false);
  });

  test('a scope gets one result per applicable expectation', () => {
    const n = AWS_PRESENCE_EXPECTATIONS.filter((e) => e.scope === 'national').length;
    expect(evaluatePresence([national])).toHaveLength(n);
  });
});

describe('TransitGatewayRoutingIsolated on the routing TenancyRouting renders', () => {
  test('with every spoke attachment known, each association and propagation into a tenancy table is attributed, and none fails', () => {
    const root = path.join(__dirname, '..', 'examples', 'estate');
    const full = loadEstateOrThrow(root, { now: new Date('2026-11-22T00:00:00Z') });
    const estate = {
      ...full,
      tenancies: full.tenancies.filter((t) => ['kent', 'essex', 'surrey', 'kent-essex-its'].includes(t.spec.name)),
    };
    const specs = estate.tenancies.map((t) => t.spec);
    const attachments = Object.fromEntries(
      specs.flatMap((s) => s.environments.map((e, i) => [`${s.name}/${e}`, `tgw-attach-${s.name.length}${i}0123456789`])),
    );
    const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
    const stack = new Stack(app, 'Nplz-NetworkRouting-1', { env: { account: '100000000004', region: 'eu-west-2' } });
    new TenancyRouting(stack, 'Routing', {
      transitGatewayId: 'tgw-0123456789abcdef0',
      inspectionAttachmentId: 'tgw-attach-0inspection0000',
      inspectionRouteTableId: 'tgw-rtb-0inspection000000',
      hubCidr: '10.0.0.0/16',
      tenancies: specs,
      attachments,
    });
    const template = app.synth().getStackByName(stack.stackName).template as CfnTemplateJson;
    const results = evaluateTemplate(
      template,
      {
        baseline: BASELINE_2026_11,
        stackName: stack.stackName,
        stackTags: NATIONAL,
        collaborations: consentedMembers(estate.tenancies.map((t) => t.spec)),
      },
      AWS_RULES.filter((r) => r.name === 'TransitGatewayRoutingIsolated'),
    );
    const intoTenancyTables = Object.values(template.Resources ?? {}).filter(
      (r) =>
        (r.Type === 'AWS::EC2::TransitGatewayRouteTableAssociation' || r.Type === 'AWS::EC2::TransitGatewayRouteTablePropagation') &&
        typeof r.Properties?.TransitGatewayRouteTableId === 'object',
    );
    expect(intoTenancyTables.length).toBeGreaterThan(specs.length);
    expect(results).toHaveLength(intoTenancyTables.length);
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
  });
});
