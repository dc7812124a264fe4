import type { Severity } from '@nplz/core';
import { defineAzurePolicy } from '../define-policy';
import { arr, obj, show, str } from '../private/props';
import { T } from '../private/types';

/** Defender alert severities, most severe first. Defender has no "critical": High is its top. */
const DEFENDER_ORDER: readonly string[] = ['High', 'Medium', 'Low'];

/** The Defender `minimalSeverity` at or below which alerts must be sent for a baseline severity. */
export function defenderSeverityFor(s: Severity): string {
  return s === 'critical' || s === 'high' ? 'High' : s === 'medium' ? 'Medium' : 'Low';
}

/** NPLZ-MON-04: Defender for Cloud emails alerts at the baseline's SOC severity and above. */
export const securityAlertsToSoc = defineAzurePolicy({
  name: 'security-alerts-to-soc',
  control: 'NPLZ-MON-04',
  resourceTypes: [T.securityContact],
  description: 'Defender for Cloud security contacts send alerts at or above the baseline SOC severity',
  validate(props, { baseline }, report) {
    if (props.isEnabled === false) report('isEnabled is false; allowed: true');
    if (!str(props.emails)) report('emails is not set; allowed: the national SOC address');
    const wanted = defenderSeverityFor(baseline.alerting.socMinimumSeverity);
    const alert = arr(props.notificationsSources)
      .map(obj)
      .find((s) => s?.sourceType === 'Alert');
    const got = str(alert?.minimalSeverity);
    if (!got || DEFENDER_ORDER.indexOf(got) < DEFENDER_ORDER.indexOf(wanted)) {
      report(
        `notificationsSources Alert minimalSeverity is ${show(got)}; allowed: ${wanted} or lower (baseline ${baseline.version} alerting.socMinimumSeverity ${baseline.alerting.socMinimumSeverity})`,
      );
    }
  },
});
