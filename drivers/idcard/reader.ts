// The reader driver: one command in flight, per-step timeouts with bounded retries, polling for
// a card no faster than every 300 ms. Card presence follows the spec: after a successful read
// the card answers find with 80 until lifted, so every 9F is a new card and a card lying on the
// reader is reported once. Over a transport that reopens itself (reopening-transport.ts) an
// outage shows as health 'offline' and the start-up runs again when the device is back.
import type { CardPerson } from '../../contract/identity.ts';
import { toCardPerson } from './card-person.ts';
import { parseCardText } from './card-text.ts';
import { COMMANDS, parseBaseInfo, type Command } from './commands.ts';
import { encodeRequest, FrameParser, type ResponseFrame } from './frame.ts';
import type { DecodedPhoto, PhotoDecoder } from './photo.ts';
import { formatSamId, SAM_ID_BYTES } from './sam-id.ts';
import { IdCardError, statusError, SW3 } from './status.ts';
import type { ByteTransport, LinkState } from './transport.ts';

export const MIN_POLL_INTERVAL_MS = 300;
/**
 * How long a read waits for a reader that is offline to come back before it says so: long
 * enough to ride out a reopen, short enough that the citizen is told promptly.
 */
export const OFFLINE_GRACE_MS = 1000;

export interface StepTimeouts {
  /** Find card, and the start-up SAM commands. */
  find: number;
  select: number;
  read: number;
}

export const DEFAULT_STEP_TIMEOUTS: StepTimeouts = { find: 1000, select: 1000, read: 2000 };

export interface IdCardReaderOptions {
  transport: ByteTransport;
  now?: () => Date;
  /** Clamped to at least 300 ms. */
  pollIntervalMs?: number;
  stepTimeoutMs?: Partial<StepTimeouts>;
  /** Extra attempts per step after a timeout or a request the reader saw corrupted. Default 2. */
  retries?: number;
  /** Without one the photo is returned undecoded (`decoded: null`). */
  photoDecoder?: PhotoDecoder;
  /**
   * Read with 30 10 to learn whether the card holds fingerprints (the data is not kept). A
   * module that refuses 30 10 (SW3 21 or 23) is read with 30 01 from then on.
   */
  readFingerprint?: boolean;
}

export type ReadOutcome =
  | {
      kind: 'card';
      person: CardPerson;
      photo: { format: 'wlt'; bytes: Uint8Array; decoded: DecodedPhoto | null };
      fingerprint: boolean;
    }
  | { kind: 'timeout' }
  | { kind: 'error'; error: IdCardError };

export interface ReaderHealth {
  device: 'id-reader';
  state: 'ok' | 'fault' | 'offline' | 'unknown';
  /** Technician-facing; never personal data. */
  detail: string;
  checkedAt: string;
}

interface Pending {
  expects: Command;
  resolve(frame: ResponseFrame): void;
  reject(err: IdCardError): void;
}

export class IdCardReader {
  private readonly transport: ByteTransport;
  private readonly now: () => Date;
  private readonly pollIntervalMs: number;
  private readonly timeouts: StepTimeouts;
  private readonly retries: number;
  private readonly photoDecoder: PhotoDecoder | null;
  private readFingerprint: boolean;
  private readonly parser = new FrameParser('response');
  private pending: Pending | null = null;
  private commandChain: Promise<unknown> = Promise.resolve();
  private readChain: Promise<unknown> = Promise.resolve();
  private readonly wakers = new Set<() => void>();
  private closed = false;
  private samId: string | null = null;
  private healthState: ReaderHealth;
  /**
   * The reader itself reported a fault (SAM self-test, not authorised, …): only a successful
   * start-up or card read clears it, not a mere answer to find. Line faults clear on any answer.
   */
  private statusFault = false;
  private readonly stopListening: (() => void)[] = [];
  /** Only over a reopening transport: the device is gone and being reopened. */
  private linkDown = false;
  private readonly linkWaiters = new Set<() => void>();
  /** The start-up that runs again after an outage; reads wait for it. */
  private restarting: Promise<unknown> | null = null;

