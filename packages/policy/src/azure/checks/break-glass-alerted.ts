import type { AzurePlanResource } from '../plan';
import { str } from '../private/props';
import { T } from '../private/types';
import { definePlanCheck } from './define-check';

/**
 * An emergency account in a query: by an Entra object id, or by the naming convention, written
 * plainly (`breakglass`, `break-glass`) or as the regex NPLZ's own rule uses (`break-?glass`).
 */
const ACCOUNTS = /break[-?]*glass|emergency[-?]*access|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** The Entra sign-in table the rule must read. */
const SIGN_INS = /\bSigninLogs\b/;

/** What is wrong with a candidate rule's query, or nothing. */
function queryProblems(rule: AzurePlanResource): string[] {
  const query = str(rule.inputs.query) ?? '';
  const out: string[] = [];
  if (!SIGN_INS.test(query)) out.push('its query does not read SigninLogs');
  if (!ACCOUNTS.test(query)) out.push('its query names no break-glass account (no object id, no break-glass / emergency-access name)');
  return out;
}

/**
 * NPLZ-PAM-01: a sign-in of an emergency (break-glass) account raises an alert: the national
 * platform holds an enabled Sentinel or Azure Monitor scheduled rule whose query reads the Entra
 * sign-in logs (SigninLogs) and picks out the break-glass accounts, by object id or by name. A
 * rule's name alone proves nothing: what it queries is what alerts.
 */
export const breakGlassAlerted = definePlanCheck({
  name: 'break-glass-alerted',
  control: 'NPLZ-PAM-01',
  description: 'The national platform alerts on every break-glass account sign-in',
  check({ index }, emit) {
    if (!index.hasNationalPlatform()) return;
    const root = index.rootManagementGroup();
    const rules = index.ofType(T.sentinelScheduledRule, T.scheduledQueryRule).filter((r) => r.inputs.enabled !== false);
    const rule = rules.find((r) => queryProblems(r).length === 0);
    const subject = rule ?? rules[0] ?? root;
    if (!subject) return;
    emit(
      subject,
      rule
        ? []
        : [
            `no enabled scheduled alert rule queries SigninLogs for break-glass accounts${
              rules.length ? ` (${rules.map((r) => `${r.name}: ${queryProblems(r).join(', ')}`).join('; ')})` : ''
            }; allowed: a Sentinel or Azure Monitor scheduled rule over SigninLogs naming the break-glass accounts (object ids or the break-glass / emergency-access naming)`,
          ],
      `alert rule ${rule?.name} queries SigninLogs for break-glass accounts`,
    );
  },
});
