// The simulator's stand-in for a WLT photo: a small generated portrait (flat shapes, so it
// deflates to well under a kilobyte) wrapped as photo.ts's simulatorPhotoDecoder expects.
import { PNG } from 'pngjs';
import {
  SIM_PHOTO_HEADER_BYTES,
  SIM_PHOTO_MAGIC,
  SIM_PHOTO_NAME,
  SIM_PHOTO_REF_MAGIC,
  WLT_BYTES,
} from './photo.ts';

/** The size the vendor decoders produce. */
export const PORTRAIT_WIDTH = 102;
export const PORTRAIT_HEIGHT = 126;

let cached: Uint8Array | null = null;

/** A 102×126 RGB PNG of a head-and-shoulders silhouette. */
export function testPortraitPng(): Uint8Array {
  if (cached) return cached;
  const w = PORTRAIT_WIDTH;
  const h = PORTRAIT_HEIGHT;
  const png = new PNG({ width: w, height: h });
  const background = [236, 240, 245];
  const face = [224, 186, 160];
  const coat = [40, 60, 110];
  const cx = w / 2;
  const headY = h * 0.38;
  const r = w * 0.22;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let c = background;
      if ((x - cx) ** 2 / r ** 2 + (y - headY) ** 2 / (r * 1.25) ** 2 < 1) c = face;
      else if (
        y > h * 0.68 &&
        Math.abs(x - cx) < w * 0.42 * Math.min(1, (y - h * 0.68) / (h * 0.12)) + w * 0.12
      )
        c = coat;
      const i = (y * w + x) * 4;
      png.data[i] = c[0] ?? 0;
      png.data[i + 1] = c[1] ?? 0;
      png.data[i + 2] = c[2] ?? 0;
      png.data[i + 3] = 255;
    }
  }
  const bytes = PNG.sync.write(png, { colorType: 2, deflateLevel: 9 });
  cached = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  return cached;
}

/** 1,024 bytes: magic · u16 BE length · PNG · zero padding. */
export function encodeSimulatorPhoto(png: Uint8Array = testPortraitPng()): Uint8Array {
  if (png.length > WLT_BYTES - SIM_PHOTO_HEADER_BYTES) {
    throw new RangeError(
      `simulator photo PNG too large: ${png.length} > ${WLT_BYTES - SIM_PHOTO_HEADER_BYTES}`,
    );
  }
  const out = new Uint8Array(WLT_BYTES);
  out.set(new TextEncoder().encode(SIM_PHOTO_MAGIC), 0);
  out[SIM_PHOTO_HEADER_BYTES - 2] = png.length >> 8;
  out[SIM_PHOTO_HEADER_BYTES - 1] = png.length & 0xff;
  out.set(png, SIM_PHOTO_HEADER_BYTES);
  return out;
}

/**
 * 1,024 bytes: ref magic · u8 length · the name of a PNG in fixtures/photos. A real portrait does
 * not fit in a kilobyte as PNG (a vendor's wavelet codec does that); a reference keeps the
 * simulator's card the size of a real one while its decoder yields a realistic 102×126 photo.
 */
export function encodeSimulatorPhotoRef(name: string): Uint8Array {
  if (!SIM_PHOTO_NAME.test(name)) throw new RangeError(`not a fixture photo name: ${name}`);
  const out = new Uint8Array(WLT_BYTES);
  const magic = new TextEncoder().encode(SIM_PHOTO_REF_MAGIC);
  out.set(magic, 0);
  out[magic.length] = name.length;
  out.set(new TextEncoder().encode(name), magic.length + 1);
  return out;
}
