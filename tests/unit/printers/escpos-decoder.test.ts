import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  decodeEscPos,
  EscPosDecoder,
  qrCodeCommand,
  renderReceiptEscPos,
} from '../../../printers/index.ts';
import { kioskReceipt } from './receipt-fixture.ts';

const b = (...parts: (number[] | string | Buffer)[]) =>
  Buffer.concat(
    parts.map((p) =>
      Buffer.isBuffer(p) ? p : typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p),
    ),
  );
const gb = (s: string) => iconv.encode(s, 'gb18030');

describe('decodeEscPos', () => {
  it('reads text in and out of Chinese mode, with modes and alignment commands skipped', () => {
    const bytes = b(
      [0x1b, 0x40], // ESC @
      [0x1b, 0x61, 1], // ESC a centre
      [0x1d, 0x21, 0x11], // GS ! double
      [0x1b, 0x45, 1], // ESC E bold
      [0x1b, 0x74, 0], // ESC t 0
      [0x1c, 0x26], // FS &
      gb('回执'),
      [0x0a],
      [0x1d, 0x21, 0x00, 0x1b, 0x21, 0x00, 0x1b, 0x45, 0],
      gb('申请人：阳*梅'),
      [0x1c, 0x2e], // FS .
      ' OK',
      [0x0a],
    );
    expect(decodeEscPos(bytes)).toMatchObject({
      text: '回执\n申请人：阳*梅 OK',
      qrCodes: [],
      cut: false,
    });
  });

  it('steps over a raster image whose data looks like commands and line feeds', () => {
    const data = Buffer.from([0x0a, 0x10, 0x04, 0x01, 0x1b, 0x40, 0x1d, 0x56, 0x00, 0x41]);
    const bytes = b('A', [0x0a], [0x1d, 0x76, 0x30, 0, 2, 0, 5, 0], data, 'B', [0x0a]);
    const seen: number[] = [];
    const decoder = new EscPosDecoder({ onRealtimeStatus: (n) => seen.push(n) });
    decoder.push(bytes);
    const out = decoder.finish();
    expect(out).toMatchObject({ text: 'A\nB', qrCodes: [], cut: false });
    expect(seen).toEqual([]);
    // …and keeps it, in its place, for the picture of the job.
    expect(out.blocks.map((b) => b.kind)).toEqual(['text', 'image', 'text']);
    expect(out.blocks[1]).toMatchObject({ kind: 'image', width: 16, height: 5, data });
  });

  it('gives positions, sizes and alignment for a picture of the paper', () => {
    const bytes = b(
      [0x1b, 0x61, 1], // ESC a centre
      [0x1d, 0x21, 0x11], // GS ! double width and height
      [0x1c, 0x26],
      gb('回执'),
      [0x0a, 0x1d, 0x21, 0x00],
      'ID',
      [0x1b, 0x24, 120, 0], // ESC $ 120 dots
      gb('号'),
      [0x0a],
      qrCodeCommand(Buffer.from('K7Q2'), { moduleSize: 5 }),
    );
    const { blocks } = decodeEscPos(bytes);
    expect(blocks).toEqual([
      {
        kind: 'text',
        segments: [{ x: 0, text: '回执', widthMul: 2, heightMul: 2, chinese: true }],
      },
      {
        kind: 'text',
        segments: [
          { x: 0, text: 'ID', widthMul: 1, heightMul: 1, chinese: true },
          { x: 120, text: '号', widthMul: 1, heightMul: 1, chinese: true },
        ],
      },
      { kind: 'qr', data: 'K7Q2', moduleSize: 5, align: 1 },
    ]);
  });

  it('ends a job at a GS r, reporting where it ends, and goes on with the next', () => {
    const ends: number[] = [];
    const jobs: string[] = [];
    const decoder = new EscPosDecoder({
      onTransmitStatus: (_n, end) => {
        ends.push(end);
        jobs.push(decoder.takeJob().text);
      },
    });
    decoder.push(b('one', [0x0a, 0x1d]));
    decoder.push(b([0x72, 1], 'two', [0x0a, 0x1d, 0x72, 1]));
    expect(ends).toEqual([7, 14]);
    expect(jobs).toEqual(['one', 'two']);
    expect(decoder.hasJobData).toBe(false);
  });

  it('collects QR payloads (UTF-8) and the cut', () => {
    const bytes = b(
      [0x1b, 0x40],
      qrCodeCommand(Buffer.from('K7Q2-9D3F-XA41')),
      qrCodeCommand(Buffer.from('https://例子.cn/查询?c=1', 'utf8'), { level: 'Q', moduleSize: 4 }),
      [0x1d, 0x56, 0x42, 0x00], // GS V 66 0: feed and cut
    );
    expect(decodeEscPos(bytes)).toMatchObject({
      text: '',
      qrCodes: ['K7Q2-9D3F-XA41', 'https://例子.cn/查询?c=1'],
      cut: true,
    });
  });

  it('reports DLE EOT and GS r requests without printing them', () => {
    const realtime: number[] = [];
    const transmit: number[] = [];
    const decoder = new EscPosDecoder({
      onRealtimeStatus: (n) => realtime.push(n),
      onTransmitStatus: (n) => transmit.push(n),
    });
    decoder.push(b([0x10, 0x04, 1, 0x10, 0x04, 4]));
    expect(decoder.hasJobData).toBe(false);
    decoder.push(b('X', [0x1d, 0x72, 1, 0x10, 0x04, 2]));
    expect(decoder.hasJobData).toBe(true);
    expect(realtime).toEqual([1, 4, 2]);
    expect(transmit).toEqual([1]);
    expect(decoder.finish().text).toBe('X');
  });

  it('turns absolute positions (ESC $) into spaces, full-width characters counting double', () => {
    const bytes = b([0x1c, 0x26], gb('事项'), [0x1b, 0x24, 108, 0], gb('登记'), [0x0a]);
    expect(decodeEscPos(bytes).text).toBe('事项     登记'); // 2×24 dots, then to 108 = 9 columns
  });

  it('decodes the same whatever the chunking', () => {
    const bytes = renderReceiptEscPos(kioskReceipt, { paperWidth: 80 });
    const whole = decodeEscPos(bytes);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 200 }),
        (sizes) => {
          const decoder = new EscPosDecoder();
          let at = 0;
          for (let k = 0; at < bytes.length; k++) {
            const n = sizes[k % sizes.length]!;
            decoder.push(bytes.subarray(at, at + n));
            at += n;
          }
          expect(decoder.finish()).toEqual(whole);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('never throws on a truncated receipt, and marks it truncated inside a command', () => {
    const bytes = renderReceiptEscPos(kioskReceipt, { paperWidth: 58 });
    for (let n = 0; n <= bytes.length; n++) {
      const decoder = new EscPosDecoder();
      decoder.push(bytes.subarray(0, n));
      const out = decoder.finish();
      expect(typeof out.text).toBe('string');
    }
    const cutInQr = bytes.indexOf(Buffer.from([0x1d, 0x28, 0x6b, 17, 0, 49, 80])) + 10;
    const decoder = new EscPosDecoder();
    decoder.push(bytes.subarray(0, cutInQr));
    expect(decoder.finish().qrCodes).toEqual([]);
    expect(decoder.truncated).toBe(true);
  });

  it('never throws on garbage, including garbage that follows command bytes', () => {
    const commandy = fc.oneof(
      fc.constantFrom(0x10, 0x1b, 0x1c, 0x1d, 0x0a, 0x28, 0x6b, 0x76, 0x30, 0x38, 0x4c, 0x26),
      fc.integer({ min: 0, max: 255 }),
    );
    fc.assert(
      fc.property(fc.array(commandy, { maxLength: 400 }), (arr) => {
        const out = decodeEscPos(Buffer.from(arr));
        expect(Array.isArray(out.qrCodes)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
