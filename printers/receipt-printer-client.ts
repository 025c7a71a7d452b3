// The ESC/POS side of a receipt printer, over any transport (receipt-transport.ts). Before a job
// it reads the real-time status (DLE EOT 1..4) and refuses to send into an empty roll or an open
// cover; after the job it asks for GS r 1, whose answer comes only once the printer has worked
// through the job, and reads the status again, so "printed" means the printer said so.
import { realtimeStatusRequest, TRANSMIT_PAPER_STATUS } from './escpos-commands.ts';
import type { RealtimeStatusKind } from './escpos-commands.ts';
import {
  interpretStatus,
  isPaperStatusByte,
  isRealtimeStatusByte,
  type ReceiptPrinterStatus,
} from './escpos-status.ts';
import { PrinterError, type PrinterErrorKind } from './printer-error.ts';
import type { ReceiptLink, ReceiptTransport } from './receipt-transport.ts';

export interface ReceiptPrinterClientOptions {
  /** Opening the link and each status answer. */
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

export class ReceiptPrinterClient {
  private readonly jobTimeoutMs: number;

  constructor(
    readonly transport: ReceiptTransport,
    private readonly opts: ReceiptPrinterClientOptions,
  ) {
    this.jobTimeoutMs = opts.jobTimeoutMs ?? 15_000;
  }

  private get where(): string {
    return `receipt printer ${this.transport.description}`;
  }

  async status(): Promise<ReceiptPrinterStatus> {
    const link = await this.open();
    try {
      return await link.readStatus();
    } finally {
      await link.close();
    }
  }

  async print(bytes: Buffer): Promise<void> {
    const link = await this.open();
    try {
      const before = blockingCondition(await link.readStatus());
      if (before) throw new PrinterError(before, `${this.where}: ${before}, job not sent`);

      await link.write(Buffer.concat([bytes, TRANSMIT_PAPER_STATUS]));
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

  private async open(): Promise<StatusLink> {
    const link = await this.transport.open(this.opts.timeoutMs);
    return new StatusLink(link, this.opts.timeoutMs, this.where);
  }

  /** Waits for the GS r answer; false when the printer stopped or time ran out first. */
  private async awaitJob(link: StatusLink): Promise<boolean> {
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

/** One open link to the printer, sorting its answers by kind as they arrive. */
class StatusLink {
  private realtime: number[] = [];
  private paper: number[] = [];
  private lost: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly link: ReceiptLink,
    private readonly timeoutMs: number,
    private readonly where: string,
  ) {
    link.onData((chunk) => {
      for (const b of chunk) {
        if (isRealtimeStatusByte(b)) this.realtime.push(b);
        else if (isPaperStatusByte(b)) this.paper.push(b);
      }
      this.wake?.();
    });
    link.onLost((err) => {
      this.lost ??= err;
      this.wake?.();
    });
  }

  async write(bytes: Buffer): Promise<void> {
    try {
      await this.link.write(bytes);
    } catch (err) {
      throw new PrinterError('offline', `${this.where}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Sends DLE EOT n and returns the answer byte. */
  async query(n: RealtimeStatusKind): Promise<number> {
    this.realtime = [];
    await this.write(realtimeStatusRequest(n));
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
      if (this.lost) {
        throw new PrinterError('offline', `${this.where}: ${this.lost.message}`, {
          cause: this.lost,
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

  close(): Promise<void> {
    return this.link.close();
  }
}
