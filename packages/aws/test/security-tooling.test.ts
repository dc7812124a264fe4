import { Match, Template } from 'aws-cdk-lib/assertions';
import { BASELINE_2026_11 } from '@nplz/core';
import { SecurityTooling, type SecurityToolingProps } from '@nplz/aws';
import { baselineWith, testStack } from './helpers';

const props = {
  baseline: BASELINE_2026_11,
  organizationId: 'o-nplzsample01',
  logArchiveBucketName: 'nplz-log-archive-100000000002-eu-west-2',
  configArchiveBucketName: 'nplz-config-archive-100000000002-eu-west-2',
  socEmail: 'soc@national-cyber.police.uk',
};

describe('SecurityTooling', () => {
  const render = (p: SecurityToolingProps = props) => {
    const stack = testStack('100000000003');
    new SecurityTooling(stack, 'Security', p);
    return Template.fromStack(stack);
  };

  test('the organisation trail covers every account and region, validates files and uses KMS', () => {
    render().hasResourceProperties('AWS::CloudTrail::Trail', {
      IsOrganizationTrail: true,
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      IncludeGlobalServiceEvents: true,
      S3BucketName: props.logArchiveBucketName,
      KMSKeyId: Match.anyValue(),
    });
  });

  test('Config delivers to the Config archive, not the object-locked one (Config cannot deliver to a bucket with a default retention)', () => {
    render().hasResourceProperties('AWS::Config::DeliveryChannel', { S3BucketName: props.configArchiveBucketName });
  });

  test.each([
    ['by default', undefined],
    ["with 'account' standards", 'account' as const],
  ])('Config rules and Security Hub standards are exactly the baseline lists, %s', (_how, mode) => {
    const t = render({ ...props, ...(mode ? { standards: mode } : {}) });
    const rules = Object.values(t.findResources('AWS::Config::OrganizationConfigRule')).map(
      (r) => r.Properties.OrganizationManagedRuleMetadata.RuleIdentifier,
    );
    expect(rules).toEqual(BASELINE_2026_11.guardrails.aws.configRules);
    const standards = Object.values(t.findResources('AWS::SecurityHub::Standard')).map((r) => JSON.stringify(r.Properties.StandardsArn));
    expect(standards).toHaveLength(BASELINE_2026_11.guardrails.aws.securityHubStandards.length);
    BASELINE_2026_11.guardrails.aws.securityHubStandards.forEach((s, i) => expect(standards[i]).toContain(s));
    t.hasResourceProperties('AWS::SecurityHub::Hub', { EnableDefaultStandards: false });
    t.hasResourceProperties('AWS::Config::ConfigurationAggregator', {
      OrganizationAggregationSource: Match.objectLike({ AllAwsRegions: true }),
    });
    t.resourceCountIs('AWS::GuardDuty::Detector', 1);
    t.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ORGANIZATION' });
  });

  // Only the delegated administrator's configuration policy configures a centrally managed account.
  test('under central configuration the hub is declared without standards; the Config rules are unchanged', () => {
    const t = render({ ...props, standards: 'central-configuration' });
    t.resourceCountIs('AWS::SecurityHub::Standard', 0);
    t.resourceCountIs('AWS::SecurityHub::Hub', 1);
    t.hasResourceProperties('AWS::SecurityHub::Hub', { EnableDefaultStandards: false });
    t.resourceCountIs('AWS::Config::OrganizationConfigRule', BASELINE_2026_11.guardrails.aws.configRules.length);
  });

  test.each([
    ['high', ['HIGH', 'CRITICAL']],
    ['medium', ['MEDIUM', 'HIGH', 'CRITICAL']],
    ['critical', ['CRITICAL']],
    ['low', ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']],
  ])('findings at %s and above go to the SOC', (severity, labels) => {
    const b = baselineWith((x) => ({ ...x, alerting: { ...x.alerting, socMinimumSeverity: severity as 'high' } }));
    const t = render({ ...props, baseline: b });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.securityhub'], detail: { findings: { Severity: { Label: labels } } } },
    });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: props.socEmail });
  });

  test('the trail key and log group are retained', () => {
    const t = render();
    for (const type of ['AWS::KMS::Key', 'AWS::Logs::LogGroup'])
      for (const r of Object.values(t.findResources(type))) expect(r.DeletionPolicy).toBe('Retain');
  });

  test('fails if the SOC severity threshold is not a catalog severity', () => {
    const b = baselineWith((x) => ({ ...x, alerting: { ...x.alerting, socMinimumSeverity: 'severe' as 'high' } }));
    expect(() => render({ ...props, baseline: b })).toThrow(
      'SecurityTooling.baseline.alerting.socMinimumSeverity: the SOC severity threshold is not a catalog severity\n    received: "severe"\n    allowed:  critical, high, medium, low',
    );
  });

  test('fails if the SOC email is not an address', () => {
    expect(() => render({ ...props, socEmail: 'soc' })).toThrow(
      'SecurityTooling.socEmail: socEmail is not an email address\n    received: "soc"\n    allowed:  an address like soc@example.police.uk',
    );
  });
});
