// Drains the outbox to the central platform. One background pass at a time walks the pending
// items oldest first: an acknowledgement marks the item done; a retryable failure halts the
// whole queue and backs off (the centre or the network is the problem, not the item); a
// permanent failure parks that item for a technician and the pass goes on with the rest.
// Exactly-once rests on the idempotency key: an attempt whose answer was lost is repeated with
// the same key and the centre replays its stored answer instead of recording it twice.
import type { SubmissionAck, SubmissionRequest, RatingRequest } from '../contract/central-api.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import { DeliveryError, type RatingAck } from './central-client.ts';
import type { Outbox, OutboxItem } from './outbox.ts';

/** What the engine needs of the centre; CentralClient is the real one. */
export interface CentralPort {
  health(timeoutMs?: number): Promise<boolean>;
  submit(req: SubmissionRequest): Promise<SubmissionAck>;
  rate(req: RatingRequest): Promise<RatingAck>;
}

export interface SyncStatus {
  /** The centre answered the last exchange (a delivery, a refusal or a health check). */
  online: boolean;
  lastError: string | null;
  lastSyncAt: string | null;
}

export type SyncLog = (event: string, fields: Record<string, unknown>) => void;

export interface SyncEngineOptions {
  outbox: Outbox;
  client: CentralPort;
  /** Receives keys, tracking codes, states and error codes only: never personal data. */
  log: SyncLog;
  backoff?: BackoffPolicy;
  now?: () => number;
  random?: () => number;
  /** How often an idle engine checks the centre's health, so status() stays true. */
  probeIntervalMs?: number;
  /** Payloads (personal data) of acknowledged items are purged this long after the ack. */
  retentionMs?: number;
}

type AttemptResult = 'acknowledged' | 'retry' | 'parked' | 'skipped';

const BATCH = 20;
// Far in the future but a safe integer for SQLite: "due by" for a forced pass.
const EVERYTHING_DUE = Number.MAX_SAFE_INTEGER;

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

export class SyncEngine {
  private readonly outbox: Outbox;
  private readonly client: CentralPort;
  private readonly log: SyncLog;
  private readonly backoff: BackoffPolicy;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly probeIntervalMs: number;
  private readonly retentionMs: number;

  private running = false;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pass: Promise<void> | null = null;
  /** Another pass was asked for while one was running. */
  private again = false;
  /** The next pass ignores the backoff (kick: "sync now"). */
  private forced = false;
  private failures = 0;
  private haltedUntil = 0;
  private lastContactAt: number | null = null;
  private lastPurgeAt: number | null = null;
  /** One attempt per item at a time, whoever started it (the pass or deliverNow). */
  private readonly inFlight = new Map<string, Promise<AttemptResult>>();
  private readonly state: SyncStatus = { online: false, lastError: null, lastSyncAt: null };

  constructor(opts: SyncEngineOptions) {
    this.outbox = opts.outbox;
    this.client = opts.client;
    this.log = opts.log;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.probeIntervalMs = opts.probeIntervalMs ?? 30_000;
    this.retentionMs = opts.retentionMs ?? 24 * 3600_000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopped = false;
    // A fresh start tries at once, whatever backoff an earlier run recorded in the outbox.
    this.forced = true;
    this.wake();
  }

  /** Stops the loop and waits for attempts under way, so the database can be closed after. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pass;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Sync now, ignoring the backoff: something was queued, or a technician asked. */
  kick(): void {
    this.forced = true;
    this.wake();
  }

  status(): SyncStatus {
    return { ...this.state };
  }

