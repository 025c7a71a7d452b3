// The outbox: every submission and rating is committed here, under its client-generated
// idempotency key, before the citizen is told anything. The sync engine drains it in order.
// Payloads and attachment bytes (personal data) live only inside the encrypted database; the
// audit trail beside them records keys, states and error codes, never personal data.
import type { AttachmentRef, StatusEvent } from '../contract/central-api.ts';
import {
  applicantTag,
  describeAttachments,
  sameAttachments,
  type AttachmentInput,
} from './attachments.ts';
import type { KioskDatabase } from './kiosk-database.ts';

export type OutboxKind = 'submission' | 'rating';
export type OutboxState = 'pending' | 'acknowledged' | 'parked';
export type CentralStatus = StatusEvent['status'];

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
  /** The centre's latest status of a submission (received, accepted, completed, returned). */
  centralStatus: CentralStatus | null;
  attachments: number;
}

/** An item without its payload: what a technician listing may show. */
export type OutboxSummary = Omit<OutboxItem, 'payload' | 'ack'>;

export interface AuditEntry {
  idempotencyKey: string;
  state: string;
  at: string;
  detail: string | null;
}

/** An attachment as the sync engine sees it: what to upload, and whether it is done. */
export interface OutboxAttachment extends AttachmentRef {
  uploaded: boolean;
}

/** What a citizen may be shown about one of their submissions: no personal data. */
export interface Progress {
  trackingCode: string;
  itemCode: string | null;
  submittedAt: string;
  /** Where the kiosk is with it: still waiting to send, sent, or held for a technician. */
  delivery: OutboxState;
  /** The centre's status; null until the centre acknowledged it. */
  centralStatus: CentralStatus | null;
  centralStatusAt: string | null;
}

export type RetryOutcome = 'requeued' | 'rescheduled' | 'already-acknowledged' | 'not-found';

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
  central_status: CentralStatus | null;
  attachments: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
export const FINAL_STATUSES: readonly CentralStatus[] = ['completed', 'returned'];

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
    centralStatus: row.central_status,
    attachments: row.attachments,
  };
}

function item(row: Row): OutboxItem {
  return {
    ...summary(row),
    payload: row.payload === null ? null : JSON.parse(row.payload),
    ack: row.ack === null ? null : JSON.parse(row.ack),
  };
}

const ATTACHMENT_COUNT = `(SELECT count(*) FROM outbox_attachment a
  WHERE a.idempotency_key = outbox.idempotency_key) AS attachments`;
const ITEM_COLUMNS = `outbox.*, ${ATTACHMENT_COUNT}`;
const SUMMARY_COLUMNS = `idempotency_key, kind, tracking_code, NULL AS payload, state, attempts,
  created_at, next_attempt_at, last_error, NULL AS ack, acknowledged_at, central_status,
  ${ATTACHMENT_COUNT}`;

