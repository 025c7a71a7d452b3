// The certificate PDF read back by independent tools: poppler's pdftotext, pdffonts and
// pdftoppm, and jsQR for the code on the rendered page.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import { loadCjkFonts, MissingFontError, renderCertificatePdf } from '../../../printers/index.ts';
import { certificateData } from './certificate-data.ts';

// jsqr is CommonJS with a `default` export: Node hands ESM the whole module object.
const jsQR = jsQRModule.default;
const work = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-pdf-'));
const templates = loadBundledCatalog().templates;
const employment = templates.find((t) => t.id === 'employment-registration')!;

async function renderToFile(name: string, trackingCode = 'K7Q2-9D3F-XA41') {
  const pdf = await renderCertificatePdf(employment, certificateData(trackingCode), {
    qrText: trackingCode,
  });
  const file = path.join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  return { pdf, file };
}

describe('renderCertificatePdf', () => {
  it('writes text that pdftotext reads back: title, name, ID number, filled rows', async () => {
    const { pdf, file } = await renderToFile('text');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const expected of [
      '就业登记证明',
      '阳秀梅',
      '440106198803151227',
      '广州市天河区某某科技有限公司',
      '广州市天河区人力资源和社会保障局',
      '受理编号：K7Q2-9D3F-XA41',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/undefined|\{\{/);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
    // The metadata names the document, not the person.
    expect(info).not.toContain('阳秀梅');
  });

  it('embeds the CJK font as a subset (pdffonts)', async () => {
    const { file } = await renderToFile('fonts');
    const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter(Boolean);
    const regular = rows.find((r) => /^[A-Z]{6}\+NotoSansCJKsc-Regular\s/.test(r));
    expect(regular, rows.join('\n')).toBeDefined();
    // Columns: name, type, encoding, emb, sub, uni, …
    expect(regular!).toMatch(/\sIdentity-H\s+yes\s+yes\s+yes\s/);
    expect(rows.every((r) => /\syes\s+yes\s+yes\s/.test(r))).toBe(true);
  });

  it('carries a QR code that decodes to the given text', async () => {
    const { file } = await renderToFile('qr', 'QR7Z-2B4C-KX90');
    const png = path.join(work, 'qr-page');
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', file, png]);
    const image = PNG.sync.read(readFileSync(`${png}.png`));
    const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(code?.data).toBe('QR7Z-2B4C-KX90');
  });

  it('renders every catalog template on one A4 page', async () => {
    for (const template of templates) {
      const pdf = await renderCertificatePdf(template, certificateData('ABCD-EFGH-JKLM'), {
        qrText: 'ABCD-EFGH-JKLM',
      });
      const file = path.join(work, `${template.id}.pdf`);
      writeFileSync(file, pdf);
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
      expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain(
        'ABCD-EFGH-JKLM',
      );
    }
  });

  it('says clearly which font file is missing', () => {
    const missing = { file: '/nonexistent/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' };
    expect(() => loadCjkFonts({ regular: missing, bold: missing })).toThrow(MissingFontError);
    expect(() => loadCjkFonts({ regular: missing, bold: missing })).toThrow(
      /CJK font not found: \/nonexistent\/NotoSansCJK-Regular\.ttc.*fonts-noto-cjk/,
    );
  });
});
