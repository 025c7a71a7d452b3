// Drains the outbox to the central platform. One background pass at a time walks the pending
// items oldest first: an acknowledgement marks the item done; a retryable failure halts the
// whole queue and backs off (the centre or the network is the problem, not the item); a
// permanent failure parks that item for a technician and the pass goes on with the rest.
// Exactly-once rests on the idempotency key: an attempt whose answer was lost is repeated with
// the same key and the centre replays its stored answer instead of recording it twice.
// A submission's attachments go first, in chunks the centre acknowledges by offset, so an
// upload cut by a crash or a lost connection resumes where the centre's copy ends. Between
// passes the engine pulls the centre's status changes (受理, 办结, 退回) for the citizen's progress.
import type {
  AttachmentRef,
  RatingRequest,
  StatusFeedPage,
  SubmissionAck,
  SubmissionRequest,
  UploadState,
} from '../contract/central-api.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import { DeliveryError, type RatingAck } from './central-client.ts';
import type { Outbox, OutboxItem, OutboxState } from './outbox.ts';

/** What the engine needs of the centre; CentralClient is the real one. */
export interface CentralPort {
  health(timeoutMs?: number): Promise<boolean>;
  submit(req: SubmissionRequest): Promise<SubmissionAck>;
  rate(req: RatingRequest): Promise<RatingAck>;
  declareUpload(submissionKey: string, ref: AttachmentRef): Promise<UploadState>;
  putChunk(
    submissionKey: string,
    attachmentId: string,
    offset: number,
    bytes: Uint8Array,
  ): Promise<UploadState>;
  completeUpload(submissionKey: string, attachmentId: string): Promise<UploadState>;
  statusFeed(after: string, limit?: number): Promise<StatusFeedPage>;
}

/** What one forced pass did (`kiosk24 sync now`). */
export interface SyncReport {
  acknowledged: number;
  retried: number;
  parked: number;
  /** A retryable failure stopped the pass; the queue waits for the backoff. */
  halted: boolean;
  lastError: string | null;
  statusEvents: number;
  counts: Record<OutboxState, number>;
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
  /** How long after the ack a citizen can still find a submission by tapping their card. */
  progressRetentionMs?: number;
  /** How often to pull status changes while some submission's status is not final. */
  statusPollIntervalMs?: number;
  /** Attachment bytes per upload request. */
  chunkBytes?: number;
}

type AttemptResult = 'acknowledged' | 'retry' | 'parked' | 'skipped';
type Tally = Pick<SyncReport, 'acknowledged' | 'retried' | 'parked' | 'statusEvents'>;

