// A vendor WLT decoder library, loaded through FFI (koffi) from a configured path. The known entry
// points (shared/specs/idcard-sam.md, "The photo"):
//   libtermb     int WltToBmp(char* wlt, char* bmp)                      → 38,862-byte BMP
//   libwlt2bmp   int unpack(char* wlt, char* out, int vendorArg)          → raw 24-bit pixels
//   Routon       int CV_Decode(char* in, int len, char* out, int fmt, int* outLen), fmt 0 = BMP
// None is thread-safe, so every call is made on the main thread, one at a time (a queue), and
// a call takes a few milliseconds. Anything going wrong (no library, no symbol, an error code, a
// malformed image) gives null: the photo is unavailable and the read goes on. A crash inside
// the library itself cannot be caught in-process; such a library belongs in a helper process.
import { createRequire } from 'node:module';
import { portraitBmp, PORTRAIT_BMP_BYTES, PORTRAIT_RAW_BYTES, rawToPortraitBmp } from './bmp.ts';
import type { DecodedPhoto, PhotoDecoder } from './photo.ts';
import { WLT_BYTES } from './photo.ts';

export type VendorDecoderSymbol = 'WltToBmp' | 'unpack' | 'CV_Decode';
export const VENDOR_DECODER_SYMBOLS: readonly VendorDecoderSymbol[] = [
  'WltToBmp',
  'unpack',
  'CV_Decode',
];

export interface FfiPhotoDecoderOptions {
  libraryPath: string;
  symbol: VendorDecoderSymbol;
  /** Return codes that mean success. Default [1], what the public samples of these check. */
  successCodes?: readonly number[];
  /** `unpack`'s third argument: vendor-specific, see the vendor's documentation. Default 0. */
  unpackArg?: number;
  /** Technician-facing events (load failures, decode failures); never image data. */
  log?: (event: string, detail: Record<string, string | number>) => void;
}

export interface FfiPhotoDecoder extends PhotoDecoder {
  /** Unloads the library (after the queued calls). Later decodes give null. */
  close(): Promise<void>;
}

type Call = (input: Buffer) => Buffer | null;

interface KoffiLib {
  func(definition: string): (...args: unknown[]) => unknown;
  unload(): void;
}

interface Loaded {
  call: Call;
  unload: () => void;
}

const OUT_BYTES = 65_536; // far above any of the outputs, so a sloppy library cannot overrun

function load(opts: FfiPhotoDecoderOptions): Loaded {
  // koffi is CommonJS with a native part: load it only when a vendor decoder is configured.
  const koffi = createRequire(import.meta.url)('koffi') as {
    load(path: string): KoffiLib;
  };
  const lib = koffi.load(opts.libraryPath);
  const ok = new Set(opts.successCodes ?? [1]);
  let call: Call;
  let finalize: (() => void) | null = null;
  switch (opts.symbol) {
    case 'WltToBmp': {
      const fn = lib.func('int WltToBmp(void *wlt, void *bmp)');
      call = (input) => {
        const out = Buffer.alloc(OUT_BYTES);
        return ok.has(fn(input, out) as number) ? out : null;
      };
      break;
    }
    case 'unpack': {
      const fn = lib.func('int unpack(void *wlt, void *out, int arg)');
      call = (input) => {
        const out = Buffer.alloc(OUT_BYTES);
        return ok.has(fn(input, out, opts.unpackArg ?? 0) as number) ? out : null;
      };
      break;
    }
    case 'CV_Decode': {
      const fn = lib.func(
        'int CV_Decode(void *wlt, int len, void *out, int fmt, _Out_ int *outLen)',
      );
      // Initialise and finalise are optional: not every build exports them.
      const optional = (definition: string) => {
        try {
          return lib.func(definition);
        } catch {
          return null;
        }
      };
      optional('int CV_Initialize()')?.();
      const fin = optional('int CV_Finalize()');
      finalize = fin && (() => void fin());
      call = (input) => {
        const out = Buffer.alloc(OUT_BYTES);
        const outLen = [0];
        if (!ok.has(fn(input, input.length, out, 0, outLen) as number)) return null;
        const n = outLen[0] ?? 0;
        return n > 0 && n <= out.length ? out.subarray(0, n) : out;
      };
      break;
    }
    default:
      throw new RangeError(`unknown decoder entry point ${String(opts.symbol)}`);
  }
  return {
    call,
    unload: () => {
      try {
        finalize?.();
      } finally {
        lib.unload();
      }
    },
  };
}

function toPortrait(out: Buffer, rawAllowed: boolean): Uint8Array | null {
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.length);
  const bmp = portraitBmp(bytes);
  if (bmp) return bmp;
  // unpack gives bare pixels (BMP order, no header): accept them only if something was written.
  if (rawAllowed && bytes.subarray(0, PORTRAIT_RAW_BYTES).some((b) => b !== 0)) {
    return rawToPortraitBmp(bytes.subarray(0, PORTRAIT_RAW_BYTES));
  }
  return null;
}

/**
 * A PhotoDecoder over a vendor library. The library is loaded on first use; if that fails the
 * decoder stays unavailable (null for every photo) and says so once through `log`.
 */
export function createFfiPhotoDecoder(opts: FfiPhotoDecoderOptions): FfiPhotoDecoder {
  const log = opts.log ?? (() => {});
  let loaded: Loaded | null = null;
  let failed = false;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  const decodeNow = (wlt: Uint8Array): DecodedPhoto | null => {
    if (closed || failed) return null;
    if (!loaded) {
      try {
        loaded = load(opts);
      } catch (err) {
        failed = true;
        log('photo_decoder.load_failed', {
          library: opts.libraryPath,
          symbol: opts.symbol,
          reason: err instanceof Error ? err.message : String(err),
        });
        return null;
      }
    }
    // The libraries read exactly 1,024 bytes: never hand them less.
    const input = Buffer.alloc(Math.max(WLT_BYTES, wlt.length));
    input.set(wlt);
    let out: Buffer | null;
    try {
      out = loaded.call(input);
    } catch (err) {
      log('photo_decoder.call_failed', {
        symbol: opts.symbol,
        reason: err instanceof Error ? err.message : String(err),
      });
      return null;
    }
    if (!out) {
      log('photo_decoder.refused', { symbol: opts.symbol });
      return null;
    }
    const bmp = toPortrait(out, opts.symbol === 'unpack');
    if (!bmp) log('photo_decoder.bad_image', { symbol: opts.symbol, bytes: PORTRAIT_BMP_BYTES });
    return bmp && { format: 'bmp', bytes: bmp };
  };

  return {
    name: `${opts.symbol} (${opts.libraryPath})`,
    decode(wlt) {
      const run = queue.then(() => decodeNow(wlt));
      queue = run.catch(() => null);
      return run.catch(() => null);
    },
    async close() {
      await queue;
      closed = true;
      const l = loaded;
      loaded = null;
      try {
        l?.unload();
      } catch {
        // Unloading is best effort; the process keeps the mapping.
      }
    },
  };
}

/** The first decoder that recognises the photo wins (e.g. the vendor's, then the simulator's). */
export function chainPhotoDecoders(...decoders: PhotoDecoder[]): PhotoDecoder {
  return {
    name: decoders.map((d) => d.name).join(' → '),
    async decode(wlt) {
      for (const d of decoders) {
        try {
          const photo = await d.decode(wlt);
          if (photo) return photo;
        } catch {
          // A decoder that throws is as good as one that declines.
        }
      }
      return null;
    },
  };
}
