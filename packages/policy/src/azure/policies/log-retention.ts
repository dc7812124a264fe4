import { defineAzurePolicy } from '../define-policy';
import { at, num, show } from '../private/props';
import { T } from '../private/types';

/**
 * NPLZ-RET-01: Log Analytics keeps operational logs for the baseline's days; flow logs are never
 * deleted by the flow-log service (retention off or 0 days = kept), so the audit archive's own
 * lifecycle, set from the baseline, decides.
 */
export const logRetention = defineAzurePolicy({
  name: 'log-retention',
  control: 'NPLZ-RET-01',
  resourceTypes: [T.workspace, T.flowLog],
  description: 'Log Analytics retention and flow log retention meet the baseline',
  validate(props, { args, baseline }, report) {
    if (args.type === T.workspace) {
      const days = num(props.retentionInDays);
      const min = baseline.logging.operationalRetentionDays;
      if (days === undefined || days < min)
        report(
          `retentionInDays is ${show(props.retentionInDays)}; allowed: at least ${min} (baseline ${baseline.version} logging.operationalRetentionDays)`,
        );
      return;
    }
    if (at(props, 'retentionPolicy.enabled') !== true) return;
    const days = num(at(props, 'retentionPolicy.days')) ?? 0;
    const min = baseline.logging.securityAuditRetentionDays;
    if (days !== 0 && days < min) {
      report(
        `retentionPolicy.days is ${days}; allowed: 0 (keep) or at least ${min} (baseline ${baseline.version} logging.securityAuditRetentionDays)`,
      );
    }
  },
});
