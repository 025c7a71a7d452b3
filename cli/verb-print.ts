// `kiosk24 print …`: a technician's print checks. Each one goes through the same code the kiosk
// uses (ESC/POS client, certificate renderer and signer, IPP client), so a working check means a
// working kiosk path.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Verb } from './main.ts';
import { parseFlags, UsageError } from './usage-error.ts';

const USAGE = `Usage:
  kiosk24 print test-receipt --printer URI [--paper 58|80] [--font gbk|gb2312|gb18030]
      prints a test receipt (Chinese text, a line the printer font lacks as an image, a QR
      code, the cut) and waits for the printer to confirm it.
      URI: tcp://HOST:PORT, serial:PATH?baud=N, usblp:/dev/usb/lp0
  kiosk24 print certificate --template NAME --data FILE.json --out FILE.pdf
                            [--data-dir DIR | --key FILE.pem]
      renders an A4 document from a catalog template (NAME: its id, e.g.
      employment-registration) filled with FILE.json. With the kiosk's identity key (the
      kiosk-identity.key in its data folder, or a PKCS#8 PEM file) the QR carries a signed
      verification code (the data needs kioskId, trackingCode and issuedOn); without, the
      tracking code.
  kiosk24 print a4 --printer ipp://HOST:631/printers/QUEUE --file FILE.pdf [--name JOB]
      sends a PDF to a CUPS queue over IPP (or spool:DIR) and follows the job.

Exit status: 0 printed, 1 the printer refused or failed (the reason is on stderr), 2 usage.`;

export const printVerb: Verb = {
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === 'test-receipt') return testReceipt(rest);
    if (sub === 'certificate') return certificate(rest);
    if (sub === 'a4') return a4(rest);
    throw new UsageError(`unknown print command "${sub ?? ''}" (test-receipt, certificate or a4)`);
  },
};

async function testReceipt(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    printer: { type: 'string' },
    paper: { type: 'string' },
    font: { type: 'string' },
  });
  if (!values.printer) throw new UsageError('--printer URI is required');
  const paperWidth = Number(values.paper ?? 80);
  if (paperWidth !== 58 && paperWidth !== 80) throw new UsageError('--paper must be 58 or 80');
  const coverage = values.font ?? 'gbk';
  if (coverage !== 'gbk' && coverage !== 'gb2312' && coverage !== 'gb18030') {
    throw new UsageError('--font must be gbk, gb2312 or gb18030');
  }
  const { PrinterError, ReceiptPrinterClient, receiptTransportFromUri, renderReceiptEscPos } =
    await import('../printers/index.ts');
  let transport;
  try {
    transport = receiptTransportFromUri(values.printer);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const now = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  const bytes = renderReceiptEscPos(
    {
      title: '打印机测试页',
      lines: [
        { label: '打印机', value: transport.description },
        { label: '时间', value: now },
        { label: '中文', value: '广州市政务服务 自助终端' },
        { label: '生僻字', value: '𠮷 䶮（字库没有时以图像打印）' },
        { label: '纸宽', value: `${paperWidth} mm` },
      ],
      qr: 'KIOSK24-TEST',
      footer: ['扫码应读出 KIOSK24-TEST'],
    },
    { paperWidth, font: { coverage } },
  );
  const printer = new ReceiptPrinterClient(transport, { timeoutMs: 3000 });
  try {
    await printer.print(bytes);
  } catch (err) {
    if (err instanceof PrinterError) {
      console.error(`kiosk24 print: not printed: ${err.kind} (${err.message})`);
      return 1;
    }
    throw err;
  }
  console.log(`printed and confirmed by ${transport.description} (${bytes.length} bytes)`);
  return 0;
}

async function certificate(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    template: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    'data-dir': { type: 'string' },
    key: { type: 'string' },
  });
  if (!values.template || !values.data || !values.out) {
    throw new UsageError('--template NAME, --data FILE.json and --out FILE.pdf are required');
  }
  if (values['data-dir'] && values.key) throw new UsageError('use either --data-dir or --key');
  const { loadBundledCatalog } = await import('../catalog/load-bundled-catalog.ts');
  const templates = loadBundledCatalog().templates;
  const template = templates.find((t) => t.id === values.template);
  if (!template) {
    throw new UsageError(
      `no template "${values.template}" (one of: ${templates.map((t) => t.id).join(', ')})`,
    );
  }
  let data: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(readFileSync(values.data, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('not a JSON object');
    }
    data = parsed as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`--data ${values.data}: ${(err as Error).message}`);
  }
  const { createPrivateKey } = await import('node:crypto');
  const { loadOrCreateKioskKey } = await import('../offline-cache/request-signing.ts');
  const { renderCertificatePdf, certificateContent, signCertificate } =
    await import('../printers/index.ts');
  const key = values.key
    ? createPrivateKey(readFileSync(values.key, 'utf8'))
    : values['data-dir']
      ? loadOrCreateKioskKey(values['data-dir'])
      : null;
  const trackingCode = typeof data.trackingCode === 'string' ? data.trackingCode : '';
  const qrText = key ? signCertificate(certificateContent(template, data), key) : trackingCode;
  const pdf = await renderCertificatePdf(template, data, { qrText });
  writeFileSync(values.out, pdf, { mode: 0o600 });
  const qr = key ? 'signed verification code' : qrText ? 'tracking code' : 'none';
  console.log(`written ${path.resolve(values.out)} (${pdf.length} bytes, QR: ${qr})`);
  return 0;
}

async function a4(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    printer: { type: 'string' },
    file: { type: 'string' },
    name: { type: 'string' },
  });
  if (!values.printer || !values.file) {
    throw new UsageError(
      '--printer ipp://HOST:631/printers/QUEUE and --file FILE.pdf are required',
    );
  }
  const pdf = readFileSync(values.file);
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw new UsageError(`${values.file} is not a PDF`);
  }
  const { createDocumentPrinter, DocumentPrinterError } = await import('../printers/index.ts');
  let printer;
  try {
    printer = createDocumentPrinter(values.printer, { followMs: 30_000 });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const jobName = values.name ?? path.basename(values.file, '.pdf');
  try {
    const result = await printer.print(pdf, jobName);
    console.log(
      result.destination === 'printer'
        ? `job ${result.jobId} sent to ${values.printer}`
        : `written to the spool folder of ${values.printer}`,
    );
    return 0;
  } catch (err) {
    if (err instanceof DocumentPrinterError) {
      console.error(`kiosk24 print: not printed: ${err.reasons.join(', ')} (${err.message})`);
      return 1;
    }
    throw err;
  }
}
