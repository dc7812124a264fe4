import type * as authorization from '@pulumi/azure-native/authorization';
import { AZURE_ROLE_DEFINITIONS, type Baseline, type Severity } from '@nplz/core';
import { builtInPolicyId, roleDefinitionId } from './built-ins';

/**
 * The custom definitions PolicyBaseline adds where azure-policy has no built-in for an Azure
 * landing zones guardrail, or where the built-in deploys from outside the UK. Each is NPLZ's own
 * rule, written against the aliases Azure documents; docs/alz-guardrails.md says which ALZ
 * assignment each stands for.
 */

/** Initiative member ids of the Defender configuration, beside the plans (`defender-<plan>`). */
export const DEFENDER_CONTACT_REF = 'defender-security-contact';
export const DEFENDER_EXPORT_REF = 'defender-export';

/** Name of the continuous-export automation the Defender export policy deploys. */
export const DEFENDER_EXPORT_AUTOMATION = 'nplz-export-to-workspace';

/** The Defender alert severities the SOC is emailed from: Defender's scale has no "critical". */
export function defenderSeverity(s: Severity): 'High' | 'Medium' | 'Low' {
  return s === 'critical' || s === 'high' ? 'High' : s === 'medium' ? 'Medium' : 'Low';
}

type DefinitionArgs = authorization.PolicyDefinitionAtManagementGroupArgs;

const SUBSCRIPTION_TEMPLATE = 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#';
const GROUP_TEMPLATE = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

const dineEffect = {
  type: 'String',
  allowedValues: ['DeployIfNotExists', 'AuditIfNotExists', 'Disabled'],
  defaultValue: 'DeployIfNotExists',
};
const denyEffect = { type: 'String', allowedValues: ['Deny', 'Audit', 'Disabled'], defaultValue: 'Deny' };

function custom(
  scope: string,
  name: string,
  displayName: string,
  description: string,
  category: string,
  version: string,
  controls: readonly string[],
  rest: Pick<DefinitionArgs, 'mode' | 'parameters' | 'policyRule'>,
): DefinitionArgs {
  return {
    managementGroupId: scope,
    policyDefinitionName: name,
    displayName,
    description,
    policyType: 'Custom',
    metadata: { category, nplzBaseline: version, nplzControls: [...controls] },
    ...rest,
  };
}

/**
 * Activity log of every subscription to the workspace, as the built-in 2465583e does, but deployed
 * from the baseline's UK location (the built-in's deployment runs from northeurope) and with the
 * baseline's categories. The parameters keep the built-in's names.
 */
export function activityLogDefinitionArgs(scope: string, b: Baseline, location: string): DefinitionArgs {
  return custom(
    scope,
    'nplz-deploy-activity-log',
    'NPLZ: activity log to the central workspace (deployed from the UK)',
    `Deploys a diagnostic setting that sends the subscription's activity log to the given Log Analytics workspace, from ${location} (baseline ${b.version}).`,
    'Monitoring',
    b.version,
    ['NPLZ-LOG-01'],
    {
      mode: 'All',
      parameters: {
        logAnalytics: { type: 'String', metadata: { displayName: 'Log Analytics workspace', strongType: 'omsWorkspace' } },
        logsEnabled: { type: 'String', allowedValues: ['True', 'False'], defaultValue: 'True' },
        effect: dineEffect,
      },
      policyRule: {
        if: { field: 'type', equals: 'Microsoft.Resources/subscriptions' },
        then: {
          effect: "[parameters('effect')]",
          details: {
            type: 'Microsoft.Insights/diagnosticSettings',
            existenceScope: 'Subscription',
            deploymentScope: 'Subscription',
            existenceCondition: {
              allOf: [
                { field: 'Microsoft.Insights/diagnosticSettings/logs.enabled', equals: "[parameters('logsEnabled')]" },
                { field: 'Microsoft.Insights/diagnosticSettings/workspaceId', equals: "[parameters('logAnalytics')]" },
              ],
            },
            roleDefinitionIds: [
              roleDefinitionId(AZURE_ROLE_DEFINITIONS['Monitoring Contributor']),
              roleDefinitionId(AZURE_ROLE_DEFINITIONS['Log Analytics Contributor']),
            ],
            deployment: {
              location,
              properties: {
                mode: 'incremental',
                parameters: {
                  logAnalytics: { value: "[parameters('logAnalytics')]" },
                  logsEnabled: { value: "[parameters('logsEnabled')]" },
                },
                template: {
                  $schema: SUBSCRIPTION_TEMPLATE,
                  contentVersion: '1.0.0.0',
                  parameters: { logAnalytics: { type: 'string' }, logsEnabled: { type: 'string' } },
                  resources: [
                    {
                      type: 'Microsoft.Insights/diagnosticSettings',
                      apiVersion: '2021-05-01-preview',
                      name: 'nplz-activity-log',
                      properties: {
                        workspaceId: "[parameters('logAnalytics')]",
                        logs: b.logging.azure.activityLogCategories.map((category) => ({
                          category,
                          enabled: "[bool(parameters('logsEnabled'))]",
                        })),
                      },
                    },
                  ],
                },
              },
            },
          },
        },
      },
    },
  );
}