  /**
   * Tries to deliver one item at once (it was just enqueued, a citizen is waiting) and says
   * whether the centre acknowledged it within `deadlineMs`. Past the deadline the attempt goes
   * on in the background; the item is never sent twice at the same time.
   */
  async deliverNow(idempotencyKey: string, deadlineMs: number): Promise<'acknowledged' | 'queued'> {
    const item = this.outbox.get(idempotencyKey);
    if (!item) throw new Error(`${idempotencyKey} is not in the outbox`);
    if (item.state === 'acknowledged') return 'acknowledged';
    if (item.state === 'parked' || this.stopped) return 'queued';
    const attempt = this.attempt(idempotencyKey);
    // Success may end a halt (drain the rest now); failure starts one (sleep until it ends).
    void attempt.then(() => this.wake());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<'queued'>((resolve) => {
      timer = setTimeout(() => resolve('queued'), deadlineMs);
    });
    try {
      return await Promise.race([
        attempt.then((r) =>
          r === 'acknowledged' ? ('acknowledged' as const) : ('queued' as const),
        ),
        deadline,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private wake(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pass) {
      this.again = true;
      return;
    }
    this.pass = this.runPass()
      .catch((err: unknown) => {
        // The database itself failed (disk full, I/O): keep the loop alive, slowly.
        this.log('sync.error', { error: errorText(err) });
        return this.now() + this.haltFor();
      })
      .then((nextAt) => {
        this.pass = null;
        if (!this.running) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.sleepUntil(nextAt);
        }
      });
  }

  private sleepUntil(at: number): void {
    const delay = Math.min(Math.max(0, at - this.now()), this.probeIntervalMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, delay);
    // A kiosk shuts down when it is told to, not when the queue is empty.
    this.timer.unref();
  }

  /** One pass over the due items; resolves to when the next pass should run. */
  private async runPass(): Promise<number> {
    const forced = this.forced;
    this.forced = false;
    if (!forced && this.haltedUntil > this.now()) return this.haltedUntil;
    for (;;) {
      const batch = this.outbox.due({
        dueBy: forced ? EVERYTHING_DUE : this.now(),
        limit: BATCH,
        exclude: this.inFlight.keys(),
      });
      if (batch.length === 0) break;
      for (const item of batch) {
        if (!this.running) return this.now();
        if ((await this.attempt(item.idempotencyKey)) === 'retry') return this.haltedUntil;
      }
    }
    const now = this.now();
    if (
      this.running &&
      this.inFlight.size === 0 &&
      (this.lastContactAt === null || now - this.lastContactAt >= this.probeIntervalMs)
    ) {
      await this.probe();
    }
    if (this.lastPurgeAt === null || now - this.lastPurgeAt >= this.probeIntervalMs) {
      this.lastPurgeAt = now;
      const purged = this.outbox.purgeAcknowledged(now - this.retentionMs);
      if (purged > 0) this.log('sync.purged', { count: purged });
    }
    const next = this.outbox.nextAttemptAt(this.inFlight.keys());
    return Math.min(next ?? Infinity, now + this.probeIntervalMs);
  }

  private async probe(): Promise<void> {
    const ok = await this.client.health();
    this.lastContactAt = this.now();
    if (ok) {
      this.state.lastSyncAt = new Date(this.lastContactAt).toISOString();
      this.setOnline(true);
    } else {
      this.setOnline(false, 'central platform not reachable (health check)');
    }
  }

  private attempt(key: string): Promise<AttemptResult> {
    const running = this.inFlight.get(key);
    if (running) return running;
    // Re-read: a pass's batch may be stale after deliverNow finished the same item.
    const item = this.outbox.get(key);
    if (!item || item.state !== 'pending') {
      return Promise.resolve(item?.state === 'acknowledged' ? 'acknowledged' : 'skipped');
    }
    const attempt = this.deliver(item)
      .catch((err: unknown): AttemptResult => {
        // Recording the outcome failed (the database, not the centre): try again later.
        this.log('sync.error', { key, error: errorText(err) });
        this.haltFor();
        return 'retry';
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, attempt);
    return attempt;
  }

  private async deliver(item: OutboxItem): Promise<AttemptResult> {
    const key = item.idempotencyKey;
    const fields = {
      key,
      trackingCode: item.trackingCode,
      kind: item.kind,
      attempt: item.attempts + 1,
    };
    let ack: SubmissionAck | RatingAck;
    try {
      ack =
        item.kind === 'submission'
          ? await this.client.submit(item.payload as SubmissionRequest)
          : await this.client.rate(item.payload as RatingRequest);
    } catch (err) {
      const failure =
        err instanceof DeliveryError
          ? err
          : new DeliveryError(`unexpected ${errorText(err)}`, { retryable: true });
      const status = failure.status ?? null;
      if (failure.retryable) {
        const delay = this.haltFor();
        this.outbox.markRetry(key, failure.message, this.haltedUntil);
        this.setOnline(false, failure.message);
        this.log('sync.retry', { ...fields, status, error: failure.message, retryInMs: delay });
        return 'retry';
      }
      this.outbox.park(key, failure.message);
      // A refusal is still an answer: the centre is there.
      if (status !== null) this.setOnline(true);
      this.state.lastError = failure.message;
      this.log('sync.parked', { ...fields, status, error: failure.message });
      return 'parked';
    }
    this.outbox.markAcknowledged(key, ack);
    this.failures = 0;
    this.haltedUntil = 0;
    this.lastContactAt = this.now();
    this.state.lastSyncAt = new Date(this.lastContactAt).toISOString();
    this.setOnline(true);
    this.log('sync.acknowledged', { ...fields, replayed: ack.replayed });
    return 'acknowledged';
  }

  /** Counts a failure and halts the queue for the next backoff delay, which it returns. */
  private haltFor(): number {
    this.failures++;
    const delay = backoffDelay(this.failures, this.backoff, this.random);
    this.haltedUntil = this.now() + delay;
    return delay;
  }

  private setOnline(online: boolean, error: string | null = null): void {
    if (online !== this.state.online) {
      this.log(online ? 'sync.online' : 'sync.offline', online ? {} : { error });
    }
    this.state.online = online;
    this.state.lastError = online ? null : error;
  }
}
