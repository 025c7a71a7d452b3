// Device simulators as separate processes: peers that speak the real wire protocols, for a
// technician's bench or for tests that drive the kiosk as it would run on site.
import path from 'node:path';
import { fixturePath } from '../host/adapters/card-reader.ts';
import { FAULT_HELP } from '../drivers/idcard/sim-faults.ts';
import type { Verb } from './main.ts';
import { RECEIPT_PRINTER_USAGE, runReceiptPrinterSim } from './sim-receipt-printer.ts';
import { parseFlags, portFlag, UsageError } from './usage-error.ts';
import { untilSignal } from './wait-for-signal.ts';

const FAULT_LINES = Object.values(FAULT_HELP)
  .map((line) => `                  ${line}`)
  .join('\n');

const USAGE = `Usage:
  kiosk24 sim                                   all simulators: an ID-card reader on a new pty
                                                pair and a virtual receipt printer
  kiosk24 sim idcard --port PATH --card CARD    an ID-card reader speaking the SAM protocol on
                 [--card CARD2 …] [--fault F]   the serial device PATH (e.g. one end of a
                                                socat pty pair)
${RECEIPT_PRINTER_USAGE}

  --card CARD   a card JSON file, or a bundled fixture name: resident, elder, expired,
                invalid-number, hk-resident-permit, foreign-2017, foreign-2023 (default resident).
                idcard: repeat it to lay several cards in turn: once a card is read it is
                lifted, and the next one lies on the reader from the poll after (round robin)
  --baud N      serial speed for idcard (default 115200)
  --fault F     idcard fault modes, repeatable or comma-separated (e.g. noise,chunked,corrupt=3):
${FAULT_LINES}
  --wire-delay  idcard: pace answers as a real line at --baud would (115200 8N1: 11.52 bytes/ms)
  --no-fingerprint  idcard: a module without fingerprint support (answers 30 10 with 21)
  --seed N      idcard: seed for the random faults, to repeat a run
  --verbose     idcard: log each fault and card change on stderr (never card contents)
  --listen PORT all simulators: TCP port of the printer (default 9100; 0 = any free port)
  --out DIR     all simulators: where printed jobs are written (default .kiosk24/receipts)`;

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
    card: { type: 'string', multiple: true },
    baud: { type: 'string' },
    fault: { type: 'string', multiple: true },
    'wire-delay': { type: 'boolean' },
    'no-fingerprint': { type: 'boolean' },
    seed: { type: 'string' },
    verbose: { type: 'boolean' },
  });
  if (!values.port) throw new UsageError('--port PATH is required (the serial device to speak on)');
  const baudRate = values.baud === undefined ? 115200 : Number(values.baud);
  if (!Number.isInteger(baudRate) || baudRate <= 0)
    throw new UsageError(`--baud must be a positive integer, got "${values.baud}"`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
  const { loadCardFixture, parseFaultModes, seededRandom, startSerialSimulator } =
    await import('../drivers/idcard/index.ts');
  let faults;
  try {
    faults = parseFaultModes(values.fault ?? []);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const names = values.card?.length ? values.card : ['resident'];
  const cards = await Promise.all(names.map((name) => loadCardFixture(fixturePath(name))));
  const log = values.verbose
    ? (line: string) => console.error(`kiosk24 sim idcard: ${line}`)
    : undefined;
  const sim = await startSerialSimulator({
    path: values.port,
    baudRate,
    ...(cards.length > 1 ? { rotate: cards } : { card: cards[0] ?? null }),
    faults,
    ...(values['wire-delay'] ? { wireBaud: baudRate } : {}),
    ...(values['no-fingerprint'] ? { fingerprintSupported: false } : {}),
    ...(seed !== undefined ? { random: seededRandom(seed) } : {}),
    ...(log ? { log } : {}),
  });
  const faultList = values.fault?.length ? `, faults ${values.fault.join(',')}` : '';
  const cardList = names.map((n) => path.basename(n)).join(', ');
  console.log(
    `kiosk24 sim idcard: SAM reader on ${values.port} at ${baudRate} baud, card ${cardList} on the reader${faultList}`,
  );
  await untilSignal();
  await sim.close();
  return 0;
}

async function runReceiptPrinter(args: string[]): Promise<number> {
  return runReceiptPrinterSim(args);
}

async function runAll(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    card: { type: 'string' },
    listen: { type: 'string' },
    out: { type: 'string' },
  });
  const { createPtyPair, loadCardFixture, startSerialSimulator } =
    await import('../drivers/idcard/index.ts');
  const { startVirtualReceiptPrinter } = await import('../printers/index.ts');
  const pty = await createPtyPair(path.resolve('.kiosk24', 'pty'));
  const card = await loadCardFixture(fixturePath(values.card ?? 'resident'));
  const sim = await startSerialSimulator({ path: pty.devicePath, card });
  const outDir = path.resolve(values.out ?? path.join('.kiosk24', 'receipts'));
  const printer = await startVirtualReceiptPrinter({
    port: portFlag(values.listen, '--listen') ?? 9100,
    host: '127.0.0.1',
    outDir,
  });
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
