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

/**
 * When a report is written: the real clock, unless `SOURCE_DATE_EPOCH` (whole seconds since
 * 1970-01-01 UTC, the reproducible-builds.org convention) pins it so two runs write identical
 * bytes. Independent of `NPLZ_TODAY`: an audit "as of" a past date is still written now.
 */
export function generationTime(env: NodeJS.ProcessEnv = process.env): Date {
  const v = env.SOURCE_DATE_EPOCH;
  if (v === undefined || v === '') return new Date();
  const d = new Date(Number(v) * 1000);
  if (!/^\d{1,12}$/.test(v) || Number.isNaN(d.getTime())) {
    throw NplzError.of({
      file: '(environment)',
      path: 'SOURCE_DATE_EPOCH',
      received: v,
      message: 'SOURCE_DATE_EPOCH is not a number of seconds',
      allowed: 'whole seconds since 1970-01-01T00:00:00Z, e.g. 1795305600, or unset for the real clock',
    });
  }
  return d;
}