/**
 * Defender for Cloud's security contact in every subscription: the SOC's addresses, alerts from
 * the baseline's SOC severity, attack paths from Critical. azure-policy has no built-in that
 * deploys one (only audits of Government clouds), hence a definition of NPLZ's own.
 */
export function securityContactDefinition(scope: string, version: string, location: string): DefinitionArgs {
  return custom(
    scope,
    'nplz-deploy-security-contact',
    'NPLZ: Defender for Cloud security contact',
    'Sets the Microsoft Defender for Cloud security contact of every subscription to the given addresses, emailed for alerts from the given severity.',
    'Security Center',
    version,
    ['NPLZ-MON-04'],
    {
      mode: 'All',
      parameters: {
        emails: { type: 'String', metadata: { displayName: 'Security contact emails (; separated)' } },
        minimalSeverity: { type: 'String', allowedValues: ['High', 'Medium', 'Low'], defaultValue: 'High' },
        effect: dineEffect,
      },
      policyRule: {
        if: { field: 'type', equals: 'Microsoft.Resources/subscriptions' },
        then: {
          effect: "[parameters('effect')]",
          details: {
            type: 'Microsoft.Security/securityContacts',
            name: 'default',
            existenceScope: 'Subscription',
            deploymentScope: 'Subscription',
            existenceCondition: {
              allOf: [
                { field: 'Microsoft.Security/securityContacts/email', contains: "[parameters('emails')]" },
                { field: 'Microsoft.Security/securityContacts/isEnabled', equals: true },
              ],
            },
            roleDefinitionIds: [roleDefinitionId(AZURE_ROLE_DEFINITIONS['Security Admin'])],
            deployment: {
              location,
              properties: {
                mode: 'incremental',
                parameters: {
                  emails: { value: "[parameters('emails')]" },
                  minimalSeverity: { value: "[parameters('minimalSeverity')]" },
                },
                template: {
                  $schema: SUBSCRIPTION_TEMPLATE,
                  contentVersion: '1.0.0.0',
                  parameters: { emails: { type: 'string' }, minimalSeverity: { type: 'string' } },
                  resources: [
                    {
                      type: 'Microsoft.Security/securityContacts',
                      apiVersion: '2023-12-01-preview',
                      name: 'default',
                      properties: {
                        emails: "[parameters('emails')]",
                        isEnabled: true,
                        notificationsByRole: { state: 'On', roles: ['Owner'] },
                        notificationsSources: [
                          { sourceType: 'Alert', minimalSeverity: "[parameters('minimalSeverity')]" },
                          { sourceType: 'AttackPath', minimalRiskLevel: 'Critical' },
                        ],
                      },
                    },
                  ],
                },
              },
            },
          },
        },
      },
    },
  );
}

/** What the Defender export sends to the workspace (the SecurityAlert and SecurityRecommendation tables Sentinel reads). */
export const DEFENDER_EXPORT_SOURCES = Object.freeze(['Alerts', 'Assessments', 'SecureScores', 'RegulatoryComplianceAssessment']);

/**
 * Continuous export of Defender for Cloud alerts, recommendations, secure score and compliance
 * to the central workspace, where Sentinel reads them. Not the built-in (ffb6f416): its
 * deployment runs from westeurope; this one runs from the baseline's UK location.
 */
