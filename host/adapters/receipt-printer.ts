// The receipt: ESC/POS bytes rendered from the service's content and sent to the printer over
// its transport (tcp://, serial:, usblp:). A job the printer does not confirm is kept (see
// printers/receipt-job-queue.ts) and printed as soon as the printer's status is good again,
// checked every `retryMs` while jobs wait; the citizen is told that no receipt is coming now and
// that it will be printed later.
import type { KioskConfig } from '../../config/kiosk-config.ts';
import type { DeviceHealth } from '../../contract/kiosk-api.ts';
import {
  blockingCondition,
  DEFAULT_PRINTER_FONT,
  PrinterError,
  ReceiptJobQueue,
  ReceiptPrinterClient,
  receiptTransportFromUri,
  renderReceiptEscPos,
  type PrinterErrorKind,
  type PrinterFont,
  type ReceiptPrinterStatus,
} from '../../printers/index.ts';
import { errorText, type Logger } from '../log.ts';
import { OutputUnavailable, type ReceiptContent, type ReceiptPrinterPort } from '../ports.ts';

export interface ReceiptPrinterAdapterOptions {
  /** Keeps unconfirmed jobs across restarts (e.g. DATA_DIR/receipt-queue); in memory without. */
  queueDir?: string | null;
  /** How often the status is read while jobs wait (default 5 s). */
  retryMs?: number;
  /** A kept job older than this is dropped (default 24 h). */
  maxAgeMs?: number;
  /** What the printer's own font draws; lines with other characters print as images. */
  font?: PrinterFont;
  /** Opening the link and each status answer (default 3 s). */
  timeoutMs?: number;
  jobTimeoutMs?: number;
  log?: Logger;
}

export interface ReceiptPrinterAdapter extends ReceiptPrinterPort {
  /** Jobs kept for printing later. */
  pendingJobs(): number;
  /** Prints kept jobs now if the printer can; resolves with how many are still kept. */
  retryKept(): Promise<number>;
  close(): void;
}

/** What the citizen is told when a receipt is kept: why, that none comes now, and when it will. */
const CAUSE: Record<PrinterErrorKind, string> = {
  'paper-out': '回执打印机缺纸',
  'cover-open': '回执打印机舱盖未关好',
  offline: '回执打印机未连接',
  timeout: '回执打印机无响应',
  error: '回执打印机故障',
};
const WHEN: Partial<Record<PrinterErrorKind, string>> = {
  'paper-out': '工作人员加纸后',
  'cover-open': '舱盖关好后',
};
const keptMessage = (kind: PrinterErrorKind) =>
  `${CAUSE[kind]}，本次不出回执；回执已保留，${WHEN[kind] ?? '打印机恢复后'}自动补打`;

