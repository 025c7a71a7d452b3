// Chunked attachment uploads as rows: the bytes so far in one bytea, appended by offset with a
// compare-and-set on `received`, so the database, not the process, decides which chunk counts.
import type { Queryable } from '../db/db.ts';

export interface UploadRow {
  kioskId: string;
  submissionKey: string;
  attachmentId: string;
  kind: string;
  mediaType: string;
  size: number;
  sha256: string;
  received: number;
  complete: boolean;
}

export type UploadId = Pick<UploadRow, 'kioskId' | 'submissionKey' | 'attachmentId'>;

export interface AttachmentRepository {
  /** Inserts the declaration unless one exists; returns the stored row either way. */
  declare(row: Omit<UploadRow, 'received' | 'complete'>, at: Date): Promise<UploadRow>;
  find(id: UploadId): Promise<UploadRow | null>;
  /** Appends if the upload holds exactly `offset` bytes; null when it does not (or is sealed). */
  append(id: UploadId, offset: number, bytes: Uint8Array): Promise<UploadRow | null>;
  /** SHA-256 (hex) of the bytes held. */
  hashOf(id: UploadId): Promise<string | null>;
  seal(id: UploadId, at: Date): Promise<UploadRow | null>;
  /** Drops the bytes of an upload that failed verification, so it starts again. */
  reset(id: UploadId): Promise<void>;
  /** The bytes of a sealed upload (for the caseworker's side). */
  read(id: UploadId): Promise<Buffer | null>;
  listForSubmission(kioskId: string, submissionKey: string): Promise<UploadRow[]>;
}

interface Row {
  kiosk_id: string;
  submission_key: string;
  attachment_id: string;
  kind: string;
  media_type: string;
  size: number;
  sha256: string;
  received: number;
  completed_at: Date | string | null;
  [column: string]: unknown;
}

const COLUMNS = `kiosk_id, submission_key, attachment_id, kind, media_type, size, sha256, received,
  completed_at`;
const WHERE_ID = 'kiosk_id = $1 AND submission_key = $2 AND attachment_id = $3';

const fromRow = (r: Row): UploadRow => ({
  kioskId: r.kiosk_id,
  submissionKey: r.submission_key,
  attachmentId: r.attachment_id,
  kind: r.kind,
  mediaType: r.media_type,
  size: Number(r.size),
  sha256: r.sha256,
  received: Number(r.received),
  complete: r.completed_at !== null,
});

const idParams = (id: UploadId) => [id.kioskId, id.submissionKey, id.attachmentId];

export function createSqlAttachmentRepository(db: Queryable): AttachmentRepository {
  const one = async (sql: string, params: unknown[]) => {
    const { rows } = await db.query<Row>(sql, params);
    return rows[0] ? fromRow(rows[0]) : null;
  };
  const find = (id: UploadId) =>
    one(`SELECT ${COLUMNS} FROM attachment_uploads WHERE ${WHERE_ID}`, idParams(id));
  return {
    async declare(r, at) {
      const inserted = await one(
        `INSERT INTO attachment_uploads (kiosk_id, submission_key, attachment_id, kind, media_type,
           size, sha256, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (kiosk_id, submission_key, attachment_id) DO NOTHING
         RETURNING ${COLUMNS}`,
        [...idParams(r), r.kind, r.mediaType, r.size, r.sha256, at.toISOString()],
      );
      return inserted ?? (await find(r))!;
    },
    find,
    append: (id, offset, bytes) =>
      one(
        `UPDATE attachment_uploads SET data = data || $5, received = received + $6
         WHERE ${WHERE_ID} AND received = $4 AND completed_at IS NULL
           AND received + $6 <= size
         RETURNING ${COLUMNS}`,
        [
          ...idParams(id),
          offset,
          Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          bytes.byteLength,
        ],
      ),
    async hashOf(id) {
      const { rows } = await db.query<{ h: string }>(
        `SELECT encode(sha256(data), 'hex') AS h FROM attachment_uploads WHERE ${WHERE_ID}`,
        idParams(id),
      );
      return rows[0]?.h ?? null;
    },
    seal: (id, at) =>
      one(
        `UPDATE attachment_uploads SET completed_at = coalesce(completed_at, $4)
         WHERE ${WHERE_ID} AND received = size
         RETURNING ${COLUMNS}`,
        [...idParams(id), at.toISOString()],
      ),
    async reset(id) {
      await db.query(
        `UPDATE attachment_uploads SET data = ''::bytea, received = 0
         WHERE ${WHERE_ID} AND completed_at IS NULL`,
        idParams(id),
      );
    },
    async read(id) {
      const { rows } = await db.query<{ data: Uint8Array }>(
        `SELECT data FROM attachment_uploads WHERE ${WHERE_ID} AND completed_at IS NOT NULL`,
        idParams(id),
      );
      return rows[0] ? Buffer.from(rows[0].data) : null;
    },
    async listForSubmission(kioskId, submissionKey) {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM attachment_uploads WHERE kiosk_id = $1 AND submission_key = $2
         ORDER BY attachment_id`,
        [kioskId, submissionKey],
      );
      return rows.map(fromRow);
    },
  };
}
