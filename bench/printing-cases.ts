// Printing benchmarks (issue 4), on the real code paths:
// - certificate PDF generation, warm: the CJK font parsed once (as the kiosk does), then each
//   run lays out, subsets and signs a certificate. Target: median < 150 ms.
// - receipt encoding: the kiosk receipt to ESC/POS, and one whose applicant line goes as a raster
//   image (a name the printer font lacks).
// - print → confirmed by the virtual receipt printer over TCP: status read, job sent, GS r answer
//   after the job, status read again (what the kiosk waits for before it says "printed").
// - print → IPP job completed in CUPS: Print-Job to a cups-pdf queue of its own, then
//   Get-Job-Attributes until `completed` (needs CUPS running, as the test command starts it).
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { loadBundledCatalog } from '../catalog/load-bundled-catalog.ts';
import {
  certificateContent,
  IppPrinterClient,
  loadCjkFonts,
  renderCertificatePdf,
  renderReceiptEscPos,
  signCertificate,
  startVirtualReceiptPrinter,
  TcpReceiptPrinter,
  type ReceiptDocument,
  type VirtualReceiptPrinter,
} from '../printers/index.ts';
import { certificateData } from '../tests/integration/printers/certificate-data.ts';
import type { BenchCase } from './harness.ts';

const CUPS_QUEUE = 'KIOSK24_BENCH';

const receipt: ReceiptDocument = {
  title: '广州市政务服务 自助终端回执',
  lines: [
    { label: '事项', value: '个人就业登记' },
    { label: '办理结果', value: '已提交' },
    { label: '申请人', value: '阳*梅' },
    { label: '证件号码', value: '440106********1227' },
    { label: '受理编号', value: 'K7Q2-9D3F-XA41' },
    { label: '时间', value: '2026-11-22 03:12' },
    { label: '终端', value: 'GZ-DEMO-0001 五山街道党群服务中心' },
  ],
  qr: 'K7Q2-9D3F-XA41',
  footer: ['凭受理编号可在任一政务服务窗口或自助终端查询办理进度'],
};

function employmentTemplate() {
  const template = loadBundledCatalog().templates.find((t) => t.id === 'employment-registration');
  if (!template) throw new Error('employment-registration template missing from the catalog');
  return template;
}

export function certificatePdfWarm(): BenchCase {
  const template = employmentTemplate();
  const key = generateKeyPairSync('ed25519').privateKey;
  let n = 0;
  return {
    name: 'certificate PDF, warm (CJK subset, signed QR)',
    unit: 'ms',
    runs: 20,
    warmup: 2,
    setup: async () => void loadCjkFonts(),
    async run() {
      const data = certificateData(`K7Q2-9D3F-${String(n++ % 10000).padStart(4, '0')}`);
      const qrText = signCertificate(certificateContent(template, data), key);
      await renderCertificatePdf(template, data, { qrText });
    },
  };
}

export function receiptEncoding(): BenchCase {
  return {
    name: 'receipt ESC/POS encoding (GB18030, QR)',
    unit: 'ms',
    runs: 50,
    run: async () => void renderReceiptEscPos(receipt, { paperWidth: 80 }),
  };
}

export function receiptEncodingWithRasterLine(): BenchCase {
  const rare: ReceiptDocument = {
    ...receipt,
    lines: receipt.lines.map((l) => (l.label === '申请人' ? { ...l, value: '𠮷*芳' } : l)),
  };
  return {
    name: 'receipt ESC/POS encoding, one line as raster image',
    unit: 'ms',
    runs: 30,
    warmup: 2,
    run: async () => void renderReceiptEscPos(rare, { paperWidth: 80 }),
  };
}

export function receiptPrintConfirmed(): BenchCase {
  let sim: VirtualReceiptPrinter | null = null;
  let printer: TcpReceiptPrinter | null = null;
  const bytes = renderReceiptEscPos(receipt, { paperWidth: 80 });
  return {
    name: 'receipt print → confirmed by the virtual printer (TCP)',
    unit: 'ms',
    runs: 20,
    async setup() {
      sim = await startVirtualReceiptPrinter({ port: 0 });
      printer = new TcpReceiptPrinter({ host: '127.0.0.1', port: sim.port, timeoutMs: 3000 });
    },
    run: async () => void (await printer!.print(bytes)),
    teardown: async () => void (await sim?.close()),
  };
}

export function a4PrintCompletedInCups(): BenchCase {
  const template = employmentTemplate();
  const client = new IppPrinterClient(`ipp://localhost:631/printers/${CUPS_QUEUE}`, 5000);
  let pdf: Buffer = Buffer.alloc(0);
  return {
    name: 'A4 print → IPP job completed (CUPS, cups-pdf)',
    unit: 'ms',
    runs: 5,
    async setup() {
      execFileSync('lpadmin', [
        ...['-p', CUPS_QUEUE, '-E', '-v', 'cups-pdf:/'],
        ...['-m', 'lsb/usr/cups-pdf/CUPS-PDF_opt.ppd', '-o', 'PageSize=A4'],
      ]);
      pdf = await renderCertificatePdf(template, certificateData('BNCH-A4A4-0001'), {
        qrText: 'BNCH-A4A4-0001',
      });
    },
    async run() {
      const job = await client.printJob(pdf, 'BNCH-A4A4-0001');
      const deadline = Date.now() + 60_000;
      for (let state = job.state; state !== 'completed';) {
        if (['canceled', 'aborted'].includes(state) || Date.now() > deadline) {
          throw new Error(`bench A4 job ${job.id} ended ${state}`);
        }
        await new Promise((r) => setTimeout(r, 20));
        state = (await client.jobAttributes(job.id)).state;
      }
    },
    async teardown() {
      execFileSync('lpadmin', ['-x', CUPS_QUEUE], { stdio: 'ignore' });
    },
  };
}

/** Every printing case, in the order the table shows them. */
export function printingBenchCases(): BenchCase[] {
  return [
    certificatePdfWarm(),
    receiptEncoding(),
    receiptEncodingWithRasterLine(),
    receiptPrintConfirmed(),
    a4PrintCompletedInCups(),
  ];
}
