import { CONTROLS, getControl } from '@nplz/core';
import { AWS_PRESENCE_EXPECTATIONS, AWS_RULES, AWS_RULES_BY_CONTROL, nagLevelOf, nagRuleId, nagRuleIdsFor } from '../../src/aws';

describe('NplzChecks rule list', () => {
  test('exact rule ids, sorted', () => {
    expect(AWS_RULES.map(nagRuleId).sort()).toEqual([
      'NplzChecks-BackupVaultLocked',
      'NplzChecks-BreakGlassUseAlerted',
      'NplzChecks-BudgetNotifies',
      'NplzChecks-BudgetUnitAccepted',
      'NplzChecks-ClassificationTagged',
      'NplzChecks-CloudTrailOrganizationTrail',
      'NplzChecks-ConfigAggregatorOrganizationWide',
      'NplzChecks-ConfigRecorderAllResources',
      'NplzChecks-DataStoreKmsEncrypted',
      'NplzChecks-EbsVolumeEncrypted',
      'NplzChecks-EvidenceReaderReadOnly',
      'NplzChecks-FlowLogCapturesAllTraffic',
      'NplzChecks-GuardDutyDetectorEnabled',
      'NplzChecks-GuardrailPolicyAttached',
      'NplzChecks-IamNoUsersOrAccessKeys',
      'NplzChecks-IamRolePermissionsBoundary',
      'NplzChecks-IamRoleTrustNotOpen',
      'NplzChecks-KmsKeyDeletionWindow',
      'NplzChecks-KmsKeyRotationEnabled',
      'NplzChecks-LogGroupRetention',
      'NplzChecks-LogsDeliveredToNationalArchive',
      'NplzChecks-MonitoringRuleHasTarget',
      'NplzChecks-NetworkFirewallDeleteProtected',
      'NplzChecks-PermissionSetSessionBounded',
      'NplzChecks-RequiredTagsPresent',
      'NplzChecks-S3ArchiveAccessLogged',
      'NplzChecks-S3ArchiveObjectLocked',
      'NplzChecks-S3ArchiveRetention',
      'NplzChecks-S3ArchiveVersioned',
      'NplzChecks-S3BucketKmsEncrypted',
      'NplzChecks-S3BucketPolicyNotPublic',
      'NplzChecks-S3BucketPublicAccessBlocked',
      'NplzChecks-S3BucketTlsEnforced',
      'NplzChecks-ScpRegionGuardrailMatchesBaseline',
      'NplzChecks-SecurityGroupNoPublicManagementPorts',
      'NplzChecks-SecurityHubStandardsEnabled',
      'NplzChecks-SocFindingsRouted',
      'NplzChecks-SpokeDefaultRouteToTransitGateway',
      'NplzChecks-SpokeNoInternetEgress',
      'NplzChecks-SpokeNoPublicAddress',
      'NplzChecks-SpokeNoVpcPeering',
      'NplzChecks-SpokeRouteToTransitGatewayIsolated',
      'NplzChecks-SsoAssignmentToGroup',
      'NplzChecks-StackInAllowedRegion',
      'NplzChecks-StatefulResourceRetained',
      'NplzChecks-SubnetNoPublicIpOnLaunch',
      'NplzChecks-TransitGatewayNoDefaultRouteTable',
      'NplzChecks-TransitGatewayRoutingIsolated',
      'NplzChecks-TransitGatewayStaticRouteIsolated',
      'NplzChecks-VpcAttachedToTransitGateway',
      'NplzChecks-VpcDefaultSecurityGroupClosed',
      'NplzChecks-VpcFlowLogEnabled',
    ]);
  });

  test('exact rule ids at warning level (controls of medium and low severity); the rest are errors', () => {
    expect(
      AWS_RULES.filter((r) => nagLevelOf(r) === 'warning')
        .map(nagRuleId)
        .sort(),
    ).toEqual([
      'NplzChecks-BudgetNotifies',
      'NplzChecks-BudgetUnitAccepted',
      'NplzChecks-ClassificationTagged',
      'NplzChecks-ConfigAggregatorOrganizationWide',
      'NplzChecks-ConfigRecorderAllResources',
      'NplzChecks-FlowLogCapturesAllTraffic',
      'NplzChecks-KmsKeyRotationEnabled',
      'NplzChecks-MonitoringRuleHasTarget',
      'NplzChecks-RequiredTagsPresent',
      'NplzChecks-S3ArchiveAccessLogged',
      'NplzChecks-S3ArchiveVersioned',
      'NplzChecks-SecurityHubStandardsEnabled',
      'NplzChecks-VpcFlowLogEnabled',
    ]);
  });

  test('rule names are unique and every rule names a catalog control that is checked on AWS', () => {
    expect(new Set(AWS_RULES.map((r) => r.name)).size).toBe(AWS_RULES.length);
    for (const r of AWS_RULES) expect(getControl(r.control).scopes).toContain('aws');
    for (const e of AWS_PRESENCE_EXPECTATIONS) expect(getControl(e.control).scopes).toContain('aws');
  });

  test('every control the catalog checks on AWS has a rule or a presence expectation', () => {
    const aws = CONTROLS.filter((c) => c.scopes.includes('aws')).map((c) => c.id);
    expect(aws).toHaveLength(39);
    const covered = new Set([...Object.keys(AWS_RULES_BY_CONTROL), ...AWS_PRESENCE_EXPECTATIONS.map((e) => e.control)]);
    expect(aws.filter((id) => !covered.has(id))).toEqual([]);
  });

  test('rule ids per control, for exceptions turned into acknowledgements', () => {
    expect(nagRuleIdsFor('NPLZ-NET-01')).toEqual(['NplzChecks-S3BucketPublicAccessBlocked', 'NplzChecks-S3BucketPolicyNotPublic']);
    expect(nagRuleIdsFor('NPLZ-GOV-01')).toEqual([]);
    expect(AWS_RULES_BY_CONTROL['NPLZ-RET-01']).toEqual(['S3ArchiveRetention', 'LogGroupRetention']);
  });

  test('presence expectation ids are unique', () => {
    expect(new Set(AWS_PRESENCE_EXPECTATIONS.map((e) => e.id)).size).toBe(AWS_PRESENCE_EXPECTATIONS.length);
  });
});
