import { at } from '../private/props';
import { T } from '../private/types';
import { auditStorageAccounts, childrenOf } from '../private/audit-storage';
import { definePlanCheck } from './define-check';

/**
 * NPLZ-RET-03: blob versioning is on for every audit storage account. Account-level version
 * immutability counts: Azure refuses it without versioning.
 */
export const auditStorageVersioning = definePlanCheck({
  name: 'audit-storage-versioning',
  control: 'NPLZ-RET-03',
  description: 'Audit storage accounts have blob versioning enabled',
  check({ index }, emit) {
    for (const a of auditStorageAccounts(index)) {
      const versioned =
        at(a.inputs, 'immutableStorageWithVersioning.enabled') === true ||
        childrenOf(index, a, T.blobService).some((s) => s.inputs.isVersioningEnabled === true);
      emit(
        a,
        versioned
          ? []
          : [`storage account ${index.azureName(a)} has no ${T.blobService} with isVersioningEnabled true; allowed: versioning on`],
        'blob versioning on',
      );
    }
  },
});
