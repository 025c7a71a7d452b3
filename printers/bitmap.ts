// A 1-bit picture at printer dots (203 dpi: 8 dots a millimetre), the form a thermal printer
// prints and the virtual printer draws; written out as PNG with pngjs.
import { PNG } from 'pngjs';

export interface Bitmap {
  width: number;
  height: number;
  /** One byte a dot, row by row: 1 = ink. */
  dots: Uint8Array;
}

export function createBitmap(width: number, height: number): Bitmap {
  const w = Math.max(0, Math.round(width));
  const h = Math.max(0, Math.round(height));
  return { width: w, height: h, dots: new Uint8Array(w * h) };
}

export function setDot(b: Bitmap, x: number, y: number): void {
  if (x >= 0 && y >= 0 && x < b.width && y < b.height) b.dots[y * b.width + x] = 1;
}

export function fillRect(b: Bitmap, x: number, y: number, w: number, h: number): void {
  for (let yy = Math.max(0, y); yy < Math.min(b.height, y + h); yy++) {
    for (let xx = Math.max(0, x); xx < Math.min(b.width, x + w); xx++)
      b.dots[yy * b.width + xx] = 1;
  }
}

/** Copies `src` into `dst` with its top left corner at (x, y); ink only adds. */
export function blit(dst: Bitmap, src: Bitmap, x: number, y: number): void {
  for (let yy = 0; yy < src.height; yy++) {
    for (let xx = 0; xx < src.width; xx++) {
      if (src.dots[yy * src.width + xx]) setDot(dst, x + xx, y + yy);
    }
  }
}

/** The bitmap's rows as ESC/POS raster data: ceil(width / 8) bytes a row, MSB left, 1 = ink. */
export function toRasterRows(b: Bitmap): Buffer {
  const rowBytes = Math.ceil(b.width / 8);
  const out = Buffer.alloc(rowBytes * b.height);
  for (let y = 0; y < b.height; y++) {
    for (let x = 0; x < b.width; x++) {
      if (b.dots[y * b.width + x]) out[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return out;
}

/** Raster rows (as GS v 0 carries them) back to a bitmap. */
export function fromRasterRows(data: Buffer, width: number, height: number): Bitmap {
  const b = createBitmap(width, height);
  const rowBytes = Math.ceil(width / 8);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const byte = data[y * rowBytes + (x >> 3)] ?? 0;
      if (byte & (0x80 >> (x & 7))) b.dots[y * width + x] = 1;
    }
  }
  return b;
}

/** Black on white, opaque. */
export function bitmapToPng(b: Bitmap): Buffer {
  const png = new PNG({ width: Math.max(1, b.width), height: Math.max(1, b.height) });
  png.data.fill(255);
  for (let i = 0; i < b.width * b.height; i++) {
    if (b.dots[i]) {
      png.data[i * 4] = 0;
      png.data[i * 4 + 1] = 0;
      png.data[i * 4 + 2] = 0;
    }
  }
  return PNG.sync.write(png);
}
