// The same ESC/POS client over the other two transports a kiosk's receipt printer uses: a serial
// line and the USB printer-class device file. The far end is the virtual printer's protocol core
// on one end of a socat pty pair; the client opens the other end with serialport, or as a plain
// character device (open, write, non-blocking reads), as it would open /dev/usb/lp0.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPtyPair, type PtyPair } from '../../../drivers/idcard/pty-pair.ts';
import {
  deviceFileTransport,
  PrinterError,
  ReceiptPrinterClient,
  receiptTransportFromUri,
  renderReceiptEscPos,
  serialTransport,
  startSerialVirtualReceiptPrinter,
  type ReceiptTransport,
  type VirtualReceiptPrinterPeer,
} from '../../../printers/index.ts';
import { kioskReceipt } from '../../unit/printers/receipt-fixture.ts';

const jsQR = jsQRModule.default;
const bytes = renderReceiptEscPos(kioskReceipt, { paperWidth: 80 });
let pty: PtyPair;
let sim: VirtualReceiptPrinterPeer;
let outDir: string;

beforeAll(async () => {
  pty = await createPtyPair();
  outDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk24-serial-receipts-')), 'out');
  sim = await startSerialVirtualReceiptPrinter({ path: pty.devicePath, outDir });
});
afterAll(async () => {
  await sim?.close();
  await pty?.close();
});
afterEach(() => sim.setMode({ paperOut: false, coverOpen: false, paperNearEnd: false }));

const transports: [string, () => ReceiptTransport][] = [
  ['serial', () => serialTransport({ path: pty.hostPath, baudRate: 115200 })],
  ['usblp device file', () => deviceFileTransport({ path: pty.hostPath })],
];

describe.each(transports)('receipt printer over %s', (_name, transport) => {
  const client = () => new ReceiptPrinterClient(transport(), { timeoutMs: 2000 });

  it('reads the status, prints a job the printer confirms, and keeps .bin, .txt and .png', async () => {
    expect(await client().status()).toMatchObject({ online: true, paperOut: false });
    const before = sim.jobs.length;
    await client().print(bytes);
    expect(sim.jobs.length).toBe(before + 1);
    const job = sim.jobs[before]!;
    expect(job.decoded.text).toContain('阳*梅');
    expect(job.decoded.qrCodes).toEqual([kioskReceipt.qr]);
    // Exactly the job: from the first byte sent to the GS r that closes it, no status requests.
    expect(job.bytes.subarray(0, bytes.length)).toEqual(bytes);
    const base = job.file!.replace(/\.bin$/, '');
    expect(readFileSync(`${base}.txt`, 'utf8')).toContain(`[QR] ${kioskReceipt.qr}`);
    expect(existsSync(`${base}.png`)).toBe(true);
    const png = PNG.sync.read(readFileSync(`${base}.png`));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(
      kioskReceipt.qr,
    );
  });

  it('tells two jobs on one line apart', async () => {
    const before = sim.jobs.length;
    await client().print(bytes);
    await client().print(bytes);
    expect(sim.jobs.length).toBe(before + 2);
  });

  it('refuses with paper out and prints the same job once paper is back', async () => {
    sim.setMode({ paperOut: true });
    const before = sim.jobs.length;
    const err = await client()
      .print(bytes)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrinterError);
    expect((err as PrinterError).kind).toBe('paper-out');
    expect(sim.jobs.length).toBe(before);
    sim.setMode({ paperOut: false });
    await client().print(bytes);
    expect(sim.jobs.length).toBe(before + 1);
  });

  it('reports the cover open and paper near end', async () => {
    sim.setMode({ coverOpen: true, paperNearEnd: true });
    expect(await client().status()).toMatchObject({ coverOpen: true, paperNearEnd: true });
  });
});

describe('receipt printer URIs', () => {
  it('names each transport', () => {
    expect(receiptTransportFromUri('tcp://10.0.0.5:9100').description).toBe('tcp://10.0.0.5:9100');
    expect(receiptTransportFromUri('serial:/dev/ttyS0?baud=19200').description).toBe(
      'serial:/dev/ttyS0?baud=19200',
    );
    expect(receiptTransportFromUri('usblp:/dev/usb/lp0').description).toBe('usblp:/dev/usb/lp0');
    expect(() => receiptTransportFromUri('lpt1')).toThrow(/unsupported receipt printer URI/);
  });

  it('says the printer is offline when the device is not there', async () => {
    for (const uri of ['usblp:/dev/usb/lp9-missing', 'serial:/dev/ttyMISSING']) {
      const err = await new ReceiptPrinterClient(receiptTransportFromUri(uri), { timeoutMs: 500 })
        .status()
        .catch((e: unknown) => e);
      expect(err, uri).toBeInstanceOf(PrinterError);
      expect((err as PrinterError).kind).toBe('offline');
    }
  });
});
