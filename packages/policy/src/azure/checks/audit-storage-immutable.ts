import { auditStorageAccounts, isImmutable } from '../private/audit-storage';
import { definePlanCheck } from './define-check';

/**
 * NPLZ-LOG-03: every audit storage account is immutable (its values are checked by the policy
 * `immutability-meets-baseline`), and every tenancy environment has immutable audit storage.
 */
export const auditStorageImmutable = definePlanCheck({
  name: 'audit-storage-immutable',
  control: 'NPLZ-LOG-03',
  description: 'Audit storage accounts are immutable and every tenancy environment has one',
  check({ index }, emit) {
    const audit = auditStorageAccounts(index);
    for (const a of audit) {
      emit(
        a,
        isImmutable(index, a)
          ? []
          : [
              `storage account ${index.azureName(a)} receives logs but has no immutability (account immutableStorageWithVersioning or a container immutability policy); allowed: immutability in the baseline's mode`,
            ],
        'immutable',
      );
    }
    for (const g of index.tenancyGroups()) {
      const has = audit.some((a) => a.tenancy === g.tenancy && a.environment === g.environment && isImmutable(index, a));
      emit(
        g.subject,
        has
          ? []
          : [
              `tenancy ${g.tenancy} environment ${g.environment} has no immutable audit storage account; allowed: one with immutability in the baseline's mode`,
            ],
        'immutable audit storage present',
      );
    }
  },
});
