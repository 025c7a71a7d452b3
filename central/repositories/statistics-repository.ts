// Aggregates for the console's statistics, computed by the database (GROUP BY), never by reading
// every row into the process. Days are China Standard Time: UTC+8 all year (no daylight saving), so
// a fixed offset gives the same answer on PGlite and PostgreSQL whatever their time-zone data.
import type { Queryable } from '../db/db.ts';

export interface StatisticsRepository {
  transactionsPer(
    column: 'item_code' | 'kiosk_id',
    from: string,
    to: string,
  ): Promise<{ key: string; count: number }[]>;
  transactionsPerDay(from: string, to: string): Promise<{ day: string; count: number }[]>;
  ratingLevels(
    from: string,
    to: string,
  ): Promise<{ itemCode: string; level: number; count: number }[]>;
  badReasons(
    from: string,
    to: string,
    maxLevel: number,
  ): Promise<{ reason: string; count: number }[]>;
}

export function createSqlStatisticsRepository(db: Queryable): StatisticsRepository {
  return {
    async transactionsPer(column, from, to) {
      const { rows } = await db.query<{ key: string; n: number }>(
        `SELECT ${column === 'item_code' ? 'item_code' : 'kiosk_id'} AS key, count(*)::int AS n
         FROM submissions WHERE submitted_at >= $1 AND submitted_at < $2
         GROUP BY 1 ORDER BY n DESC, key`,
        [from, to],
      );
      return rows.map((r) => ({ key: r.key, count: Number(r.n) }));
    },

    async transactionsPerDay(from, to) {
      const { rows } = await db.query<{ day: string; n: number }>(
        `SELECT to_char((submitted_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD') AS day,
           count(*)::int AS n
         FROM submissions WHERE submitted_at >= $1 AND submitted_at < $2
         GROUP BY 1 ORDER BY 1`,
        [from, to],
      );
      return rows.map((r) => ({ day: r.day, count: Number(r.n) }));
    },

    async ratingLevels(from, to) {
      const { rows } = await db.query<{ item_code: string; level: number; n: number }>(
        `SELECT item_code, level::int AS level, count(*)::int AS n
         FROM ratings WHERE rated_at >= $1 AND rated_at < $2
         GROUP BY item_code, level ORDER BY item_code, level`,
        [from, to],
      );
      return rows.map((r) => ({
        itemCode: r.item_code,
        level: Number(r.level),
        count: Number(r.n),
      }));
    },

    async badReasons(from, to, maxLevel) {
      const { rows } = await db.query<{ reason: string; n: number }>(
        `SELECT r.reason, count(*)::int AS n
         FROM ratings, jsonb_array_elements_text(ratings.reasons) AS r(reason)
         WHERE ratings.level <= $3 AND ratings.rated_at >= $1 AND ratings.rated_at < $2
         GROUP BY r.reason ORDER BY n DESC, r.reason LIMIT 200`,
        [from, to, maxLevel],
      );
      return rows.map((r) => ({ reason: r.reason, count: Number(r.n) }));
    },
  };
}
