import { BASELINE_2026_11 } from '@nplz/core';
import { AccountBaselineStackSet } from '@nplz/aws';
import { renderGuardrails } from '../src/private/guardrail-policies';
import { policyDenies, testStack } from './helpers';

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

const CONFIG_ARCHIVE = 'nplz-config-archive-100000000002-eu-west-2';

/** The account baseline as the fleet StackSet deploys it into every force account. */
function fleetTemplate(): Record<string, CfnResource> {
  const set = new AccountBaselineStackSet(testStack('100000000001'), 'Fleet', {
    baseline: BASELINE_2026_11,
    managementAccount: '100000000001',
    configArchiveBucketName: CONFIG_ARCHIVE,
    targetOrganizationalUnitIds: ['ou-abcd-11111111'],
  });
  return (set.template as { Resources: Record<string, CfnResource> }).Resources;
}

const FORCE = '200000000171';
const resources = fleetTemplate();
const guardrails = renderGuardrails(BASELINE_2026_11, 'o-nplzsample01', { nationalAccounts: ['100000000003'] }).filter(
  (g) => g.type === 'SERVICE_CONTROL_POLICY' && g.attachTo === 'workloads',
);

describe('the account baseline under the guardrails', () => {
  /** Every action a role of the baseline is granted, with the principal ARN CloudFormation would give the role. */
  const grants = Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Policy')
    .flatMap(([, p]) => {
      const roles = (p.Properties!.Roles as { Ref: string }[]).map((ref) => ref.Ref);
      const doc = p.Properties!.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] };
      return roles.flatMap((roleId) => {
        // A role without a name gets a generated one (<stack>-<logicalId>-<suffix>), which no guardrail exemption matches.
        const name = (resources[roleId]!.Properties?.RoleName as string | undefined) ?? `AccountBaseline-${roleId}-ABCDEF123456`;
        return doc.Statement.flatMap((s) =>
          (Array.isArray(s.Action) ? s.Action : [s.Action]).map((action) => ({
            role: name,
            action,
            resource: s.Resource === '*' ? '*' : 'arn:aws:logs:eu-west-2:200000000171:log-group:x',
          })),
        );
      });
    });

  test('the account-settings Lambda sets the public access block and EBS encryption', () => {
    expect(grants.map((g) => g.action)).toEqual(
      expect.arrayContaining(['s3:PutAccountPublicAccessBlock', 'ec2:EnableEbsEncryptionByDefault']),
    );
  });

  test.each(grants.map((g) => [g.action, g.role, g] as const))('%s by role %s is not denied by any guardrail', (_a, _r, g) => {
    const denied = guardrails.filter((p) =>
      policyDenies(p.document, {
        action: g.action,
        resource: g.resource,
        context: { 'aws:PrincipalARN': `arn:aws:iam::${FORCE}:role/${g.role}`, 'aws:RequestedRegion': 'eu-west-2' },
      }),
    );
    expect(denied.map((p) => p.name)).toEqual([]);
  });

  test('the account-settings role has the NPLZ name the guardrails exempt', () => {
    expect(
      Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Role')
        .map((r) => r.Properties?.RoleName),
    ).toEqual(expect.arrayContaining(['nplz-account-settings', 'nplz-break-glass']));
  });

  test('the account-settings Lambda reserves no concurrency (a new account has only the 10 unreserved Lambda requires)', () => {
    const fns = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(fns).toHaveLength(1);
    expect(fns[0]!.Properties).not.toHaveProperty('ReservedConcurrentExecutions');
  });
});

describe('AWS Config in every account', () => {
  test('a recorder of every resource type, global ones included, delivering to the national archive', () => {
    const recorders = Object.values(resources).filter((r) => r.Type === 'AWS::Config::ConfigurationRecorder');
    expect(recorders.map((r) => r.Properties!.RecordingGroup)).toEqual([{ AllSupported: true, IncludeGlobalResourceTypes: true }]);
    const roleId = (recorders[0]!.Properties!.RoleARN as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(resources[roleId]!.Properties!.RoleName).toBe('nplz-config-recorder');
    const channels = Object.values(resources).filter((r) => r.Type === 'AWS::Config::DeliveryChannel');
    expect(channels.map((r) => r.Properties)).toEqual([{ S3BucketName: CONFIG_ARCHIVE, S3KeyPrefix: 'config' }]);
  });

  test.each(['config:PutConfigurationRecorder', 'config:PutDeliveryChannel', 'config:StopConfigurationRecorder'])(
    'a force administrator cannot %s',
    (action) => {
      const admin = `arn:aws:iam::${FORCE}:role/AWSReservedSSO_force-admin_0123456789abcdef`;
      expect(
        guardrails.some((p) =>
          policyDenies(p.document, { action, context: { 'aws:PrincipalARN': admin, 'aws:RequestedRegion': 'eu-west-2' } }),
        ),
      ).toBe(true);
    },
  );

  test('fails if the archive bucket name is not a bucket name', () => {
    expect(
      () =>
        new AccountBaselineStackSet(testStack('100000000001'), 'Fleet', {
          baseline: BASELINE_2026_11,
          managementAccount: '100000000001',
          configArchiveBucketName: 'Not A Bucket',
          targetOrganizationalUnitIds: ['ou-abcd-11111111'],
        }),
    ).toThrow(
      'AccountBaseline.configArchiveBucketName: configArchiveBucketName is not an S3 bucket name\n    received: "Not A Bucket"\n    allowed:  3 to 63 lower-case letters, digits, dots and hyphens',
    );
  });
});
