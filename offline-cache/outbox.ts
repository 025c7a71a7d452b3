// The outbox: every submission and rating is committed here, under its client-generated
// idempotency key, before the citizen is told anything. The sync engine drains it in order.
// Payloads (personal data) live only inside the encrypted database; the audit trail beside them
// records keys, states and error codes, never personal data.
import type { KioskDatabase } from './kiosk-database.ts';

export type OutboxKind = 'submission' | 'rating';
export type OutboxState = 'pending' | 'acknowledged' | 'parked';

export interface OutboxItem {
  idempotencyKey: string;
  kind: OutboxKind;
  trackingCode: string;
  /** The request as enqueued; null once purged after acknowledgement plus retention. */
  payload: unknown;
  state: OutboxState;
  attempts: number;
  createdAt: string;
  /** Epoch ms: not tried again before this (the sync engine's backoff). */
  nextAttemptAt: number;
  lastError: string | null;
  ack: unknown;
  acknowledgedAt: string | null;
}

/** An item without its payload: what a technician listing may show. */
export type OutboxSummary = Omit<OutboxItem, 'payload' | 'ack'>;

export interface AuditEntry {
  idempotencyKey: string;
  state: string;
  at: string;
  detail: string | null;
}

interface Row {
  idempotency_key: string;
  kind: OutboxKind;
  tracking_code: string;
  payload: string | null;
  state: OutboxState;
  attempts: number;
  created_at: number;
  next_attempt_at: number;
  last_error: string | null;
  ack: string | null;
  acknowledged_at: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

function summary(row: Row): OutboxSummary {
  return {
    idempotencyKey: row.idempotency_key,
    kind: row.kind,
    trackingCode: row.tracking_code,
    state: row.state,
    attempts: row.attempts,
    createdAt: iso(row.created_at),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    acknowledgedAt: row.acknowledged_at === null ? null : iso(row.acknowledged_at),
  };
}

function item(row: Row): OutboxItem {
  return {
    ...summary(row),
    payload: row.payload === null ? null : JSON.parse(row.payload),
    ack: row.ack === null ? null : JSON.parse(row.ack),
  };
}

const SUMMARY_COLUMNS = `idempotency_key, kind, tracking_code, NULL AS payload, state, attempts,
  created_at, next_attempt_at, last_error, NULL AS ack, acknowledged_at`;

function prepareStatements(db: KioskDatabase) {
  return {
    insert: db.prepare(
      `INSERT INTO outbox (idempotency_key, kind, tracking_code, payload, state, created_at, next_attempt_at)
       VALUES (?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
    ),
    audit: db.prepare(
      'INSERT INTO outbox_audit (idempotency_key, state, at, detail) VALUES (?, ?, ?, ?)',
    ),
    get: db.prepare('SELECT * FROM outbox WHERE idempotency_key = ?'),
    // Keys already being delivered are excluded by the caller (a JSON array of keys).
    due: db.prepare(
      `SELECT * FROM outbox
       WHERE state = 'pending' AND next_attempt_at <= ?
         AND idempotency_key NOT IN (SELECT value FROM json_each(?))
       ORDER BY id LIMIT ?`,
    ),
    nextAttemptAt: db
      .prepare(
        `SELECT min(next_attempt_at) FROM outbox
         WHERE state = 'pending' AND idempotency_key NOT IN (SELECT value FROM json_each(?))`,
      )
      .pluck(),
    acknowledge: db.prepare(
      `UPDATE outbox SET state = 'acknowledged', ack = ?, acknowledged_at = ?, last_error = NULL,
         attempts = attempts + 1
       WHERE idempotency_key = ? AND state <> 'acknowledged'`,
    ),
    retry: db.prepare(
      `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
       WHERE idempotency_key = ? AND state = 'pending'`,
    ),
    park: db.prepare(
      `UPDATE outbox SET state = 'parked', attempts = attempts + 1, last_error = ?, parked_at = ?
       WHERE idempotency_key = ? AND state = 'pending'`,
    ),
    requeue: db.prepare(
      `UPDATE outbox SET state = 'pending', next_attempt_at = ?, parked_at = NULL
       WHERE idempotency_key = ? AND state = 'parked'`,
    ),
    pending: db.prepare(`SELECT count(*) FROM outbox WHERE state = 'pending'`).pluck(),
    counts: db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state'),
    oldestPending: db.prepare(`SELECT min(created_at) FROM outbox WHERE state = 'pending'`).pluck(),
    list: db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM outbox WHERE (? IS NULL OR state = ?) ORDER BY id LIMIT ?`,
    ),
    auditOf: db.prepare('SELECT * FROM outbox_audit WHERE idempotency_key = ? ORDER BY id'),
    purgeable: db
      .prepare(
        `SELECT idempotency_key FROM outbox
         WHERE state = 'acknowledged' AND purged_at IS NULL AND acknowledged_at <= ?`,
      )
      .pluck(),
    purge: db.prepare(`UPDATE outbox SET payload = NULL, purged_at = ? WHERE idempotency_key = ?`),
  };
}

export class Outbox {
  private readonly now: () => number;
  private readonly stmt: ReturnType<typeof prepareStatements>;

  constructor(
    private readonly db: KioskDatabase,
    opts: { now?: () => number } = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.stmt = prepareStatements(db);
  }

  private record(key: string, state: string, at: number, detail: string | null): void {
    this.stmt.audit.run(key, state, at, detail);
  }

