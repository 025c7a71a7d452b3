// Admin accounts, their sessions and the failed sign-ins counted for the lockout, as rows.
// Changes that could take away an account-admin run under one advisory lock and re-count the
// enabled account-admins before they commit: two admins demoting each other at the same moment
// must not leave nobody who can manage accounts.
import type { AdminRole } from '../../contract/admin-api.ts';
import type { Db, Queryable } from '../db/db.ts';
import { ADVISORY_LOCKS } from '../db/advisory-locks.ts';

export interface StoredAdmin {
  adminId: string;
  username: string;
  displayName: string;
  roles: AdminRole[];
  passwordHash: string;
  disabled: boolean;
  createdAt: string;
  passwordChangedAt: string;
  /** Null until the first sign-in recorded (migration 0034). */
  lastSignInAt: string | null;
}

export type AdminChange = Partial<
  Pick<StoredAdmin, 'displayName' | 'roles' | 'passwordHash' | 'disabled'>
> & { passwordChangedAt?: string };

/** The role that must always be held by at least one enabled account. */
const KEEPER_ROLE: AdminRole = 'account-admin';

export interface StoredSession {
  tokenSha256: string;
  adminId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export interface AdminRepository {
  insertAdmin(row: StoredAdmin): Promise<boolean>;
  findByUsername(username: string): Promise<StoredAdmin | null>;
  findById(adminId: string): Promise<StoredAdmin | null>;
  list(): Promise<StoredAdmin[]>;
  update(adminId: string, change: AdminChange): Promise<StoredAdmin | null>;
  /**
   * `update`, refused (nothing changed) when it would leave no enabled account-admin while the
   * changed account was one: 'last-account-admin'. 'unknown' for no such account.
   */
  updateKeepingAccountAdmin(
    adminId: string,
    change: AdminChange,
  ): Promise<{ before: StoredAdmin; after: StoredAdmin } | 'unknown' | 'last-account-admin'>;
  recordSignIn(adminId: string, at: Date): Promise<void>;
  insertSession(row: StoredSession): Promise<void>;
  /** The session and its admin, or null. */
  findSession(tokenSha256: string): Promise<StoredSession | null>;
  touchSession(tokenSha256: string, at: Date): Promise<void>;
  deleteSession(tokenSha256: string): Promise<void>;
  /** All sessions of an admin but `keep` (after a password change). */
  deleteSessionsOf(adminId: string, keep?: string): Promise<void>;
  deleteExpiredSessions(before: Date, idleBefore: Date): Promise<void>;
  recordFailure(username: string, at: Date): Promise<void>;
  /** The times of failed sign-ins since `since`, oldest first. */
  failuresSince(username: string, since: Date): Promise<Date[]>;
  clearFailures(username: string): Promise<void>;
  purgeFailures(before: Date): Promise<void>;
}

interface AdminRow {
  admin_id: string;
  username: string;
  display_name: string;
  roles: AdminRole[];
  password_hash: string;
  disabled: boolean;
  created_at: Date | string;
  password_changed_at: Date | string;
  last_sign_in_at: Date | string | null;
  [column: string]: unknown;
}

interface SessionRow {
  token_sha256: string;
  admin_id: string;
  created_at: Date | string;
  last_seen_at: Date | string;
  expires_at: Date | string;
  [column: string]: unknown;
}

const iso = (value: Date | string) => new Date(value).toISOString();

const adminFromRow = (r: AdminRow): StoredAdmin => ({
  adminId: r.admin_id,
  username: r.username,
  displayName: r.display_name,
  roles: r.roles,
  passwordHash: r.password_hash,
  disabled: r.disabled,
  createdAt: iso(r.created_at),
  passwordChangedAt: iso(r.password_changed_at),
  lastSignInAt: r.last_sign_in_at === null ? null : iso(r.last_sign_in_at),
});

const keepsAccounts = (a: StoredAdmin) => !a.disabled && a.roles.includes(KEEPER_ROLE);

/** Serialises changes that may take away an account-admin. */
const ACCOUNT_ADMIN_LOCK = ADVISORY_LOCKS.accountAdmin;

/** Thrown inside the transaction to roll it back; never leaves this module. */
class WouldLeaveNoAccountAdmin extends Error {}

const sessionFromRow = (r: SessionRow): StoredSession => ({
  tokenSha256: r.token_sha256,
  adminId: r.admin_id,
  createdAt: iso(r.created_at),
  lastSeenAt: iso(r.last_seen_at),
  expiresAt: iso(r.expires_at),
});

async function updateOn(
  db: Queryable,
  adminId: string,
  change: AdminChange,
): Promise<StoredAdmin | null> {
  const sets: string[] = [];
  const params: unknown[] = [adminId];
  const set = (column: string, value: unknown, cast = '') => {
    params.push(value);
    sets.push(`${column} = $${params.length}${cast}`);
  };
  if (change.displayName !== undefined) set('display_name', change.displayName);
  if (change.roles !== undefined) set('roles', JSON.stringify(change.roles), '::jsonb');
  if (change.passwordHash !== undefined) set('password_hash', change.passwordHash);
  if (change.passwordChangedAt !== undefined) set('password_changed_at', change.passwordChangedAt);
  if (change.disabled !== undefined) set('disabled', change.disabled);
  const { rows } =
    sets.length === 0
      ? await db.query<AdminRow>('SELECT * FROM admins WHERE admin_id = $1', params)
      : await db.query<AdminRow>(
          `UPDATE admins SET ${sets.join(', ')} WHERE admin_id = $1 RETURNING *`,
          params,
        );
  return rows[0] ? adminFromRow(rows[0]) : null;
}

export function createSqlAdminRepository(db: Db): AdminRepository {
  const findAdmin = async (column: 'username' | 'admin_id', value: string) => {
    const { rows } = await db.query<AdminRow>(`SELECT * FROM admins WHERE ${column} = $1`, [value]);
    return rows[0] ? adminFromRow(rows[0]) : null;
  };
  return {
    async insertAdmin(a) {
      const { rows } = await db.query(
        `INSERT INTO admins (admin_id, username, display_name, roles, password_hash, disabled,
           created_at, password_changed_at)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)
         ON CONFLICT DO NOTHING RETURNING admin_id`,
        [
          a.adminId,
          a.username,
          a.displayName,
          JSON.stringify(a.roles),
          a.passwordHash,
          a.disabled,
          a.createdAt,
          a.passwordChangedAt,
        ],
      );
      return rows.length === 1;
    },
    findByUsername: (username) => findAdmin('username', username),
    findById: (adminId) => findAdmin('admin_id', adminId),
    async list() {
      const { rows } = await db.query<AdminRow>('SELECT * FROM admins ORDER BY username');
      return rows.map(adminFromRow);
    },
    update: (adminId, change) => updateOn(db, adminId, change),
    async updateKeepingAccountAdmin(adminId, change) {
      try {
        return await db.transaction(async (tx) => {
          await tx.query(`SELECT pg_advisory_xact_lock(${ACCOUNT_ADMIN_LOCK})`);
          const { rows } = await tx.query<AdminRow>(
            'SELECT * FROM admins WHERE admin_id = $1 FOR UPDATE',
            [adminId],
          );
          if (!rows[0]) return 'unknown' as const;
          const before = adminFromRow(rows[0]);
          const after = (await updateOn(tx, adminId, change))!;
          if (keepsAccounts(before) && !keepsAccounts(after)) {
            const { rows: left } = await tx.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM admins WHERE NOT disabled AND roles @> $1::jsonb`,
              [JSON.stringify([KEEPER_ROLE])],
            );
            if ((left[0]?.n ?? 0) === 0) throw new WouldLeaveNoAccountAdmin();
          }
          return { before, after };
        });
      } catch (err) {
        if (err instanceof WouldLeaveNoAccountAdmin) return 'last-account-admin';
        throw err;
      }
    },
    async recordSignIn(adminId, at) {
      await db.query('UPDATE admins SET last_sign_in_at = $2 WHERE admin_id = $1', [
        adminId,
        at.toISOString(),
      ]);
    },
    async insertSession(s) {
      await db.query(
        `INSERT INTO admin_sessions (token_sha256, admin_id, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [s.tokenSha256, s.adminId, s.createdAt, s.lastSeenAt, s.expiresAt],
      );
    },
    async findSession(tokenSha256) {
      const { rows } = await db.query<SessionRow>(
        'SELECT * FROM admin_sessions WHERE token_sha256 = $1',
        [tokenSha256],
      );
      return rows[0] ? sessionFromRow(rows[0]) : null;
    },
    async touchSession(tokenSha256, at) {
      await db.query('UPDATE admin_sessions SET last_seen_at = $2 WHERE token_sha256 = $1', [
        tokenSha256,
        at.toISOString(),
      ]);
    },
    async deleteSession(tokenSha256) {
      await db.query('DELETE FROM admin_sessions WHERE token_sha256 = $1', [tokenSha256]);
    },
    async deleteSessionsOf(adminId, keep) {
      await db.query('DELETE FROM admin_sessions WHERE admin_id = $1 AND token_sha256 <> $2', [
        adminId,
        keep ?? '',
      ]);
    },
    async deleteExpiredSessions(before, idleBefore) {
      await db.query('DELETE FROM admin_sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [
        before.toISOString(),
        idleBefore.toISOString(),
      ]);
    },
    async recordFailure(username, at) {
      await db.query('INSERT INTO admin_sign_in_failures (username, at) VALUES ($1, $2)', [
        username,
        at.toISOString(),
      ]);
    },
    async failuresSince(username, since) {
      const { rows } = await db.query<{ at: Date | string }>(
        `SELECT at FROM admin_sign_in_failures WHERE username = $1 AND at > $2 ORDER BY at`,
        [username, since.toISOString()],
      );
      return rows.map((r) => new Date(r.at));
    },
    async clearFailures(username) {
      await db.query('DELETE FROM admin_sign_in_failures WHERE username = $1', [username]);
    },
    async purgeFailures(before) {
      await db.query('DELETE FROM admin_sign_in_failures WHERE at <= $1', [before.toISOString()]);
    },
  };
}
