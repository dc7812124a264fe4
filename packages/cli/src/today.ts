import { NplzError } from '@nplz/core';

/**
 * "Today" for exception expiry and support windows. `NPLZ_TODAY=YYYY-MM-DD` pins it, so an audit
 * can be re-run "as of" a date and tests do not rot as the calendar moves.
 */
export function today(env: NodeJS.ProcessEnv = process.env): Date {
  const v = env.NPLZ_TODAY;
  if (v === undefined || v === '') return new Date();
  const d = new Date(`${v}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    throw NplzError.of({
      file: '(environment)',
      path: 'NPLZ_TODAY',
      received: v,
      message: 'NPLZ_TODAY is not a calendar date',
      allowed: 'a date YYYY-MM-DD, or unset for today',
    });
  }
  return d;
}
