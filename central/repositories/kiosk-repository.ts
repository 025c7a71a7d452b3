// Kiosk identities, enrolment tokens and the nonces of signed requests, as rows. The service runs
// an enrolment inside `transaction`, so a refused one leaves its token unspent.
import type { Db, Queryable } from '../db/db.ts';

export interface StoredKiosk {
  kioskId: string;
  district: string;
  publicKey: string;
  enrolledAt: string;
  enrolmentTokenSha256: string;
  revokedAt: string | null;
}

export interface StoredEnrolmentToken {
  tokenSha256: string;
  kioskId: string | null;
  district: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  usedBy: string | null;
}

export interface KioskRepository {
  insertToken(row: StoredEnrolmentToken): Promise<void>;
  /** Locks the token's row until the transaction ends (`FOR UPDATE`). */
  findTokenForUpdate(tokenSha256: string): Promise<StoredEnrolmentToken | null>;
  markTokenUsed(tokenSha256: string, kioskId: string, at: Date): Promise<void>;
  findKiosk(kioskId: string): Promise<StoredKiosk | null>;
  /** Inserts the kiosk or replaces its key, district and enrolment, lifting a revocation. */
  upsertKiosk(row: StoredKiosk): Promise<StoredKiosk>;
  /** Sets revoked_at if not yet set; the kiosk as stored, or null if unknown. */
  revoke(kioskId: string, at: Date): Promise<StoredKiosk | null>;
  listKiosks(): Promise<StoredKiosk[]>;
  /** True when the nonce was new for this kiosk (and is now recorded), false on a replay. */
  recordNonce(kioskId: string, nonce: string, expiresAt: Date): Promise<boolean>;
  /**
   * The last word on a signed request whose signature checked out with `publicKey`, in one round
   * trip: the kiosk as stored now (enrolled, not revoked, same key) and its nonce recorded once.
   * The nonce is recorded only when the answer is 'admitted'.
   */
  admitRequest(
    kioskId: string,
    publicKey: string,
    nonce: string,
    expiresAt: Date,
  ): Promise<RequestAdmission>;
  purgeNonces(before: Date): Promise<number>;
  transaction<T>(fn: (repo: KioskRepository) => Promise<T>): Promise<T>;
}

/** What `admitRequest` found; anything but 'admitted' stored nothing. */
export type RequestAdmission = 'admitted' | 'replayed' | 'revoked' | 'unknown' | 'key-changed';

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

interface KioskRow {
  kiosk_id: string;
  district: string;
  public_key: string;
  enrolled_at: Date | string;
  enrolment_token_sha256: string;
  revoked_at: Date | string | null;
  [column: string]: unknown;
}

interface TokenRow {
  token_sha256: string;
  kiosk_id: string | null;
  district: string | null;
  created_by: string;
  created_at: Date | string;
  expires_at: Date | string;
  used_at: Date | string | null;
  used_by: string | null;
  [column: string]: unknown;
}

function kioskFromRow(row: KioskRow): StoredKiosk {
  return {
    kioskId: row.kiosk_id,
    district: row.district,
    publicKey: row.public_key,
    enrolledAt: iso(row.enrolled_at),
    enrolmentTokenSha256: row.enrolment_token_sha256,
    revokedAt: isoOrNull(row.revoked_at),
  };
}

function tokenFromRow(row: TokenRow): StoredEnrolmentToken {
  return {
    tokenSha256: row.token_sha256,
    kioskId: row.kiosk_id,
    district: row.district,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    usedAt: isoOrNull(row.used_at),
    usedBy: row.used_by,
  };
}

const KIOSK_COLUMNS =
  'kiosk_id, district, public_key, enrolled_at, enrolment_token_sha256, revoked_at';

