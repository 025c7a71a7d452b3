// The picture the virtual printer writes beside each job, read back by jsQR: the QR code as the
// printer draws it carries the tracking code; text and raster lines leave ink where they stand.
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  decodeEscPos,
  renderReceiptBitmap,
  renderReceiptEscPos,
  renderReceiptPng,
} from '../../../printers/index.ts';
import { kioskReceipt } from './receipt-fixture.ts';

const jsQR = jsQRModule.default;

describe('renderReceiptPng', () => {
  for (const [paperWidth, dots] of [
    [80, 576],
    [58, 384],
  ] as const) {
    it(`draws a ${paperWidth} mm receipt whose QR code reads back as the tracking code`, () => {
      const decoded = decodeEscPos(renderReceiptEscPos(kioskReceipt, { paperWidth }));
      const png = PNG.sync.read(renderReceiptPng(decoded, dots));
      expect(png.width).toBe(dots);
      expect(png.height).toBeGreaterThan(400);
      const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(code?.data).toBe(kioskReceipt.qr);
    });
  }

  it('puts ink on every printed line, and a raster line where its picture was', () => {
    const doc = {
      ...kioskReceipt,
      lines: [{ label: '申请人', value: '𠮷*芳' }, ...kioskReceipt.lines],
    };
    const decoded = decodeEscPos(renderReceiptEscPos(doc, { paperWidth: 80 }));
    const page = renderReceiptBitmap(decoded);
    const ink = (y0: number, y1: number) => {
      let n = 0;
      for (let i = y0 * page.width; i < y1 * page.width; i++) n += page.dots[i]!;
      return n;
    };
    expect(ink(0, page.height)).toBeGreaterThan(5000);
    // Rows of ink and white alternate: lines are separate, not smeared into one block.
    let bands = 0;
    let inked = false;
    for (let y = 0; y < page.height; y++) {
      const now = ink(y, y + 1) > 0;
      if (now && !inked) bands++;
      inked = now;
    }
    expect(bands).toBeGreaterThanOrEqual(decoded.text.split('\n').length);
  });
});
