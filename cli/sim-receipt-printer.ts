// `kiosk24 sim receipt-printer`: the virtual receipt printer as a process, on raw TCP or on a
// serial device, writing each job as .bin, .txt and .png, with its paper and cover switchable
// while it runs (a control file in the output folder, or SIGUSR2 for paper out).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ModeChange, VirtualReceiptPrinterPeer } from '../printers/index.ts';
import { parseFlags, portFlag, UsageError } from './usage-error.ts';
import { untilSignal } from './wait-for-signal.ts';

export const CONTROL_FILE = 'printer-mode';

export const RECEIPT_PRINTER_USAGE = `  kiosk24 sim receipt-printer --listen PORT --out DIR [--paper 58|80]
                 [--paper-out] [--cover-open] [--near-end] [--serial PATH [--baud N]]
                                                a virtual ESC/POS receipt printer: answers
                                                DLE EOT / GS r status like a real one and writes
                                                each job into DIR as NNNN.bin (bytes), NNNN.txt
                                                (decoded text, [QR] payloads, [IMAGE] lines) and
                                                NNNN.png (a picture of the paper)
    --listen PORT   TCP port on 127.0.0.1 (default 9100; 0 = any free port)
    --serial PATH   speak on a serial device instead (e.g. one end of a socat pty pair)
    --out DIR       where jobs are written (default .kiosk24/receipts)
    --paper 58|80   paper width of the .png (default 80)
    --paper-out, --cover-open, --near-end   start in that state
    Switching while it runs: write the state to DIR/${CONTROL_FILE}, one or more of
    paper-out cover-open near-end error, or "ok" (e.g. echo paper-out > DIR/${CONTROL_FILE});
    or send SIGUSR2 to toggle paper out. Each change is reported on stdout.`;

const WORDS: Record<string, keyof ModeChange> = {
  'paper-out': 'paperOut',
  'cover-open': 'coverOpen',
  'near-end': 'paperNearEnd',
  error: 'error',
};

/** The mode a control file asks for: every listed condition on, the others off. */
export function parseControl(text: string): ModeChange {
  const mode: ModeChange = { paperOut: false, coverOpen: false, paperNearEnd: false, error: false };
  for (const word of text.split(/[\s,]+/).filter(Boolean)) {
    if (word === 'ok') continue;
    const key = WORDS[word];
    if (!key) throw new Error(`unknown printer state "${word}"`);
    mode[key] = true;
  }
  return mode;
}

function describeMode(m: Required<ModeChange>): string {
  const on = Object.entries(WORDS)
    .filter(([, key]) => m[key])
    .map(([word]) => word);
  return on.length > 0 ? on.join(' ') : 'ok';
}

export async function runReceiptPrinterSim(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    listen: { type: 'string' },
    serial: { type: 'string' },
    baud: { type: 'string' },
    out: { type: 'string' },
    paper: { type: 'string' },
    'paper-out': { type: 'boolean' },
    'cover-open': { type: 'boolean' },
    'near-end': { type: 'boolean' },
  });
  const paper = values.paper ?? '80';
  if (paper !== '58' && paper !== '80') throw new UsageError('--paper must be 58 or 80');
  if (values.serial && values.listen) throw new UsageError('use either --listen or --serial');
  const baudRate = values.baud === undefined ? 115200 : Number(values.baud);
  if (!Number.isInteger(baudRate) || baudRate <= 0)
    throw new UsageError('--baud must be a positive integer');
  const outDir = path.resolve(values.out ?? path.join('.kiosk24', 'receipts'));
  const control = path.join(outDir, CONTROL_FILE);
  const { startSerialVirtualReceiptPrinter, startVirtualReceiptPrinter } =
    await import('../printers/index.ts');
  const common = {
    outDir,
    paperDots: paper === '58' ? 384 : 576,
    mode: {
      paperOut: values['paper-out'] ?? false,
      coverOpen: values['cover-open'] ?? false,
      paperNearEnd: values['near-end'] ?? false,
    },
    onJob: (job: { bytes: Buffer; file: string | null }) =>
      console.log(
        `kiosk24 sim receipt-printer: job ${path.basename(job.file ?? '?', '.bin')} printed (${job.bytes.length} bytes)`,
      ),
  };
  let printer: VirtualReceiptPrinterPeer;
  if (values.serial) {
    printer = await startSerialVirtualReceiptPrinter({ path: values.serial, baudRate, ...common });
    console.log(
      `kiosk24 sim receipt-printer: on serial ${values.serial} at ${baudRate} baud, jobs → ${outDir}`,
    );
  } else {
    const port = portFlag(values.listen, '--listen') ?? 9100;
    const tcp = await startVirtualReceiptPrinter({ port, host: '127.0.0.1', ...common });
    printer = tcp;
    console.log(
      `kiosk24 sim receipt-printer: listening on tcp://127.0.0.1:${tcp.port}, jobs → ${outDir}`,
    );
  }
  let shown = describeMode(printer.mode());
  const report = () => {
    const now = describeMode(printer.mode());
    if (now !== shown) console.log(`kiosk24 sim receipt-printer: state ${now}`);
    shown = now;
  };
  if (shown !== 'ok') console.log(`kiosk24 sim receipt-printer: state ${shown}`);

  // The control file: read when its modification time changes.
  let seen = existsSync(control) ? statSync(control).mtimeMs : 0;
  const poll = setInterval(() => {
    if (!existsSync(control)) return;
    const mtime = statSync(control).mtimeMs;
    if (mtime === seen) return;
    seen = mtime;
    try {
      printer.setMode(parseControl(readFileSync(control, 'utf8')));
      report();
    } catch (err) {
      console.error(`kiosk24 sim receipt-printer: ${CONTROL_FILE}: ${(err as Error).message}`);
    }
  }, 100);
  const togglePaper = () => {
    printer.setMode({ paperOut: !printer.mode().paperOut });
    report();
  };
  process.on('SIGUSR2', togglePaper);

  await untilSignal();
  clearInterval(poll);
  process.off('SIGUSR2', togglePaper);
  await printer.close();
  return 0;
}
