// Printer faults as the citizen meets them, at the host service with every real part behind it:
// the virtual receipt printer over TCP (switched to paper out), a CUPS queue disabled with
// `cupsdisable -r media-empty`, the encrypted outbox and a real central platform. The kiosk
// never promises a printout it cannot make, says why in plain words, loses nothing, and prints
// the kept receipt once paper is back.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import { startCentral } from '../../../central/index.ts';
import { loadConfig, type KioskConfig } from '../../../config/kiosk-config.ts';
import { openCardReader } from '../../../host/adapters/card-reader.ts';
import { openDocumentPrinter } from '../../../host/adapters/document-printer.ts';
import { openReceiptPrinter } from '../../../host/adapters/receipt-printer.ts';
import { openSubmissionQueue } from '../../../host/adapters/submission-queue.ts';
import { createKioskService } from '../../../host/kiosk-service.ts';
import { createLogger } from '../../../host/log.ts';
import { enrolKiosk, loadOrCreateKioskKey } from '../../../offline-cache/request-signing.ts';
import { startVirtualReceiptPrinter, type VirtualReceiptPrinter } from '../../../printers/index.ts';

const QUEUE = 'KIOSK24_TEST_HOST_A4';
const catalog = loadBundledCatalog();
// An item that asks for the card only (face verification has its own tests) and prints both a
// receipt and an A4 document (受理回执), offline policy "queue".
const item = catalog.items.find((i) => i.name === '城乡居民医保参保登记')!;
const form = {
  residenceType: '本市户籍',
  insuredCategory: '18至59周岁居民',
  subsidyStatus: '无',
  phone: '13800138000',
};
const logLines: string[] = [];
const log = createLogger('test', (l) => logLines.push(l));
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

let central: Awaited<ReturnType<typeof startCentral>>;
let printer: VirtualReceiptPrinter;
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  central = await startCentral({ port: 0, db: 'pglite:memory' });
  printer = await startVirtualReceiptPrinter({ port: 0 });
  // A queue of our own (cups-pdf), so disabling it disturbs no other test.
  sh('lpadmin', [
    ...['-p', QUEUE, '-E', '-v', 'cups-pdf:/'],
    ...['-m', 'lsb/usr/cups-pdf/CUPS-PDF_opt.ppd', '-o', 'PageSize=A4'],
  ]);
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await printer?.close();
  await central?.close();
  try {
    execFileSync('lpadmin', ['-x', QUEUE], { stdio: 'ignore' });
  } catch {
    // never created
  }
});

let kiosks = 0;

async function kiosk(opts: { centralUrl?: string; a4?: string; queueDir?: string } = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-printing-'));
  const kioskId = `GZ-PRINT-${String(++kiosks).padStart(4, '0')}`;
  // Enrolled with the centre, as on site: the outbox signs its requests with this key.
  const { token } = await central.services.enrolment.createToken({ kioskId });
  await enrolKiosk({
    centralUrl: central.url,
    token,
    kioskId,
    district: '天河区',
    privateKey: loadOrCreateKioskKey(dataDir),
  });
  const config: KioskConfig = loadConfig({
    dataDir,
    overrides: {
      kioskId,
      central: { url: opts.centralUrl ?? central.url },
      idReader: { transport: 'in-process-simulator', card: 'resident' },
      receiptPrinter: { uri: `tcp://127.0.0.1:${printer.port}` },
      ...(opts.a4 ? { a4Printer: { uri: opts.a4 } } : {}),
    },
  });
  const reader = await openCardReader(config.idReader, log);
  const queue = openSubmissionQueue(config, log);
  const queueDir = opts.queueDir ?? path.join(dataDir, 'receipt-queue');
  const receipt = openReceiptPrinter(config.receiptPrinter, { queueDir, retryMs: 100, log });
  const service = createKioskService({
    config,
    softwareVersion: 'test',
    catalog: { current: () => catalog },
    reader,
    receipt,
    documents: openDocumentPrinter(config.a4Printer, { followMs: 15_000 }),
    queue,
    log,
    deliveryDeadlineMs: 5000,
  });
  closers.push(async () => {
    receipt.close();
    service.close();
    await queue.close();
    await reader.close();
  });
  return { service, receipt, queue, queueDir };
}

async function submit(service: Awaited<ReturnType<typeof kiosk>>['service']) {
  const { sessionId } = await service['session.begin']({ itemCode: item.code });
  for (let i = 0; i < 10; i++) {
    const read = await service['session.readCard']({ sessionId, waitMs: 3000 });
    if (read.outcome === 'card') return service['session.submit']({ sessionId, form });
    if (read.outcome !== 'no-card') throw new Error(`card not accepted: ${read.outcome}`);
  }
  throw new Error('no card was read');
}