  constructor(opts: IdCardReaderOptions) {
    this.transport = opts.transport;
    this.now = opts.now ?? (() => new Date());
    this.pollIntervalMs = Math.max(
      MIN_POLL_INTERVAL_MS,
      opts.pollIntervalMs ?? MIN_POLL_INTERVAL_MS,
    );
    this.timeouts = { ...DEFAULT_STEP_TIMEOUTS, ...opts.stepTimeoutMs };
    this.retries = Math.max(0, Math.floor(opts.retries ?? 2));
    this.photoDecoder = opts.photoDecoder ?? null;
    this.readFingerprint = opts.readFingerprint ?? false;
    this.healthState = this.healthOf('unknown', `not started on ${this.transport.description}`);
    this.stopListening.push(
      this.transport.onData((chunk) => this.onData(chunk)),
      this.transport.onClose((err) => this.onTransportClosed(err)),
    );
    if (this.transport.onLinkChange) {
      this.stopListening.push(this.transport.onLinkChange((link) => this.onLinkChange(link)));
      const link = this.transport.link;
      if (link && !link.up) {
        this.linkDown = true;
        this.healthState = this.healthOf('offline', this.outageDetail(link));
      }
    }
  }

  /** SAM status, then SAM ID. Throws IdCardError (and reports a fault) when the reader is not fit. */
  async start(): Promise<{ samId: string }> {
    try {
      const status = await this.command(COMMANDS.samStatus, this.timeouts.find);
      if (status.sw3 !== SW3.OK)
        throw statusError(status.sw3) ?? this.unexpected(COMMANDS.samStatus, status);
      const id = await this.command(COMMANDS.samId, this.timeouts.find);
      if (id.sw3 !== SW3.OK) throw statusError(id.sw3) ?? this.unexpected(COMMANDS.samId, id);
      if (id.data.length < SAM_ID_BYTES) throw this.unexpected(COMMANDS.samId, id);
      this.samId = formatSamId(id.data);
      this.markOk();
      return { samId: this.samId };
    } catch (err) {
      const error = this.asIdCardError(err);
      this.noteFailure(error, 'start-up failed: ');
      throw error;
    }
  }

  /**
   * Waits up to `timeoutMs` for a new card and reads it. Calls queue behind each other. An
   * aborted `signal` ends the wait as a timeout.
   */
  readCard(opts: { timeoutMs: number; signal?: AbortSignal }): Promise<ReadOutcome> {
    const run = this.readChain
      .then(() => this.pollAndRead(opts.timeoutMs, opts.signal))
      .catch((err: unknown) => this.failed(err));
    this.readChain = run.catch(() => {});
    return run;
  }

  health(): ReaderHealth {
    return { ...this.healthState };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.shutDown(this.healthOf('offline', `closed (${this.transport.description})`));
    for (const stop of this.stopListening) stop();
    await this.transport.close();
  }

  private async pollAndRead(timeoutMs: number, signal?: AbortSignal): Promise<ReadOutcome> {
    const deadline = Date.now() + Math.max(0, timeoutMs);
    for (;;) {
      if (this.closed) return { kind: 'error', error: this.disconnectedError() };
      if (signal?.aborted) return { kind: 'timeout' };
      if (this.linkDown) {
        const grace = Math.min(OFFLINE_GRACE_MS, deadline - Date.now());
        if (!(await this.waitForLink(grace, signal))) {
          if (signal?.aborted) return { kind: 'timeout' };
          return { kind: 'error', error: this.disconnectedError() };
        }
      }
      if (this.restarting) await this.restarting;
      const started = Date.now();
      let find: ResponseFrame;
      try {
        find = await this.command(COMMANDS.findCard, this.timeouts.find);
      } catch (err) {
        return this.failed(err);
      }
      if (find.sw3 === SW3.FIND_OK) return this.readPresentCard();
      const problem = statusError(find.sw3);
      // 80 is "no new card"; other card-side statuses while searching are transient, but a
      // reader or SAM fault will not go away by polling.
      if (problem?.code === 'reader-fault') return this.failed(problem);
      const nextPoll = started + this.pollIntervalMs;
      if (nextPoll >= deadline) {
        await this.sleep(deadline - Date.now(), signal);
        return this.closed
          ? { kind: 'error', error: this.disconnectedError() }
          : { kind: 'timeout' };
      }
      await this.sleep(nextPoll - Date.now(), signal);
    }
  }

