// Where an A4 document goes: a CUPS queue over IPP (`ipp://HOST:PORT/printers/QUEUE`), checked
// before each job and followed until CUPS has it, or a spool folder (`spool:DIR`) when no printer
// is configured. A printer that cannot print is refused up front, with reasons for the
// technician and a message the citizen can trust.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { DeviceHealth } from '../contract/kiosk-api.ts';
import { IppError, IppPrinterClient, type PrinterAttributes } from './ipp-client.ts';
import { ensureSpoolDir, writeSpoolFile } from './spool-folder.ts';

export interface DocumentPrinter {
  /** `jobId` is CUPS's job id when the document went to a printer. */
  print(
    pdf: Buffer,
    jobName: string,
  ): Promise<{ destination: 'printer' | 'spool'; jobId?: number }>;
  health(): Promise<DeviceHealth>;
}

export class DocumentPrinterError extends Error {
  readonly citizenMessage: string;

  constructor(
    message: string,
    /** printer-state-reasons / job-state-reasons keywords, or 'unreachable', 'job-timeout'… */
    readonly reasons: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DocumentPrinterError';
    this.citizenMessage = citizenMessageFor(reasons);
  }
}

const base = (reason: string) => reason.replace(/-(error|warning|report)$/, '');

const CITIZEN: [RegExp, string][] = [
  [/^(media-empty|media-needed|input-tray-missing)$/, 'A4打印机缺纸，暂时无法打印证明'],
  [/^media-jam$/, 'A4打印机卡纸，暂时无法打印证明'],
  [/^(door-open|cover-open|interlock-open)$/, 'A4打印机舱门未关好，暂时无法打印证明'],
  [/^(toner-empty|marker-supply-empty)$/, 'A4打印机墨粉用尽，暂时无法打印证明'],
  [
    /^(offline|unreachable|connecting-to-device|shutdown|timed-out)$/,
    'A4打印机未连接，暂时无法打印证明',
  ],
];

export function citizenMessageFor(reasons: string[]): string {
  for (const [pattern, message] of CITIZEN) {
    if (reasons.some((r) => pattern.test(base(r)))) return message;
  }
  return 'A4打印机暂停服务，暂时无法打印证明';
}

/** Conditions that stop printing (a "-warning" or "-report" of them does not, except offline). */
const BLOCKING = new Set([
  'media-empty',
  'media-needed',
  'media-jam',
  'door-open',
  'cover-open',
  'interlock-open',
  'input-tray-missing',
  'toner-empty',
  'marker-supply-empty',
  'offline',
  'shutdown',
  'paused',
  'stopped',
]);

function blocks(reason: string): boolean {
  if (reason.endsWith('-error')) return true;
  if (reason === 'offline-report') return true; // how CUPS says the device is offline
  return !/-(warning|report)$/.test(reason) && BLOCKING.has(base(reason));
}

/**
 * The printer's reasons, plus the state message when it is a keyword: `cupsdisable -r
 * media-empty` and many backends say why a queue stopped only there.
 */
export function printerReasons(p: PrinterAttributes): string[] {
  const reasons = [...p.reasons];
  const message = p.message.trim();
  if (/^[a-z][a-z0-9-]*$/.test(message) && !reasons.includes(message)) reasons.push(message);
  return reasons;
}

/** Null when the printer can take a job; otherwise why not. */
export function refusal(p: PrinterAttributes): string[] | null {
  const reasons = printerReasons(p);
  if (p.state === 'stopped' || !p.acceptingJobs || reasons.some(blocks)) {
    const why = [...reasons];
    if (p.state === 'stopped' && why.length === 0) why.push('stopped');
    if (!p.acceptingJobs) why.push('not-accepting-jobs');
    return why;
  }
  return null;
}

export interface IppDocumentPrinterOptions {
  timeoutMs?: number;
  /** How long to follow a job before leaving it to CUPS (still pending or processing). */
  followMs?: number;
  pollMs?: number;
}