export function defenderExportDefinition(scope: string, version: string, location: string): DefinitionArgs {
  return custom(
    scope,
    'nplz-deploy-defender-export',
    'NPLZ: Defender for Cloud continuous export to the central workspace',
    'Deploys a Defender for Cloud automation that exports alerts, recommendations, secure score and regulatory compliance to the given Log Analytics workspace (Sentinel).',
    'Security Center',
    version,
    ['NPLZ-MON-04'],
    {
      mode: 'All',
      parameters: {
        workspaceResourceId: { type: 'String', metadata: { displayName: 'Log Analytics workspace', strongType: 'omsWorkspace' } },
        resourceGroupName: { type: 'String', defaultValue: 'nplz-defender-export' },
        resourceGroupLocation: { type: 'String' },
        effect: dineEffect,
      },
      policyRule: {
        if: { field: 'type', equals: 'Microsoft.Resources/subscriptions' },
        then: {
          effect: "[parameters('effect')]",
          details: {
            type: 'Microsoft.Security/automations',
            name: DEFENDER_EXPORT_AUTOMATION,
            existenceScope: 'ResourceGroup',
            resourceGroupName: "[parameters('resourceGroupName')]",
            deploymentScope: 'Subscription',
            existenceCondition: {
              allOf: [
                { field: 'Microsoft.Security/automations/isEnabled', equals: true },
                {
                  count: {
                    field: 'Microsoft.Security/automations/sources[*]',
                    where: { field: 'Microsoft.Security/automations/sources[*].eventSource', in: [...DEFENDER_EXPORT_SOURCES] },
                  },
                  equals: DEFENDER_EXPORT_SOURCES.length,
                },
              ],
            },
            roleDefinitionIds: [roleDefinitionId(AZURE_ROLE_DEFINITIONS.Contributor)],
            deployment: {
              location,
              properties: {
                mode: 'incremental',
                parameters: {
                  workspaceResourceId: { value: "[parameters('workspaceResourceId')]" },
                  resourceGroupName: { value: "[parameters('resourceGroupName')]" },
                  resourceGroupLocation: { value: "[parameters('resourceGroupLocation')]" },
                },
                template: {
                  $schema: SUBSCRIPTION_TEMPLATE,
                  contentVersion: '1.0.0.0',
                  parameters: {
                    workspaceResourceId: { type: 'string' },
                    resourceGroupName: { type: 'string' },
                    resourceGroupLocation: { type: 'string' },
                  },
                  resources: [
                    {
                      type: 'Microsoft.Resources/resourceGroups',
                      apiVersion: '2022-09-01',
                      name: "[parameters('resourceGroupName')]",
                      location: "[parameters('resourceGroupLocation')]",
                    },
                    {
                      type: 'Microsoft.Resources/deployments',
                      apiVersion: '2022-09-01',
                      name: 'nplz-defender-export',
                      resourceGroup: "[parameters('resourceGroupName')]",
                      dependsOn: ["[resourceId('Microsoft.Resources/resourceGroups', parameters('resourceGroupName'))]"],
                      properties: {
                        mode: 'Incremental',
                        expressionEvaluationOptions: { scope: 'inner' },
                        parameters: {
                          workspaceResourceId: { value: "[parameters('workspaceResourceId')]" },
                          location: { value: "[parameters('resourceGroupLocation')]" },
                        },
                        template: {
                          $schema: GROUP_TEMPLATE,
                          contentVersion: '1.0.0.0',
                          parameters: { workspaceResourceId: { type: 'string' }, location: { type: 'string' } },
                          resources: [
                            {
                              type: 'Microsoft.Security/automations',
                              apiVersion: '2023-12-01-preview',
                              name: DEFENDER_EXPORT_AUTOMATION,
                              location: "[parameters('location')]",
                              properties: {
                                description: 'NPLZ: Defender for Cloud data to the central workspace (Sentinel).',
                                isEnabled: true,
                                scopes: [{ description: 'The subscription', scopePath: '[subscription().id]' }],
                                sources: DEFENDER_EXPORT_SOURCES.map((eventSource) => ({ eventSource })),
                                actions: [{ actionType: 'Workspace', workspaceResourceId: "[parameters('workspaceResourceId')]" }],
                              },
                            },
                          ],
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
        },
      },
    },
  );
}

/**
 * Deny a subnet without a network security group, whether written as its own resource or inside
 * a VNet's `subnets` array, except the subnets Azure's services own. The built-in (e71308d3) only
 * audits, so this is NPLZ's own, as the Azure landing zones' Deny-Subnet-Without-Nsg is ALZ's.
 */
export function subnetWithoutNsgDefinition(scope: string, version: string): DefinitionArgs {
  const vnet = 'Microsoft.Network/virtualNetworks';
  return custom(
    scope,
    'nplz-deny-subnet-without-nsg',
    'NPLZ: deny subnets without a network security group',
    'Denies a subnet that has no network security group, except the subnets listed (those Azure services own).',
    'Network',
    version,
    ['NPLZ-NET-03'],
    {
      mode: 'All',
      parameters: {
        excludedSubnets: { type: 'Array', metadata: { displayName: 'Subnets that need no NSG' } },
        effect: denyEffect,
      },
      policyRule: {
        if: {
          anyOf: [
            {
              allOf: [
                { field: 'type', equals: `${vnet}/subnets` },
                { field: 'name', notIn: "[parameters('excludedSubnets')]" },
                { field: `${vnet}/subnets/networkSecurityGroup.id`, exists: 'false' },
              ],
            },
            {
              allOf: [
                { field: 'type', equals: vnet },
                {
                  count: {
                    field: `${vnet}/subnets[*]`,
                    where: {
                      allOf: [
                        { field: `${vnet}/subnets[*].name`, notIn: "[parameters('excludedSubnets')]" },
                        { field: `${vnet}/subnets[*].networkSecurityGroup.id`, exists: 'false' },
                      ],
                    },
                  },
                  greater: 0,
                },
              ],
            },
          ],
        },
        then: { effect: "[parameters('effect')]" },
      },
    },
  );
}

/** Deny a VNet peering to a network outside the peering's own subscription (the sandbox's one rule of its own). */
export function peeringOutsideSubscriptionDefinition(scope: string, version: string): DefinitionArgs {
  const peering = 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings';
  return custom(
    scope,
    'nplz-deny-peering-outside-subscription',
    'NPLZ: deny VNet peering outside the subscription',
    'Denies a virtual network peering whose remote network is in another subscription.',
    'Network',
    version,
    ['NPLZ-NET-03'],
    {
      mode: 'All',
      parameters: { effect: denyEffect },
      policyRule: {
        if: {
          allOf: [
            { field: 'type', equals: peering },
            { field: `${peering}/remoteVirtualNetwork.id`, notLike: "[concat(subscription().id, '/*')]" },
          ],
        },
        then: { effect: "[parameters('effect')]" },
      },
    },
  );
}

/** The time (UTC, `HHmm`) every VM of a decommissioned subscription is shut down. */
export const DECOMMISSIONED_SHUTDOWN_TIME = '0000';

/**
 * A daily shutdown schedule (which deallocates the VM) on every VM, with the VM's own tags so the
 * required-tag guardrail accepts it: what the decommissioned group asks of whatever still runs.
 */
export function vmShutdownDefinition(scope: string, version: string): DefinitionArgs {
  return custom(
    scope,
    'nplz-deploy-vm-shutdown',
    'NPLZ: shut down virtual machines every night',
    `Deploys a daily shutdown schedule (at ${DECOMMISSIONED_SHUTDOWN_TIME} UTC) on every virtual machine that has none.`,
    'Compute',
    version,
    ['NPLZ-GRD-01'],
    {
      mode: 'Indexed',
      parameters: { effect: dineEffect },
      policyRule: {
        if: { field: 'type', equals: 'Microsoft.Compute/virtualMachines' },
        then: {
          effect: "[parameters('effect')]",
          details: {
            type: 'Microsoft.DevTestLab/schedules',
            existenceCondition: {
              allOf: [
                { field: 'Microsoft.DevTestLab/schedules/taskType', equals: 'ComputeVmShutdownTask' },
                { field: 'Microsoft.DevTestLab/schedules/targetResourceId', equals: "[field('id')]" },
              ],
            },
            roleDefinitionIds: [roleDefinitionId(AZURE_ROLE_DEFINITIONS['Virtual Machine Contributor'])],
            deployment: {
              properties: {
                mode: 'incremental',
                parameters: {
                  vmName: { value: "[field('name')]" },
                  location: { value: "[field('location')]" },
                  tags: { value: "[field('tags')]" },
                },
                template: {
                  $schema: GROUP_TEMPLATE,
                  contentVersion: '1.0.0.0',
                  parameters: { vmName: { type: 'string' }, location: { type: 'string' }, tags: { type: 'object' } },
                  resources: [
                    {
                      type: 'Microsoft.DevTestLab/schedules',
                      apiVersion: '2018-09-15',
                      name: "[concat('shutdown-computevm-', parameters('vmName'))]",
                      location: "[parameters('location')]",
                      tags: "[parameters('tags')]",
                      properties: {
                        status: 'Enabled',
                        taskType: 'ComputeVmShutdownTask',
                        dailyRecurrence: { time: DECOMMISSIONED_SHUTDOWN_TIME },
                        timeZoneId: 'UTC',
                        targetResourceId: "[resourceId('Microsoft.Compute/virtualMachines', parameters('vmName'))]",
                      },
                    },
                  ],
                },
              },
            },
          },
        },
      },
    },
  );
}

/** An initiative of built-ins, each with only an effect. */
export function builtInSet(
  scope: string,
  name: string,
  displayName: string,
  version: string,
  members: readonly (readonly [ref: string, guid: string, effect: string])[],
): authorization.PolicySetDefinitionAtManagementGroupArgs {
  return {
    managementGroupId: scope,
    policySetDefinitionName: name,
    displayName,
    policyType: 'Custom',
    metadata: { category: 'NPLZ', nplzBaseline: version },
    policyDefinitions: members.map(([ref, guid, effect]) => ({
      policyDefinitionReferenceId: ref,
      policyDefinitionId: builtInPolicyId(guid),
      parameters: { effect: { value: effect } },
    })),
  };
}
