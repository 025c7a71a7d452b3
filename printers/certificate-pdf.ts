// An A4 certificate from a catalog template, in the manner of a Chinese official certificate:
// a framed page, the title and subtitle centred, one bordered table of label/value rows per
// section, the issuer, a QR code for verification and the footer notes. Text is real text in an
// embedded, subset CJK font, so pdftotext reads it and any printer prints it alike.
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { DocumentTemplate } from '../catalog/schema.ts';
import { fillTemplate, type FilledCertificate } from './certificate-template.ts';
import { loadCjkFonts } from './cjk-font.ts';

const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
const FRAME = 28; // outer frame inset
const LEFT = 62;
const RIGHT = PAGE.width - 62;
const BOTTOM = PAGE.height - 56;
const TABLE = { labelWidth: 132, padX: 8, padY: 4, fontSize: 11, headingHeight: 23 };
const QR_SIZE = 84;
const INK = '#1a1a1a';
const RULE = '#333333';
const SHADE = '#efefef';

type Doc = PDFKit.PDFDocument;

function drawFrame(doc: Doc): void {
  doc.save();
  doc.lineWidth(2).strokeColor(RULE);
  doc.rect(FRAME, FRAME, PAGE.width - 2 * FRAME, PAGE.height - 2 * FRAME).stroke();
  doc.lineWidth(0.6);
  const inner = FRAME + 5;
  doc.rect(inner, inner, PAGE.width - 2 * inner, PAGE.height - 2 * inner).stroke();
  doc.restore();
}

/** Starts a new framed page when `height` does not fit below `y`; returns where to draw. */
function room(doc: Doc, y: number, height: number): number {
  if (y + height <= BOTTOM) return y;
  doc.addPage({ size: 'A4', margin: 0 });
  drawFrame(doc);
  return 72;
}

function drawHeader(doc: Doc, c: FilledCertificate): number {
  let y = 78;
  doc.font('cjk-bold').fontSize(24).fillColor(INK);
  doc.text(c.title, LEFT, y, { width: RIGHT - LEFT, align: 'center', characterSpacing: 4 });
  y = doc.y + 6;
  if (c.subtitle) {
    doc.font('cjk').fontSize(13);
    doc.text(c.subtitle, LEFT, y, { width: RIGHT - LEFT, align: 'center' });
    y = doc.y;
  }
  return y + 22;
}

function drawSection(
  doc: Doc,
  section: FilledCertificate['sections'][number],
  top: number,
): number {
  const width = RIGHT - LEFT;
  const valueX = LEFT + TABLE.labelWidth;
  const valueWidth = width - TABLE.labelWidth - 2 * TABLE.padX;
  let y = top;
  doc.lineWidth(0.8).strokeColor(RULE);
  if (section.heading) {
    y = room(doc, y, TABLE.headingHeight * 2);
    doc.rect(LEFT, y, width, TABLE.headingHeight).fillAndStroke(SHADE, RULE);
    doc.font('cjk-bold').fontSize(12.5).fillColor(INK);
    doc.text(section.heading, LEFT + TABLE.padX, y + 5, { width: width - 2 * TABLE.padX });
    y += TABLE.headingHeight;
  }
  for (const row of section.rows) {
    doc.font('cjk').fontSize(TABLE.fontSize);
    const textHeight = Math.max(
      doc.heightOfString(row.value || ' ', { width: valueWidth }),
      doc.heightOfString(row.label || ' ', { width: TABLE.labelWidth - 2 * TABLE.padX }),
    );
    const h = Math.max(22, textHeight + 2 * TABLE.padY);
    y = room(doc, y, h);
    doc.rect(LEFT, y, TABLE.labelWidth, h).fillAndStroke(SHADE, RULE);
    doc.rect(valueX, y, width - TABLE.labelWidth, h).stroke();
    doc.fillColor(INK);
    doc.text(row.label, LEFT + TABLE.padX, y + TABLE.padY, {
      width: TABLE.labelWidth - 2 * TABLE.padX,
      align: 'justify',
    });
    doc.text(row.value, valueX + TABLE.padX, y + TABLE.padY, { width: valueWidth });
    y += h;
  }
  return y + 14;
}

/** The QR code as filled squares: sharp at any printer resolution, and no image to embed. */
function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const cell = size / (modules.size + 2 * quiet);
  doc.save().fillColor('#000000');
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; c++) {
      if (modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell, cell);
    }
  }
  doc.fill().restore();
}

function drawClosing(doc: Doc, c: FilledCertificate, qrText: string, top: number): number {
  let y = room(doc, top + 6, QR_SIZE + 24);
  if (qrText) {
    drawQr(doc, qrText, LEFT, y, QR_SIZE);
    doc.font('cjk').fontSize(8.5).fillColor(INK);
    doc.text('扫码核验', LEFT, y + QR_SIZE + 2, { width: QR_SIZE, align: 'center' });
  }
  doc.font('cjk-bold').fontSize(14).fillColor(INK);
  const issuerX = LEFT + QR_SIZE + 24;
  doc.text(c.issuer, issuerX, y + QR_SIZE / 2 - 10, { width: RIGHT - issuerX, align: 'right' });
  y += QR_SIZE + 24;
  if (c.footer.length > 0) {
    doc.font('cjk').fontSize(9).fillColor('#333333');
    for (const line of c.footer) {
      const h = doc.heightOfString(line, { width: RIGHT - LEFT });
      y = room(doc, y, h);
      doc.text(line, LEFT, y, { width: RIGHT - LEFT, lineGap: 1.5 });
      y = doc.y + 3;
    }
  }
  return y;
}

export async function renderCertificatePdf(
  template: DocumentTemplate,
  data: Record<string, unknown>,
  opts: { qrText: string },
): Promise<Buffer> {
  const fonts = loadCjkFonts();
  const filled = fillTemplate(template, data);
  // Metadata names the document, never the person.
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    info: { Title: filled.title, Creator: 'kiosk24', Producer: 'kiosk24' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', fonts.regular.source, fonts.regular.face);
  doc.registerFont('cjk-bold', fonts.bold.source, fonts.bold.face);

  drawFrame(doc);
  let y = drawHeader(doc, filled);
  for (const section of filled.sections) y = drawSection(doc, section, y);
  drawClosing(doc, filled, opts.qrText, y);
  doc.end();
  return done;
}
