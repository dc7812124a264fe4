// Entry point for `pulumi preview` / `pulumi up` (Pulumi.yaml: main dist/index.js).
import * as pulumi from '@pulumi/pulumi';
import { firstOfMonth } from '@nplz/azure';
import { forceProgram } from './program';

const config = new pulumi.Config();
const zone = forceProgram({
  environment: config.require('environment'),
  tenantId: config.require('tenantId'),
  managementGroupId: config.require('managementGroupId'),
  hubSubscriptionId: config.require('hubSubscriptionId'),
  hubResourceGroupName: config.get('hubResourceGroupName') ?? 'nplz-connectivity',
  hubVirtualNetworkName: config.get('hubVirtualNetworkName') ?? 'nplz-hub',
  hubFirewallPrivateIp: config.require('hubFirewallPrivateIp'),
  workspaceId: config.require('workspaceId'),
  // Azure creates a budget only from the current month on; once it exists the value is ignored.
  budgetStartDate: config.get('budgetStartDate') ?? firstOfMonth(new Date()),
});

export const subscriptionId = zone.subscriptionId;
export const spokeVirtualNetworkId = zone.virtualNetwork.id;
export const keyVaultId = zone.keyVault.id;
