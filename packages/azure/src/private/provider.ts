import * as pulumi from '@pulumi/pulumi';
import { Provider } from '@pulumi/azure-native/provider';

const SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isSubscriptionId(value: string): boolean {
  return SUBSCRIPTION_ID.test(value);
}

/**
 * An azure-native provider pinned to one subscription, so a component can never deploy into
 * whatever subscription the caller's credentials default to.
 */
export function subscriptionProvider(name: string, subscriptionId: string, location: string, parent: pulumi.Resource): Provider {
  return new Provider(name, { subscriptionId, location }, { parent });
}
