import { str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

const BREAK_GLASS = /break.?glass|emergency.?access/i;

/**
 * NPLZ-PAM-01: a sign-in of an emergency (break-glass) account raises an alert: the national
 * platform holds an enabled Sentinel or Azure Monitor scheduled rule about break-glass sign-ins.
 * The rule is recognised by its name or query naming break-glass or emergency access.
 */
export const breakGlassAlerted = definePlanCheck({
  name: 'break-glass-alerted',
  control: 'NPLZ-PAM-01',
  description: 'The national platform alerts on every break-glass account sign-in',
  check({ index }, emit) {
    if (!index.hasNationalPlatform()) return;
    const root = index.rootManagementGroup();
    const rule = index.ofType(T.sentinelScheduledRule, T.scheduledQueryRule).find((r) => {
      const text = [r.name, r.inputs.displayName, r.inputs.description, r.inputs.query, JSON.stringify(r.inputs.criteria ?? '')]
        .map((x) => str(x) ?? '')
        .join(' ');
      return r.inputs.enabled !== false && BREAK_GLASS.test(text);
    });
    const subject = rule ?? root;
    if (!subject) return;
    emit(
      subject,
      rule
        ? []
        : [
            'no enabled scheduled alert rule about break-glass sign-ins; allowed: a Sentinel or Azure Monitor scheduled rule naming break-glass or emergency access accounts',
          ],
      `alert rule ${rule?.name}`,
    );
  },
});
