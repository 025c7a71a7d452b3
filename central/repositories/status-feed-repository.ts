// The per-kiosk feed of status changes, written by the trigger of migration 0002.
import type { Queryable } from '../db/db.ts';

export interface StoredStatusEvent {
  /** bigint as decimal text: both drivers agree on text, not on bigint. */
  seq: string;
  trackingCode: string;
  status: string;
  at: string;
}

export interface StatusFeedRepository {
  /** Events of `kioskId` with seq > `after`, oldest first, at most `limit`. */
  after(kioskId: string, after: string, limit: number): Promise<StoredStatusEvent[]>;
}

export function createSqlStatusFeedRepository(db: Queryable): StatusFeedRepository {
  return {
    async after(kioskId, after, limit) {
      const { rows } = await db.query<{
        seq: string;
        tracking_code: string;
        status: string;
        at: Date | string;
      }>(
        // ORDER BY the column, table-qualified: a bare `seq` names the text alias, and "10" < "9".
        `SELECT seq::text AS seq, tracking_code, status, at FROM status_events
         WHERE kiosk_id = $1 AND seq > $2::bigint ORDER BY status_events.seq LIMIT $3`,
        [kioskId, after, limit],
      );
      return rows.map((r) => ({
        seq: r.seq,
        trackingCode: r.tracking_code,
        status: r.status,
        at: new Date(r.at).toISOString(),
      }));
    },
  };
}
