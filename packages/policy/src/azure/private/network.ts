import type { AzurePlanResource } from '../plan';
import type { PlanIndex } from './plan-index';
import { arr, obj, str, type Props } from './props';
import { T } from './types';

/** A subnet of a VNet: declared inline in the VNet's `subnets` or as its own Subnet resource. */
export interface SubnetView {
  readonly name: string;
  readonly props: Props;
  /** The Subnet resource, when the subnet is one. */
  readonly resource?: AzurePlanResource;
}

/** Subnet names Azure reserves for platform services; they take no route table or user NSG. */
export const PLATFORM_SUBNETS: readonly string[] = [
  'AzureFirewallSubnet',
  'AzureFirewallManagementSubnet',
  'AzureBastionSubnet',
  'GatewaySubnet',
  'RouteServerSubnet',
];

export function subnetsOf(index: PlanIndex, vnet: AzurePlanResource): SubnetView[] {
  const inline = arr(vnet.inputs.subnets)
    .map((s) => obj(s) ?? {})
    .map((props) => ({ name: str(props.name) ?? '(unnamed)', props }));
  const key = index.resourceGroupKey(vnet);
  const vnetName = index.azureName(vnet);
  const separate = index
    .ofType(T.subnet)
    .filter((s) => s.inputs.virtualNetworkName === vnetName && index.resourceGroupKey(s) === key)
    .map((s) => ({ name: index.azureName(s), props: s.inputs, resource: s }));
  return [...inline, ...separate];
}

/** The VNet a child (peering, subnet) belongs to, by its `virtualNetworkName` and resource group. */
export function parentVnet(index: PlanIndex, child: AzurePlanResource): AzurePlanResource | undefined {
  const key = index.resourceGroupKey(child);
  return index.ofType(T.vnet).find((v) => index.azureName(v) === child.inputs.virtualNetworkName && index.resourceGroupKey(v) === key);
}

/** A VNet by reference: plan id or URN, or an Azure id ending in `/virtualNetworks/<name>` when the name is unique in the plan. */
export function resolveVnet(index: PlanIndex, ref: unknown): AzurePlanResource | undefined {
  const direct = index.resolve(ref);
  if (direct) return direct.type === T.vnet ? direct : undefined;
  const id = str(ref) ?? str(obj(ref)?.id);
  const m = id ? /\/virtualNetworks\/([^/]+)$/i.exec(id) : null;
  if (!m) return undefined;
  const named = index.ofType(T.vnet).filter((v) => index.azureName(v) === m[1]);
  return named.length === 1 ? named[0] : undefined;
}

/** Spoke VNets: VNets under a ForceLandingZone. */
export function spokeVnets(index: PlanIndex): AzurePlanResource[] {
  return index.ofType(T.vnet).filter((v) => v.tenancy);
}
