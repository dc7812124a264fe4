import type { AzurePlanResource } from '../plan';
import type { PlanIndex } from './plan-index';
import { at } from './props';
import { T } from './types';

/**
 * Audit storage: accounts that flow logs or diagnostic settings archive to, and accounts that
 * configure immutability (which only evidence needs).
 */
export function auditStorageAccounts(index: PlanIndex): AzurePlanResource[] {
  const sinks = [
    ...index.ofType(T.flowLog).map((f) => f.inputs.storageId),
    ...index.ofType(T.diagnosticSetting, T.subscriptionDiagnosticSetting).map((d) => d.inputs.storageAccountId),
  ];
  return index.ofType(T.storageAccount).filter((a) => sinks.some((s) => index.refersTo(s, a)) || isImmutable(index, a));
}

/** Account-level version immutability, or an immutability policy on one of its containers. */
export function isImmutable(index: PlanIndex, account: AzurePlanResource): boolean {
  if (at(account.inputs, 'immutableStorageWithVersioning.enabled') === true) return true;
  return childrenOf(index, account, T.containerImmutability).length > 0;
}

/** Resources of a type that name the account in `accountName` in the same resource group. */
export function childrenOf(index: PlanIndex, account: AzurePlanResource, type: string): AzurePlanResource[] {
  const key = index.resourceGroupKey(account);
  const name = index.azureName(account);
  return index.ofType(type).filter((c) => c.inputs.accountName === name && index.resourceGroupKey(c) === key);
}
