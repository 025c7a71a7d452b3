import { describe, expect, it } from 'vitest';
import { RatingLevel } from '../../../contract/kiosk-api.ts';
import {
  BAD_RATING_REASONS,
  isBadRating,
  RATING_LEVELS,
  ratingInput,
} from '../../../renderer/state/rating.ts';

describe('好差评', () => {
  it('offers the five national levels from 非常满意 (5) to 非常不满意 (1)', () => {
    expect(RATING_LEVELS.map((l) => l.label)).toEqual([
      '非常满意',
      '满意',
      '基本满意',
      '不满意',
      '非常不满意',
    ]);
    expect(RATING_LEVELS.map((l) => l.level)).toEqual([5, 4, 3, 2, 1]);
    for (const { level } of RATING_LEVELS) expect(RatingLevel.safeParse(level).success).toBe(true);
  });

  it('asks why only for 差评 (1 and 2)', () => {
    expect([1, 2, 3, 4, 5].map((l) => isBadRating(l as 1))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('sends reasons in list order and a trimmed comment for a 差评, nothing else for a 好评', () => {
    const bad = ratingInput(1, ['其他', '操作复杂', '不在列表里'], '  太慢了  ');
    expect(bad).toEqual({ level: 1, reasons: ['操作复杂', '其他'], comment: '太慢了' });
    expect(ratingInput(5, ['操作复杂'], '好')).toEqual({ level: 5, reasons: [], comment: '' });
    expect(ratingInput(2, [], 'x'.repeat(900)).comment).toHaveLength(500);
    expect(BAD_RATING_REASONS.every((r) => r.length <= 100)).toBe(true);
  });
});
