// "Today" as the kiosk's forms mean it: the calendar date in Guangzhou (UTC+8, no summer time),
// whatever time zone the machine is set to. The host computes it the same way.
export function todayInShanghai(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