function bind(q: Queryable, transaction: KioskRepository['transaction']): KioskRepository {
  return {
    async insertToken(row) {
      await q.query(
        `INSERT INTO enrolment_tokens
           (token_sha256, kiosk_id, district, created_by, created_at, expires_at, used_at, used_by)
         VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL)`,
        [row.tokenSha256, row.kioskId, row.district, row.createdBy, row.createdAt, row.expiresAt],
      );
    },

    async findTokenForUpdate(tokenSha256) {
      const { rows } = await q.query<TokenRow>(
        'SELECT * FROM enrolment_tokens WHERE token_sha256 = $1 FOR UPDATE',
        [tokenSha256],
      );
      return rows[0] ? tokenFromRow(rows[0]) : null;
    },

    async markTokenUsed(tokenSha256, kioskId, at) {
      await q.query(
        'UPDATE enrolment_tokens SET used_at = $2, used_by = $3 WHERE token_sha256 = $1',
        [tokenSha256, at.toISOString(), kioskId],
      );
    },

    async findKiosk(kioskId) {
      const { rows } = await q.query<KioskRow>(
        `SELECT ${KIOSK_COLUMNS} FROM kiosks WHERE kiosk_id = $1`,
        [kioskId],
      );
      return rows[0] ? kioskFromRow(rows[0]) : null;
    },

    async upsertKiosk(row) {
      const { rows } = await q.query<KioskRow>(
        `INSERT INTO kiosks (${KIOSK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, NULL)
         ON CONFLICT (kiosk_id) DO UPDATE SET
           district = EXCLUDED.district,
           public_key = EXCLUDED.public_key,
           enrolled_at = EXCLUDED.enrolled_at,
           enrolment_token_sha256 = EXCLUDED.enrolment_token_sha256,
           revoked_at = NULL
         RETURNING ${KIOSK_COLUMNS}`,
        [row.kioskId, row.district, row.publicKey, row.enrolledAt, row.enrolmentTokenSha256],
      );
      return kioskFromRow(rows[0]!);
    },

    async revoke(kioskId, at) {
      const { rows } = await q.query<KioskRow>(
        `UPDATE kiosks SET revoked_at = COALESCE(revoked_at, $2) WHERE kiosk_id = $1
         RETURNING ${KIOSK_COLUMNS}`,
        [kioskId, at.toISOString()],
      );
      return rows[0] ? kioskFromRow(rows[0]) : null;
    },

    async listKiosks() {
      const { rows } = await q.query<KioskRow>(
        `SELECT ${KIOSK_COLUMNS} FROM kiosks ORDER BY kiosk_id`,
      );
      return rows.map(kioskFromRow);
    },

    async recordNonce(kioskId, nonce, expiresAt) {
      const { rows } = await q.query(
        `INSERT INTO request_nonces (kiosk_id, nonce, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (kiosk_id, nonce) DO NOTHING RETURNING 1 AS fresh`,
        [kioskId, nonce, expiresAt.toISOString()],
      );
      return rows.length === 1;
    },

    async admitRequest(kioskId, publicKey, nonce, expiresAt) {
      // The kiosk row is read in the same statement as the nonce is inserted, so a revocation or
      // a new key committed by any process holds from the next request on, whatever a caller
      // cached about the kiosk.
      const { rows } = await q.query<{ public_key: string; revoked: boolean; fresh: number }>(
        `WITH k AS (SELECT public_key, revoked_at FROM kiosks WHERE kiosk_id = $1),
         fresh AS (
           INSERT INTO request_nonces (kiosk_id, nonce, expires_at)
           SELECT $1, $3, $4 FROM k WHERE k.revoked_at IS NULL AND k.public_key = $2
           ON CONFLICT (kiosk_id, nonce) DO NOTHING RETURNING 1
         )
         SELECT k.public_key, k.revoked_at IS NOT NULL AS revoked,
                (SELECT count(*)::int FROM fresh) AS fresh
         FROM k`,
        [kioskId, publicKey, nonce, expiresAt.toISOString()],
      );
      const row = rows[0];
      if (!row) return 'unknown';
      if (row.revoked) return 'revoked';
      if (row.public_key !== publicKey) return 'key-changed';
      return row.fresh === 1 ? 'admitted' : 'replayed';
    },

    async purgeNonces(before) {
      const { rows } = await q.query<{ n: number }>(
        `WITH gone AS (DELETE FROM request_nonces WHERE expires_at < $1 RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [before.toISOString()],
      );
      return rows[0]?.n ?? 0;
    },

    transaction,
  };
}

export function createSqlKioskRepository(db: Db): KioskRepository {
  const transaction: KioskRepository['transaction'] = (fn) =>
    db.transaction((tx) => fn(bind(tx, () => Promise.reject(new Error('nested transaction')))));
  return bind(db, transaction);
}
