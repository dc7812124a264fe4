import { Provider } from '@pulumi/azure-native/provider';
import { ForceLandingZone } from '@nplz/azure';
import { addLocalAssets } from './local-assets-azure';
import { tenancy } from './tenancy';

/** What the force's stack needs from the national platform. */
export interface ForceStackSettings {
  readonly environment: string;
  readonly tenantId: string;
  readonly managementGroupId: string;
  readonly hubSubscriptionId: string;
  readonly hubResourceGroupName: string;
  readonly hubVirtualNetworkName: string;
  readonly hubFirewallPrivateIp: string;
  readonly workspaceId: string;
  /**
   * First day of the month the budget starts (`YYYY-MM-01`). A real deployment uses the month it
   * first deploys in (Azure refuses an earlier start); the budget ignores the value afterwards.
   * @default - the landing zone's default, the baseline's release month (for the offline plan)
   */
  readonly budgetStartDate?: string;
}

/** The force's program: its landing zone for one environment, peered to the national hub. */
export function forceProgram(s: ForceStackSettings): ForceLandingZone {
  const hubProvider = new Provider('hub', { subscriptionId: s.hubSubscriptionId });
  const zone = new ForceLandingZone(`${tenancy.name}-${s.environment}`, {
    tenancy,
    environment: s.environment,
    tenantId: s.tenantId,
    managementGroupId: s.managementGroupId,
    workspaceId: s.workspaceId,
    ...(s.budgetStartDate ? { budgetStartDate: s.budgetStartDate } : {}),
    hub: {
      resourceGroupName: s.hubResourceGroupName,
      virtualNetworkName: s.hubVirtualNetworkName,
      virtualNetworkId: `/subscriptions/${s.hubSubscriptionId}/resourceGroups/${s.hubResourceGroupName}/providers/Microsoft.Network/virtualNetworks/${s.hubVirtualNetworkName}`,
      firewallPrivateIp: s.hubFirewallPrivateIp,
      provider: hubProvider,
    },
  });
  addLocalAssets(zone);
  return zone;
}

/** The sample estate's national values, for the offline plan. */
export const SAMPLE_SETTINGS: ForceStackSettings = {
  environment: 'prod',
  tenantId: '00000000-0000-47e7-8000-000000000001',
  managementGroupId: 'nplz-force-surrey',
  hubSubscriptionId: '00000000-0000-45b5-8000-0000000186a2',
  hubResourceGroupName: 'nplz-connectivity',
  hubVirtualNetworkName: 'nplz-hub',
  hubFirewallPrivateIp: '10.1.0.4',
  workspaceId:
    '/subscriptions/00000000-0000-45b5-8000-0000000186a1/resourceGroups/nplz-management/providers/Microsoft.OperationalInsights/workspaces/nplz-central',
};
