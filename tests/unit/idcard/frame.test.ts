import { describe, expect, it } from 'vitest';
import {
  encodeRequest,
  encodeResponse,
  FrameParser,
  fromHex,
  MAX_FRAME_BYTES,
  toHex,
  xorChecksum,
} from '../../../drivers/idcard/index.ts';

describe('SAM frames: the spec’s worked examples, byte for byte', () => {
  it('encodes the find-card request', () => {
    expect(toHex(encodeRequest(0x20, 0x01))).toBe('AA AA AA 96 69 00 03 20 01 22');
  });

  it('encodes the find-card answers', () => {
    expect(toHex(encodeResponse(0x00, 0x00, 0x9f, new Uint8Array(4)))).toBe(
      'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97',
    );
    expect(toHex(encodeResponse(0x00, 0x00, 0x80))).toBe('AA AA AA 96 69 00 04 00 00 80 84');
  });

  it('parses them back', () => {
    const req = new FrameParser('request').push(fromHex('AA AA AA 96 69 00 03 20 01 22'));
    expect(req).toEqual([{ cmd: 0x20, para: 0x01, data: new Uint8Array(0) }]);
    const res = new FrameParser().push(fromHex('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97'));
    expect(res).toEqual([{ sw1: 0, sw2: 0, sw3: 0x9f, data: new Uint8Array(4) }]);
  });

  it('counts LEN over everything after it, CHK included (read answer: LEN 0x0508, 1,295 bytes)', () => {
    const frame = encodeResponse(0, 0, 0x90, new Uint8Array(4 + 256 + 1024));
    expect(frame.length).toBe(1295);
    expect(toHex(frame.subarray(5, 7))).toBe('05 08');
    const withFp = encodeResponse(0, 0, 0x90, new Uint8Array(6 + 256 + 1024 + 1024));
    expect(toHex(withFp.subarray(5, 7))).toBe('09 0A');
    expect(withFp.length).toBe(2321);
  });

  it('computes CHK as the XOR from LEN to the byte before CHK', () => {
    const frame = encodeRequest(0x61, 0xff, Uint8Array.of(0x50));
    expect(toHex(frame)).toBe(
      'AA AA AA 96 69 00 04 61 FF 50 ' + toHex(Uint8Array.of(0x04 ^ 0x61 ^ 0xff ^ 0x50)),
    );
    expect(xorChecksum(frame, 5, frame.length - 1)).toBe(frame[frame.length - 1]);
  });

  it('refuses to encode bytes out of range', () => {
    expect(() => encodeRequest(0x100, 0)).toThrow(RangeError);
    expect(() => encodeResponse(0, 0, -1)).toThrow(RangeError);
  });
});

describe('FrameParser', () => {
  const a = encodeResponse(0, 0, 0x90, Uint8Array.of(1, 2, 3));
  const b = encodeResponse(0x12, 0x34, 0x41);

  it('reassembles frames delivered one byte at a time', () => {
    const p = new FrameParser();
    const out = [];
    for (const byte of [...a, ...b]) out.push(...p.push(Uint8Array.of(byte)));
    expect(out).toEqual([
      { sw1: 0, sw2: 0, sw3: 0x90, data: Uint8Array.of(1, 2, 3) },
      { sw1: 0x12, sw2: 0x34, sw3: 0x41, data: new Uint8Array(0) },
    ]);
    expect(p.buffered).toBe(0);
  });

  it('skips noise, including partial preambles, before and between frames', () => {
    const p = new FrameParser();
    const noisy = Uint8Array.from([
      0x01,
      0xaa,
      0xaa,
      0x96,
      0xaa,
      ...a,
      0xaa,
      0xaa,
      0xaa,
      0x96,
      ...b,
      0xaa,
    ]);
    expect(p.push(noisy).map((f) => f.sw3)).toEqual([0x90, 0x41]);
    expect(p.stats.discardedBytes).toBe(5 + 4);
    expect(p.buffered).toBe(1); // a trailing AA may start a preamble
  });

  it('drops a frame with a bad checksum, counts it, and resynchronises after its preamble', () => {
    const bad = a.slice();
    bad[bad.length - 1]! ^= 0xff;
    const p = new FrameParser();
    // The bad frame's LEN claims the start of the next frame: resync must still find it.
    const truncated = a.slice(0, 9);
    expect(p.push(Uint8Array.from([...bad, ...truncated, ...b]))).toHaveLength(1);
    expect(p.stats.checksumErrors).toBeGreaterThanOrEqual(2);
  });

  it('resynchronises past a preamble whose LEN is impossible', () => {
    const p = new FrameParser();
    const frames = p.push(Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff, ...a]));
    expect(frames).toHaveLength(1);
    expect(p.stats.lengthErrors).toBe(1);
    expect(
      new FrameParser().push(Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x01, ...b])),
    ).toHaveLength(1);
  });

  it('keeps its buffer bounded and never throws on garbage', () => {
    const p = new FrameParser();
    const garbage = new Uint8Array(100_000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) & 0xff;
    expect(() => p.push(garbage)).not.toThrow();
    expect(p.buffered).toBeLessThan(MAX_FRAME_BYTES);
    // A preamble with a large but possible LEN waits for at most one maximal frame.
    p.push(Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x09, 0xff]));
    p.push(new Uint8Array(50_000));
    expect(p.buffered).toBeLessThan(MAX_FRAME_BYTES);
    expect(() => p.push(undefined as unknown as Uint8Array)).not.toThrow();
  });

  it('parses a maximal (read with fingerprint) frame in arbitrary pieces', () => {
    const data = new Uint8Array(6 + 256 + 1024 + 1024).map((_, i) => i & 0xff);
    const frame = encodeResponse(0, 0, 0x90, data);
    const p = new FrameParser();
    const got = [
      ...p.push(frame.subarray(0, 700)),
      ...p.push(frame.subarray(700, 701)),
      ...p.push(frame.subarray(701)),
    ];
    expect(got).toHaveLength(1);
    expect(got[0]!.data).toEqual(data);
  });

  it('reads requests in request mode, including their data', () => {
    const p = new FrameParser('request');
    expect(p.push(encodeRequest(0x61, 0xff, Uint8Array.of(0x50)))).toEqual([
      { cmd: 0x61, para: 0xff, data: Uint8Array.of(0x50) },
    ]);
  });
});