  /**
   * Commits the item durably (synchronous=FULL) before returning. A key seen before is left
   * as it was: a retried submit never makes a second row. Returns whether a row was added.
   */
  enqueue(
    kind: OutboxKind,
    idempotencyKey: string,
    trackingCode: string,
    payload: unknown,
  ): boolean {
    const json = JSON.stringify(payload);
    if (json === undefined) throw new TypeError('the outbox payload must be JSON-serialisable');
    return this.db
      .transaction(() => {
        const at = this.now();
        const { changes } = this.stmt.insert.run(idempotencyKey, kind, trackingCode, json, at, at);
        if (changes === 1) this.record(idempotencyKey, 'pending', at, `enqueued ${kind}`);
        return changes === 1;
      })
      .immediate();
  }

  get(idempotencyKey: string): OutboxItem | null {
    const row = this.stmt.get.get(idempotencyKey) as Row | undefined;
    return row ? item(row) : null;
  }

  /** Items to deliver, oldest first, whose backoff has expired by `dueBy` (epoch ms). */
  due(opts: { dueBy?: number; limit?: number; exclude?: Iterable<string> } = {}): OutboxItem[] {
    const rows = this.stmt.due.all(
      opts.dueBy ?? this.now(),
      JSON.stringify([...(opts.exclude ?? [])]),
      opts.limit ?? 50,
    ) as Row[];
    return rows.map(item);
  }

  /** The earliest time a pending item (not among `exclude`) may be tried, or null if none. */
  nextAttemptAt(exclude: Iterable<string> = []): number | null {
    return (this.stmt.nextAttemptAt.get(JSON.stringify([...exclude])) as number | null) ?? null;
  }

  /** The centre acknowledged: never sent again. `ack` is the centre's answer (no personal data). */
  markAcknowledged(idempotencyKey: string, ack: unknown): void {
    this.db
      .transaction(() => {
        const at = this.now();
        const { changes } = this.stmt.acknowledge.run(
          JSON.stringify(ack ?? null),
          at,
          idempotencyKey,
        );
        if (changes === 1) this.record(idempotencyKey, 'acknowledged', at, ackDetail(ack));
      })
      .immediate();
  }

  /** A retryable failure: stays pending, not tried before `nextAttemptAt` (epoch ms). */
  markRetry(idempotencyKey: string, error: string, nextAttemptAt: number): void {
    this.db
      .transaction(() => {
        const { changes } = this.stmt.retry.run(error, nextAttemptAt, idempotencyKey);
        if (changes === 1) this.record(idempotencyKey, 'retry', this.now(), error);
      })
      .immediate();
  }

  /** A permanent failure: kept for a technician, out of the way of the rest of the queue. */
  park(idempotencyKey: string, reason: string): void {
    this.db
      .transaction(() => {
        const at = this.now();
        const { changes } = this.stmt.park.run(reason, at, idempotencyKey);
        if (changes === 1) this.record(idempotencyKey, 'parked', at, reason);
      })
      .immediate();
  }

  /** A technician sends a parked item again (after fixing its cause). */
  requeue(idempotencyKey: string): boolean {
    return this.db
      .transaction(() => {
        const at = this.now();
        const { changes } = this.stmt.requeue.run(at, idempotencyKey);
        if (changes === 1) this.record(idempotencyKey, 'pending', at, 'requeued by technician');
        return changes === 1;
      })
      .immediate();
  }

  /** Not yet acknowledged and not parked. */
  pending(): number {
    return this.stmt.pending.get() as number;
  }

  counts(): Record<OutboxState, number> {
    const counts: Record<OutboxState, number> = { pending: 0, acknowledged: 0, parked: 0 };
    for (const { state, n } of this.stmt.counts.all() as { state: OutboxState; n: number }[]) {
      counts[state] = n;
    }
    return counts;
  }

  /** How long the oldest pending item has waited, in ms; null when nothing is pending. */
  oldestPendingAgeMs(): number | null {
    const oldest = this.stmt.oldestPending.get() as number | null;
    return oldest === null ? null : Math.max(0, this.now() - oldest);
  }

  list(opts: { state?: OutboxState; limit?: number } = {}): OutboxSummary[] {
    const state = opts.state ?? null;
    return (this.stmt.list.all(state, state, opts.limit ?? 100) as Row[]).map(summary);
  }

  audit(idempotencyKey: string): AuditEntry[] {
    const rows = this.stmt.auditOf.all(idempotencyKey) as {
      idempotency_key: string;
      state: string;
      at: number;
      detail: string | null;
    }[];
    return rows.map((r) => ({
      idempotencyKey: r.idempotency_key,
      state: r.state,
      at: iso(r.at),
      detail: r.detail,
    }));
  }

  /**
   * Drops the personal data of items acknowledged at or before `acknowledgedBefore` (epoch ms);
   * the row stays as a record of what was sent. Returns how many were purged.
   */
  purgeAcknowledged(acknowledgedBefore: number): number {
    return this.db
      .transaction(() => {
        const at = this.now();
        const keys = this.stmt.purgeable.all(acknowledgedBefore) as string[];
        for (const key of keys) {
          this.stmt.purge.run(at, key);
          this.record(key, 'purged', at, 'payload removed after retention');
        }
        return keys.length;
      })
      .immediate();
  }
}

function ackDetail(ack: unknown): string | null {
  if (typeof ack !== 'object' || ack === null) return null;
  const { status, replayed } = ack as { status?: unknown; replayed?: unknown };
  const parts = [];
  if (typeof status === 'string') parts.push(`status=${status}`);
  if (typeof replayed === 'boolean') parts.push(`replayed=${replayed}`);
  return parts.join(' ') || null;
}
