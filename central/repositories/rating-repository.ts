// 好差评 ratings as stored rows, recorded once per idempotency key like submissions.
import type { Queryable } from '../db/db.ts';
import { whereClause } from './sql-filter.ts';

export interface RatingAckBody {
  trackingCode: string;
  replayed: boolean;
}

export interface StoredRating {
  idempotencyKey: string;
  trackingCode: string;
  kioskId: string;
  itemCode: string;
  level: number;
  reasons: string[];
  comment: string;
  ratedAt: string;
  receivedAt: string;
  ack: RatingAckBody;
}

export interface RatingFilter {
  trackingCode?: string;
  kioskId?: string;
  itemCode?: string;
  level?: number;
}

export interface RatingRepository {
  insertIfAbsent(row: StoredRating): Promise<StoredRating | null>;
  findByIdempotencyKey(key: string): Promise<StoredRating | null>;
  count(filter: RatingFilter): Promise<number>;
}

interface RatingRow {
  idempotency_key: string;
  tracking_code: string;
  kiosk_id: string;
  item_code: string;
  level: number;
  reasons: string[];
  comment: string;
  rated_at: Date | string;
  received_at: Date | string;
  ack: RatingAckBody;
  [column: string]: unknown;
}

const fromRow = (row: RatingRow): StoredRating => ({
  idempotencyKey: row.idempotency_key,
  trackingCode: row.tracking_code,
  kioskId: row.kiosk_id,
  itemCode: row.item_code,
  level: Number(row.level),
  reasons: row.reasons,
  comment: row.comment,
  ratedAt: new Date(row.rated_at).toISOString(),
  receivedAt: new Date(row.received_at).toISOString(),
  ack: row.ack,
});

export function createSqlRatingRepository(db: Queryable): RatingRepository {
  return {
    async insertIfAbsent(r) {
      const { rows } = await db.query<RatingRow>(
        `INSERT INTO ratings (idempotency_key, tracking_code, kiosk_id, item_code, level, reasons,
           comment, rated_at, received_at, ack)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10::jsonb)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING *`,
        [
          r.idempotencyKey,
          r.trackingCode,
          r.kioskId,
          r.itemCode,
          r.level,
          JSON.stringify(r.reasons),
          r.comment,
          r.ratedAt,
          r.receivedAt,
          JSON.stringify(r.ack),
        ],
      );
      return rows[0] ? fromRow(rows[0]) : null;
    },
    async findByIdempotencyKey(key) {
      const { rows } = await db.query<RatingRow>(
        'SELECT * FROM ratings WHERE idempotency_key = $1',
        [key],
      );
      return rows[0] ? fromRow(rows[0]) : null;
    },
    async count(filter) {
      const where = whereClause(filter, {
        trackingCode: 'tracking_code',
        kioskId: 'kiosk_id',
        itemCode: 'item_code',
        level: 'level',
      });
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ratings${where.sql}`,
        where.params,
      );
      return rows[0]?.n ?? 0;
    },
  };
}
