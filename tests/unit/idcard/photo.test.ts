import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  encodeSimulatorPhoto,
  simulatorPhotoDecoder,
  testPortraitPng,
  WLT_BYTES,
} from '../../../drivers/idcard/index.ts';

describe('the simulator’s stand-in photo', () => {
  it('is 1,024 bytes: K24SIMPH, u16 BE length, a small PNG', () => {
    const png = testPortraitPng();
    expect(png.length).toBeLessThanOrEqual(1014);
    const blob = encodeSimulatorPhoto(png);
    expect(blob.length).toBe(WLT_BYTES);
    expect(Buffer.from(blob.subarray(0, 8)).toString('latin1')).toBe('K24SIMPH');
    expect((blob[8]! << 8) | blob[9]!).toBe(png.length);
  });

  it('decodes to a 102×126 PNG', async () => {
    const decoded = await simulatorPhotoDecoder.decode(encodeSimulatorPhoto());
    expect(decoded?.format).toBe('png');
    const image = PNG.sync.read(Buffer.from(decoded!.bytes));
    expect([image.width, image.height]).toEqual([102, 126]);
  });

  it('declines anything else', async () => {
    expect(await simulatorPhotoDecoder.decode(new Uint8Array(WLT_BYTES))).toBeNull();
    const lying = encodeSimulatorPhoto();
    lying[8] = 0xff; // length beyond the blob
    expect(await simulatorPhotoDecoder.decode(lying)).toBeNull();
    const notPng = encodeSimulatorPhoto();
    notPng[10] = 0;
    expect(await simulatorPhotoDecoder.decode(notPng)).toBeNull();
    expect(await simulatorPhotoDecoder.decode(new Uint8Array(3))).toBeNull();
  });

  it('refuses a PNG that does not fit', () => {
    expect(() => encodeSimulatorPhoto(new Uint8Array(1015))).toThrow(RangeError);
  });
});
