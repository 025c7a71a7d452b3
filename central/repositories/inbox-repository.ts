// The console's view of submissions: filtered pages newest first (keyset paging on received_at and
// tracking code, so a page never shifts under new arrivals), the status history of one submission
// and the notes officers leave with a status change.
import type { Applicant } from '../../contract/central-api.ts';
import type { Queryable } from '../db/db.ts';
import type { SubmissionStatus } from './submission-repository.ts';

export interface InboxRow {
  trackingCode: string;
  kioskId: string;
  itemCode: string;
  catalogVersion: number;
  status: SubmissionStatus;
  submittedAt: string;
  receivedAt: string;
  statusChangedAt: string;
  applicant: Pick<Applicant, 'cardType' | 'name' | 'idNumber'>;
}

export interface InboxFilter {
  status?: SubmissionStatus;
  itemCode?: string;
  kioskId?: string;
  /** Bounds of submittedAt: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  /** Rows strictly older than this (receivedAt, trackingCode) position. */
  before?: { receivedAt: string; trackingCode: string };
}

export interface HistoryRow {
  status: SubmissionStatus;
  at: string;
  by: string | null;
  note: string | null;
}

export interface InboxRepository {
  list(filter: InboxFilter, limit: number): Promise<InboxRow[]>;
  /** Status changes after receipt, oldest first, with who made them in the console. */
  history(trackingCode: string): Promise<HistoryRow[]>;
  addNote(row: {
    trackingCode: string;
    status: SubmissionStatus;
    at: string;
    changedBy: string;
    note: string | null;
  }): Promise<void>;
}

const iso = (value: Date | string) => new Date(value).toISOString();

interface ListRow {
  tracking_code: string;
  kiosk_id: string;
  item_code: string;
  catalog_version: number;
  status: string;
  submitted_at: Date | string;
  received_at: Date | string;
  status_changed_at: Date | string;
  card_type: string;
  name: string;
  id_number: string;
  [column: string]: unknown;
}

export function createSqlInboxRepository(db: Queryable): InboxRepository {
  return {
    async list(filter, limit) {
      const parts: string[] = [];
      const params: unknown[] = [];
      const add = (sql: (n: string) => string, value: unknown) => {
        params.push(value);
        parts.push(sql(`$${params.length}`));
      };
      if (filter.status !== undefined) add((n) => `status = ${n}`, filter.status);
      if (filter.itemCode !== undefined) add((n) => `item_code = ${n}`, filter.itemCode);
      if (filter.kioskId !== undefined) add((n) => `kiosk_id = ${n}`, filter.kioskId);
      if (filter.from !== undefined) add((n) => `submitted_at >= ${n}`, filter.from);
      if (filter.to !== undefined) add((n) => `submitted_at < ${n}`, filter.to);
      if (filter.before !== undefined) {
        params.push(filter.before.receivedAt, filter.before.trackingCode);
        const [a, b] = [params.length - 1, params.length];
        parts.push(`(received_at, tracking_code) < ($${a}::timestamptz, $${b})`);
      }
      params.push(limit);
      const where = parts.length ? ` WHERE ${parts.join(' AND ')}` : '';
      // Only the applicant fields the inbox shows (masked by the service) leave the database.
      const { rows } = await db.query<ListRow>(
        `SELECT tracking_code, kiosk_id, item_code, catalog_version, status, submitted_at,
           received_at, status_changed_at, applicant->>'cardType' AS card_type,
           applicant->>'name' AS name, applicant->>'idNumber' AS id_number
         FROM submissions${where}
         ORDER BY received_at DESC, tracking_code DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map((r) => ({
        trackingCode: r.tracking_code,
        kioskId: r.kiosk_id,
        itemCode: r.item_code,
        catalogVersion: r.catalog_version,
        status: r.status as SubmissionStatus,
        submittedAt: iso(r.submitted_at),
        receivedAt: iso(r.received_at),
        statusChangedAt: iso(r.status_changed_at),
        applicant: {
          cardType: r.card_type as Applicant['cardType'],
          name: r.name,
          idNumber: r.id_number,
        },
      }));
    },

    async history(trackingCode) {
      const { rows } = await db.query<{
        status: string;
        at: Date | string;
        changed_by: string | null;
        note: string | null;
      }>(
        `SELECT e.status, e.at, n.changed_by, n.note
         FROM status_events e
         LEFT JOIN submission_status_notes n
           ON n.tracking_code = e.tracking_code AND n.status = e.status
         WHERE e.tracking_code = $1
         ORDER BY e.seq`,
        [trackingCode],
      );
      return rows.map((r) => ({
        status: r.status as SubmissionStatus,
        at: iso(r.at),
        by: r.changed_by,
        note: r.note,
      }));
    },

    async addNote(row) {
      await db.query(
        `INSERT INTO submission_status_notes (tracking_code, status, at, changed_by, note)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tracking_code, status) DO NOTHING`,
        [row.trackingCode, row.status, row.at, row.changedBy, row.note],
      );
    },
  };
}
