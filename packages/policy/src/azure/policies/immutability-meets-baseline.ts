import { defineAzurePolicy } from '../define-policy';
import { at, num, show, str } from '../private/props';
import { T } from '../private/types';

/**
 * NPLZ-LOG-03: where immutability is configured it is at least as strong as the baseline: the
 * baseline's days, and locked when the baseline asks for COMPLIANCE mode. Which accounts must be
 * immutable at all is the plan check `audit-storage-immutable`.
 */
export const immutabilityMeetsBaseline = defineAzurePolicy({
  name: 'immutability-meets-baseline',
  control: 'NPLZ-LOG-03',
  resourceTypes: [T.storageAccount, T.containerImmutability],
  description: 'Immutability policies on storage keep data for the baseline days, locked in compliance mode',
  validate(props, { args, baseline }, report) {
    const min = baseline.logging.immutabilityDays;
    if (args.type === T.containerImmutability) {
      const days = num(props.immutabilityPeriodSinceCreationInDays);
      if (days === undefined || days < min)
        report(
          `immutabilityPeriodSinceCreationInDays is ${show(props.immutabilityPeriodSinceCreationInDays)}; allowed: at least ${min} (baseline ${baseline.version} logging.immutabilityDays)`,
        );
      // A container policy is locked by a separate Azure action no program can express (azure-native
      // has no resource for it), and changing its period needs its ETag: it stays Unlocked for good.
      if (baseline.logging.immutabilityMode === 'COMPLIANCE')
        report(
          `a container immutability policy cannot be locked from the program and stays Unlocked (deletable by an administrator); allowed: account-level immutableStorageWithVersioning with state "Locked" (baseline ${baseline.version} logging.immutabilityMode COMPLIANCE)`,
        );
      return;
    }
    if (at(props, 'immutableStorageWithVersioning.enabled') !== true) return;
    const days = num(at(props, 'immutableStorageWithVersioning.immutabilityPolicy.immutabilityPeriodSinceCreationInDays'));
    if (days === undefined || days < min) {
      report(
        `immutableStorageWithVersioning.immutabilityPolicy.immutabilityPeriodSinceCreationInDays is ${show(days)}; allowed: at least ${min} (baseline ${baseline.version} logging.immutabilityDays)`,
      );
    }
    const state = str(at(props, 'immutableStorageWithVersioning.immutabilityPolicy.state'));
    if (baseline.logging.immutabilityMode === 'COMPLIANCE' && state !== 'Locked') {
      report(
        `immutableStorageWithVersioning.immutabilityPolicy.state is ${show(state)}; allowed: "Locked" (baseline ${baseline.version} logging.immutabilityMode COMPLIANCE)`,
      );
    }
  },
});
