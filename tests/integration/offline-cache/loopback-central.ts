// A tiny central platform for the sync tests: a real HTTP server on 127.0.0.1 that implements
// the intake contract (contract/central-api.ts) idempotently in memory, and can be made to fail
// the ways a real one does: down, slow, 500, 400, or cutting the connection after it committed.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  CENTRAL_PATHS,
  RatingRequest,
  SubmissionRequest,
  type SubmissionAck,
} from '../../../contract/central-api.ts';

export type CentralMode = 'up' | 'slow' | 'error500' | 'reject400' | 'reset-after-commit';

interface Stored {
  trackingCode: string;
  answer: Record<string, unknown>;
}

export interface LoopbackCentral {
  readonly url: string;
  /** Applies to the next `times` POSTs (all of them when omitted), then back to 'up'. */
  setMode(mode: CentralMode, opts?: { times?: number; delayMs?: number }): void;
  /** Stops listening and drops open connections: connection refused until up(). */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Records held, by idempotency key. */
  readonly submissions: Map<string, Stored>;
  readonly ratings: Map<string, Stored>;
  recordsFor(trackingCode: string): number;
  /** POSTs received for a key, whatever their fate. */
  postsFor(key: string): number;
  /** The most POSTs for one key the server was handling at the same moment. */
  maxConcurrentFor(key: string): number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startLoopbackCentral(): Promise<LoopbackCentral> {
  const submissions = new Map<string, Stored>();
  const ratings = new Map<string, Stored>();
  const posts = new Map<string, number>();
  const concurrent = new Map<string, number>();
  const maxConcurrent = new Map<string, number>();
  let mode: CentralMode = 'up';
  let remaining = Infinity;
  let delayMs = 1000;
  const sockets = new Set<Socket>();

  const takeMode = (): CentralMode => {
    if (mode === 'up' || remaining <= 0) return 'up';
    const taken = mode;
    if (--remaining <= 0) mode = 'up';
    return taken;
  };

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  async function readJson(req: http.IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return undefined;
    }
  }

  function commit(
    table: Map<string, Stored>,
    key: string,
    trackingCode: string,
    answer: () => Record<string, unknown>,
  ) {
    const stored = table.get(key);
    if (stored) return { status: 200, body: { ...stored.answer, replayed: true } };
    const fresh = { trackingCode, answer: answer() };
    table.set(key, fresh);
    return { status: 201, body: { ...fresh.answer, replayed: false } };
  }

  async function intake(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    kind: 'submission' | 'rating',
  ) {
    const parsed = (kind === 'submission' ? SubmissionRequest : RatingRequest).safeParse(
      await readJson(req),
    );
    if (!parsed.success) return send(res, 400, { error: 'invalid_request', message: 'bad body' });
    const body = parsed.data;
    if (req.headers['x-kiosk-id'] !== body.kioskId) {
      return send(res, 400, { error: 'kiosk_mismatch', message: 'x-kiosk-id does not match' });
    }
    const key = body.idempotencyKey;
    posts.set(key, (posts.get(key) ?? 0) + 1);
    const now = (concurrent.get(key) ?? 0) + 1;
    concurrent.set(key, now);
    maxConcurrent.set(key, Math.max(maxConcurrent.get(key) ?? 0, now));
    try {
      const m = takeMode();
      if (m === 'error500') return send(res, 500, { error: 'internal', message: 'try later' });
      if (m === 'reject400') return send(res, 400, { error: 'item_unknown', message: 'refused' });
      if (m === 'slow') await sleep(delayMs);
      const answer =
        kind === 'submission'
          ? commit(
              submissions,
              key,
              body.trackingCode,
              () =>
                ({
                  trackingCode: body.trackingCode,
                  status: 'received',
                  receivedAt: new Date().toISOString(),
                }) satisfies Omit<SubmissionAck, 'replayed'>,
            )
          : commit(ratings, key, body.trackingCode, () => ({ trackingCode: body.trackingCode }));
      // Committed, but the kiosk never hears it: the lost-acknowledgement case.
      if (m === 'reset-after-commit') return void req.socket.resetAndDestroy();
      send(res, answer.status, answer.body);
    } finally {
      concurrent.set(key, (concurrent.get(key) ?? 1) - 1);
    }
  }

  const server = http.createServer((req, res) => {
    const handle = async () => {
      if (req.method === 'GET' && req.url === CENTRAL_PATHS.health) {
        return mode === 'error500'
          ? send(res, 500, { error: 'internal', message: 'x' })
          : send(res, 200, { ok: true });
      }
      if (req.method === 'POST' && req.url === CENTRAL_PATHS.submissions)
        return intake(req, res, 'submission');
      if (req.method === 'POST' && req.url === CENTRAL_PATHS.ratings)
        return intake(req, res, 'rating');
      send(res, 404, { error: 'not_found', message: 'no such route' });
    };
    handle().catch(() => req.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;

  const down = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  return {
    url: `http://127.0.0.1:${port}`,
    setMode(next, opts = {}) {
      mode = next;
      remaining = opts.times ?? Infinity;
      if (opts.delayMs !== undefined) delayMs = opts.delayMs;
    },
    down,
    up: () => (server.listening ? Promise.resolve() : listen(port)),
    submissions,
    ratings,
    recordsFor: (trackingCode) =>
      [...submissions.values()].filter((s) => s.trackingCode === trackingCode).length,
    postsFor: (key) => posts.get(key) ?? 0,
    maxConcurrentFor: (key) => maxConcurrent.get(key) ?? 0,
    close: down,
  };
}
