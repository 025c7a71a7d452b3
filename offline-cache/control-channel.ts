// The technician's way into a running kiosk's outbox. The kiosk is the one writer (writer-lock.ts),
// so `kiosk24 queue retry` and `kiosk24 sync now` ask it to act instead of writing beside it: one
// JSON request and one JSON answer per connection on a Unix socket in the data folder. The folder
// is 0700 and the socket 0600: whoever can connect could read the outbox key anyway.
// Answers carry counts, keys, tracking codes and error codes: never personal data.
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import type { Outbox, OutboxState, OutboxSummary, RetryOutcome } from './outbox.ts';
import type { SyncEngine, SyncReport, SyncStatus } from './sync-engine.ts';

export type ControlRequest =
  | { op: 'status' }
  | { op: 'list'; state?: OutboxState; limit?: number }
  | { op: 'retry'; id: string }
  | { op: 'sync' };

/** `kiosk24 queue status --json`. */
export interface QueueStatus {
  counts: Record<OutboxState, number>;
  /** Seconds the oldest pending item has waited; null when nothing is pending. */
  oldestPendingAgeSeconds: number | null;
  /** The running kiosk's view of the centre; null when read from the file with no kiosk. */
  sync: SyncStatus | null;
}

export interface RetryAnswer {
  outcome: RetryOutcome;
  item: OutboxSummary | null;
}

export function describeQueue(outbox: Outbox, sync: SyncStatus | null = null): QueueStatus {
  const age = outbox.oldestPendingAgeMs();
  return {
    counts: outbox.counts(),
    oldestPendingAgeSeconds: age === null ? null : Math.round(age / 1000),
    sync,
  };
}

/** What the kiosk does for each request; the same calls the CLI makes when no kiosk runs. */
export async function handleControlRequest(
  outbox: Outbox,
  engine: SyncEngine,
  req: ControlRequest,
): Promise<unknown> {
  switch (req.op) {
    case 'status':
      return describeQueue(outbox, engine.status());
    case 'list':
      return outbox.list({ ...(req.state ? { state: req.state } : {}), limit: req.limit ?? 100 });
    case 'retry': {
      const answer: RetryAnswer = outbox.retryNow(req.id);
      if (answer.outcome === 'requeued' || answer.outcome === 'rescheduled') engine.kick();
      return answer;
    }
    case 'sync':
      return (await engine.syncNow()) satisfies SyncReport;
    default:
      throw new Error('unknown request');
  }
}

export interface ControlServer {
  readonly path: string;
  /** Resolves once the socket listens; rejects if it cannot (the kiosk works on without it). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const MAX_REQUEST = 4096;

/**
 * Serves `handle` on a Unix socket at `socketPath`. Call only while holding the writer lock: a
 * socket file left by a killed kiosk is then known to be stale and is replaced.
 */
export function serveControl(
  socketPath: string,
  handle: (req: ControlRequest) => Promise<unknown>,
): ControlServer {
  const server = net.createServer((socket) => {
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (text: string) => {
      buffered += text;
      if (buffered.length > MAX_REQUEST) return void socket.destroy();
      const end = buffered.indexOf('\n');
      if (end < 0) return;
      socket.pause();
      let req: ControlRequest;
      try {
        req = JSON.parse(buffered.slice(0, end)) as ControlRequest;
      } catch {
        return void socket.end(`${JSON.stringify({ ok: false, error: 'bad request' })}\n`);
      }
      handle(req).then(
        (result) => socket.end(`${JSON.stringify({ ok: true, result })}\n`),
        (err: unknown) =>
          socket.end(
            `${JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) })}\n`,
          ),
      );
    });
  });
  // The kiosk shuts down when told to, not because a technician's socket is open.
  server.unref();
  const ready = new Promise<void>((resolve, reject) => {
    if (existsSync(socketPath)) unlinkSync(socketPath);
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      chmodSync(socketPath, 0o600);
      resolve();
    });
  });
  return {
    path: socketPath,
    ready,
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}

/** No kiosk answers on the socket (none running, or it is not serving). */
export class ControlUnavailableError extends Error {
  constructor(readonly socketPath: string) {
    super(`no running kiosk answers on ${socketPath}`);
    this.name = 'ControlUnavailableError';
  }
}

/** One request to the running kiosk; ControlUnavailableError when nobody listens. */
export function callControl<T>(
  socketPath: string,
  req: ControlRequest,
  timeoutMs = 30_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (!existsSync(socketPath)) return reject(new ControlUnavailableError(socketPath));
    const socket = net.createConnection(socketPath);
    let answer = '';
    let connected = false;
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`the running kiosk did not answer within ${timeoutMs} ms`));
    });
    socket.on('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify(req)}\n`);
    });
    socket.on('data', (text: string) => {
      answer += text;
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected && ['ENOENT', 'ECONNREFUSED'].includes(err.code ?? '')) {
        reject(new ControlUnavailableError(socketPath));
      } else reject(err);
    });
    socket.on('end', () => {
      try {
        const parsed = JSON.parse(answer) as { ok: boolean; result?: T; error?: string };
        if (parsed.ok) resolve(parsed.result as T);
        else reject(new Error(`the running kiosk refused: ${parsed.error ?? 'unknown error'}`));
      } catch {
        reject(new Error('the running kiosk gave an unreadable answer'));
      }
    });
  });
}
