// One kiosk site for a UI test, built from real peers: a socat pty pair with the ID-card
// simulator (`kiosk24 sim idcard`) on one end, a virtual receipt printer (`kiosk24 sim
// receipt-printer`) on TCP, an embedded central platform, for A4 either a spool folder or a real
// CUPS queue (IPP, CUPS's PDF driver) whose device is a virtual A4 printer that keeps each PDF,
// and the kiosk itself started as `kiosk24 start --shell none`.
// (cups-pdf is not the A4 peer here: it re-renders through PostScript, which turns the CJK font
// into Type 3 glyphs without text, so nothing could check what was printed.)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startCentral } from '../../../central/index.ts';
import { provisionKiosk } from '../../../central/testing/provision-kiosk.ts';
import { createPtyPair } from '../../../drivers/idcard/index.ts';
import { startVirtualA4Printer, type VirtualA4Printer } from '../../../printers/index.ts';

export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
);
const kioskBin = path.join(repoRoot, 'bin', 'kiosk24.mjs');

export interface KioskSite {
  url: string;
  dir: string;
  receiptsDir: string;
  spoolDir: string;
  /** The CUPS queue's device, when `a4: 'cups'`: every PDF CUPS sent it. */
  a4Printer: VirtualA4Printer | null;
  central: Awaited<ReturnType<typeof startCentral>>;
  /** Everything the kiosk wrote to stderr (its log), for the no-personal-data check. */
  kioskLog(): string;
  close(): Promise<void>;
}

/** Starts a process and resolves with the first stdout line that `ready` accepts. */
function startProcess(args: string[], ready: (line: string) => boolean, logs: string[]) {
  const child = spawn(process.execPath, [kioskBin, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (d: Buffer) => logs.push(d.toString('utf8')));
  const lines = readline.createInterface({ input: child.stdout });
  const firstLine = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out starting kiosk24 ${args.join(' ')}\n${logs.join('')}`)),
      60_000,
    );
    lines.on('line', (line) => {
      if (ready(line)) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk24 ${args.join(' ')} exited with ${code}\n${logs.join('')}`));
    });
  });
  return { child, firstLine };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function startKioskSite(opts: {
  card?: string;
  a4: 'cups' | 'spool';
  session?: { idleSeconds: number; countdownSeconds: number };
  /**
   * Liveness challenges the host may pick. Default: blink only, since every test clip is made
   * from one photograph, which can blink (drawn lids) but cannot turn its head.
   */
  faceChallenges?: ('blink' | 'turn-left' | 'turn-right')[];
  /**
   * Cards laid on the reader in turn (each read lifts it and lays the next), for tests with more
   * than one session; wins over `card`.
   */
  cards?: string[];
  /** Seconds between the kiosk's catalog polls (≥ 5); default the kiosk's own (300). */
  catalogPollSeconds?: number;
}): Promise<KioskSite> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-e2e-'));
  const logs: string[] = [];
  const children: ChildProcess[] = [];
  const pty = await createPtyPair(path.join(dir, 'pty'));
  const central = await startCentral({ port: 0, host: '127.0.0.1', db: 'pglite:memory' });
  const kioskId = 'GZ-TEST-0001';
  // The kiosk enrols at start with this one-time token and trusts the centre's catalog root.
  const enrolment = await provisionKiosk(central, {
    kioskId,
    rootFile: path.join(dir, 'central-root.json'),
  });
  let a4Printer: VirtualA4Printer | null = null;
  const queue = `KIOSK24_E2E_${process.pid}`;
  const removeQueue = () => {
    if (a4Printer) execFileSync('lpadmin', ['-x', queue], { stdio: 'ignore' });
  };
  try {
    if (opts.a4 === 'cups') {
      a4Printer = await startVirtualA4Printer({ port: 0, outDir: path.join(dir, 'a4') });
      execFileSync('lpadmin', [
        ...['-p', queue, '-E', '-v', `socket://127.0.0.1:${a4Printer.port}`],
        ...['-m', 'lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd', '-o', 'PageSize=A4'],
      ]);
    }
    const card = startProcess(
      [
        ...['sim', 'idcard', '--port', pty.devicePath],
        ...(opts.cards ?? [opts.card ?? 'resident']).flatMap((c) => ['--card', c]),
      ],
      (l) => l.includes('SAM reader on'),
      logs,
    );
    children.push(card.child);
    await card.firstLine;

    const receiptsDir = path.join(dir, 'receipts');
    const printer = startProcess(
      ['sim', 'receipt-printer', '--listen', '0', '--out', receiptsDir],
      (l) => l.includes('listening on'),
      logs,
    );
    children.push(printer.child);
    const printerPort = Number(/tcp:\/\/127\.0\.0\.1:(\d+)/.exec(await printer.firstLine)?.[1]);

    const spoolDir = path.join(dir, 'spool');
    const config = {
      kioskId,
      servicePoint: { district: '天河区', street: '五山街道', name: '五山街道党群服务中心' },
      central: {
        url: central.url,
        enrolmentToken: enrolment.enrolmentToken,
        ...(enrolment.trustedRootFile ? { trustedRootFile: enrolment.trustedRootFile } : {}),
        ...(opts.catalogPollSeconds ? { catalogPollSeconds: opts.catalogPollSeconds } : {}),
      },
      idReader: { transport: 'serial', path: pty.hostPath, baudRate: 115200 },
      receiptPrinter: { uri: `tcp://127.0.0.1:${printerPort}`, paperWidth: 80 },
      a4Printer: {
        uri: opts.a4 === 'cups' ? `ipp://localhost:631/printers/${queue}` : `spool:${spoolDir}`,
      },
      session: opts.session ?? { idleSeconds: 90, countdownSeconds: 30 },
      face: { challenges: opts.faceChallenges ?? ['blink'] },
    };
    const configFile = path.join(dir, 'kiosk.json');
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const kiosk = startProcess(
      [
        'start',
        '--shell',
        'none',
        '--announce',
        'json',
        '--port',
        '0',
        '--config',
        configFile,
        '--data-dir',
        path.join(dir, 'data'),
      ],
      (l) => l.startsWith('{') && l.includes('"ready"'),
      logs,
    );
    children.push(kiosk.child);
    const ready = JSON.parse(await kiosk.firstLine) as { url: string };
    return {
      url: ready.url,
      dir,
      receiptsDir,
      spoolDir,
      a4Printer,
      central,
      kioskLog: () => logs.join(''),
      async close() {
        for (const child of children.reverse()) await stop(child);
        removeQueue();
        await a4Printer?.close();
        await central.close();
        await pty.close();
      },
    };
  } catch (err) {
    for (const child of children.reverse()) await stop(child);
    removeQueue();
    await a4Printer?.close();
    await central.close();
    await pty.close();
    throw err;
  }
}
