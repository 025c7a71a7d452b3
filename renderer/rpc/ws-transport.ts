// The browser shell's transport: one WebSocket to the host, requests matched to responses by id,
// each with its own deadline, and reconnection with backoff when the socket drops.
// Personal data passes through here (card reads, forms), so nothing is kept once a request is
// settled: a pending entry holds only its callbacks (and its frame until it is sent) and is
// deleted on answer, timeout or loss of the connection.
import type { KioskMethod } from '../../contract/kiosk-api.ts';
import { RpcError, type RpcErrorCode } from '../../contract/rpc.ts';
import {
  DISCONNECTED_MESSAGE,
  reconnectDelayMs,
  requestTimeoutMs,
  TIMEOUT_MESSAGE,
} from './request-timeout.ts';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** What the transport needs of a socket; the browser's WebSocket and `ws` both fit behind it. */
export interface SocketHandle {
  send(frame: string): void;
  close(): void;
}
export interface SocketEvents {
  open(): void;
  message(frame: string): void;
  close(): void;
}
export type OpenSocket = (url: string, protocols: string[], on: SocketEvents) => SocketHandle;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WsTransportOptions {
  url: string;
  /** Read at each connection attempt; null when there is no token (nothing to connect with). */
  protocols: () => string[] | null;
  openSocket: OpenSocket;
  timeoutMs?: (method: KioskMethod, params: unknown) => number;
  retryDelayMs?: (attempt: number) => number;
  onState?: (state: ConnectionState) => void;
  timers?: Timers;
}

export interface WsTransport {
  send(method: KioskMethod, params: unknown): Promise<unknown>;
  state(): ConnectionState;
  /** Requests in flight or waiting for the socket (for tests: it must drop back to 0). */
  pendingCount(): number;
  close(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: unknown;
  /** The serialized request until it is on the wire; then null. */
  frame: string | null;
}

const RPC_ERROR_CODES: readonly RpcErrorCode[] = ['bad-request', 'unknown-method', 'failed'];

export function createWsTransport(opts: WsTransportOptions): WsTransport {
  const timers: Timers = opts.timers ?? {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
  };
  const timeoutMs = opts.timeoutMs ?? requestTimeoutMs;
  const retryDelayMs = opts.retryDelayMs ?? reconnectDelayMs;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: SocketHandle | null = null;
  let open = false;
  let stopped = false;
  let attempt = 0;
  let retryTimer: unknown = null;
  let current: ConnectionState = 'closed';

  const setState = (state: ConnectionState) => {
    if (state === current) return;
    current = state;
    opts.onState?.(state);
  };

  function settle(id: number): Pending | undefined {
    const entry = pending.get(id);
    if (!entry) return undefined;
    pending.delete(id);
    timers.clearTimeout(entry.timer);
    return entry;
  }

  function flush() {
    if (!open || !socket) return;
    for (const entry of pending.values()) {
      if (entry.frame === null) continue;
      const frame = entry.frame;
      entry.frame = null;
      socket.send(frame);
    }
  }

  function onMessage(frame: string) {
    let message: unknown;
    try {
      message = JSON.parse(frame);
    } catch {
      return;
    }
    if (!message || typeof message !== 'object') return;
    const { id, result, error } = message as { id?: unknown; result?: unknown; error?: unknown };
    if (typeof id !== 'number') return;
    const entry = settle(id);
    if (!entry) return; // timed out earlier: the answer has nobody waiting for it
    if (error && typeof error === 'object') {
      const { code, message: text } = error as { code?: unknown; message?: unknown };
      const known = RPC_ERROR_CODES.find((c) => c === code) ?? 'failed';
      entry.reject(new RpcError(known, typeof text === 'string' ? text : 'request failed'));
    } else {
      entry.resolve(result);
    }
  }

  function onClose() {
    socket = null;
    open = false;
    // Requests already on the wire will never be answered on a new socket; the others wait.
    for (const [id, entry] of [...pending]) {
      if (entry.frame === null) settle(id)?.reject(new RpcError('failed', DISCONNECTED_MESSAGE));
    }
    if (stopped) {
      setState('closed');
      return;
    }
    setState('connecting');
    const delay = retryDelayMs(attempt++);
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  }

  function connect() {
    if (stopped) return;
    setState('connecting');
    const protocols = opts.protocols();
    if (!protocols) {
      onClose();
      return;
    }
    let handle: SocketHandle | null = null;
    // Events of an older socket (after a reconnect) must not touch the current one.
    const mine = () => handle !== null && socket === handle;
    try {
      handle = opts.openSocket(opts.url, protocols, {
        open: () => {
          if (!mine()) return;
          open = true;
          attempt = 0;
          setState('open');
          flush();
        },
        message: (frame) => {
          if (mine()) onMessage(frame);
        },
        close: () => {
          if (mine()) onClose();
        },
      });
      socket = handle;
    } catch {
      onClose();
    }
  }

  connect();

  return {
    send(method, params) {
      if (stopped) return Promise.reject(new RpcError('failed', DISCONNECTED_MESSAGE));
      const id = nextId++;
      const frame = JSON.stringify({ id, method, params });
      return new Promise((resolve, reject) => {
        const timer = timers.setTimeout(
          () => {
            settle(id)?.reject(new RpcError('failed', TIMEOUT_MESSAGE));
          },
          timeoutMs(method, params),
        );
        pending.set(id, { resolve, reject, timer, frame });
        flush();
      });
    },
    state: () => current,
    pendingCount: () => pending.size,
    close() {
      stopped = true;
      if (retryTimer !== null) timers.clearTimeout(retryTimer);
      retryTimer = null;
      for (const id of [...pending.keys()]) {
        settle(id)?.reject(new RpcError('failed', DISCONNECTED_MESSAGE));
      }
      const handle = socket;
      socket = null;
      open = false;
      handle?.close();
      setState('closed');
    },
  };
}

/** The browser's WebSocket behind OpenSocket. */
export const openBrowserSocket: OpenSocket = (url, protocols, on) => {
  const ws = new WebSocket(url, protocols);
  ws.onopen = () => on.open();
  ws.onmessage = (event: MessageEvent) => {
    if (typeof event.data === 'string') on.message(event.data);
  };
  // An error is always followed by close; close alone drives reconnection.
  ws.onclose = () => on.close();
  return {
    send: (frame) => ws.send(frame),
    close: () => ws.close(),
  };
};
