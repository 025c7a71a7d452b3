// `kiosk24 printer status --printer URI`: what a printer says about itself, as JSON on stdout,
// for a technician or a script (exit 0 when it can print now, 1 when it cannot).
import type { Verb } from './main.ts';
import { parseFlags, UsageError } from './usage-error.ts';

const USAGE = `Usage:
  kiosk24 printer status --printer URI
      receipt printers (tcp://HOST:PORT, serial:PATH?baud=N, usblp:/dev/usb/lp0): the DLE EOT
      real-time status (online, paper out, paper near end, cover open, error);
      A4 (ipp://HOST:631/printers/QUEUE): CUPS's printer-state, reasons and whether it takes
      jobs; spool:DIR: whether the folder is writable.
      Prints one JSON object; exit 0 when the printer can print now, 1 when it cannot.`;

export const printerVerb: Verb = {
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub !== 'status') throw new UsageError(`unknown printer command "${sub ?? ''}" (status)`);
    const { values } = parseFlags(rest, { printer: { type: 'string' } });
    if (!values.printer) throw new UsageError('--printer URI is required');
    const report = await status(values.printer);
    console.log(JSON.stringify(report, null, 2));
    return report.ready ? 0 : 1;
  },
};

type StatusReport = { printer: string; kind: 'receipt' | 'a4'; ready: boolean } & Record<
  string,
  unknown
>;

async function status(uri: string): Promise<StatusReport> {
  const printers = await import('../printers/index.ts');
  if (uri.startsWith('ipp://') || uri.startsWith('spool:')) {
    if (uri.startsWith('spool:')) {
      const health = await printers.createDocumentPrinter(uri).health();
      return { printer: uri, kind: 'a4', ready: health.state === 'ok', health };
    }
    let client;
    try {
      client = new printers.IppPrinterClient(uri, 5000);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    try {
      const p = await client.printerAttributes();
      const refused = printers.refusal(p);
      return {
        printer: uri,
        kind: 'a4',
        ready: refused === null,
        reachable: true,
        state: p.state,
        reasons: p.reasons,
        message: p.message,
        acceptingJobs: p.acceptingJobs,
        ...(refused ? { refused, citizenMessage: printers.citizenMessageFor(refused) } : {}),
      };
    } catch (err) {
      return {
        printer: uri,
        kind: 'a4',
        ready: false,
        reachable: false,
        error: (err as Error).message,
      };
    }
  }
  let transport;
  try {
    transport = printers.receiptTransportFromUri(uri);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  try {
    const s = await new printers.ReceiptPrinterClient(transport, { timeoutMs: 3000 }).status();
    const blocked = printers.blockingCondition(s);
    return {
      printer: transport.description,
      kind: 'receipt',
      ready: blocked === null,
      reachable: true,
      status: s,
      ...(blocked ? { blocked } : {}),
    };
  } catch (err) {
    const kind = err instanceof printers.PrinterError ? err.kind : 'error';
    return {
      printer: transport.description,
      kind: 'receipt',
      ready: false,
      reachable: false,
      blocked: kind,
      error: (err as Error).message,
    };
  }
}
