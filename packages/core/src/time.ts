/** Today's date (UTC) as YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whole days from `fromDay` to `toDay` (both YYYY-MM-DD); negative when `toDay` is earlier. */
export function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / 86_400_000);
}

/**
 * Days in an ISO 8601 duration of years, months and days (`P1Y`, `P18M`, `P90D`), counting a year
 * as 365 days and a month as 30 (enough to check minimums and order two durations), or undefined
 * for anything else.
 */
export function isoDurationDays(duration: string): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(duration);
  if (!m || duration === 'P') return undefined;
  return Number(m[1] ?? 0) * 365 + Number(m[2] ?? 0) * 30 + Number(m[3] ?? 0);
}

/**
 * Minutes in an ISO 8601 duration of days, hours and minutes (`PT5M`, `PT1H`, `P1DT12H`), or
 * undefined for anything else (years and months have no fixed length in minutes).
 */
export function isoDurationMinutes(duration: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(duration);
  if (!m || duration === 'P' || duration.endsWith('T')) return undefined;
  return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}
