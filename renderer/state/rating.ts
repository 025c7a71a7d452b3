// 好差评: the five levels of the national "good/bad" service rating, and what a 差评 asks.

export type RatingLevel = 1 | 2 | 3 | 4 | 5;

export const RATING_LEVELS: readonly { level: RatingLevel; label: string }[] = [
  { level: 5, label: '非常满意' },
  { level: 4, label: '满意' },
  { level: 3, label: '基本满意' },
  { level: 2, label: '不满意' },
  { level: 1, label: '非常不满意' },
];

export const BAD_RATING_REASONS: readonly string[] = [
  '操作复杂',
  '等待时间长',
  '设备故障',
  '信息有误',
  '材料要求不清楚',
  '其他',
];

export const COMMENT_MAX = 500;

/** 不满意 and 非常不满意 are 差评: the citizen is asked why. */
export function isBadRating(level: RatingLevel): boolean {
  return level <= 2;
}

/** The session.rate input: reasons and comment only for a 差评, in the list's order. */
export function ratingInput(
  level: RatingLevel,
  reasons: readonly string[],
  comment: string,
): { level: RatingLevel; reasons: string[]; comment: string } {
  if (!isBadRating(level)) return { level, reasons: [], comment: '' };
  const chosen = BAD_RATING_REASONS.filter((r) => reasons.includes(r));
  return {
    level,
    reasons: chosen,
    comment: Array.from(comment.trim()).slice(0, COMMENT_MAX).join(''),
  };
}
