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
import receiptline from 'receiptline';
import { qrCodeCommand, type QrErrorLevel } from './escpos-commands.ts';
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

/** The receipt in receiptline's markup (also usable for its SVG/text preview). */
export function receiptMarkup(content: ReceiptDocument, paperWidth: PaperWidth): string {
  const columns = COLUMNS[paperWidth];
  const out: string[] = [];
  if (plain(content.title)) out.push(`"^^${escText(content.title)}`, '---');
  if (content.lines.length > 0) {
    const widest = Math.max(...content.lines.map((l) => receiptColumns(plain(l.label))));
    const labelWidth = Math.max(2, Math.min(widest, Math.floor(columns * 0.4)));
    out.push(`{width:${labelWidth},*; border:space}`);
    for (const { label, value } of content.lines) {
      // A column of only spaces keeps its place; an empty one would shift the row.
      out.push(`|${escText(label) || '~'} |${escText(value) || '~'} |`);
    }
    out.push('{width:auto}', '---');
  }
  if (plain(content.qr)) {
    const cell = paperWidth === 58 ? 5 : 6;
    out.push(`{code:${escProperty(content.qr)}; option:qrcode,${cell},m}`);
  }
  for (const line of content.footer) out.push(`|${escText(line)}`);
  return out.join('\n') + '\n';
}

export function renderReceiptEscPos(
  content: ReceiptDocument,
  opts: { paperWidth: PaperWidth },
): Buffer {
  const markup = receiptMarkup(content, opts.paperWidth);
  const out = receiptline.transform(markup, {
    cpl: COLUMNS[opts.paperWidth],
    encoding: 'gb18030',
    command: kioskCommands,
    spacing: true,
    cutting: true,
  });
  return Buffer.from(out, 'latin1');
}
