// The receipt path end to end on real sockets: the TCP client against the virtual printer, which
// answers status like a printer and decodes what it receives.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  PrinterError,
  renderReceiptEscPos,
  startVirtualReceiptPrinter,
  TcpReceiptPrinter,
  type VirtualReceiptPrinter,
} from '../../../printers/index.ts';
import { kioskReceipt } from '../../unit/printers/receipt-fixture.ts';

let sim: VirtualReceiptPrinter;
let outDir: string;
let printer: TcpReceiptPrinter;
const bytes = renderReceiptEscPos(kioskReceipt, { paperWidth: 80 });
const bins = () =>
  readdirSync(outDir)
    .filter((f) => f.endsWith('.bin'))
    .sort();

beforeAll(async () => {
  outDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk24-receipts-')), 'receipts');
  sim = await startVirtualReceiptPrinter({ port: 0, host: '127.0.0.1', outDir });
  printer = new TcpReceiptPrinter({ host: '127.0.0.1', port: sim.port, timeoutMs: 2000 });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => sim.setMode({ paperOut: false, coverOpen: false, paperNearEnd: false }));

async function rejection(p: Promise<unknown>): Promise<PrinterError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PrinterError);
  return err as PrinterError;
}

describe('TcpReceiptPrinter with the virtual receipt printer', () => {
  it('reads a healthy status, and status checks are not jobs', async () => {
    expect(await printer.status()).toEqual({
      online: true,
      paperOut: false,
      paperNearEnd: false,
      coverOpen: false,
      error: false,
    });
    await printer.status();
    expect(sim.jobs).toHaveLength(0);
    expect(bins()).toHaveLength(0);
  });

  it('prints a receipt: one job, decoded to the Chinese text and the QR, kept as .bin and .txt', async () => {
    const before = sim.jobs.length;
    await printer.print(bytes);
    expect(sim.jobs).toHaveLength(before + 1);
    const job = sim.jobs[before]!;
    expect(job.decoded.text).toContain('阳*梅');
    expect(job.decoded.text).toContain('个人就业登记');
    expect(job.decoded.qrCodes).toEqual(['K7Q2-9D3F-XA41']);
    expect(job.decoded.cut).toBe(true);
    // The printer received the job exactly (plus the status requests around it).
    expect(job.bytes.includes(bytes)).toBe(true);
    expect(bins()).toEqual([path.basename(job.file!)]);
    expect(readFileSync(job.file!)).toEqual(job.bytes);
    const txt = readFileSync(job.file!.replace(/\.bin$/, '.txt'), 'utf8');
    expect(txt).toContain('申请人');
    expect(txt).toContain('[QR] K7Q2-9D3F-XA41');
  });

  it('numbers jobs and writes exactly one .bin per receipt', async () => {
    const before = bins().length;
    await printer.print(bytes);
    await printer.print(bytes);
    expect(bins().length).toBe(before + 2);
    expect(bins().every((f) => /^\d{4}\.bin$/.test(f))).toBe(true);
  });

  it('refuses to print with paper out: typed error, citizen message, no job', async () => {
    sim.setMode({ paperOut: true });
    expect(await printer.status()).toMatchObject({
      online: false,
      paperOut: true,
      coverOpen: false,
    });
    const jobs = sim.jobs.length;
    const files = bins().length;
    const err = await rejection(printer.print(bytes));
    expect(err.kind).toBe('paper-out');
    expect(err.citizenMessage).toBe('回执打印机缺纸，暂时无法打印回执');
    expect(sim.jobs.length).toBe(jobs);
    expect(bins().length).toBe(files);

    // Paper back: the same job prints.
    sim.setMode({ paperOut: false });
    await printer.print(bytes);
    expect(sim.jobs.length).toBe(jobs + 1);
  });

  it('refuses with the cover open, and prints (with a warning in status) when paper is near end', async () => {
    sim.setMode({ coverOpen: true });
    expect(await printer.status()).toMatchObject({ online: false, coverOpen: true });
    expect((await rejection(printer.print(bytes))).kind).toBe('cover-open');

    sim.setMode({ coverOpen: false, paperNearEnd: true });
    expect(await printer.status()).toEqual({
      online: true,
      paperOut: false,
      paperNearEnd: true,
      coverOpen: false,
      error: false,
    });
    const jobs = sim.jobs.length;
    await printer.print(bytes);
    expect(sim.jobs.length).toBe(jobs + 1);
  });

  it('drops a job sent to a stopped printer even without a status check first', async () => {
    sim.setMode({ paperOut: true });
    const jobs = sim.jobs.length;
    await new Promise<void>((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port: sim.port }, () => s.end(bytes));
      s.on('close', () => resolve());
      s.on('error', reject);
      s.resume();
    });
    expect(sim.jobs.length).toBe(jobs);
  });

  it('says offline when nothing listens, and timeout when the printer does not answer', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const gone = new TcpReceiptPrinter({ host: '127.0.0.1', port, timeoutMs: 1000 });
    expect((await rejection(gone.status())).kind).toBe('offline');

    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const mute = new TcpReceiptPrinter({
        host: '127.0.0.1',
        port: (silent.address() as net.AddressInfo).port,
        timeoutMs: 300,
      });
      const err = await rejection(mute.print(bytes));
      expect(err.kind).toBe('timeout');
      expect(err.citizenMessage).toContain('无响应');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('keeps jobs of an earlier run and numbers on after them', async () => {
    const again = await startVirtualReceiptPrinter({ port: 0, outDir });
    try {
      const before = bins();
      await new TcpReceiptPrinter({ host: '127.0.0.1', port: again.port, timeoutMs: 2000 }).print(
        bytes,
      );
      const added = bins().filter((f) => !before.includes(f));
      expect(added).toEqual([`${String(before.length + 1).padStart(4, '0')}.bin`]);
    } finally {
      await again.close();
    }
  });
});
