// A picture of what a receipt printer put on paper, from the decoded job: text in printer cells
// drawn with the CJK font, raster images dot for dot, the QR code as the printer draws it, and a
// dashed line where the paper was cut. The virtual printer writes it beside each job so that a
// person (or a QR reader) can see what was printed.
import QRCode from 'qrcode';
import {
  bitmapToPng,
  blit,
  createBitmap,
  fillRect,
  fromRasterRows,
  setDot,
  type Bitmap,
} from './bitmap.ts';
import type { Alignment, DecodedReceipt, ReceiptBlock } from './escpos-decoder.ts';
import { drawText, LINE_DOTS } from './glyph-raster.ts';

/** Extra dots between text lines (ESC 2 default spacing is about 1/6 inch: 34 dots). */
const LINE_GAP = 8;
const MARGIN = 12;
const QR_QUIET_MODULES = 4;

const lineHeight = (b: Extract<ReceiptBlock, { kind: 'text' }>) =>
  LINE_DOTS * Math.max(1, ...b.segments.map((s) => s.heightMul));

function qrMatrix(data: string) {
  return QRCode.create(data, { errorCorrectionLevel: 'M' }).modules;
}

function blockHeight(b: ReceiptBlock): number {
  switch (b.kind) {
    case 'text':
      return lineHeight(b) + LINE_GAP;
    case 'image':
      return b.height;
    case 'qr':
      return (qrMatrix(b.data).size + 2 * QR_QUIET_MODULES) * Math.max(1, b.moduleSize);
    case 'cut':
      return 2 * MARGIN + 2;
  }
}

const alignedX = (align: Alignment, width: number, paper: number) =>
  align === 1 ? Math.floor((paper - width) / 2) : align === 2 ? paper - width : 0;

export function renderReceiptBitmap(decoded: DecodedReceipt, paperDots = 576): Bitmap {
  const blocks = decoded.blocks;
  const height = MARGIN + blocks.reduce((h, b) => h + blockHeight(b), 0) + MARGIN;
  const page = createBitmap(paperDots, height);
  let y = MARGIN;
  for (const b of blocks) {
    switch (b.kind) {
      case 'text': {
        const h = lineHeight(b);
        for (const s of b.segments) {
          // Characters of a taller size stand on the same baseline as the rest of the line.
          const top = y + h - LINE_DOTS * s.heightMul;
          drawText(page, s.text, s.x, top, {
            widthMul: s.widthMul,
            heightMul: s.heightMul,
            fullWidthCjk: s.chinese,
          });
        }
        break;
      }
      case 'image':
        blit(
          page,
          fromRasterRows(b.data, b.width, b.height),
          alignedX(b.align, b.width, paperDots),
          y,
        );
        break;
      case 'qr': {
        const modules = qrMatrix(b.data);
        const m = Math.max(1, b.moduleSize);
        const size = (modules.size + 2 * QR_QUIET_MODULES) * m;
        const x0 = alignedX(b.align, size, paperDots) + QR_QUIET_MODULES * m;
        const y0 = y + QR_QUIET_MODULES * m;
        for (let r = 0; r < modules.size; r++) {
          for (let c = 0; c < modules.size; c++) {
            if (modules.get(r, c)) fillRect(page, x0 + c * m, y0 + r * m, m, m);
          }
        }
        break;
      }
      case 'cut':
        for (let x = 0; x < paperDots; x++) if (x % 12 < 6) setDot(page, x, y + MARGIN);
        break;
    }
    y += blockHeight(b);
  }
  return page;
}

export function renderReceiptPng(decoded: DecodedReceipt, paperDots = 576): Buffer {
  return bitmapToPng(renderReceiptBitmap(decoded, paperDots));
}
