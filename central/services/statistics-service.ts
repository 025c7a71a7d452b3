// Statistics for the console: transactions per item, kiosk and day; the 好差评 distribution overall
// and per item; the reasons given with 差评 (levels 1 and 2). The database aggregates; this only
// shapes the few grouped rows it returns.
import type { Statistics } from '../../contract/admin-api.ts';
import { CentralError } from '../errors.ts';
import type { StatisticsRepository } from '../repositories/statistics-repository.ts';

export interface StatisticsService {
  compute(range: { from?: string; to?: string }): Promise<Statistics>;
}

const DAY = 24 * 3600_000;
export const DEFAULT_RANGE_DAYS = 30;
/** 差评: 非常不满意 (1) and 不满意 (2). */
const BAD_LEVEL = 2;

export function createStatisticsService(
  repo: StatisticsRepository,
  now: () => Date = () => new Date(),
): StatisticsService {
  return {
    async compute(range) {
      const to = range.to ? new Date(range.to) : now();
      const from = range.from
        ? new Date(range.from)
        : new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY);
      if (!(from.getTime() < to.getTime())) {
        throw new CentralError('invalid', 'invalid-range', 'from must be before to');
      }
      const [f, t] = [from.toISOString(), to.toISOString()];
      const [perItem, perKiosk, perDay, levels, badReasons] = await Promise.all([
        repo.transactionsPer('item_code', f, t),
        repo.transactionsPer('kiosk_id', f, t),
        repo.transactionsPerDay(f, t),
        repo.ratingLevels(f, t),
        repo.badReasons(f, t, BAD_LEVEL),
      ]);
      const overall = [0, 0, 0, 0, 0];
      const byItem = new Map<string, number[]>();
      for (const { itemCode, level, count } of levels) {
        if (level < 1 || level > 5) continue;
        overall[level - 1]! += count;
        const counts = byItem.get(itemCode) ?? [0, 0, 0, 0, 0];
        counts[level - 1]! += count;
        byItem.set(itemCode, counts);
      }
      return {
        from: f,
        to: t,
        transactions: {
          total: perItem.reduce((sum, r) => sum + r.count, 0),
          perItem: perItem.map((r) => ({ itemCode: r.key, count: r.count })),
          perKiosk: perKiosk.map((r) => ({ kioskId: r.key, count: r.count })),
          perDay,
        },
        ratings: {
          total: overall.reduce((a, b) => a + b, 0),
          levels: overall,
          perItem: [...byItem].map(([itemCode, counts]) => ({ itemCode, levels: counts })),
          badReasons,
        },
      };
    },
  };
}