function condition(s: ReceiptPrinterStatus): string {
  const parts = [
    s.coverOpen && 'cover open',
    s.paperOut && 'paper out',
    !s.paperOut && s.paperNearEnd && 'paper near end',
    s.error && 'error',
    !s.online && 'offline',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'ready';
}

export function openReceiptPrinter(
  config: KioskConfig['receiptPrinter'] & { font?: PrinterFont },
  opts: ReceiptPrinterAdapterOptions = {},
): ReceiptPrinterAdapter {
  const transport = receiptTransportFromUri(config.uri);
  const printer = new ReceiptPrinterClient(transport, {
    timeoutMs: opts.timeoutMs ?? 3000,
    ...(opts.jobTimeoutMs !== undefined ? { jobTimeoutMs: opts.jobTimeoutMs } : {}),
  });
  const queue = new ReceiptJobQueue({ dir: opts.queueDir ?? null, maxAgeMs: opts.maxAgeMs });
  const font = opts.font ?? config.font ?? DEFAULT_PRINTER_FONT;
  const where = transport.description;
  let lastError: string | undefined;
  let timer: ReturnType<typeof setInterval> | null = null;
  // One conversation with the printer at a time: a new receipt, a retry and a status read never
  // interleave on the wire.
  let busy: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = busy.then(fn, fn);
    busy = run.catch(() => undefined);
    return run;
  };
  const noteFailure = (err: unknown) => {
    lastError = `${new Date().toISOString()} ${err instanceof PrinterError ? err.kind : 'error'}: ${errorText(err)}`;
  };

  /** Prints kept jobs in order until one fails; its error, or null when none is left. */
  async function drain(): Promise<unknown> {
    for (const job of queue.list()) {
      try {
        await printer.print(job.bytes);
      } catch (err) {
        noteFailure(err);
        return err;
      }
      queue.remove(job.id);
      opts.log?.info('receipt.reprinted', {
        waitedSeconds: Math.round((Date.now() - job.createdAt) / 1000),
      });
    }
    stopRetrying();
    return null;
  }

  function startRetrying() {
    if (timer) return;
    timer = setInterval(() => void retryKept(), opts.retryMs ?? 5000);
    timer.unref();
  }
  function stopRetrying() {
    if (timer && queue.size() === 0) {
      clearInterval(timer);
      timer = null;
    }
  }

  function retryKept(): Promise<number> {
    return exclusive(async () => {
      if (queue.size() === 0) return 0;
      try {
        // Only a printer that says it is ready gets the kept jobs (a status read is cheap).
        if (blockingCondition(await printer.status()) !== null) return queue.size();
      } catch (err) {
        noteFailure(err);
        return queue.size();
      }
      await drain();
      return queue.size();
    });
  }

  // Jobs kept by an earlier run are printed once the printer is ready.
  if (queue.size() > 0) startRetrying();

  return {
    print(content: ReceiptContent) {
      const bytes = renderReceiptEscPos(content, { paperWidth: config.paperWidth, font });
      return exclusive(async () => {
        // Earlier receipts first, so the paper comes out in the order people were served.
        let failure = queue.size() > 0 ? await drain() : null;
        if (failure === null) {
          try {
            await printer.print(bytes);
            return;
          } catch (err) {
            noteFailure(err);
            failure = err;
          }
        }
        queue.add(bytes);
        startRetrying();
        const kind: PrinterErrorKind = failure instanceof PrinterError ? failure.kind : 'error';
        opts.log?.warn('receipt.kept', { kind, kept: queue.size(), persistent: queue.persistent });
        throw new OutputUnavailable(keptMessage(kind));
      });
    },

    async health(): Promise<DeviceHealth> {
      const checkedAt = new Date().toISOString();
      const kept = queue.size();
      const keptNote = kept > 0 ? `; ${kept} receipt(s) kept for reprint` : '';
      let s: ReceiptPrinterStatus;
      try {
        s = await exclusive(() => printer.status());
      } catch (err) {
        noteFailure(err);
        return {
          device: 'receipt-printer',
          state: 'offline',
          detail: `${where}: ${errorText(err)}${keptNote}`,
          checkedAt,
          lastError: lastError!,
        };
      }
      const detail = `${where} ${condition(s)}${keptNote}`;
      const blocked = blockingCondition(s);
      // The paper sensor's word, for fleet monitoring (paper-low / paper-out alerts).
      const paper: DeviceHealth['paper'] = s.paperOut ? 'out' : s.paperNearEnd ? 'low' : 'ok';
      const extra = { ...(lastError ? { lastError } : {}), paper };
      if (blocked === 'offline')
        return { device: 'receipt-printer', state: 'offline', detail, checkedAt, ...extra };
      if (blocked)
        return { device: 'receipt-printer', state: 'fault', detail, checkedAt, ...extra };
      // Ready again: print what was kept without waiting for the next retry.
      if (kept > 0) void retryKept();
      if (s.paperNearEnd || kept > 0)
        return { device: 'receipt-printer', state: 'warning', detail, checkedAt, ...extra };
      return { device: 'receipt-printer', state: 'ok', detail, checkedAt, ...extra };
    },

    pendingJobs: () => queue.size(),
    retryKept,
    close() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
