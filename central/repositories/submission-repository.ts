// Submissions as stored rows. The insert is the exactly-once point: `ON CONFLICT
// (idempotency_key) DO NOTHING` makes a repeated key a no-op that the service turns into a replay.
import type { Applicant, SubmissionAck, SubmissionRequest } from '../../contract/central-api.ts';
import type { Queryable } from '../db/db.ts';
import { whereClause } from './sql-filter.ts';

export type SubmissionStatus = SubmissionAck['status'];

export interface StoredSubmission {
  idempotencyKey: string;
  trackingCode: string;
  kioskId: string;
  itemCode: string;
  catalogVersion: number;
  submittedAt: string;
  identityMethod: SubmissionRequest['identityMethod'];
  applicant: Applicant;
  form: Record<string, string>;
  status: SubmissionStatus;
  receivedAt: string;
  statusChangedAt: string;
  /** The answer sent on first receipt, replayed for a repeated key. */
  ack: SubmissionAck;
}

export interface SubmissionFilter {
  trackingCode?: string;
  kioskId?: string;
  status?: SubmissionStatus;
}

export interface SubmissionRepository {
  /** The stored row, or null when the key was already present (nothing is written then). */
  insertIfAbsent(row: StoredSubmission): Promise<StoredSubmission | null>;
  findByIdempotencyKey(key: string): Promise<StoredSubmission | null>;
  findByTrackingCode(trackingCode: string): Promise<StoredSubmission | null>;
  count(filter: SubmissionFilter): Promise<number>;
  /** Compare-and-set: changes the status only if it still is `from`; null otherwise. */
  updateStatus(
    trackingCode: string,
    from: SubmissionStatus,
    to: SubmissionStatus,
    at: Date,
  ): Promise<StoredSubmission | null>;
}

interface SubmissionRow {
  idempotency_key: string;
  tracking_code: string;
  kiosk_id: string;
  item_code: string;
  catalog_version: number;
  submitted_at: Date | string;
  identity_method: string;
  applicant: Applicant;
  form: Record<string, string>;
  status: string;
  received_at: Date | string;
  status_changed_at: Date | string;
  ack: SubmissionAck;
  [column: string]: unknown;
}

const iso = (value: Date | string) => new Date(value).toISOString();

function fromRow(row: SubmissionRow): StoredSubmission {
  return {
    idempotencyKey: row.idempotency_key,
    trackingCode: row.tracking_code,
    kioskId: row.kiosk_id,
    itemCode: row.item_code,
    catalogVersion: row.catalog_version,
    submittedAt: iso(row.submitted_at),
    identityMethod: row.identity_method as StoredSubmission['identityMethod'],
    applicant: row.applicant,
    form: row.form,
    status: row.status as SubmissionStatus,
    receivedAt: iso(row.received_at),
    statusChangedAt: iso(row.status_changed_at),
    ack: row.ack,
  };
}

export function createSqlSubmissionRepository(db: Queryable): SubmissionRepository {
  const findOne = async (column: string, value: string) => {
    const { rows } = await db.query<SubmissionRow>(
      `SELECT * FROM submissions WHERE ${column} = $1`,
      [value],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  };
  return {
    async insertIfAbsent(s) {
      const { rows } = await db.query<SubmissionRow>(
        `INSERT INTO submissions (idempotency_key, tracking_code, kiosk_id, item_code,
           catalog_version, submitted_at, identity_method, applicant, form, status, received_at,
           status_changed_at, ack)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12, $13::jsonb)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING *`,
        [
          s.idempotencyKey,
          s.trackingCode,
          s.kioskId,
          s.itemCode,
          s.catalogVersion,
          s.submittedAt,
          s.identityMethod,
          JSON.stringify(s.applicant),
          JSON.stringify(s.form),
          s.status,
          s.receivedAt,
          s.statusChangedAt,
          JSON.stringify(s.ack),
        ],
      );
      return rows[0] ? fromRow(rows[0]) : null;
    },
    findByIdempotencyKey: (key) => findOne('idempotency_key', key),
    findByTrackingCode: (code) => findOne('tracking_code', code),
    async count(filter) {
      const where = whereClause(filter, {
        trackingCode: 'tracking_code',
        kioskId: 'kiosk_id',
        status: 'status',
      });
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM submissions${where.sql}`,
        where.params,
      );
      return rows[0]?.n ?? 0;
    },
    async updateStatus(trackingCode, from, to, at) {
      const { rows } = await db.query<SubmissionRow>(
        `UPDATE submissions SET status = $3, status_changed_at = $4
         WHERE tracking_code = $1 AND status = $2
         RETURNING *`,
        [trackingCode, from, to, at.toISOString()],
      );
      return rows[0] ? fromRow(rows[0]) : null;
    },
  };
}
