// Properties of the streaming parser under arbitrary chunking, noise and corruption.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeResponse,
  FrameParser,
  MAX_FRAME_BYTES,
  PREAMBLE,
  type ResponseFrame,
} from '../../../drivers/idcard/index.ts';

const frameArb = fc.record({
  sw1: fc.integer({ min: 0, max: 255 }),
  sw2: fc.integer({ min: 0, max: 255 }),
  sw3: fc.integer({ min: 0, max: 255 }),
  data: fc.uint8Array({ maxLength: 300 }),
});

function indexOf(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i <= hay.length - needle.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** Noise that is likely to contain preamble fragments but never a whole preamble. */
const noiseArb = fc
  .array(fc.oneof(fc.constantFrom(0xaa, 0x96, 0x69), fc.integer({ min: 0, max: 255 })), {
    maxLength: 40,
  })
  .map((a) => Uint8Array.from(a))
  .filter((n) => indexOf(n, PREAMBLE) < 0);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Feeds `stream` cut at the given (sorted, deduplicated) points. */
function feed(parser: FrameParser, stream: Uint8Array, cuts: number[]): ResponseFrame[] {
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((x, y) => x - y);
  const out: ResponseFrame[] = [];
  let prev = 0;
  for (const p of [...points, stream.length]) {
    out.push(...parser.push(stream.subarray(prev, p)));
    expect(parser.buffered).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    prev = p;
  }
  return out;
}

const encode = (f: ResponseFrame) => encodeResponse(f.sw1, f.sw2, f.sw3, f.data);
const cutsArb = fc.array(fc.nat(), { maxLength: 30 });

describe('FrameParser properties', () => {
  it('recovers every frame, in order, however the stream is chunked', () => {
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 6 }), cutsArb, (frames, cuts) => {
        const parser = new FrameParser();
        expect(feed(parser, concat(frames.map(encode)), cuts)).toEqual(frames);
        expect(parser.buffered).toBe(0);
      }),
    );
  });

  it('recovers every frame with noise before, between and after them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(noiseArb, frameArb), { maxLength: 6 }),
        noiseArb,
        cutsArb,
        (pairs, tail, cuts) => {
          const stream = concat([...pairs.flatMap(([noise, f]) => [noise, encode(f)]), tail]);
          expect(feed(new FrameParser(), stream, cuts)).toEqual(pairs.map(([, f]) => f));
        },
      ),
    );
  });

  it('never throws on arbitrary bytes and yields only checksum-valid frames found in the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), cutsArb, (bytes, cuts) => {
        for (const f of feed(new FrameParser(), bytes, cuts))
          expect(indexOf(bytes, encode(f))).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('survives any single-bit corruption: no throw, no corrupted frame, the other frames intact', () => {
    fc.assert(
      fc.property(
        fc.array(frameArb, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        cutsArb,
        (frames, where, bit, cuts) => {
          const encoded = frames.map(encode);
          const clean = concat(encoded);
          const pos = where % clean.length;
          const stream = clean.slice();
          stream[pos]! ^= 1 << bit;
          // Trailing filler lets a frame whose LEN was enlarged complete (and fail its check).
          const parser = new FrameParser();
          const got = feed(parser, concat([stream, new Uint8Array(MAX_FRAME_BYTES)]), cuts);
          for (const f of got) expect(indexOf(stream, encode(f))).toBeGreaterThanOrEqual(0);

          // Which frame was hit, and was it in its body (after LEN)?
          let start = 0;
          let hit = 0;
          while (pos >= start + encoded[hit]!.length) start += encoded[hit++]!.length;
          if (pos - start >= 7) {
            expect(got).toEqual(frames.filter((_, i) => i !== hit));
            expect(parser.stats.checksumErrors).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