  private async readPresentCard(): Promise<ReadOutcome> {
    try {
      const select = await this.command(COMMANDS.selectCard, this.timeouts.select);
      if (select.sw3 !== SW3.OK)
        throw statusError(select.sw3) ?? this.unexpected(COMMANDS.selectCard, select);
      let readCmd = this.readFingerprint ? COMMANDS.readBaseWithFingerprint : COMMANDS.readBase;
      let read = await this.command(readCmd, this.timeouts.read);
      if (
        readCmd === COMMANDS.readBaseWithFingerprint &&
        (read.sw3 === SW3.COMMAND_ERROR || read.sw3 === SW3.NOT_PERMITTED)
      ) {
        // A module without fingerprint support: base info is all it can give.
        this.readFingerprint = false;
        readCmd = COMMANDS.readBase;
        read = await this.command(readCmd, this.timeouts.read);
      }
      if (read.sw3 !== SW3.OK) throw statusError(read.sw3) ?? this.unexpected(readCmd, read);
      const info = parseBaseInfo(read.data, readCmd === COMMANDS.readBaseWithFingerprint);
      if (!info)
        throw new IdCardError(
          'bad-data',
          `${readCmd.name}: lengths do not add up (${read.data.length} data bytes)`,
        );
      const person = toCardPerson(parseCardText(info.text), this.now());
      const decoded = await this.decodePhoto(info.photo);
      this.markOk();
      return {
        kind: 'card',
        person,
        photo: { format: 'wlt', bytes: info.photo, decoded },
        fingerprint: (info.fingerprint?.length ?? 0) > 0,
      };
    } catch (err) {
      return this.failed(err);
    }
  }

  private async decodePhoto(wlt: Uint8Array): Promise<DecodedPhoto | null> {
    if (!this.photoDecoder) return null;
    try {
      return await this.photoDecoder.decode(wlt);
    } catch {
      return null;
    }
  }

