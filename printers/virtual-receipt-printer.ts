// A receipt printer that is a program. Its protocol core runs over any byte stream: it answers
// DLE EOT status requests at once and GS r in order with the data, like a real printer, and keeps
// each job, decoded, as .bin (the bytes), .txt (the text) and .png (a picture of the paper).
// Over TCP (port 9100 style) a connection's bytes are one job; over a stream without
// connections (a serial line) a job ends at the GS r that follows it, or after a pause.
// Status-only exchanges are not jobs. With paper out or the cover open it prints nothing: the
// job is dropped, GS r goes unanswered, and the status says why.
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { SerialPort } from 'serialport';
import type { RealtimeStatusKind } from './escpos-commands.ts';
import { EscPosDecoder, type DecodedReceipt } from './escpos-decoder.ts';
import { paperStatusByte, realtimeStatusByte, type PrinterMode } from './escpos-status.ts';
import { renderReceiptPng } from './receipt-png.ts';

export interface VirtualReceiptJob {
  bytes: Buffer;
  decoded: DecodedReceipt;
  /** The raw bytes as written to outDir, or null without an outDir. */
  file: string | null;
}

export type ModeChange = Partial<PrinterMode>;

/** The printer, whatever carries its bytes. */
export interface VirtualReceiptPrinterPeer {
  jobs: VirtualReceiptJob[];
  setMode(m: ModeChange): void;
  mode(): PrinterMode;
  close(): Promise<void>;
}

export interface VirtualReceiptPrinter extends VirtualReceiptPrinterPeer {
  port: number;
}

export interface VirtualReceiptPrinterOptions {
  outDir?: string;
  /** Dots across the paper for the .png: 576 (80 mm, default) or 384 (58 mm). */
  paperDots?: number;
  /** Starting mode (e.g. paper out). */
  mode?: ModeChange;
  /** Called after each kept job (e.g. for a console line); never with job contents. */
  onJob?(job: VirtualReceiptJob): void;
}

const stopped = (m: PrinterMode) => m.paperOut || m.coverOpen || m.error;

/** The next free job number in dir (jobs of an earlier run are kept). */
function nextJobNumber(dir: string): number {
  let last = 0;
  for (const name of readdirSync(dir)) {
    const m = /^(\d+)\.bin$/.exec(name);
    if (m) last = Math.max(last, Number(m[1]));
  }
  return last + 1;
}

/** The job as text, in the order it came out: lines, QR payloads, images and the cut. */
export function formatDecoded(decoded: DecodedReceipt): string {
  // decoded.text has one line per text block (positions padded with spaces), trailing blank
  // lines left out.
  const textLines = decoded.text.split('\n');
  let t = 0;
  const out = decoded.blocks.map((b) => {
    if (b.kind === 'text') return textLines[t++] ?? '';
    if (b.kind === 'qr') return `[QR] ${b.data}`;
    if (b.kind === 'image') return `[IMAGE ${b.width}x${b.height}]`;
    return '[CUT]';
  });
  return out.join('\n') + '\n';
}

/** One stream into the printer (a TCP connection, a serial line). */
export interface PrinterSession {
  push(chunk: Buffer): void;
  /** The stream ended: what was received since the last job is a job. */
  end(): void;
}

/** The printer's state, jobs and files; sessions feed it bytes. */
export class VirtualReceiptPrinterCore {
  readonly jobs: VirtualReceiptJob[] = [];
  private readonly state: PrinterMode = {
    paperOut: false,
    coverOpen: false,
    paperNearEnd: false,
    error: false,
  };
  private readonly sessions = new Set<{ dropJob(): void; hasJob(): boolean }>();
  private readonly outDir: string | null;
  private jobNumber = 1;

  constructor(private readonly opts: VirtualReceiptPrinterOptions = {}) {
    this.outDir = opts.outDir ? path.resolve(opts.outDir) : null;
    if (this.outDir) {
      mkdirSync(this.outDir, { recursive: true, mode: 0o700 });
      this.jobNumber = nextJobNumber(this.outDir);
    }
    if (opts.mode) this.setMode(opts.mode);
  }

  mode(): PrinterMode {
    return { ...this.state };
  }

  setMode(m: ModeChange): void {
    for (const key of ['paperOut', 'coverOpen', 'paperNearEnd', 'error'] as const) {
      if (m[key] !== undefined) this.state[key] = m[key];
    }
    // A job being received when the printer stops does not come out.
    if (stopped(this.state)) for (const s of this.sessions) if (s.hasJob()) s.dropJob();
  }