async function until(what: string, probe: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const device = async (
  service: Awaited<ReturnType<typeof kiosk>>['service'],
  name: 'receipt-printer' | 'a4-printer',
) => (await service['kiosk.status']({})).devices.find((d) => d.device === name)!;

describe('receipt printer out of paper', () => {
  it('promises no receipt, says so, keeps the job, and prints it once paper is back', async () => {
    const { service, receipt, queueDir } = await kiosk();
    printer.setMode({ paperOut: true });
    try {
      expect(await device(service, 'receipt-printer')).toMatchObject({ state: 'fault' });
      expect((await device(service, 'receipt-printer')).detail).toContain('paper out');
      const jobs = printer.jobs.length;

      const result = await submit(service);
      expect(result.delivery).toBe('acknowledged');
      expect(await central.services.submissions.count({ trackingCode: result.trackingCode })).toBe(
        1,
      );
      expect(result.receipt.status).toBe('failed');
      expect(result.receipt.message).toContain('回执打印机缺纸');
      expect(result.receipt.message).toContain('本次不出回执');
      expect(result.receipt.message).toContain('加纸后自动补打');
      expect(result.receipt.message).toContain('受理编号');
      expect(result.receipt.message).not.toContain('阳');
      expect(printer.jobs.length).toBe(jobs);
      expect(receipt.pendingJobs()).toBe(1);
      expect(readdirSync(queueDir).filter((f) => f.endsWith('.job'))).toHaveLength(1);

      const health = await device(service, 'receipt-printer');
      expect(health.detail).toContain('1 receipt(s) kept');
      expect(health.lastError).toMatch(/paper-out/);
      // Still out of paper: the retries keep it and print nothing.
      await new Promise((r) => setTimeout(r, 400));
      expect(printer.jobs.length).toBe(jobs);

      printer.setMode({ paperOut: false });
      await until('the kept receipt to print', () => printer.jobs.length > jobs);
      const job = printer.jobs[jobs]!;
      expect(job.decoded.text).toContain(result.trackingCode);
      expect(job.decoded.text).toContain('阳*梅');
      expect(job.decoded.qrCodes).toEqual([result.trackingCode]);
      await until('the queue to empty', () => receipt.pendingJobs() === 0);
      expect(readdirSync(queueDir).filter((f) => f.endsWith('.job'))).toHaveLength(0);
      expect(await device(service, 'receipt-printer')).toMatchObject({ state: 'ok' });
      // Printed once: the retry loop stopped with the queue empty.
      await new Promise((r) => setTimeout(r, 300));
      expect(printer.jobs.length).toBe(jobs + 1);
    } finally {
      printer.setMode({ paperOut: false });
    }
  });

  it('keeps the job across a restart of the kiosk, and with the centre away too', async () => {
    printer.setMode({ coverOpen: true });
    const first = await kiosk({ centralUrl: 'http://127.0.0.1:9' });
    let trackingCode: string;
    try {
      const result = await submit(first.service);
      trackingCode = result.trackingCode;
      expect(result.delivery).toBe('queued');
      expect(first.queue.pending()).toBe(1); // the submission is safe in the outbox
      expect(result.receipt.status).toBe('failed');
      expect(result.receipt.message).toContain('舱盖');
      expect(result.receipt.message).toContain('本次不出回执');
      first.receipt.close();
    } finally {
      printer.setMode({ coverOpen: false, paperOut: true });
    }
    // A new process on the same data folder finds the kept job and prints it when it can.
    const jobs = printer.jobs.length;
    const again = openReceiptPrinter(
      { uri: `tcp://127.0.0.1:${printer.port}`, paperWidth: 80 },
      { queueDir: first.queueDir, retryMs: 100 },
    );
    closers.push(() => again.close());
    expect(again.pendingJobs()).toBe(1);
    printer.setMode({ paperOut: false });
    const printed = () =>
      printer.jobs.slice(jobs).some((j) => j.decoded.qrCodes[0] === trackingCode);
    await until('the kept receipt to print after restart', printed);
    await until('the queue to empty', () => again.pendingJobs() === 0);
  });
});

describe('A4 queue disabled (media-empty)', () => {
  it('tells the citizen the truth about the certificate, and the submission is at the centre', async () => {
    const { service } = await kiosk({ a4: `ipp://localhost:631/printers/${QUEUE}` });
    expect(await device(service, 'a4-printer')).toMatchObject({ state: 'ok' });
    sh('cupsdisable', ['-r', 'media-empty', QUEUE]);
    try {
      const a4 = await device(service, 'a4-printer');
      expect(a4.state).toBe('fault');
      expect(a4.detail).toContain('media-empty');

      const result = await submit(service);
      expect(result.delivery).toBe('acknowledged');
      expect(await central.services.submissions.count({ trackingCode: result.trackingCode })).toBe(
        1,
      );
      expect(result.document.status).toBe('failed');
      expect(result.document.message).toContain('A4打印机缺纸');
      expect(result.document.message).toContain('凭受理编号可在任一政务服务窗口打印');
      // The receipt still prints: one printer's fault does not take the other down.
      expect(result.receipt.status).toBe('printed');
      expect((await device(service, 'a4-printer')).lastError).toMatch(/media-empty/);
    } finally {
      sh('cupsenable', [QUEUE]);
    }
    expect((await device(service, 'a4-printer')).state).toBe('ok');
  });
});