const BATCH = 20;
const DAY = 24 * 3600_000;
const FEED_PAGES_PER_PASS = 20;
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
  private readonly progressRetentionMs: number;
  private readonly statusPollIntervalMs: number;
  private readonly chunkBytes: number;

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
  private lastFeedAt: number | null = null;
  private feedFailing = false;
  /** Passes started so far, and callers of syncNow waiting for a pass to finish. */
  private passesStarted = 0;
  private readonly waiters: { after: number; from: Tally; resolve: (r: SyncReport) => void }[] = [];
  /** Running totals; a syncNow report is the difference since its call. */
  private readonly tally: Tally = { acknowledged: 0, retried: 0, parked: 0, statusEvents: 0 };
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
    this.retentionMs = opts.retentionMs ?? DAY;
    this.progressRetentionMs = opts.progressRetentionMs ?? 90 * DAY;
    this.statusPollIntervalMs = opts.statusPollIntervalMs ?? 60_000;
    this.chunkBytes = Math.max(1, Math.trunc(opts.chunkBytes ?? 256 * 1024));
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
    // No pass will come for whoever still waits on syncNow: tell them what there is.
    this.settleWaiters(Number.POSITIVE_INFINITY);
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
   * A pass now, ignoring the backoff, and what happened meanwhile: `kiosk24 sync now`. Also
   * pulls the centre's status changes at once. Resolves when a pass that began after the call
   * is over, with the deliveries, retries and parkings since the call. Starts the engine if it
   * was not running (a CLI's one-off pass; stop() it after).
   */
  syncNow(): Promise<SyncReport> {
    // An engine not started yet runs its first (forced) pass for this; a running one one more.
    const fresh = !this.running;
    const waiting = new Promise<SyncReport>((resolve) => {
      this.waiters.push({ after: this.passesStarted, from: { ...this.tally }, resolve });
    });
    this.lastFeedAt = null;
    if (fresh) this.start();
    else this.kick();
    return waiting;
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
    this.passesStarted++;
    const passNumber = this.passesStarted;
    this.pass = this.runPass()
      .catch((err: unknown) => {
        // The database itself failed (disk full, I/O): keep the loop alive, slowly.
        this.log('sync.error', { error: errorText(err) });
        return this.now() + this.haltFor();
      })
      .then((nextAt) => {
        this.pass = null;
        this.settleWaiters(passNumber);
        if (!this.running) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.sleepUntil(nextAt);
        }
      });
  }

  private settleWaiters(passNumber: number): void {
    const done = this.waiters.filter((w) => w.after < passNumber);
    if (done.length === 0) return;
    const counts = this.outbox.counts();
    const halted = this.haltedUntil > this.now();
    for (const w of done) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve({
        acknowledged: this.tally.acknowledged - w.from.acknowledged,
        retried: this.tally.retried - w.from.retried,
        parked: this.tally.parked - w.from.parked,
        statusEvents: this.tally.statusEvents - w.from.statusEvents,
        halted,
        lastError: this.state.lastError,
        counts,
      });
    }
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
    if (this.running) await this.pullStatusFeed(now);
    if (this.lastPurgeAt === null || now - this.lastPurgeAt >= this.probeIntervalMs) {
      this.lastPurgeAt = now;
      const purged = this.outbox.purgeAcknowledged(now - this.retentionMs);
      if (purged > 0) this.log('sync.purged', { count: purged });
      const forgotten = this.outbox.forgetApplicants(now - this.progressRetentionMs);
      if (forgotten > 0) this.log('sync.forgotten', { count: forgotten });
    }
    const next = this.outbox.nextAttemptAt(this.inFlight.keys());
    return Math.min(next ?? Infinity, now + this.probeIntervalMs);
  }

  /**
   * Pulls status changes while some acknowledged submission still waits for a final status
   * (a kiosk with nothing outstanding asks nothing). A failure here is logged and tried again
   * next time: it never holds up delivery.
   */
  private async pullStatusFeed(now: number): Promise<void> {
    if (this.lastFeedAt !== null && now - this.lastFeedAt < this.statusPollIntervalMs) return;
    if (this.outbox.awaitingStatus(now - this.progressRetentionMs) === 0) return;
    this.lastFeedAt = now;
    try {
      for (let page = 0; page < FEED_PAGES_PER_PASS && this.running; page++) {
        const { events, cursor, more } = await this.client.statusFeed(this.outbox.statusCursor());
        const applied = this.outbox.applyStatusEvents(events, cursor);
        this.tally.statusEvents += events.length;
        if (events.length > 0) this.log('sync.status-pulled', { events: events.length, applied });
        if (!more) break;
      }
      this.feedFailing = false;
    } catch (err) {
      // Once per outage, not once per poll.
      if (!this.feedFailing) this.log('sync.status-feed-failed', { error: errorText(err) });
      this.feedFailing = true;
    }
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
      if (item.kind === 'submission' && item.attachments > 0) await this.upload(item);
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
      if (failure.code === 'attachments-incomplete') this.outbox.resetUploads(key);
      if (failure.retryable) {
        const delay = this.haltFor();
        this.outbox.markRetry(key, failure.message, this.haltedUntil);
        this.setOnline(false, failure.message);
        this.log('sync.retry', { ...fields, status, error: failure.message, retryInMs: delay });
        this.tally.retried++;
        return 'retry';
      }
      this.outbox.park(key, failure.message);
      this.tally.parked++;
      // A refusal is still an answer: the centre is there.
      if (status !== null) this.setOnline(true);
      this.state.lastError = failure.message;
      this.log('sync.parked', { ...fields, status, error: failure.message });
      return 'parked';
    }
    this.outbox.markAcknowledged(key, ack);
    this.tally.acknowledged++;
    this.failures = 0;
    this.haltedUntil = 0;
    this.lastContactAt = this.now();
    this.state.lastSyncAt = new Date(this.lastContactAt).toISOString();
    this.setOnline(true);
    this.log('sync.acknowledged', { ...fields, replayed: ack.replayed });
    return 'acknowledged';
  }

  /** Uploads what the centre does not hold yet of each attachment, resuming at its offset. */
  private async upload(item: OutboxItem): Promise<void> {
    const key = item.idempotencyKey;
    for (const a of this.outbox.attachments(key)) {
      if (a.uploaded) continue;
      const bytes = this.outbox.attachmentBytes(key, a.id);
      if (!bytes) throw new DeliveryError(`attachment ${a.id} has no bytes`, { retryable: false });
      const { uploaded: _, ...ref } = a;
      let state = await this.client.declareUpload(key, ref);
      const resumedAt = state.received;
      // A centre that keeps answering without progress must not keep us here forever.
      let budget = 2 * Math.ceil(a.size / this.chunkBytes) + 4;
      while (!state.complete) {
        if (this.stopped) throw new DeliveryError('stopping', { retryable: true });
        if (--budget < 0) throw new DeliveryError('upload made no progress', { retryable: true });
        if (state.received >= a.size) {
          state = await this.client.completeUpload(key, a.id);
        } else {
          const end = Math.min(a.size, state.received + this.chunkBytes);
          const chunk = bytes.subarray(state.received, end);
          state = await this.client.putChunk(key, a.id, state.received, chunk);
        }
      }
      this.outbox.markAttachmentUploaded(key, a.id);
      this.log('sync.attachment-uploaded', {
        key,
        trackingCode: item.trackingCode,
        attachment: a.id,
        bytes: a.size,
        resumedAt,
      });
    }
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
