// The vendor-decoder plug-in, loaded through koffi from a real shared library that this test
// builds from C: a stand-in with the libtermb, libwlt2bmp and Routon signatures that writes a
// 102×126 BMP whose pixels depend on the WLT bytes (so the image provably came from the call).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chainPhotoDecoders,
  createFfiPhotoDecoder,
  createInProcessPair,
  IdCardReader,
  IdCardSimulator,
  loadCardFixture,
  portraitBmp,
  PORTRAIT_BMP_BYTES,
  simulatorPhotoDecoder,
  technicianCardRecord,
  WLT_BYTES,
  type FfiPhotoDecoder,
} from '../../../drivers/idcard/index.ts';

const C_SOURCE = String.raw`
#include <string.h>
#include <stdint.h>

static int busy = 0;

static void put32(unsigned char *p, uint32_t v) { p[0]=v; p[1]=v>>8; p[2]=v>>16; p[3]=v>>24; }

/* 102x126, 24-bit, bottom-up; pixel (x, y) = (wlt[1], x, y) as B, G, R. */
static void write_bmp(const unsigned char *wlt, unsigned char *bmp) {
  memset(bmp, 0, 38862);
  bmp[0] = 'B'; bmp[1] = 'M';
  put32(bmp + 2, 38862); put32(bmp + 10, 54); put32(bmp + 14, 40);
  put32(bmp + 18, 102); put32(bmp + 22, 126);
  bmp[26] = 1; bmp[28] = 24; put32(bmp + 34, 38808);
  for (int y = 0; y < 126; y++)
    for (int x = 0; x < 102; x++) {
      unsigned char *px = bmp + 54 + y * 308 + x * 3;
      px[0] = wlt[1]; px[1] = (unsigned char)x; px[2] = (unsigned char)y;
    }
}

/* libtermb style. A first byte of FF is "undecodable"; EE claims success but writes junk. */
int WltToBmp(char *wlt, char *bmp) {
  const unsigned char *w = (const unsigned char *)wlt;
  if (busy) return -99;
  busy = 1;
  int rc = 1;
  if (w[0] == 0xFF) rc = -1;
  else if (w[0] == 0xEE) memcpy(bmp, "junk", 4);
  else write_bmp(w, (unsigned char *)bmp);
  busy = 0;
  return rc;
}

/* libwlt2bmp style: raw BGR rows, bottom row first, no header; needs its vendor argument. */
int unpack(char *wlt, char *out, int arg) {
  if (arg != 602) return -2;
  unsigned char tmp[38862];
  write_bmp((const unsigned char *)wlt, tmp);
  for (int y = 0; y < 126; y++) memcpy(out + y * 306, tmp + 54 + y * 308, 306);
  return 1;
}

/* Routon style. */
static int initialised = 0;
int CV_Initialize(void) { initialised = 1; return 1; }
int CV_Finalize(void) { initialised = 0; return 1; }
int CV_Decode(char *in, int len, char *out, int fmt, int *outLen) {
  if (!initialised || len != 1024 || fmt != 0) return -3;
  write_bmp((const unsigned char *)in, (unsigned char *)out);
  *outLen = 38862;
  return 1;
}
`;

