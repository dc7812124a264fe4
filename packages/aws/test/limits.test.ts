import { App, Aspects, CfnOutput, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BASELINE_2026_11 } from '@nplz/core';
import { AccountBaselineStackSet, StackLimitChecks } from '@nplz/aws';
import { testStack, validationErrors } from './helpers';

function stackWith(resources: number, outputs: number): Stack {
  const app = new App({ builtinCloudFormationValidation: false, stackTraces: false });
  const stack = new Stack(app, 'Big', { env: { account: '100000000009', region: 'eu-west-2' } });
  for (let i = 0; i < resources; i++) new CfnResource(stack, `Topic${i}`, { type: 'AWS::SNS::Topic' });
  for (let i = 0; i < outputs; i++) new CfnOutput(stack, `Out${i}`, { value: String(i) });
  Aspects.of(app).add(new StackLimitChecks());
  return stack;
}

describe('StackLimitChecks', () => {
  test('a stack within the quotas synthesises', () => {
    expect(validationErrors(stackWith(500, 200))).toEqual([]);
  });
  test('fails if a stack has more than 500 resources', () => {
    expect(validationErrors(stackWith(501, 0)).join('\n')).toContain(
      'Stack Big has 501 resources; CloudFormation allows at most 500 per stack. Split it into more stacks.',
    );
  });
  test('fails if a stack has more than 200 outputs', () => {
    expect(validationErrors(stackWith(0, 201)).join('\n')).toContain(
      'Stack Big has 201 outputs; CloudFormation allows at most 200 per stack.',
    );
  });
});

describe('AccountBaselineStackSet', () => {
  test('service-managed, auto-deploying to the target OUs in the baseline regions, with the account baseline as template', () => {
    const stack = testStack('100000000001');
    const set = new AccountBaselineStackSet(stack, 'Fleet', {
      baseline: BASELINE_2026_11,
      managementAccount: '100000000001',
      configArchiveBucketName: 'nplz-config-archive-100000000002-eu-west-2',
      targetOrganizationalUnitIds: ['ou-abcd-11111111'],
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudFormation::StackSet', {
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['ou-abcd-11111111'] }, Regions: ['eu-west-2'] }],
    });
    const resources = Object.values((set.template as { Resources: Record<string, { Type: string }> }).Resources).map((r) => r.Type);
    expect(resources).toEqual(
      expect.arrayContaining([
        'AWS::IAM::Role',
        'AWS::Lambda::Function',
        'Custom::NplzAccountSettings',
        'AWS::SNS::Topic',
        'AWS::Events::Rule',
      ]),
    );
    expect(JSON.stringify(set.template)).not.toMatch(/AssetParameters|cdk-hnb659fds|BootstrapVersion/);
  });
  test('fails if there is no target OU', () => {
    expect(
      () =>
        new AccountBaselineStackSet(testStack(), 'Fleet', {
          baseline: BASELINE_2026_11,
          managementAccount: '100000000001',
          configArchiveBucketName: 'nplz-config-archive-100000000002-eu-west-2',
          targetOrganizationalUnitIds: [],
        }),
    ).toThrow(
      'AccountBaselineStackSet.targetOrganizationalUnitIds: the StackSet has no target\n    received: []\n    allowed:  one or more OU ids',
    );
  });
});
