// 好差评 levels as the kiosk's rating screen names them; index 0 = level 1 … index 4 = level 5.
export const LEVEL_NAME = ['非常不满意', '不满意', '基本满意', '满意', '非常满意'] as const;

/** Share of 满意 and 非常满意 (levels 4–5), "92.3%", or "—" without ratings. */
export function satisfaction(levels: readonly number[]): string {
  const total = levels.reduce((a, b) => a + b, 0);
  if (total === 0) return '—';
  const good = (levels[3] ?? 0) + (levels[4] ?? 0);
  return `${Math.round((good / total) * 1000) / 10}%`;
}
