import { getControl } from '@nplz/core';
import type { AwsRule } from './types';
import { BackupVaultLocked } from './rules/BackupVaultLocked';
import { BreakGlassUseAlerted } from './rules/BreakGlassUseAlerted';
import { BudgetNotifies } from './rules/BudgetNotifies';
import { BudgetUnitAccepted } from './rules/BudgetUnitAccepted';
import { ClassificationTagged } from './rules/ClassificationTagged';
import { CloudTrailOrganizationTrail } from './rules/CloudTrailOrganizationTrail';
import { ConfigAggregatorOrganizationWide } from './rules/ConfigAggregatorOrganizationWide';
import { ConfigRecorderAllResources } from './rules/ConfigRecorderAllResources';
import { DataStoreKmsEncrypted } from './rules/DataStoreKmsEncrypted';
import { EbsVolumeEncrypted } from './rules/EbsVolumeEncrypted';
import { FlowLogCapturesAllTraffic } from './rules/FlowLogCapturesAllTraffic';
import { GuardDutyDetectorEnabled } from './rules/GuardDutyDetectorEnabled';
import { GuardrailPolicyAttached } from './rules/GuardrailPolicyAttached';
import { IamNoUsersOrAccessKeys } from './rules/IamNoUsersOrAccessKeys';
import { IamRolePermissionsBoundary } from './rules/IamRolePermissionsBoundary';
import { IamRoleTrustNotOpen } from './rules/IamRoleTrustNotOpen';
import { KmsKeyDeletionWindow } from './rules/KmsKeyDeletionWindow';
import { KmsKeyRotationEnabled } from './rules/KmsKeyRotationEnabled';
import { LogGroupRetention } from './rules/LogGroupRetention';
import { LogsDeliveredToNationalArchive } from './rules/LogsDeliveredToNationalArchive';
import { MonitoringRuleHasTarget } from './rules/MonitoringRuleHasTarget';
import { NetworkFirewallDeleteProtected } from './rules/NetworkFirewallDeleteProtected';
import { PermissionSetSessionBounded } from './rules/PermissionSetSessionBounded';
import { EvidenceReaderReadOnly } from './rules/EvidenceReaderReadOnly';
import { RequiredTagsPresent } from './rules/RequiredTagsPresent';
import { S3ArchiveAccessLogged } from './rules/S3ArchiveAccessLogged';
import { S3ArchiveObjectLocked } from './rules/S3ArchiveObjectLocked';
import { S3ArchiveRetention } from './rules/S3ArchiveRetention';
import { S3ArchiveVersioned } from './rules/S3ArchiveVersioned';
import { S3BucketKmsEncrypted } from './rules/S3BucketKmsEncrypted';
import { S3BucketPolicyNotPublic } from './rules/S3BucketPolicyNotPublic';
import { S3BucketPublicAccessBlocked } from './rules/S3BucketPublicAccessBlocked';
import { S3BucketTlsEnforced } from './rules/S3BucketTlsEnforced';
import { ScpRegionGuardrailMatchesBaseline } from './rules/ScpRegionGuardrailMatchesBaseline';
import { SecurityGroupNoPublicManagementPorts } from './rules/SecurityGroupNoPublicManagementPorts';
import { SecurityHubStandardsEnabled } from './rules/SecurityHubStandardsEnabled';
import { SocFindingsRouted } from './rules/SocFindingsRouted';
import { SpokeDefaultRouteToTransitGateway } from './rules/SpokeDefaultRouteToTransitGateway';
import { SpokeNoInternetEgress } from './rules/SpokeNoInternetEgress';
import { SpokeNoPublicAddress } from './rules/SpokeNoPublicAddress';
import { SpokeNoVpcPeering } from './rules/SpokeNoVpcPeering';
import { SsoAssignmentToGroup } from './rules/SsoAssignmentToGroup';
import { StackInAllowedRegion } from './rules/StackInAllowedRegion';
import { StatefulResourceRetained } from './rules/StatefulResourceRetained';
import { SubnetNoPublicIpOnLaunch } from './rules/SubnetNoPublicIpOnLaunch';
import { TransitGatewayNoDefaultRouteTable } from './rules/TransitGatewayNoDefaultRouteTable';
import { TransitGatewayRoutingIsolated } from './rules/TransitGatewayRoutingIsolated';
import { TransitGatewayStaticRouteIsolated } from './rules/TransitGatewayStaticRouteIsolated';
import { SpokeRouteToTransitGatewayIsolated } from './rules/SpokeRouteToTransitGatewayIsolated';
import { VpcAttachedToTransitGateway } from './rules/VpcAttachedToTransitGateway';
import { VpcDefaultSecurityGroupClosed } from './rules/VpcDefaultSecurityGroupClosed';
import { VpcFlowLogEnabled } from './rules/VpcFlowLogEnabled';

