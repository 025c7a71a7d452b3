// A receipt printer on the network (raw TCP, port 9100). Before a job it reads the real-time
// status (DLE EOT 1..4) and refuses to send into an empty roll or an open cover; after the job
// it asks for GS r 1, whose answer comes only once the printer has worked through the job, and
// reads the status again, so "printed" means the printer said so.
import net from 'node:net';
import { realtimeStatusRequest, TRANSMIT_PAPER_STATUS } from './escpos-commands.ts';
import type { RealtimeStatusKind } from './escpos-commands.ts';
import {
  interpretStatus,
  isPaperStatusByte,
  isRealtimeStatusByte,
  type ReceiptPrinterStatus,
} from './escpos-status.ts';
import { PrinterError, type PrinterErrorKind } from './printer-error.ts';

export interface TcpReceiptPrinterOptions {
  host: string;
  port: number;
  /** Connecting and each status answer. */
  timeoutMs: number;
  /** How long a job may take to print before it counts as failed (default 15 s). */
  jobTimeoutMs?: number;
}

/** How often the status is read while a job prints, to stop waiting at once when paper runs out. */
const POLL_MS = 250;

/** The condition that stops a job, most actionable first; null when the printer can print. */
export function blockingCondition(s: ReceiptPrinterStatus): PrinterErrorKind | null {
  if (s.coverOpen) return 'cover-open';
  if (s.paperOut) return 'paper-out';
  if (s.error) return 'error';
  if (!s.online) return 'offline';
  return null;
}

export class TcpReceiptPrinter {
  private readonly jobTimeoutMs: number;

  constructor(private readonly opts: TcpReceiptPrinterOptions) {
    this.jobTimeoutMs = opts.jobTimeoutMs ?? 15_000;
  }

  private get where(): string {
    return `receipt printer ${this.opts.host}:${this.opts.port}`;
  }

  async status(): Promise<ReceiptPrinterStatus> {
    const link = await PrinterLink.open(this.opts, this.where);
    try {
      return await link.readStatus();
    } finally {
      await link.close();
    }
  }

  async print(bytes: Buffer): Promise<void> {
    const link = await PrinterLink.open(this.opts, this.where);
    try {
      const before = blockingCondition(await link.readStatus());
      if (before) throw new PrinterError(before, `${this.where}: ${before}, job not sent`);

      link.write(Buffer.concat([bytes, TRANSMIT_PAPER_STATUS]));
      const confirmed = await this.awaitJob(link);

      const after = blockingCondition(await link.readStatus());
      if (after) throw new PrinterError(after, `${this.where}: ${after} during the job`);
      if (!confirmed) {
        throw new PrinterError(
          'timeout',
          `${this.where}: job not confirmed in ${this.jobTimeoutMs} ms`,
        );
      }
    } finally {
      await link.close();
    }
  }

  /** Waits for the GS r answer; false when the printer stopped or time ran out first. */
  private async awaitJob(link: PrinterLink): Promise<boolean> {
    const deadline = Date.now() + this.jobTimeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      if ((await link.paperStatus(Math.min(POLL_MS, left))) !== null) return true;
      // DLE EOT 2 is answered at once, even mid-job: cover open, paper end, error.
      if (((await link.query(2)) & 0x64) !== 0) return false;
    }
  }
}

/** One TCP connection to the printer, sorting its answers by kind as they arrive. */
class PrinterLink {
  private realtime: number[] = [];
  private paper: number[] = [];
  private closed: Error | null = null;
  private wake: (() => void) | null = null;

  private constructor(
    private readonly socket: net.Socket,
    private readonly timeoutMs: number,
    private readonly where: string,
  ) {
    socket.on('data', (chunk: Buffer) => {
      for (const b of chunk) {
        if (isRealtimeStatusByte(b)) this.realtime.push(b);
        else if (isPaperStatusByte(b)) this.paper.push(b);
      }
      this.wake?.();
    });
    socket.on('error', (err) => {
      this.closed ??= err;
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed ??= new Error('connection closed');
      this.wake?.();
    });
  }

  static open(opts: { host: string; port: number; timeoutMs: number }, where: string) {
    return new Promise<PrinterLink>((resolve, reject) => {
      const socket = net.connect({ host: opts.host, port: opts.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new PrinterError('offline', `${where}: no connection in ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new PrinterLink(socket, opts.timeoutMs, where));
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new PrinterError('offline', `${where}: ${err.code ?? err.message}`, { cause: err }));
      });
    });
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Sends DLE EOT n and returns the answer byte. */
  async query(n: RealtimeStatusKind): Promise<number> {
    this.realtime = [];
    this.socket.write(realtimeStatusRequest(n));
    const answer = await this.next(this.realtime, this.timeoutMs);
    if (answer === null) {
      throw new PrinterError('timeout', `${this.where}: no answer to DLE EOT ${n}`);
    }
    return answer;
  }

  async readStatus(): Promise<ReceiptPrinterStatus> {
    const answers = { 1: 0, 2: 0, 3: 0, 4: 0 };
    for (const n of [1, 2, 3, 4] as const) answers[n] = await this.query(n);
    return interpretStatus(answers);
  }

  /** The next GS r answer, or null after `ms`. */
  paperStatus(ms: number): Promise<number | null> {
    return this.next(this.paper, ms);
  }

  private async next(queue: number[], ms: number): Promise<number | null> {
    const deadline = Date.now() + ms;
    while (queue.length === 0) {
      if (this.closed) {
        throw new PrinterError('offline', `${this.where}: ${this.closed.message}`, {
          cause: this.closed,
        });
      }
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    return queue.shift()!;
  }

  /** Half-closes and waits for the printer to close its side: the job is complete there. */
  close(): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.socket.destroy();
        resolve();
      }, this.timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.end();
    });
  }
}
