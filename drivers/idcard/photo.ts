// Turning the card's 1,024-byte WLT photo into an image. WLT is a licensed, proprietary wavelet
// format: only a vendor library decodes it, so decoding is a plug-in and the kiosk works,
// degraded (no photo shown), without one.
//
// A vendor decoder is another PhotoDecoder (photo-ffi.ts): a configured library path loaded
// through FFI (libtermb `WltToBmp`, libwlt2bmp `unpack`, Routon `CV_Decode`), yielding a 102×126
// 24-bit BMP, its calls queued one at a time. chainPhotoDecoders puts it before this one.

export const WLT_BYTES = 1024;

export interface DecodedPhoto {
  format: 'bmp' | 'png';
  bytes: Uint8Array;
}

export interface PhotoDecoder {
  /** For health and logs, e.g. "simulator" or "libtermb". */
  name: string;
  /** The image, or null when this decoder cannot read these bytes. Should not throw. */
  decode(wlt: Uint8Array): Promise<DecodedPhoto | null>;
}

import { readFile } from 'node:fs/promises';

/** Cards made by the simulator carry, instead of WLT, this magic + u16 BE length + a PNG. */
export const SIM_PHOTO_MAGIC = 'K24SIMPH';
const MAGIC = new TextEncoder().encode(SIM_PHOTO_MAGIC);
export const SIM_PHOTO_HEADER_BYTES = MAGIC.length + 2;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: ArrayLike<number>, at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** Or this magic + u8 length + the name of a PNG in fixtures/photos (see encodeSimulatorPhotoRef). */
export const SIM_PHOTO_REF_MAGIC = 'K24SIMPR';
const REF_MAGIC = new TextEncoder().encode(SIM_PHOTO_REF_MAGIC);
/** Names only, never paths: the card's bytes pick one of the fixture photos and nothing else. */
export const SIM_PHOTO_NAME = /^[a-z0-9-]{1,32}$/;

async function fixturePhoto(wlt: Uint8Array): Promise<DecodedPhoto | null> {
  const len = wlt[REF_MAGIC.length] ?? 0;
  const name = new TextDecoder().decode(
    wlt.slice(REF_MAGIC.length + 1, REF_MAGIC.length + 1 + len),
  );
  if (!SIM_PHOTO_NAME.test(name)) return null;
  try {
    const bytes = await readFile(new URL(`./fixtures/photos/${name}.png`, import.meta.url));
    if (!startsWith(bytes, PNG_SIGNATURE)) return null;
    return { format: 'png', bytes: new Uint8Array(bytes) };
  } catch {
    return null;
  }
}

/** Reads the simulator's stand-in photos; null for anything else (such as a real WLT). */
export const simulatorPhotoDecoder: PhotoDecoder = {
  name: 'simulator',
  async decode(wlt) {
    if (startsWith(wlt, REF_MAGIC)) return fixturePhoto(wlt);
    if (!startsWith(wlt, MAGIC)) return null;
    const len = ((wlt[MAGIC.length] ?? 0) << 8) | (wlt[MAGIC.length + 1] ?? 0);
    const start = SIM_PHOTO_HEADER_BYTES;
    if (len === 0 || start + len > wlt.length || !startsWith(wlt, PNG_SIGNATURE, start))
      return null;
    return { format: 'png', bytes: wlt.slice(start, start + len) };
  },
};
