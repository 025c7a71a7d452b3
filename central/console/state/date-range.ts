// Date inputs give a calendar day (YYYY-MM-DD); the centre wants instants. Days are Guangzhou's
// (UTC+8), as the statistics count them.

/** 00:00 of the day in China Standard Time, as an ISO instant with its offset. */
export function dayStartIso(day: string): string {
  return `${day}T00:00:00+08:00`;
}

/** The last millisecond of the day in China Standard Time. */
export function dayEndIso(day: string): string {
  return `${day}T23:59:59.999+08:00`;
}

/** Today in Guangzhou, YYYY-MM-DD. */
export function todayInGuangzhou(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The day `days` before `day` (both YYYY-MM-DD). */
export function daysBefore(day: string, days: number): string {
  const ms = Date.parse(`${day}T00:00:00Z`) - days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}
