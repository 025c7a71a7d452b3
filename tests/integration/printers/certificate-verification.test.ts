// The certificate's verification code end to end: the kiosk's document adapter signs it with the
// kiosk's enrolled Ed25519 key and prints through CUPS over IPP (a queue with CUPS's PDF driver
// in front of a virtual PDF printer, so what CUPS delivers can be read back: cups-pdf would turn
// the CJK text into Type 3 glyphs). The delivered PDF carries the name and ID number as text and
// the font as an embedded subset; its QR, read with pdftoppm and jsQR, is a code the central
// platform verifies, and refuses once one character of the certificate is changed.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import { startCentral, type CentralPlatform } from '../../../central/index.ts';
import { openDocumentPrinter } from '../../../host/adapters/document-printer.ts';
import { kioskPublicKey } from '../../../offline-cache/request-signing.ts';
import {
  canonicalCertificate,
  certificateContent,
  IppPrinterClient,
  parseCertificateCode,
  startVirtualA4Printer,
  type CertificateContent,
  type VirtualA4Printer,
} from '../../../printers/index.ts';
import { certificateData } from './certificate-data.ts';

const jsQR = jsQRModule.default;
const QUEUE = 'KIOSK24_TEST_VERIFY';
const QUEUE_URI = `ipp://localhost:631/printers/${QUEUE}`;
const KIOSK_ID = 'GZ-DEMO-0001'; // the kioskId in certificateData
const template = loadBundledCatalog().templates.find((t) => t.id === 'employment-registration')!;
const work = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-verify-'));
const kioskKey = generateKeyPairSync('ed25519').privateKey;
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
let central: CentralPlatform;
let pdfPrinter: VirtualA4Printer;

beforeAll(async () => {
  central = await startCentral({ port: 0, db: 'pglite:memory' });
  const { token } = await central.services.enrolment.createToken({ kioskId: KIOSK_ID });
  await central.services.enrolment.enrol({
    token,
    kioskId: KIOSK_ID,
    district: '天河区',
    publicKey: kioskPublicKey(kioskKey),
  });
  await new IppPrinterClient('ipp://localhost:631/printers/KIOSK_A4', 3000)
    .printerAttributes()
    .catch((err: unknown) => {
      throw new Error(`CUPS is not running (node scripts/setup.mjs --for test starts it)`, {
        cause: err,
      });
    });
  pdfPrinter = await startVirtualA4Printer({ port: 0 });
  sh('lpadmin', [
    ...['-p', QUEUE, '-E', '-v', `socket://127.0.0.1:${pdfPrinter.port}`],
    ...['-m', 'lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd', '-o', 'PageSize=A4'],
  ]);
});

afterAll(async () => {
  try {
    execFileSync('lpadmin', ['-x', QUEUE], { stdio: 'ignore' });
  } catch {
    // never created
  }
  await pdfPrinter?.close();
  await central?.close();
});

