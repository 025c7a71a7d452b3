// Device simulators as separate processes: peers that speak the real wire protocols, for a
// technician's bench or for tests that drive the kiosk as it would run on site.
import path from 'node:path';
import { fixturePath } from '../host/adapters/card-reader.ts';
import type { Verb } from './main.ts';
import { parseFlags, portFlag, UsageError } from './usage-error.ts';
import { untilSignal } from './wait-for-signal.ts';

const USAGE = `Usage:
  kiosk24 sim                                   all simulators: an ID-card reader on a new pty
                                                pair and a virtual receipt printer
  kiosk24 sim idcard --port PATH --card CARD    an ID-card reader speaking the SAM protocol on
                                                the serial device PATH (e.g. one end of a
                                                socat pty pair)
  kiosk24 sim receipt-printer --listen PORT --out DIR
                                                a raw-TCP (9100) ESC/POS printer that decodes
                                                each job into DIR

  --card CARD   a card JSON file, or a bundled fixture name: resident, elder, expired,
                invalid-number, hk-resident-permit, foreign-2017, foreign-2023 (default resident)
  --baud N      serial speed for idcard (default 115200)
  --listen PORT TCP port on 127.0.0.1 for the printer (default 9100; 0 = any free port)
  --out DIR     where printed jobs are written (default .kiosk24/receipts)`;

export const simVerb: Verb = {
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === undefined || sub.startsWith('-')) return runAll(args);
    if (sub === 'idcard') return runIdCard(rest);
    if (sub === 'receipt-printer') return runReceiptPrinter(rest);
    throw new UsageError(`unknown simulator "${sub}" (idcard or receipt-printer)`);
  },
};

async function runIdCard(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    port: { type: 'string' },
    card: { type: 'string' },
    baud: { type: 'string' },
  });
  if (!values.port) throw new UsageError('--port PATH is required (the serial device to speak on)');
  const baudRate = values.baud === undefined ? 115200 : Number(values.baud);
  if (!Number.isInteger(baudRate) || baudRate <= 0) throw new UsageError(`--baud must be a positive integer, got "${values.baud}"`);
  const { loadCardFixture, startSerialSimulator } = await import('../drivers/idcard/index.ts');
  const card = await loadCardFixture(fixturePath(values.card ?? 'resident'));
  const sim = await startSerialSimulator({ path: values.port, card, baudRate });
  console.log(`kiosk24 sim idcard: SAM reader on ${values.port} at ${baudRate} baud, card ${path.basename(values.card ?? 'resident')} on the reader`);
  await untilSignal();
  await sim.close();
  return 0;
}

async function runReceiptPrinter(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { listen: { type: 'string' }, out: { type: 'string' } });
  const port = portFlag(values.listen, '--listen') ?? 9100;
  const outDir = path.resolve(values.out ?? path.join('.kiosk24', 'receipts'));
  const { startVirtualReceiptPrinter } = await import('../printers/index.ts');
  const printer = await startVirtualReceiptPrinter({ port, host: '127.0.0.1', outDir });
  console.log(`kiosk24 sim receipt-printer: listening on tcp://127.0.0.1:${printer.port}, jobs → ${outDir}`);
  await untilSignal();
  await printer.close();
  return 0;
}

async function runAll(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { card: { type: 'string' }, listen: { type: 'string' }, out: { type: 'string' } });
  const { createPtyPair, loadCardFixture, startSerialSimulator } = await import('../drivers/idcard/index.ts');
  const { startVirtualReceiptPrinter } = await import('../printers/index.ts');
  const pty = await createPtyPair(path.resolve('.kiosk24', 'pty'));
  const card = await loadCardFixture(fixturePath(values.card ?? 'resident'));
  const sim = await startSerialSimulator({ path: pty.devicePath, card });
  const outDir = path.resolve(values.out ?? path.join('.kiosk24', 'receipts'));
  const printer = await startVirtualReceiptPrinter({ port: portFlag(values.listen, '--listen') ?? 9100, host: '127.0.0.1', outDir });
  console.log(
    [
      'kiosk24 sim: simulators running',
      `  ID-card reader:   serial ${pty.hostPath} (set idReader {"transport":"serial","path":"${pty.hostPath}"})`,
      `  Receipt printer:  tcp://127.0.0.1:${printer.port} → ${outDir}`,
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );
  await untilSignal();
  await printer.close();
  await sim.close();
  await pty.close();
  return 0;
}