  private keep(bytes: Buffer, decoded: DecodedReceipt): void {
    let file: string | null = null;
    if (this.outDir) {
      const base = path.join(this.outDir, String(this.jobNumber++).padStart(4, '0'));
      // Receipts carry masked personal data: owner-only files. The .bin appears last and whole
      // (rename), so a reader polling for it finds the .txt and .png already there.
      writeFileSync(`${base}.txt`, formatDecoded(decoded), { mode: 0o600 });
      try {
        writeFileSync(`${base}.png`, renderReceiptPng(decoded, this.opts.paperDots ?? 576), {
          mode: 0o600,
        });
      } catch {
        // No CJK font: the text and bytes still tell what was printed.
      }
      writeFileSync(`${base}.bin.tmp`, bytes, { mode: 0o600 });
      renameSync(`${base}.bin.tmp`, `${base}.bin`);
      file = `${base}.bin`;
    }
    const job = { bytes, decoded, file };
    this.jobs.push(job);
    this.opts.onJob?.(job);
  }

  /**
   * A stream of bytes from the host; `write` answers it. `idleMs`: a job also ends after that
   * long without bytes (for streams whose sender may not end jobs with GS r).
   */
  attach(write: (bytes: Buffer) => void, opts: { idleMs?: number } = {}): PrinterSession {
    let pending = Buffer.alloc(0); // bytes since the current job started
    let jobStart = 0; // their offset in the stream
    let dropped = false;
    let idle: ReturnType<typeof setTimeout> | null = null;
    const finishJob = (end: number) => {
      const bytes = Buffer.from(pending.subarray(0, end - jobStart));
      pending = pending.subarray(end - jobStart);
      jobStart = end;
      const had = decoder.hasJobData;
      const decoded = decoder.takeJob();
      const kept = had && !dropped;
      dropped = false;
      if (kept) this.keep(bytes, decoded);
      return kept;
    };
    const decoder = new EscPosDecoder({
      onRealtimeStatus: (n, end) => {
        // Status requests before a job are not part of it.
        if (!decoder.hasJobData) {
          pending = pending.subarray(end - jobStart);
          jobStart = end;
        }
        if (n >= 1 && n <= 4) {
          write(Buffer.from([realtimeStatusByte(n as RealtimeStatusKind, this.state)]));
        }
      },
      onTransmitStatus: (_n, end) => {
        // A stopped printer does not work through its buffer, so GS r goes unanswered.
        if (stopped(this.state)) dropped = dropped || decoder.hasJobData;
        finishJob(end);
        if (!stopped(this.state)) write(Buffer.from([paperStatusByte(this.state)]));
      },
    });
    const handle = {
      dropJob: () => void (dropped = true),
      hasJob: () => decoder.hasJobData,
    };
    this.sessions.add(handle);
    let total = 0;
    let ended = false;
    return {
      push: (chunk) => {
        if (ended) return;
        pending = Buffer.concat([pending, chunk]);
        total += chunk.length;
        decoder.push(chunk);
        if (decoder.hasJobData && stopped(this.state)) dropped = true;
        if (opts.idleMs !== undefined) {
          if (idle) clearTimeout(idle);
          idle = setTimeout(() => {
            if (decoder.hasJobData) finishJob(total);
          }, opts.idleMs);
          idle.unref();
        }
      },
      end: () => {
        if (ended) return;
        ended = true;
        if (idle) clearTimeout(idle);
        this.sessions.delete(handle);
        if (decoder.hasJobData) finishJob(total);
      },
    };
  }
}

async function listen(server: net.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as net.AddressInfo).port;
}

/** The printer on raw TCP: each connection is a session. */
export async function startVirtualReceiptPrinter(
  opts: { port: number; host?: string } & VirtualReceiptPrinterOptions,
): Promise<VirtualReceiptPrinter> {
  const core = new VirtualReceiptPrinterCore(opts);
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    const session = core.attach((bytes) => {
      if (!socket.destroyed) socket.write(bytes);
    });
    socket.on('data', (chunk: Buffer) => session.push(chunk));
    socket.on('end', () => {
      session.end();
      socket.end();
    });
    socket.on('error', () => session.end());
    socket.on('close', () => {
      session.end();
      sockets.delete(socket);
    });
  });
  const port = await listen(server, opts.port, opts.host ?? '127.0.0.1');
  return {
    port,
    jobs: core.jobs,
    setMode: (m) => core.setMode(m),
    mode: () => core.mode(),
    close() {
      return new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
}

/**
 * The printer on a serial device (one end of a socat pty pair in tests): one long session. It
 * speaks only when asked, so the host opening its end (which flushes buffers) loses nothing.
 */
export async function startSerialVirtualReceiptPrinter(
  opts: { path: string; baudRate?: number } & VirtualReceiptPrinterOptions,
): Promise<VirtualReceiptPrinterPeer> {
  const core = new VirtualReceiptPrinterCore(opts);
  const port = new SerialPort({
    path: opts.path,
    baudRate: opts.baudRate ?? 115200,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  port.on('error', () => {});
  const session = core.attach((bytes) => void (port.isOpen && port.write(bytes)), { idleMs: 1000 });
  port.on('data', (chunk: Buffer) => session.push(chunk));
  return {
    jobs: core.jobs,
    setMode: (m) => core.setMode(m),
    mode: () => core.mode(),
    close: () =>
      new Promise<void>((resolve) => {
        session.end();
        if (!port.isOpen) return resolve();
        port.close(() => resolve());
      }),
  };
}
