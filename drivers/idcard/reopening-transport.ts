// A transport that survives a pulled cable: when the underlying port closes or a write fails,
// it reopens the same configured device with exponential backoff, for as long as it lives. The
// reader learns of outages through onLinkChange (health 'offline', the outage in the detail)
// and runs its start-up again when the link is back, so no kiosk restart is needed.
import type { ByteTransport, LinkState } from './transport.ts';
import { Listeners, openSerialTransport } from './transport.ts';

export interface Backoff {
  /** First wait after a failed open. Default 250 ms. */
  initialMs: number;
  /** Longest wait between attempts. Default 5 s. */
  maxMs: number;
  /** Growth per failed attempt. Default 2. */
  factor: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 250, maxMs: 5000, factor: 2 };

/** Wait before attempt `n` (1-based count of failures so far). */
export function backoffDelay(backoff: Backoff, failures: number): number {
  const exp = backoff.initialMs * backoff.factor ** Math.max(0, failures - 1);
  return Math.min(backoff.maxMs, Math.max(0, exp));
}

export interface ReopeningTransportOptions {
  /** Opens the underlying device; rejects when it is not there (yet). */
  open: () => Promise<ByteTransport>;
  /** For health and logs, e.g. `serial /dev/ttyUSB0 @115200`; stable across reopens. */
  description: string;
  backoff?: Partial<Backoff>;
  now?: () => Date;
}

export interface ReopeningTransport extends ByteTransport {
  readonly link: LinkState;
  onLinkChange(cb: (link: LinkState) => void): () => void;
  /** Resolves once the link is up (immediately when it is); false when closed or past `ms`. */
  waitUntilUp(ms: number): Promise<boolean>;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Starts opening at once and resolves after the first attempt, whether it succeeded or not: a
 * kiosk must come up without its reader and report it offline until it appears.
 */
export async function openReopeningTransport(
  opts: ReopeningTransportOptions,
): Promise<ReopeningTransport> {
  const backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
  const now = opts.now ?? (() => new Date());
  const listeners = new Listeners();
  const linkListeners = new Set<(link: LinkState) => void>();
  let inner: ByteTransport | null = null;
  let innerStops: (() => void)[] = [];
  let link: LinkState = { up: false, since: now().toISOString(), attempts: 0, lastError: null };
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let opening: Promise<void> | null = null;

  const announce = (next: LinkState) => {
    link = next;
    for (const cb of [...linkListeners]) cb({ ...link });
  };

  const attempt = async (): Promise<void> => {
    timer = null;
    try {
      const t = await opts.open();
      if (closed) {
        await t.close();
        return;
      }
      inner = t;
      innerStops = [
        t.onData((chunk) => listeners.emitData(chunk)),
        t.onClose((err) => lost(t, err ?? new Error('port closed'))),
      ];
      announce({ up: true, since: now().toISOString(), attempts: 0, lastError: null });
    } catch (err) {
      if (closed) return;
      announce({ ...link, attempts: link.attempts + 1, lastError: message(err) });
      schedule();
    }
  };

  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(
      () => {
        opening = attempt();
      },
      backoffDelay(backoff, link.attempts),
    );
  };

  /** The device went away: forget it, tell the reader, and start trying to reopen. */
  const lost = (which: ByteTransport, err: unknown) => {
    if (inner !== which || closed) return;
    inner = null;
    for (const stop of innerStops) stop();
    innerStops = [];
    // The port may still think it is open (a failed write): release the descriptor.
    which.close().catch(() => {});
    announce({ up: false, since: now().toISOString(), attempts: 0, lastError: message(err) });
    schedule();
  };

  opening = attempt();
  await opening;

  return {
    description: opts.description,
    get link() {
      return { ...link };
    },
    async write(bytes) {
      const t = inner;
      if (!t)
        throw new Error(`${opts.description} is not connected (${link.lastError ?? 'opening'})`);
      try {
        await t.write(bytes);
      } catch (err) {
        lost(t, err);
        throw err;
      }
    },
    onData: (cb) => listeners.onData(cb),
    onClose: (cb) => listeners.onClose(cb),
    onLinkChange(cb) {
      linkListeners.add(cb);
      return () => linkListeners.delete(cb);
    },
    waitUntilUp(ms) {
      if (link.up) return Promise.resolve(true);
      if (closed || ms <= 0) return Promise.resolve(false);
      return new Promise((resolve) => {
        const done = (up: boolean) => {
          clearTimeout(t);
          linkListeners.delete(onLink);
          stopClose();
          resolve(up);
        };
        const onLink = (l: LinkState) => l.up && done(true);
        const t = setTimeout(() => done(false), ms);
        linkListeners.add(onLink);
        const stopClose = listeners.onClose(() => done(false));
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await opening?.catch(() => {});
      const t = inner;
      inner = null;
      for (const stop of innerStops) stop();
      innerStops = [];
      linkListeners.clear();
      if (t) await t.close().catch(() => {});
      listeners.emitClose();
    },
  };
}

/** The serial port at `path`, reopened with backoff whenever it goes away. */
export function openReopeningSerialTransport(opts: {
  path: string;
  baudRate?: number;
  backoff?: Partial<Backoff>;
  now?: () => Date;
}): Promise<ReopeningTransport> {
  const baudRate = opts.baudRate ?? 115200;
  return openReopeningTransport({
    description: `serial ${opts.path} @${baudRate}`,
    open: () => openSerialTransport({ path: opts.path, baudRate }),
    ...(opts.backoff ? { backoff: opts.backoff } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
}
