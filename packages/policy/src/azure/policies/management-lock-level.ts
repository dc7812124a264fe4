import { defineAzurePolicy } from '../define-policy';
import { show } from '../private/props';
import { LOCK_TYPES } from '../private/types';

const PROTECTIVE_LEVELS: readonly string[] = ['CanNotDelete', 'ReadOnly'];

/** NPLZ-GRD-02: a management lock actually protects (CanNotDelete or ReadOnly). */
export const managementLockLevel = defineAzurePolicy({
  name: 'management-lock-level',
  control: 'NPLZ-GRD-02',
  resourceTypes: LOCK_TYPES,
  description: 'Management locks are CanNotDelete or ReadOnly',
  validate(props, _ctx, report) {
    if (typeof props.level !== 'string' || !PROTECTIVE_LEVELS.includes(props.level)) {
      report(`level is ${show(props.level)}; allowed: ${PROTECTIVE_LEVELS.join(' or ')}`);
    }
  },
});
