// The card portrait as the vendor decoders produce it: a 102×126 24-bit BMP (54-byte header,
// 126 rows of 308 bytes, 38,862 bytes in all). Checked before it is trusted, because a failing
// decoder may leave a half-written buffer behind.

export const PORTRAIT_BMP_WIDTH = 102;
export const PORTRAIT_BMP_HEIGHT = 126;
const HEADER = 54;
const ROW = Math.ceil((PORTRAIT_BMP_WIDTH * 3) / 4) * 4;
export const PORTRAIT_BMP_BYTES = HEADER + ROW * PORTRAIT_BMP_HEIGHT;
/** Raw 24-bit pixels without header or row padding. */
export const PORTRAIT_RAW_BYTES = PORTRAIT_BMP_WIDTH * PORTRAIT_BMP_HEIGHT * 3;

/**
 * The BMP in `bytes` (trimmed to its declared size) when it is a 24-bit 102×126 bitmap whose
 * pixels are all there; otherwise null.
 */
export function portraitBmp(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length < HEADER || bytes[0] !== 0x42 || bytes[1] !== 0x4d) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const fileSize = v.getUint32(2, true);
  const pixelOffset = v.getUint32(10, true);
  const dibSize = v.getUint32(14, true);
  const width = v.getInt32(18, true);
  const height = Math.abs(v.getInt32(22, true));
  const planes = v.getUint16(26, true);
  const bpp = v.getUint16(28, true);
  if (dibSize < 40 || planes !== 1 || bpp !== 24) return null;
  if (width !== PORTRAIT_BMP_WIDTH || height !== PORTRAIT_BMP_HEIGHT) return null;
  const needed = pixelOffset + ROW * height;
  if (pixelOffset < HEADER || needed > bytes.length) return null;
  const size = fileSize >= needed && fileSize <= bytes.length ? fileSize : needed;
  return bytes.slice(0, size);
}

/** Wraps raw BGR pixels, bottom row first (a BMP's own order), as a 102×126 BMP. */
export function rawToPortraitBmp(raw: Uint8Array): Uint8Array {
  if (raw.length < PORTRAIT_RAW_BYTES)
    throw new RangeError(`raw portrait needs ${PORTRAIT_RAW_BYTES} bytes, got ${raw.length}`);
  const out = new Uint8Array(PORTRAIT_BMP_BYTES);
  const v = new DataView(out.buffer);
  out[0] = 0x42;
  out[1] = 0x4d;
  v.setUint32(2, PORTRAIT_BMP_BYTES, true);
  v.setUint32(10, HEADER, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, PORTRAIT_BMP_WIDTH, true);
  v.setInt32(22, PORTRAIT_BMP_HEIGHT, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, 24, true);
  v.setUint32(34, ROW * PORTRAIT_BMP_HEIGHT, true);
  const rowBytes = PORTRAIT_BMP_WIDTH * 3;
  for (let y = 0; y < PORTRAIT_BMP_HEIGHT; y++) {
    out.set(raw.subarray(y * rowBytes, (y + 1) * rowBytes), HEADER + y * ROW);
  }
  return out;
}
