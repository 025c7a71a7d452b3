// The admin audit log as rows. Appends are serialised by an advisory lock so each row's hash
// covers the hash of the row before it, whatever number of central processes write.
import type { Db } from '../db/db.ts';
import { ADVISORY_LOCKS } from '../db/advisory-locks.ts';

export interface AuditFields {
  at: string;
  actor: string;
  action: string;
  target: Record<string, string>;
  status: number;
  detail: string | null;
  ip: string | null;
}

export interface StoredAuditEntry extends AuditFields {
  /** bigint as decimal text. */
  seq: string;
  hash: string;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  outcome?: 'ok' | 'refused';
  from?: string;
  to?: string;
  /** Entries with seq below this one. */
  before?: string;
}

export interface AuditRepository {
  /** Appends one entry; `hashOf` gets the previous entry's hash (null for the first). */
  append(
    fields: AuditFields,
    hashOf: (previous: string | null) => string,
  ): Promise<StoredAuditEntry>;
  /** Newest first. */
  list(filter: AuditFilter, limit: number): Promise<StoredAuditEntry[]>;
  /** Oldest first, seq above `after`. */
  inOrder(after: string, limit: number): Promise<StoredAuditEntry[]>;
}

const AUDIT_LOCK = ADVISORY_LOCKS.audit;

interface AuditRow {
  seq: string;
  at: Date | string;
  actor: string;
  action: string;
  target: Record<string, string>;
  status: number;
  detail: string | null;
  ip: string | null;
  hash: string;
  [column: string]: unknown;
}

const fromRow = (r: AuditRow): StoredAuditEntry => ({
  seq: r.seq,
  at: new Date(r.at).toISOString(),
  actor: r.actor,
  action: r.action,
  target: r.target,
  status: Number(r.status),
  detail: r.detail,
  ip: r.ip,
  hash: r.hash,
});

const COLUMNS = 'seq::text AS seq, at, actor, action, target, status, detail, ip, hash';

export function createSqlAuditRepository(db: Db): AuditRepository {
  return {
    append(fields, hashOf) {
      return db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
        const { rows: last } = await tx.query<{ hash: string }>(
          'SELECT hash FROM admin_audit ORDER BY seq DESC LIMIT 1',
        );
        const hash = hashOf(last[0]?.hash ?? null);
        const { rows } = await tx.query<AuditRow>(
          `INSERT INTO admin_audit (at, actor, action, target, status, detail, ip, hash)
           VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
          [
            fields.at,
            fields.actor,
            fields.action,
            JSON.stringify(fields.target),
            fields.status,
            fields.detail,
            fields.ip,
            hash,
          ],
        );
        return fromRow(rows[0]!);
      });
    },

    async list(filter, limit) {
      const parts: string[] = [];
      const params: unknown[] = [];
      const add = (sql: (n: string) => string, value: unknown) => {
        params.push(value);
        parts.push(sql(`$${params.length}`));
      };
      if (filter.actor !== undefined) add((n) => `actor = ${n}`, filter.actor);
      if (filter.action !== undefined) add((n) => `strpos(action, ${n}) > 0`, filter.action);
      if (filter.outcome === 'ok') parts.push('status < 400');
      if (filter.outcome === 'refused') parts.push('status >= 400');
      if (filter.from !== undefined) add((n) => `at >= ${n}`, filter.from);
      if (filter.to !== undefined) add((n) => `at < ${n}`, filter.to);
      if (filter.before !== undefined) add((n) => `seq < ${n}::bigint`, filter.before);
      params.push(limit);
      const where = parts.length ? ` WHERE ${parts.join(' AND ')}` : '';
      const { rows } = await db.query<AuditRow>(
        `SELECT ${COLUMNS} FROM admin_audit${where} ORDER BY admin_audit.seq DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(fromRow);
    },

    async inOrder(after, limit) {
      const { rows } = await db.query<AuditRow>(
        `SELECT ${COLUMNS} FROM admin_audit WHERE seq > $1::bigint ORDER BY admin_audit.seq LIMIT $2`,
        [after, limit],
      );
      return rows.map(fromRow);
    },
  };
}