async function verify(code: string, content: CertificateContent) {
  const res = await fetch(`${central.url}/api/v1/certificates/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, content }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { valid: boolean; reason?: string; trackingCode?: string };
}

async function until<T>(what: string, probe: () => T | null, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a certificate printed through CUPS, verified at the centre', () => {
  it('lands as a PDF with text and a subset font, whose QR code the centre verifies', async () => {
    const trackingCode = 'V3RF-7K2Q-XM4D';
    const data = certificateData(trackingCode);
    const documents = openDocumentPrinter(
      { uri: QUEUE_URI },
      { signingKey: kioskKey, followMs: 30_000 },
    );
    const before = pdfPrinter.jobs.length;
    expect(await documents.print(template, data, trackingCode)).toEqual({ destination: 'printer' });
    const job = await until('the job at the PDF printer', () =>
      pdfPrinter.jobs.length > before ? pdfPrinter.jobs[before]! : null,
    );
    const file = path.join(work, 'certificate.pdf');
    writeFileSync(file, job.bytes);

    const text = sh('pdftotext', [file, '-']);
    expect(text).toContain('阳秀梅');
    expect(text).toContain('440106198803151227');
    expect(sh('pdffonts', [file])).toMatch(
      /[A-Z]{6}\+NotoSansCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/,
    );

    execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', file, path.join(work, 'page')]);
    const page = PNG.sync.read(readFileSync(path.join(work, 'page.png')));
    const code = jsQR(new Uint8ClampedArray(page.data), page.width, page.height)?.data;
    expect(code).toMatch(/^K24C1\./);
    expect(parseCertificateCode(code!)).toMatchObject({ kioskId: KIOSK_ID, trackingCode });

    // What the verifier reads off the paper: every signed row value is printed on it.
    const content = certificateContent(template, data);
    for (const [, value] of content.rows) {
      if (value) expect(text.replace(/\s+/g, '')).toContain(value.replace(/\s+/g, ''));
    }
    expect(await verify(code!, content)).toMatchObject({ valid: true, trackingCode });

    // One character of the certificate changed: refused.
    const forged = structuredClone(content);
    forged.rows = forged.rows.map(([l, v]) => [l, v === '阳秀梅' ? '杨秀梅' : v]);
    expect(forged.rows).not.toEqual(content.rows);
    expect(await verify(code!, forged)).toEqual({ valid: false, reason: 'signature-invalid' });
    expect(await verify(code!, { ...content, issuedOn: '2026-11-23' })).toMatchObject({
      valid: false,
    });
    // A code for another record, or garbage, is refused with its reason.
    expect(await verify(code!, { ...content, trackingCode: 'AAAA-BBBB-CCCC' })).toEqual({
      valid: false,
      reason: 'code-content-mismatch',
    });
    expect(await verify('K24C1.x', content)).toEqual({ valid: false, reason: 'code-malformed' });
  }, 90_000);

  it('refuses codes of kiosks it does not know and, after revocation, of later certificates', async () => {
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const { certificateQrText } = await import('../../../host/adapters/document-printer.ts');
    const data = { ...certificateData('S7R4-N6GE-R001'), kioskId: 'GZ-UNKNOWN-9' };
    const content = certificateContent(template, data);
    const code = certificateQrText(template, data, 'S7R4-N6GE-R001', stranger);
    expect(await verify(code, content)).toEqual({ valid: false, reason: 'kiosk-unknown' });

    // Signed by someone else in the name of the enrolled kiosk.
    const ours = certificateData('S7R4-N6GE-R002');
    const impostor = certificateQrText(template, ours, 'S7R4-N6GE-R002', stranger);
    expect(await verify(impostor, certificateContent(template, ours))).toEqual({
      valid: false,
      reason: 'signature-invalid',
    });

    // Revoked: what the kiosk signed before still verifies, anything dated after does not.
    const signed = (trackingCode: string, issuedOn: string) => {
      const d = { ...certificateData(trackingCode), issuedOn };
      return [
        certificateQrText(template, d, trackingCode, kioskKey),
        certificateContent(template, d),
      ] as const;
    };
    const [oldCode, oldContent] = signed('S7R4-N6GE-R003', '2000-01-01');
    const [newCode, newContent] = signed('S7R4-N6GE-R004', '2999-01-01');
    expect(await verify(newCode, newContent)).toMatchObject({ valid: true });
    await central.services.enrolment.revoke(KIOSK_ID);
    expect(await verify(oldCode, oldContent)).toMatchObject({ valid: true });
    expect(await verify(newCode, newContent)).toEqual({ valid: false, reason: 'kiosk-revoked' });
  });

  it('signs canonical bytes: NFC strings, fixed key order (one definition for kiosk and centre)', () => {
    const content = certificateContent(template, certificateData('C4N0-N1C4-L000'));
    // Unicode NFC on both sides: a decomposed character signs as its composed form.
    const decomposed = { ...content, rows: [['姓名', 'Zoe\u0301']] as [string, string][] };
    const composed = { ...content, rows: [['姓名', 'Zo\u00e9']] as [string, string][] };
    expect(canonicalCertificate(decomposed)).toBe(canonicalCertificate(composed));
    expect(JSON.parse(canonicalCertificate(content))).toMatchObject({
      scheme: 'kiosk24-certificate-v1',
      templateId: 'employment-registration',
      kioskId: KIOSK_ID,
      trackingCode: 'C4N0-N1C4-L000',
      issuedOn: '2026-11-22',
    });
  });
});