function prepareStatements(db: KioskDatabase) {
  return {
    insert: db.prepare(
      `INSERT INTO outbox (idempotency_key, kind, tracking_code, payload, state, created_at,
         next_attempt_at, item_code, applicant_tag)
       VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
    ),
    insertAttachment: db.prepare(
      `INSERT INTO outbox_attachment (idempotency_key, attachment_id, position, kind, media_type,
         size, sha256, bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    audit: db.prepare(
      'INSERT INTO outbox_audit (idempotency_key, state, at, detail) VALUES (?, ?, ?, ?)',
    ),
    get: db.prepare(`SELECT ${ITEM_COLUMNS} FROM outbox WHERE idempotency_key = ?`),
    find: db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM outbox WHERE idempotency_key = ? OR tracking_code = ?
       ORDER BY id LIMIT 1`,
    ),
    // Keys already being delivered are excluded by the caller (a JSON array of keys).
    due: db.prepare(
      `SELECT ${ITEM_COLUMNS} FROM outbox
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
         attempts = attempts + 1,
         central_status = CASE WHEN central_status IS NULL THEN ? ELSE central_status END
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
    reschedule: db.prepare(
      `UPDATE outbox SET next_attempt_at = ? WHERE idempotency_key = ? AND state = 'pending'`,
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
    purgeAttachments: db.prepare(
      'UPDATE outbox_attachment SET bytes = NULL WHERE idempotency_key = ?',
    ),
    attachmentsOf: db.prepare(
      `SELECT attachment_id, kind, media_type, size, sha256, uploaded_at FROM outbox_attachment
       WHERE idempotency_key = ? ORDER BY position`,
    ),
    attachmentBytes: db
      .prepare(
        'SELECT bytes FROM outbox_attachment WHERE idempotency_key = ? AND attachment_id = ?',
      )
      .pluck(),
    resetUploads: db.prepare(
      'UPDATE outbox_attachment SET uploaded_at = NULL WHERE idempotency_key = ?',
    ),
    attachmentUploaded: db.prepare(
      `UPDATE outbox_attachment SET uploaded_at = ?
       WHERE idempotency_key = ? AND attachment_id = ? AND uploaded_at IS NULL`,
    ),
    state: db.prepare('SELECT value FROM sync_state WHERE name = ?').pluck(),
    setState: db.prepare(
      `INSERT INTO sync_state (name, value) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
    ),
    setCentralStatus: db.prepare(
      `UPDATE outbox SET central_status = ?, central_status_at = ?
       WHERE tracking_code = ? AND kind = 'submission'`,
    ),
    awaitingStatus: db
      .prepare(
        `SELECT count(*) FROM outbox WHERE kind = 'submission' AND state = 'acknowledged'
           AND (central_status IS NULL OR central_status NOT IN ('completed', 'returned'))
           AND acknowledged_at >= ?`,
      )
      .pluck(),
    progressBy: db.prepare(
      `SELECT tracking_code, item_code, created_at, state, central_status, central_status_at
       FROM outbox WHERE kind = 'submission' AND (tracking_code = ? OR applicant_tag = ?)
       ORDER BY id DESC LIMIT 20`,
    ),
    forgettable: db
      .prepare(
        `SELECT idempotency_key FROM outbox WHERE applicant_tag IS NOT NULL
           AND state = 'acknowledged' AND acknowledged_at <= ?`,
      )
      .pluck(),
    forget: db.prepare('UPDATE outbox SET applicant_tag = NULL WHERE idempotency_key = ?'),
  };
}

export class Outbox {
  private readonly now: () => number;
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private tagKey: Buffer | null = null;

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

  private applicantTagKey(): Buffer {
    this.tagKey ??= Buffer.from(this.stmt.state.get('applicant_tag_key') as string, 'hex');
    return this.tagKey;
  }

  /**
   * Commits the item durably (synchronous=FULL) before returning. A key seen before is left
   * as it was: a retried submit never makes a second row. Returns whether a row was added.
   * Attachments (submissions only) must be the ones the payload's `attachments` list names,
   * in the same order: describeAttachments() makes that list.
   */
  enqueue(
    kind: OutboxKind,
    idempotencyKey: string,
    trackingCode: string,
    payload: unknown,
    attachments: readonly AttachmentInput[] = [],
  ): boolean {
    const json = JSON.stringify(payload);
    if (json === undefined) throw new TypeError('the outbox payload must be JSON-serialisable');
    const fields = (typeof payload === 'object' && payload !== null ? payload : {}) as {
      itemCode?: unknown;
      applicant?: { idNumber?: unknown };
      attachments?: unknown;
    };
    const refs = describeAttachments(attachments);
    if (!sameAttachments(fields.attachments, refs)) {
      throw new TypeError(
        'the attachments given do not match the payload’s attachments list (ids, sizes, hashes)',
      );
    }
    if (refs.length > 0 && kind !== 'submission') {
      throw new TypeError('only submissions carry attachments');
    }
    const idNumber = kind === 'submission' ? fields.applicant?.idNumber : undefined;
    const tag =
      typeof idNumber === 'string' ? applicantTag(this.applicantTagKey(), idNumber) : null;
    const itemCode = typeof fields.itemCode === 'string' ? fields.itemCode : null;
    return this.db
      .transaction(() => {
        const at = this.now();
        const { changes } = this.stmt.insert.run(
          idempotencyKey,
          kind,
          trackingCode,
          json,
          at,
          at,
          itemCode,
          tag,
        );
        if (changes !== 1) return false;
        attachments.forEach((a, i) => {
          const ref = refs[i]!;
          this.stmt.insertAttachment.run(
            idempotencyKey,
            ref.id,
            i,
            ref.kind,
            ref.mediaType,
            ref.size,
            ref.sha256,
            Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength),
          );
        });
        const withFiles = refs.length > 0 ? ` with ${refs.length} attachment(s)` : '';
        this.record(idempotencyKey, 'pending', at, `enqueued ${kind}${withFiles}`);
        return true;
      })
      .immediate();
  }

  get(idempotencyKey: string): OutboxItem | null {
    const row = this.stmt.get.get(idempotencyKey) as Row | undefined;
    return row ? item(row) : null;
  }

  /** An item by idempotency key or tracking code, without its payload (for a technician). */
  find(id: string): OutboxSummary | null {
    const row = this.stmt.find.get(id, id) as Row | undefined;
    return row ? summary(row) : null;
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
    const status = ackStatus(ack);
    this.db
      .transaction(() => {
        const at = this.now();
        const { changes } = this.stmt.acknowledge.run(
          JSON.stringify(ack ?? null),
          at,
          status,
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

  /**
   * `kiosk24 queue retry ID` (idempotency key or tracking code): a parked item goes back in the
   * queue, a pending one waiting out its backoff becomes due now.
   */
  retryNow(id: string): { outcome: RetryOutcome; item: OutboxSummary | null } {
    return this.db
      .transaction(() => {
        const found = this.find(id);
        if (!found) return { outcome: 'not-found' as const, item: null };
        const key = found.idempotencyKey;
        const at = this.now();
        let outcome: RetryOutcome;
        if (found.state === 'acknowledged') outcome = 'already-acknowledged';
        else if (found.state === 'parked') {
          this.stmt.requeue.run(at, key);
          this.record(key, 'pending', at, 'requeued by technician');
          outcome = 'requeued';
        } else {
          this.stmt.reschedule.run(at, key);
          this.record(key, 'pending', at, 'retry now, by technician');
          outcome = 'rescheduled';
        }
        return { outcome, item: this.find(key) };
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

  attachments(idempotencyKey: string): OutboxAttachment[] {
    const rows = this.stmt.attachmentsOf.all(idempotencyKey) as {
      attachment_id: string;
      kind: AttachmentRef['kind'];
      media_type: string;
      size: number;
      sha256: string;
      uploaded_at: number | null;
    }[];
    return rows.map((r) => ({
      id: r.attachment_id,
      kind: r.kind,
      mediaType: r.media_type,
      size: r.size,
      sha256: r.sha256,
      uploaded: r.uploaded_at !== null,
    }));
  }

  /** The bytes to upload; null once purged. */
  attachmentBytes(idempotencyKey: string, attachmentId: string): Buffer | null {
    return (this.stmt.attachmentBytes.get(idempotencyKey, attachmentId) as Buffer | null) ?? null;
  }

  /** The centre holds the attachment complete and verified: it need not be sent again. */
  markAttachmentUploaded(idempotencyKey: string, attachmentId: string): void {
    this.db
      .transaction(() => {
        const at = this.now();
        const { changes } = this.stmt.attachmentUploaded.run(at, idempotencyKey, attachmentId);
        if (changes === 1)
          this.record(idempotencyKey, 'uploaded', at, `attachment ${attachmentId}`);
      })
      .immediate();
  }

  /** The centre does not hold what the kiosk marked uploaded: send the attachments again. */
  resetUploads(idempotencyKey: string): void {
    this.stmt.resetUploads.run(idempotencyKey);
  }

  /**
   * Drops the personal data of items acknowledged at or before `acknowledgedBefore` (epoch ms):
   * payload and attachment bytes. The row stays as a record of what was sent (tracking code,
   * states, the centre's status for the citizen's progress). Returns how many were purged.
   */
  purgeAcknowledged(acknowledgedBefore: number): number {
    return this.db
      .transaction(() => {
        const at = this.now();
        const keys = this.stmt.purgeable.all(acknowledgedBefore) as string[];
        for (const key of keys) {
          this.stmt.purge.run(at, key);
          this.stmt.purgeAttachments.run(key);
          this.record(key, 'purged', at, 'payload removed after retention');
        }
        return keys.length;
      })
      .immediate();
  }

  /**
   * Forgets which card a submission belonged to for items acknowledged at or before
   * `acknowledgedBefore`: after that the citizen looks progress up by tracking code only.
   */
  forgetApplicants(acknowledgedBefore: number): number {
    return this.db
      .transaction(() => {
        const at = this.now();
        const keys = this.stmt.forgettable.all(acknowledgedBefore) as string[];
        for (const key of keys) {
          this.stmt.forget.run(key);
          this.record(key, 'forgotten', at, 'card lookup removed after retention');
        }
        return keys.length;
      })
      .immediate();
  }

  /** The status feed's cursor: events up to here are applied. */
  statusCursor(): string {
    return (this.stmt.state.get('status_cursor') as string | undefined) ?? '0';
  }

  /** Applies the centre's status changes and moves the cursor past them, in one transaction. */
  applyStatusEvents(events: readonly StatusEvent[], cursor: string): number {
    return this.db
      .transaction(() => {
        let applied = 0;
        for (const e of events) {
          applied += this.stmt.setCentralStatus.run(e.status, e.at, e.trackingCode).changes;
        }
        this.stmt.setState.run('status_cursor', cursor);
        return applied;
      })
      .immediate();
  }

  /** Acknowledged submissions since `since` (epoch ms) whose status is not final yet. */
  awaitingStatus(since: number): number {
    return this.stmt.awaitingStatus.get(since) as number;
  }

  /**
   * A citizen's progress: by tracking code, or by the ID number read from their card (matched
   * through a keyed hash, so the lookup works after the payload was purged). Newest first.
   */
  progress(query: { trackingCode: string } | { idNumber: string }): Progress[] {
    const code = 'trackingCode' in query ? query.trackingCode.trim().toUpperCase() : null;
    const tag = 'idNumber' in query ? applicantTag(this.applicantTagKey(), query.idNumber) : null;
    const rows = this.stmt.progressBy.all(code, tag) as {
      tracking_code: string;
      item_code: string | null;
      created_at: number;
      state: OutboxState;
      central_status: CentralStatus | null;
      central_status_at: string | null;
    }[];
    return rows.map((r) => ({
      trackingCode: r.tracking_code,
      itemCode: r.item_code,
      submittedAt: iso(r.created_at),
      delivery: r.state,
      centralStatus: r.central_status,
      centralStatusAt: r.central_status_at,
    }));
  }
}

function ackStatus(ack: unknown): CentralStatus | null {
  const status = (ack as { status?: unknown } | null)?.status;
  return typeof status === 'string' ? (status as CentralStatus) : null;
}

function ackDetail(ack: unknown): string | null {
  if (typeof ack !== 'object' || ack === null) return null;
  const { status, replayed } = ack as { status?: unknown; replayed?: unknown };
  const parts = [];
  if (typeof status === 'string') parts.push(`status=${status}`);
  if (typeof replayed === 'boolean') parts.push(`replayed=${replayed}`);
  return parts.join(' ') || null;
}