/** The cdk-nag pack name; rule ids are `NplzChecks-<RuleName>`. */
export const NPLZ_PACK_NAME = 'NplzChecks';

/**
 * Every AWS rule, in one place, grouped by control area. The cdk-nag pack and `nplz audit`
 * both run exactly this list.
 */
export const AWS_RULES: readonly AwsRule[] = Object.freeze([
  // Identity and privileged access
  IamNoUsersOrAccessKeys,
  SsoAssignmentToGroup,
  IamRoleTrustNotOpen,
  BreakGlassUseAlerted,
  PermissionSetSessionBounded,
  IamRolePermissionsBoundary,
  EvidenceReaderReadOnly,
  // Logging
  CloudTrailOrganizationTrail,
  LogsDeliveredToNationalArchive,
  S3ArchiveObjectLocked,
  VpcFlowLogEnabled,
  FlowLogCapturesAllTraffic,
  S3ArchiveAccessLogged,
  // Encryption
  S3BucketKmsEncrypted,
  DataStoreKmsEncrypted,
  KmsKeyRotationEnabled,
  EbsVolumeEncrypted,
  S3BucketTlsEnforced,
  KmsKeyDeletionWindow,
  // Network
  S3BucketPublicAccessBlocked,
  S3BucketPolicyNotPublic,
  SecurityGroupNoPublicManagementPorts,
  VpcDefaultSecurityGroupClosed,
  TransitGatewayNoDefaultRouteTable,
  TransitGatewayRoutingIsolated,
  TransitGatewayStaticRouteIsolated,
  SpokeRouteToTransitGatewayIsolated,
  SpokeNoVpcPeering,
  SpokeNoInternetEgress,
  SpokeDefaultRouteToTransitGateway,
  VpcAttachedToTransitGateway,
  SubnetNoPublicIpOnLaunch,
  SpokeNoPublicAddress,
  // Residency
  ScpRegionGuardrailMatchesBaseline,
  StackInAllowedRegion,
  // Retention
  S3ArchiveRetention,
  LogGroupRetention,
  StatefulResourceRetained,
  S3ArchiveVersioned,
  BackupVaultLocked,
  // Monitoring
  GuardDutyDetectorEnabled,
  SecurityHubStandardsEnabled,
  ConfigRecorderAllResources,
  ConfigAggregatorOrganizationWide,
  SocFindingsRouted,
  MonitoringRuleHasTarget,
  // Guardrails, classification, governance
  GuardrailPolicyAttached,
  NetworkFirewallDeleteProtected,
  RequiredTagsPresent,
  ClassificationTagged,
  BudgetNotifies,
  BudgetUnitAccepted,
]);

/** The cdk-nag rule id of a rule: `NplzChecks-<RuleName>`. */
export function nagRuleId(rule: Pick<AwsRule, 'name'>): string {
  return `${NPLZ_PACK_NAME}-${rule.name}`;
}

/** Control id → names of the rules that implement it. */
export const AWS_RULES_BY_CONTROL: Readonly<Record<string, readonly string[]>> = Object.freeze(
  AWS_RULES.reduce<Record<string, string[]>>((acc, r) => {
    (acc[r.control] ??= []).push(r.name);
    return acc;
  }, {}),
);

/**
 * The cdk-nag rule ids that implement a control, e.g. for turning a tenancy's declared exception
 * into `Validations.of(resource).acknowledge({ id, reason })` on the resources it names.
 * Empty for a control with no per-resource AWS rule.
 */
export function nagRuleIdsFor(controlId: string): string[] {
  return (AWS_RULES_BY_CONTROL[controlId] ?? []).map((name) => nagRuleId({ name }));
}

/**
 * The same ids in the form CDK's validation report namespaces them (`NplzChecks::NplzChecks-<Rule>`).
 * Acknowledging with these keeps the finding in the report's `suppressedViolations`, with its
 * reason and where it was acknowledged: the audit trail an excepted finding needs. (An
 * acknowledgement with the plain id also silences the rule, but cdk-nag then drops the violation
 * before CDK sees it, leaving no trace in the report.)
 */
export function nagAcknowledgementIdsFor(controlId: string): string[] {
  return nagRuleIdsFor(controlId).map((id) => `${NPLZ_PACK_NAME}::${id}`);
}

/** cdk-nag level of a rule: errors for critical and high controls, warnings otherwise. */
export function nagLevelOf(rule: Pick<AwsRule, 'control'>): 'error' | 'warning' {
  const severity = getControl(rule.control).severity;
  return severity === 'critical' || severity === 'high' ? 'error' : 'warning';
}