export function createIppDocumentPrinter(
  uri: string,
  opts: IppDocumentPrinterOptions = {},
): DocumentPrinter {
  const client = new IppPrinterClient(uri, opts.timeoutMs ?? 5000);
  const followMs = opts.followMs ?? 10_000;
  const pollMs = opts.pollMs ?? 250;
  const queue = uri.replace(/^ipp:\/\//, '');

  /** Every failure leaves as a DocumentPrinterError. */
  const asPrinterError = (err: unknown): never => {
    if (err instanceof DocumentPrinterError) throw err;
    const status = err instanceof IppError ? err.status : 'unreachable';
    const reason = status === 'unreachable' ? 'unreachable' : status;
    throw new DocumentPrinterError(`A4 printer ${queue}: ${errorText(err)}`, [reason], {
      cause: err,
    });
  };

  return {
    async print(pdf, jobName) {
      try {
        const before = refusal(await client.printerAttributes());
        if (before) {
          throw new DocumentPrinterError(
            `A4 printer ${queue} refused: ${before.join(', ')}`,
            before,
          );
        }
        const job = await client.printJob(pdf, jobName);
        const deadline = Date.now() + followMs;
        for (let state = job; ;) {
          if (state.state === 'completed') break;
          if (state.state === 'canceled' || state.state === 'aborted') {
            throw new DocumentPrinterError(
              `A4 job ${job.id} on ${queue} ${state.state}: ${state.reasons.join(', ') || 'no reason given'}`,
              [`job-${state.state}`, ...state.reasons],
            );
          }
          if (state.state === 'processing-stopped' || state.state === 'pending-held') {
            // A document that came out later, with nobody at the kiosk, would leave personal data
            // in the tray: withdraw it and say so now.
            const printer = await client.printerAttributes().catch(() => null);
            await client.cancelJob(job.id).catch(() => undefined);
            const reasons = [...(printer ? printerReasons(printer) : []), ...state.reasons];
            throw new DocumentPrinterError(
              `A4 job ${job.id} on ${queue} ${state.state}, withdrawn: ${reasons.join(', ')}`,
              reasons.length > 0 ? reasons : [state.state],
            );
          }
          // Still pending or processing when time is up: CUPS has the job and is printing it.
          if (Date.now() >= deadline) break;
          await new Promise((r) => setTimeout(r, pollMs));
          state = await client.jobAttributes(job.id);
        }
        return { destination: 'printer', jobId: job.id };
      } catch (err) {
        return asPrinterError(err);
      }
    },

    async health() {
      const checkedAt = new Date().toISOString();
      try {
        const p = await client.printerAttributes();
        const reasons = printerReasons(p);
        const refused = refusal(p);
        if (refused) {
          const offline = refused.some((r) => /^(offline|unreachable)/.test(r));
          return {
            device: 'a4-printer',
            state: offline ? 'offline' : 'fault',
            detail: `${queue} ${p.state}: ${refused.join(', ')}`,
            checkedAt,
          };
        }
        if (reasons.some((r) => r.endsWith('-warning') || /-low$/.test(base(r)))) {
          return {
            device: 'a4-printer',
            state: 'warning',
            detail: `${queue}: ${reasons.join(', ')}`,
            checkedAt,
          };
        }
        return { device: 'a4-printer', state: 'ok', detail: `${queue} ${p.state}`, checkedAt };
      } catch (err) {
        return {
          device: 'a4-printer',
          state: 'offline',
          detail: `${queue}: ${errorText(err)}`,
          checkedAt,
        };
      }
    },
  };
}

export function createSpoolDocumentPrinter(dir: string): DocumentPrinter {
  const folder = path.resolve(dir);
  return {
    async print(pdf, jobName) {
      writeSpoolFile(folder, jobName, pdf);
      return { destination: 'spool' };
    },
    async health() {
      const checkedAt = new Date().toISOString();
      try {
        ensureSpoolDir(folder);
        accessSync(folder, constants.W_OK);
        return { device: 'a4-printer', state: 'ok', detail: `spool folder ${folder}`, checkedAt };
      } catch (err) {
        return {
          device: 'a4-printer',
          state: 'fault',
          detail: `spool folder ${folder}: ${errorText(err)}`,
          checkedAt,
        };
      }
    },
  };
}

/** `spool:DIR` or `ipp://HOST:PORT/printers/QUEUE`. */
export function createDocumentPrinter(
  uri: string,
  opts: IppDocumentPrinterOptions = {},
): DocumentPrinter {
  if (uri.startsWith('spool:')) {
    const dir = uri.slice('spool:'.length);
    if (!dir) throw new Error('spool: needs a folder, e.g. spool:/var/lib/kiosk24/spool');
    return createSpoolDocumentPrinter(dir);
  }
  if (/^ipp:\/\/[^/]+\/.+/.test(uri)) return createIppDocumentPrinter(uri, opts);
  throw new Error(
    `unsupported A4 printer URI "${uri}" (use ipp://HOST:PORT/printers/QUEUE or spool:DIR)`,
  );
}

function errorText(err: unknown): string {
  if (err instanceof Error) return (err as NodeJS.ErrnoException).code ?? err.message;
  return String(err);
}
