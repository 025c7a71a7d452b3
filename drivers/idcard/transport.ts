// A byte stream to or from a reader: a serial port, or an in-process pair for the demo and tests.
// The protocol code sees only this interface, so the simulator can sit behind either.
import { SerialPort } from 'serialport';

export interface ByteTransport {
  write(bytes: Uint8Array): Promise<void>;
  /** Chunks arrive in order, split anywhere. Returns an unsubscribe function. */
  onData(cb: (chunk: Uint8Array) => void): () => void;
  /** Called once when the stream ends; `err` when it was lost rather than closed. */
  onClose(cb: (err?: Error) => void): () => void;
  close(): Promise<void>;
  /** For health and logs, e.g. `serial /dev/ttyUSB0 @115200`. */
  readonly description: string;
  /**
   * Only transports that reopen by themselves after an outage (reopening-transport.ts): their
   * onClose fires on close() alone, and the link going down and up is reported here instead.
   */
  onLinkChange?(cb: (link: LinkState) => void): () => void;
  /** With onLinkChange: the link as it is now. */
  readonly link?: LinkState;
}

export interface LinkState {
  up: boolean;
  /** ISO time the link went up or down. */
  since: string;
  /** Failed reopen attempts since it went down. */
  attempts: number;
  /** Why it went down, or why the last reopen failed (technician-facing). */
  lastError: string | null;
}

/** Listener bookkeeping shared by the transports. */
export class Listeners {
  private data: ((chunk: Uint8Array) => void)[] = [];
  private closeCbs: ((err?: Error) => void)[] = [];
  closed = false;

  onData(cb: (chunk: Uint8Array) => void): () => void {
    this.data.push(cb);
    return () => {
      this.data = this.data.filter((c) => c !== cb);
    };
  }

  onClose(cb: (err?: Error) => void): () => void {
    if (this.closed) {
      queueMicrotask(() => cb());
      return () => {};
    }
    this.closeCbs.push(cb);
    return () => {
      this.closeCbs = this.closeCbs.filter((c) => c !== cb);
    };
  }

  emitData(chunk: Uint8Array): void {
    // In registration order: a listener registered first sees each chunk first.
    for (const cb of [...this.data]) cb(chunk);
  }

  emitClose(err?: Error): void {
    if (this.closed) return;
    this.closed = true;
    const cbs = this.closeCbs;
    this.closeCbs = [];
    this.data = [];
    for (const cb of cbs) cb(err);
  }
}

export async function openSerialTransport(opts: {
  path: string;
  baudRate?: number;
}): Promise<ByteTransport> {
  const baudRate = opts.baudRate ?? 115200;
  const port = new SerialPort({
    path: opts.path,
    baudRate,
    dataBits: 8,
    parity: 'none',
    stopBits: 1,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const listeners = new Listeners();
  port.on('data', (buf: Buffer) =>
    listeners.emitData(new Uint8Array(buf.buffer, buf.byteOffset, buf.length)),
  );
  port.on('close', (err?: Error | null) => listeners.emitClose(err ?? undefined));
  // Errors also surface as failed writes or a close event; an unhandled 'error' would crash.
  port.on('error', () => {});
  return {
    description: `serial ${opts.path} @${baudRate}`,
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (!port.isOpen) return reject(new Error('serial port is closed'));
        port.write(Buffer.from(bytes), (err) => (err ? reject(err) : resolve()));
      }),
    onData: (cb) => listeners.onData(cb),
    onClose: (cb) => listeners.onClose(cb),
    close: () =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) return resolve();
        port.close(() => resolve());
      }),
  };
}

export interface InProcessPairOptions {
  /** Split each write into random pieces (as a serial line may), delivered in order. */
  split?: boolean;
  /** Random source for splitting (for reproducible tests). */
  random?: () => number;
}

/**
 * Two connected ends: bytes written to one arrive, asynchronously and in order, at the other.
 * Closing either end closes both.
 */
export function createInProcessPair(
  opts: InProcessPairOptions = {},
): [ByteTransport, ByteTransport] {
  const random = opts.random ?? Math.random;
  const ends = [new Listeners(), new Listeners()] as const;
  const closeBoth = () => {
    for (const end of ends) end.emitClose();
  };
  const make = (self: Listeners, peer: Listeners, name: string): ByteTransport => ({
    description: `in-process ${name}`,
    async write(bytes) {
      if (self.closed) throw new Error('in-process transport is closed');
      const copy = Uint8Array.from(bytes);
      const pieces: Uint8Array[] = [];
      if (opts.split && copy.length > 1) {
        for (let at = 0; at < copy.length;) {
          const n = 1 + Math.floor(random() * Math.min(64, copy.length - at));
          pieces.push(copy.subarray(at, at + n));
          at += n;
        }
      } else {
        pieces.push(copy);
      }
      // setImmediate callbacks run in the order scheduled, so pieces keep their order.
      for (const piece of pieces) setImmediate(() => peer.closed || peer.emitData(piece));
    },
    onData: (cb) => self.onData(cb),
    onClose: (cb) => self.onClose(cb),
    async close() {
      closeBoth();
    },
  });
  return [make(ends[0], ends[1], 'host end'), make(ends[1], ends[0], 'device end')];
}
