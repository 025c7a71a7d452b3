// The receipt as ESC/POS bytes. Layout is receiptline's: chosen on evidence (see
// ../shared/DESIGN.md, "Receipts", and tests/unit/printers/receipt-escpos.test.ts). It writes
// Chinese as GB18030 inside the printer's Chinese mode (ESC t 0, FS &), counts a full-width
// character as two columns when it sizes and wraps label/value columns on 32 (58 mm) or 48
// (80 mm) columns, and ends with feed-and-cut (GS V 66). Three parts of its "generic" command set
// are replaced here, each because its output was wrong for a kiosk:
// - QR: receiptline draws the symbol as a raster image; we send the printer's own QR command
//   (GS ( k), so the payload travels as data that the virtual printer and tests can read back.
// - Rules: it prints them as box-drawing bytes of code page 1 after leaving Chinese mode; plain
//   '-' prints the same on every printer and reads back as text.
// - Close: it appends GS r 1, whose answer the TCP transport asks for itself after each job.
// A line with a character the printer's font lacks (printer-font.ts: 𠮷, 䶮 on a GBK font) is
// sent as a raster image (GS v 0) of that line drawn with the CJK font (glyph-raster.ts), laid
// out exactly as receiptline lays out the text line it replaces.
import receiptline from 'receiptline';
import { bitmapToPng, blit, createBitmap } from './bitmap.ts';
import { qrCodeCommand, type QrErrorLevel } from './escpos-commands.ts';
import { decodeEscPos } from './escpos-decoder.ts';
import { CELL_DOTS, LINE_DOTS, renderTextLine } from './glyph-raster.ts';
import { charactersMissing, DEFAULT_PRINTER_FONT, type PrinterFont } from './printer-font.ts';
import { COLUMNS, type PaperWidth, type ReceiptDocument } from './receipt-document.ts';

type QrSymbol = { data: string; cell: number; level: string };

const generic = receiptline.commands.generic;
const kioskCommands = {
  ...generic,
  qrcode(symbol: QrSymbol): string {
    const level = symbol.level.toUpperCase() as QrErrorLevel;
    const bytes = qrCodeCommand(Buffer.from(symbol.data, 'utf8'), {
      moduleSize: symbol.cell,
      level,
    });
    return bytes.toString('latin1');
  },
  hr: (width: number) => '-'.repeat(width),
  close(this: { cutting: boolean; cut(): string }): string {
    return this.cutting ? this.cut() : '';
  },
};

/** Characters receiptline reads as markup in text. */
const TEXT_SPECIAL = /[\\|{}~_"`^\-=]/g;
/** Characters receiptline reads as markup in a property value. */
const PROPERTY_SPECIAL = /[\\|{};]/g;

function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}
const escText = (text: string) => plain(text).replace(TEXT_SPECIAL, (c) => `\\${c}`);
const escProperty = (text: string) => plain(text).replace(PROPERTY_SPECIAL, (c) => `\\${c}`);

/** Display columns of text on the printer: a character outside ASCII is full width. */
export function receiptColumns(text: string): number {
  return generic.measureText(text, 'gb18030');
}

/** Stands in for a character the printer lacks while receiptline lays the line out: a private-use
 * character, full width like the CJK character it replaces, and never in citizen text. */
const PLACEHOLDER = '\ue000';
/** A raster line is as tall as a text line at the default line spacing (1/6 inch at 203 dpi). */
const RASTER_LINE_DOTS = 32;

/**
 * The markup lines that print `lineMarkup(text…)` as pictures: receiptline lays it out with
 * placeholders, the decoder reads back the text lines it would print, and each line is drawn
 * with the real characters put back, cell for cell.
 */
function rasterLines(
  texts: string[],
  lineMarkup: (escaped: string[]) => string,
  paperWidth: PaperWidth,
  font: PrinterFont,
): string[] {
  const missing: string[] = [];
  const stand = texts.map((t) =>
    Array.from(plain(t))
      .map((c) => (charactersMissing(c, font).length > 0 ? (missing.push(c), PLACEHOLDER) : c))
      .join(''),
  );
  const laidOut = receiptline.transform(lineMarkup(stand.map(escText)), {
    cpl: COLUMNS[paperWidth],
    encoding: 'gb18030',
    command: kioskCommands,
    spacing: true,
    cutting: false,
  });
  const lines = decodeEscPos(Buffer.from(laidOut, 'latin1')).text.split('\n');
  let next = 0;
  const dots = COLUMNS[paperWidth] * CELL_DOTS;
  return lines.map((line) => {
    const text = Array.from(line)
      .map((c) => (c === PLACEHOLDER ? (missing[next++] ?? c) : c))
      .join('');
    const bitmap = createBitmap(dots, RASTER_LINE_DOTS);
    blit(bitmap, renderTextLine(text, dots), 0, Math.floor((RASTER_LINE_DOTS - LINE_DOTS) / 2));
    return `{image:${bitmapToPng(bitmap).toString('base64')}}`;
  });
}

const lacksGlyph = (font: PrinterFont, ...texts: string[]) =>
  texts.some((t) => charactersMissing(plain(t), font).length > 0);

/** The receipt in receiptline's markup (also usable for its SVG/text preview). */
export function receiptMarkup(
  content: ReceiptDocument,
  paperWidth: PaperWidth,
  font: PrinterFont = DEFAULT_PRINTER_FONT,
): string {
  const columns = COLUMNS[paperWidth];
  const out: string[] = [];
  if (plain(content.title)) out.push(`"^^${escText(content.title)}`, '---');
  if (content.lines.length > 0) {
    const widest = Math.max(...content.lines.map((l) => receiptColumns(plain(l.label))));
    const labelWidth = Math.max(2, Math.min(widest, Math.floor(columns * 0.4)));
    const table = `{width:${labelWidth},*; border:space}`;
    // A column of only spaces keeps its place; an empty one would shift the row.
    const row = ([label, value]: string[]) => `|${label || '~'} |${value || '~'} |`;
    out.push(table);
    for (const { label, value } of content.lines) {
      if (lacksGlyph(font, label, value)) {
        out.push(
          ...rasterLines([label, value], (e) => `${table}\n${row(e)}\n`, paperWidth, font),
          table,
        );
      } else out.push(row([escText(label), escText(value)]));
    }
    out.push('{width:auto}', '---');
  }
  if (plain(content.qr)) {
    const cell = paperWidth === 58 ? 5 : 6;
    out.push(`{code:${escProperty(content.qr)}; option:qrcode,${cell},m}`);
  }
  for (const line of content.footer) {
    if (lacksGlyph(font, line)) {
      out.push(...rasterLines([line], ([e]) => `|${e}\n`, paperWidth, font));
    } else out.push(`|${escText(line)}`);
  }
  return out.join('\n') + '\n';
}

export interface ReceiptRenderOptions {
  paperWidth: PaperWidth;
  /** What the printer's own font can draw; default GBK (printer-font.ts). */
  font?: PrinterFont;
}

export function renderReceiptEscPos(content: ReceiptDocument, opts: ReceiptRenderOptions): Buffer {
  const markup = receiptMarkup(content, opts.paperWidth, opts.font);
  const out = receiptline.transform(markup, {
    cpl: COLUMNS[opts.paperWidth],
    encoding: 'gb18030',
    command: kioskCommands,
    spacing: true,
    cutting: true,
    // Our images are black and white already: dithering would only move dots.
    gradient: false,
  });
  return Buffer.from(out, 'latin1');
}
