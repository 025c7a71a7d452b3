// A4 printing against the real CUPS on this machine, over IPP. The test command
// (scripts/setup.mjs --for test) starts CUPS with the cups-pdf queue KIOSK_A4; these tests fail,
// not skip, when it is not there.
//
// Two queues: KIOSK_A4 (cups-pdf) proves the IPP path, job states and printer-state-reasons.
// cups-pdf converts through PostScript, which turns CID fonts into Type 3 glyphs without text,
// so the text of what CUPS delivers is read back from a second queue that this file creates:
// CUPS's own PDF driver sending to a virtual PDF printer over AppSocket (raw TCP).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import {
  createDocumentPrinter,
  DocumentPrinterError,
  IppPrinterClient,
  renderCertificatePdf,
  startVirtualA4Printer,
  type VirtualA4Printer,
} from '../../../printers/index.ts';
import { certificateData } from './certificate-data.ts';

const KIOSK_A4 = 'ipp://localhost:631/printers/KIOSK_A4';
const PDF_QUEUE = 'KIOSK24_TEST_PDF';
const PDF_QUEUE_URI = `ipp://localhost:631/printers/${PDF_QUEUE}`;
const NAME = '阳秀梅';
const ID_NUMBER = '440106198803151227';
const template = loadBundledCatalog().templates.find((t) => t.id === 'employment-registration')!;
const work = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-cups-'));
let virtualPdfPrinter: VirtualA4Printer;

const uniqueCode = () =>
  `T${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase().slice(0, 12);
const certificate = (code: string) =>
  renderCertificatePdf(template, certificateData(code), { qrText: code });
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

async function until<T>(what: string, probe: () => T | null, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** cups-pdf names its output …job_<id>.pdf, in its spool for IPP jobs or in $HOME/PDF. */
function cupsPdfOutput(jobId: number, since: number): string | null {
  const dirs = ['/var/spool/cups-pdf/ANONYMOUS', path.join(os.homedir(), 'PDF'), '/root/PDF'];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (name.endsWith(`job_${jobId}.pdf`) && statSync(file).mtimeMs >= since) return file;
    }
  }
  return null;
}

beforeAll(async () => {
  try {
    await new IppPrinterClient(KIOSK_A4, 3000).printerAttributes();
  } catch (err) {
    throw new Error(
      `CUPS with the queue KIOSK_A4 is not reachable at ${KIOSK_A4}: ${(err as Error).message}. ` +
        'The test command starts it (node scripts/setup.mjs --for test).',
      { cause: err },
    );
  }
  // A queue a failed run left disabled is enabled again.
  sh('cupsenable', ['KIOSK_A4']);
  virtualPdfPrinter = await startVirtualA4Printer({ port: 0, outDir: path.join(work, 'a4') });
  sh('lpadmin', [
    '-p',
    PDF_QUEUE,
    '-E',
    '-v',
    `socket://127.0.0.1:${virtualPdfPrinter.port}`,
    '-m',
    'lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd',
    '-o',
    'PageSize=A4',
  ]);
});

afterAll(async () => {
  try {
    execFileSync('lpadmin', ['-x', PDF_QUEUE], { stdio: 'ignore' });
  } catch {
    // not created
  }
  await virtualPdfPrinter?.close();
});

describe('A4 documents through CUPS over IPP', () => {
  it('prints a certificate to KIOSK_A4: the job completes and cups-pdf writes one A4 page', async () => {
    const since = Date.now() - 2000;
    const code = uniqueCode();
    const printer = createDocumentPrinter(KIOSK_A4);
    expect(await printer.health()).toMatchObject({ device: 'a4-printer', state: 'ok' });
    const result = await printer.print(await certificate(code), code);
    expect(result.destination).toBe('printer');
    expect(result.jobId).toBeGreaterThan(0);
    const file = await until('the cups-pdf output', () => cupsPdfOutput(result.jobId!, since));
    const info = sh('pdfinfo', [file]);
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toMatch(/Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts/);
  }, 60_000);

  it('delivers the PDF with its text and embedded subset CJK font to a PDF printer', async () => {
    const code = uniqueCode();
    const before = virtualPdfPrinter.jobs.length;
    const result = await createDocumentPrinter(PDF_QUEUE_URI, { followMs: 30_000 }).print(
      await certificate(code),
      code,
    );
    expect(result.destination).toBe('printer');
    const job = await until('the job at the PDF printer', () =>
      virtualPdfPrinter.jobs.length > before ? virtualPdfPrinter.jobs[before]! : null,
    );
    const file = path.join(work, `${code}.pdf`);
    writeFileSync(file, job.bytes);
    const text = sh('pdftotext', [file, '-']);
    expect(text).toContain(NAME);
    expect(text).toContain(ID_NUMBER);
    expect(text).toContain(code);
    const fonts = sh('pdffonts', [file]);
    expect(fonts).toMatch(
      /[A-Z]{6}\+NotoSansCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/,
    );
  }, 60_000);

  it('refuses a queue disabled for media-empty, and says so to the citizen', async () => {
    const printer = createDocumentPrinter(KIOSK_A4);
    const pdf = await certificate(uniqueCode());
    sh('cupsdisable', ['-r', 'media-empty', 'KIOSK_A4']);
    try {
      const err = await printer.print(pdf, 'REFUSED').then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(DocumentPrinterError);
      const refused = err as DocumentPrinterError;
      expect(refused.reasons).toEqual(expect.arrayContaining(['paused', 'media-empty']));
      expect(refused.citizenMessage).toBe('A4打印机缺纸，暂时无法打印证明');
      expect(refused.message).not.toContain(NAME);
      const health = await printer.health();
      expect(health).toMatchObject({ device: 'a4-printer', state: 'fault' });
      expect(health.detail).toContain('media-empty');
    } finally {
      sh('cupsenable', ['KIOSK_A4']);
    }
    expect((await printer.health()).state).toBe('ok');
  }, 60_000);

  it('names the fault when the queue or CUPS is not there', async () => {
    const missing = await createDocumentPrinter('ipp://localhost:631/printers/NO_SUCH_QUEUE')
      .print(Buffer.from('%PDF-1.4'), 'X')
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DocumentPrinterError);
    expect((missing as DocumentPrinterError).reasons).toEqual(['client-error-not-found']);

    const gone = createDocumentPrinter('ipp://127.0.0.1:9/printers/KIOSK_A4', { timeoutMs: 2000 });
    const err = await gone.print(Buffer.from('%PDF-1.4'), 'X').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentPrinterError);
    expect((err as DocumentPrinterError).reasons).toEqual(['unreachable']);
    expect((err as DocumentPrinterError).citizenMessage).toContain('未连接');
    expect(await gone.health()).toMatchObject({ state: 'offline' });
  });
});