  /**
   * One exchange with retries on silence, on a corrupted answer, and on requests the reader saw
   * corrupted.
   */
  private async command(command: Command, timeoutMs: number): Promise<ResponseFrame> {
    let last: IdCardError | null = null;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      let frame: ResponseFrame;
      try {
        frame = await this.exchange(command, timeoutMs);
      } catch (err) {
        const error = this.asIdCardError(err);
        if (error.code !== 'timeout' && error.code !== 'line-error') throw error;
        last = error;
        continue;
      }
      if (frame.sw3 === SW3.REQUEST_CHECKSUM || frame.sw3 === SW3.REQUEST_LENGTH) {
        last = statusError(frame.sw3);
        continue;
      }
      if (this.healthState.state === 'ok') this.healthState.checkedAt = this.now().toISOString();
      else if (!this.statusFault) this.markOk();
      return frame;
    }
    throw last ?? new IdCardError('timeout', `no answer to ${command.name}`);
  }

  /** Sends one request and waits for one verified response. Exchanges never overlap. */
  private exchange(command: Command, timeoutMs: number): Promise<ResponseFrame> {
    const run = this.commandChain.then(() => this.exchangeNow(command, timeoutMs));
    this.commandChain = run.catch(() => {});
    return run;
  }

  private exchangeNow(command: Command, timeoutMs: number): Promise<ResponseFrame> {
    if (this.closed || this.linkDown) return Promise.reject(this.disconnectedError());
    // Drop any half-frame left from an earlier, timed-out exchange.
    this.parser.reset();
    return new Promise<ResponseFrame>((resolve, reject) => {
      const pending: Pending = {
        expects: command,
        resolve: (frame) => {
          settle();
          resolve(frame);
        },
        reject: (err) => {
          settle();
          reject(err);
        },
      };
      const timer = setTimeout(
        () =>
          pending.reject(
            new IdCardError('timeout', `no answer to ${command.name} within ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      const settle = () => {
        clearTimeout(timer);
        if (this.pending === pending) this.pending = null;
      };
      this.pending = pending;
      this.transport.write(encodeRequest(command.cmd, command.para)).catch((err: unknown) => {
        if (this.pending === pending) {
          pending.reject(
            new IdCardError('disconnected', `write failed: ${(err as Error)?.message ?? err}`, {
              cause: err,
            }),
          );
        }
      });
    });
  }

  private onData(chunk: Uint8Array): void {
    const corruptedBefore = this.parser.stats.checksumErrors;
    let answered = false;
    for (const frame of this.parser.push(chunk)) {
      const pending = this.pending;
      if (!pending) continue; // unsolicited or late: nothing to answer
      // A late "card found" cannot answer anything but find; wait for the real answer.
      if (frame.sw3 === SW3.FIND_OK && pending.expects !== COMMANDS.findCard) continue;
      pending.resolve(frame);
      answered = true;
    }
    // The answer came, but corrupted: the module will not send it again unasked, so ask again
    // now rather than after the step timeout.
    const pending = this.pending;
    if (!answered && pending && this.parser.stats.checksumErrors > corruptedBefore) {
      pending.reject(
        new IdCardError('line-error', `corrupted answer to ${pending.expects.name} (checksum)`),
      );
    }
  }

  private onLinkChange(link: LinkState): void {
    if (this.closed) return;
    if (!link.up) {
      // Also called for every failed reopen attempt: only the detail changes then.
      const wasDown = this.linkDown;
      this.linkDown = true;
      this.statusFault = false;
      this.setHealth('offline', this.outageDetail(link));
      if (wasDown) return;
      this.pending?.reject(this.disconnectedError());
      // A poll sleeping between finds wakes to notice the outage.
      for (const wake of this.wakers) wake();
      return;
    }
    this.linkDown = false;
    for (const wake of this.linkWaiters) wake();
    // The module may have been power-cycled with the cable: check it as at start-up.
    const restart = this.start().catch(() => {});
    this.restarting = restart;
    void restart.then(() => {
      if (this.restarting === restart) this.restarting = null;
    });
  }

  /** True when the link is (or comes) up within `ms`. */
  private waitForLink(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (!this.linkDown) return Promise.resolve(true);
    if (ms <= 0 || this.closed || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.linkWaiters.delete(done);
        this.wakers.delete(done);
        signal?.removeEventListener('abort', done);
        resolve(!this.linkDown && !this.closed);
      };
      const timer = setTimeout(done, ms);
      this.linkWaiters.add(done);
      this.wakers.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private outageDetail(link: LinkState): string {
    const tries = link.attempts === 1 ? '1 reopen attempt' : `${link.attempts} reopen attempts`;
    const why = link.lastError ? `, last error: ${link.lastError}` : '';
    return `offline since ${link.since}: ${this.transport.description} unavailable (${tries}${why})`;
  }

  private onTransportClosed(err?: Error): void {
    if (this.closed) return;
    const why = err ? `: ${err.message}` : '';
    this.shutDown(
      this.healthOf('offline', `transport closed (${this.transport.description})${why}`),
    );
  }

  private shutDown(health: ReaderHealth): void {
    this.closed = true;
    this.healthState = health;
    this.pending?.reject(this.disconnectedError());
    for (const wake of [...this.wakers, ...this.linkWaiters]) wake();
    this.wakers.clear();
    this.linkWaiters.clear();
  }

  private sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0 || this.closed || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }

  private failed(err: unknown): ReadOutcome {
    const error = this.asIdCardError(err);
    this.noteFailure(error);
    return { kind: 'error', error };
  }

  /**
   * Faults of the reader itself show in health; a citizen's card problem does not (except at
   * start-up, where any failure means the reader is not fit).
   */
  private noteFailure(error: IdCardError, prefix = ''): void {
    // While the link is down the health already tells of the outage.
    if (this.closed || this.linkDown) return;
    const detail = `${prefix}${error.message} (${this.transport.description})`;
    if (error.code === 'disconnected') {
      // A failed write: the port may still report itself open, but nothing gets through.
      this.statusFault = false;
      this.setHealth('offline', detail);
    } else if (error.code === 'timeout' || error.code === 'line-error') {
      this.statusFault = false;
      this.setHealth('fault', detail);
    } else if (error.code === 'reader-fault' || prefix !== '') {
      this.statusFault = true;
      this.setHealth('fault', detail);
    }
  }

  private markOk(): void {
    this.statusFault = false;
    this.setHealth('ok', this.okDetail());
  }

  private asIdCardError(err: unknown): IdCardError {
    if (err instanceof IdCardError) return err;
    return new IdCardError(
      'reader-fault',
      `driver error: ${(err as Error)?.message ?? String(err)}`,
      { cause: err },
    );
  }

  private unexpected(command: Command, frame: ResponseFrame): IdCardError {
    return new IdCardError(
      'bad-data',
      `${command.name}: unexpected answer (SW3 ${frame.sw3.toString(16)}, ${frame.data.length} data bytes)`,
    );
  }

  private disconnectedError(): IdCardError {
    return new IdCardError('disconnected', `reader disconnected (${this.transport.description})`);
  }

  private okDetail(): string {
    return `SAM ${this.samId ?? 'not read'} on ${this.transport.description}`;
  }

  private setHealth(state: ReaderHealth['state'], detail: string): void {
    this.healthState = this.healthOf(state, detail);
  }

  private healthOf(state: ReaderHealth['state'], detail: string): ReaderHealth {
    return { device: 'id-reader', state, detail, checkedAt: this.now().toISOString() };
  }
}