function hasCc(): boolean {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const cc = hasCc();
if (!cc)
  console.warn('SKIPPED: no C compiler (apt-get install gcc); the FFI decoder test builds one.');

const fixtures = fileURLToPath(new URL('../../../drivers/idcard/fixtures/', import.meta.url));
const NOW = new Date('2026-06-01T04:00:00Z');

function wlt(first: number, second: number): Uint8Array {
  const bytes = new Uint8Array(WLT_BYTES);
  bytes[0] = first;
  bytes[1] = second;
  return bytes;
}

/** Blue, green and red of pixel (x, y) counted from the top, as any viewer shows it. */
function pixel(bmp: Uint8Array, x: number, yFromTop: number): number[] {
  const at = 54 + (125 - yFromTop) * 308 + x * 3;
  return [bmp[at]!, bmp[at + 1]!, bmp[at + 2]!];
}

describe.skipIf(!cc)('createFfiPhotoDecoder (koffi)', () => {
  let dir: string;
  let library: string;
  let bare: string;
  const open: FfiPhotoDecoder[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-wlt-'));
    writeFileSync(path.join(dir, 'fakewlt.c'), C_SOURCE);
    library = path.join(dir, 'libfakewlt.so');
    execFileSync('cc', ['-shared', '-fPIC', '-O1', '-o', library, path.join(dir, 'fakewlt.c')]);
    // A library without any of the entry points.
    writeFileSync(path.join(dir, 'bare.c'), 'int nothing_here(void) { return 0; }\n');
    bare = path.join(dir, 'libbare.so');
    execFileSync('cc', ['-shared', '-fPIC', '-o', bare, path.join(dir, 'bare.c')]);
  });

  afterAll(async () => {
    for (const d of open) await d.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function decoder(opts: Parameters<typeof createFfiPhotoDecoder>[0]): FfiPhotoDecoder {
    const d = createFfiPhotoDecoder(opts);
    open.push(d);
    return d;
  }

  it('decodes through WltToBmp(char* wlt, char* bmp) into a 102×126 BMP', async () => {
    const d = decoder({ libraryPath: library, symbol: 'WltToBmp' });
    const photo = await d.decode(wlt(0x01, 0x42));
    expect(photo?.format).toBe('bmp');
    expect(photo!.bytes.length).toBe(PORTRAIT_BMP_BYTES);
    expect(portraitBmp(photo!.bytes)).not.toBeNull();
    expect(pixel(photo!.bytes, 0, 125)).toEqual([0x42, 0, 0]);
    expect(pixel(photo!.bytes, 101, 0)).toEqual([0x42, 101, 125]);
  });

  it('queues calls one at a time: concurrent decodes never re-enter the library', async () => {
    const d = decoder({ libraryPath: library, symbol: 'WltToBmp' });
    const photos = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => d.decode(wlt(0x01, n))));
    // The library answers -99 to a call made while another is in progress.
    expect(photos.map((p) => p && pixel(p.bytes, 0, 125)[0])).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('decodes through unpack (raw pixels, vendor argument) and CV_Decode', async () => {
    const viaUnpack = decoder({ libraryPath: library, symbol: 'unpack', unpackArg: 602 });
    const a = await viaUnpack.decode(wlt(0x01, 0x07));
    expect(a!.bytes.length).toBe(PORTRAIT_BMP_BYTES);
    expect(pixel(a!.bytes, 5, 9)).toEqual([0x07, 5, 116]);
    const wrongArg = decoder({ libraryPath: library, symbol: 'unpack' });
    expect(await wrongArg.decode(wlt(0x01, 0x07))).toBeNull();

    const routon = decoder({ libraryPath: library, symbol: 'CV_Decode' });
    const b = await routon.decode(wlt(0x01, 0x09));
    expect(pixel(b!.bytes, 5, 9)).toEqual([0x09, 5, 116]);
  });

  it('gives null, never an exception, for an error code, a junk image, a missing library or symbol', async () => {
    const events: string[] = [];
    const log = (event: string) => events.push(event);
    const d = decoder({ libraryPath: library, symbol: 'WltToBmp', log });
    expect(await d.decode(wlt(0xff, 0))).toBeNull();
    expect(await d.decode(wlt(0xee, 0))).toBeNull();
    expect(await d.decode(wlt(0x01, 0x01))).not.toBeNull(); // still usable afterwards
    expect(events).toEqual(['photo_decoder.refused', 'photo_decoder.bad_image']);

    const missing = decoder({
      libraryPath: path.join(dir, 'libnothere.so'),
      symbol: 'WltToBmp',
      log,
    });
    expect(await missing.decode(wlt(1, 1))).toBeNull();
    expect(await missing.decode(wlt(1, 1))).toBeNull();
    const noSymbol = decoder({ libraryPath: bare, symbol: 'CV_Decode', log });
    expect(await noSymbol.decode(wlt(1, 1))).toBeNull();
    // Each broken decoder says so once, not on every card.
    expect(events.filter((e) => e === 'photo_decoder.load_failed')).toHaveLength(2);
  });

  it('decodes the photo of a card the real driver reads; the technician record says decoded', async () => {
    const [host, device] = createInProcessPair({ split: true });
    const card = await loadCardFixture(path.join(fixtures, 'foreign-2023.json'));
    const simulator = new IdCardSimulator({ transport: device, card });
    const photoDecoder = chainPhotoDecoders(
      decoder({ libraryPath: library, symbol: 'WltToBmp' }),
      simulatorPhotoDecoder,
    );
    const reader = new IdCardReader({ transport: host, now: () => NOW, photoDecoder });
    try {
      const { samId } = await reader.start();
      const outcome = await reader.readCard({ timeoutMs: 3000 });
      if (outcome.kind !== 'card') throw new Error(`expected a card, got ${outcome.kind}`);
      expect(outcome.photo.decoded?.format).toBe('bmp');
      expect(technicianCardRecord(outcome, samId).photo).toEqual({
        format: 'wlt',
        bytes: 1024,
        decoded: true,
      });
    } finally {
      await reader.close();
      await simulator.close();
    }
  });
});

describe('without a photo decoder', () => {
  it('reports the photo as unavailable and reads the card all the same', async () => {
    const [host, device] = createInProcessPair();
    const card = await loadCardFixture(path.join(fixtures, 'resident.json'));
    const simulator = new IdCardSimulator({ transport: device, card });
    const reader = new IdCardReader({ transport: host, now: () => NOW });
    try {
      const { samId } = await reader.start();
      const outcome = await reader.readCard({ timeoutMs: 3000 });
      if (outcome.kind !== 'card') throw new Error(`expected a card, got ${outcome.kind}`);
      expect(outcome.photo.decoded).toBeNull();
      expect(technicianCardRecord(outcome, samId).photo).toEqual({
        format: 'wlt',
        bytes: 1024,
        decoded: false,
      });
    } finally {
      await reader.close();
      await simulator.close();
    }
  });

  it('a chain of decoders that all decline (or throw) gives null', async () => {
    const throwing = {
      name: 'broken',
      decode: async () => {
        throw new Error('boom');
      },
    };
    const chain = chainPhotoDecoders(throwing, simulatorPhotoDecoder);
    expect(await chain.decode(new Uint8Array(WLT_BYTES))).toBeNull();
    expect(chain.name).toBe('broken → simulator');
  });
});
