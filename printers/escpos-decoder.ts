// A small ESC/POS reader: what a receipt printer would print, as text, QR payloads and whether
// the paper was cut. It understands the commands our encoder (receiptline) and common Chinese
// thermal printers use, steps over the data blocks of the others (images, barcodes, downloads)
// by their declared lengths, and never throws: a garbled or truncated job decodes as far as it
// makes sense. It is incremental, so the virtual printer can answer DLE EOT as bytes arrive
// without mistaking image data for a status request.
import iconv from 'iconv-lite';
import { DLE, EOT, ESC, FS, GS, LF } from './escpos-commands.ts';

export interface DecodedReceipt {
  text: string;
  qrCodes: string[];
  cut: boolean;
  /** What came out, in order, with positions and sizes: for a picture of the paper. */
  blocks: ReceiptBlock[];
}

/** 0 left, 1 centre, 2 right (ESC a). */
export type Alignment = 0 | 1 | 2;

/** A run of text on one line, at a dot position, in one character size. */
export interface TextSegment {
  /** Dots from the left margin. */
  x: number;
  text: string;
  widthMul: number;
  heightMul: number;
  /** Characters outside ASCII are full width (two cells) in Chinese mode. */
  chinese: boolean;
}

export type ReceiptBlock =
  | { kind: 'text'; segments: TextSegment[] }
  | { kind: 'qr'; data: string; moduleSize: number; align: Alignment }
  /** A raster image (GS v 0): `width` dots, rows of ceil(width / 8) bytes, MSB left, 1 = ink. */
  | { kind: 'image'; width: number; height: number; data: Buffer; align: Alignment }
  | { kind: 'cut' };

export interface EscPosDecoderHooks {
  /** DLE EOT n (n 1..4) was read: a printer answers it at once, even offline. `end` as below. */
  onRealtimeStatus?(n: number, end: number): void;
  /**
   * GS r n was read, in order with the print data; `end` is the offset (from the first byte ever
   * pushed) just after the command, where a job that ends with it ends.
   */
  onTransmitStatus?(n: number, end: number): void;
}

/** Dots of a half-width character in font A; a full-width (Chinese) one is twice as wide. */
const HALF_DOTS = 12;
/** Feeds beyond this many blank lines add nothing to the text. */
const MAX_FEED_LINES = 20;

// Parameter bytes after ESC x / FS x / GS x for the fixed-length commands handled generically.
const ESC_PARAMS: Record<number, number> = Object.fromEntries([
  ...[...'2<@LSimv'].map((c) => [c.charCodeAt(0), 0]),
  ...[...'!%-=?EGJKMRTUVadertu{ 3'].map((c) => [c.charCodeAt(0), 1]),
  ...[...'$\\Bc'].map((c) => [c.charCodeAt(0), 2]),
  ['p'.charCodeAt(0), 3],
  ['W'.charCodeAt(0), 8],
]);
const FS_PARAMS: Record<number, number> = Object.fromEntries([
  ...[...'&.'].map((c) => [c.charCodeAt(0), 0]),
  ...[...'!-CWr'].map((c) => [c.charCodeAt(0), 1]),
  ...[...'Sp'].map((c) => [c.charCodeAt(0), 2]),
]);
const GS_PARAMS: Record<number, number> = Object.fromEntries([
  [':'.charCodeAt(0), 0],
  ...[...'!/BEHITZabfhjrw'].map((c) => [c.charCodeAt(0), 1]),
  ...[...'$LPW\\'].map((c) => [c.charCodeAt(0), 2]),
  ['^'.charCodeAt(0), 3],
]);
/** The largest raster image kept for the picture of a job; larger ones are stepped over. */
const MAX_IMAGE_BYTES = 1 << 20;

/** GS V m takes one more byte (feed n) for these m. */
const CUT_WITH_FEED = new Set([65, 66, 97, 98, 103, 104]);

const ch = (s: string) => s.charCodeAt(0);

export class EscPosDecoder {
  /** True once anything but a real-time request arrived: the connection carried a print job. */
  hasJobData = false;
  /** The input ended inside a command. */
  truncated = false;

  private pending: Buffer = Buffer.alloc(0);
  private skip = 0;
  /** Offset of the first pending byte from the first byte ever pushed. */
  private base = 0;
  private lines: string[] = [];
  private line = '';
  private lineDots = 0;
  private segments: TextSegment[] = [];
  private blocks: ReceiptBlock[] = [];
  private run: number[] = [];
  private runX = 0;
  private chinese = false;
  private codepage = 0;
  private widthMul = 1;
  private heightMul = 1;
  private align: Alignment = 0;
  private qrStore: Buffer | null = null;
  private qrModule = 3;
  private qrCodes: string[] = [];
  private cut = false;
  /** The raster image being read (its data arrives through `skip`). */
  private image: { width: number; height: number; parts: Buffer[]; align: Alignment } | null = null;

  constructor(private readonly hooks: EscPosDecoderHooks = {}) {}

  push(chunk: Buffer): void {
    const b = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let i = 0;
    while (i < b.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, b.length - i);
        if (this.image) this.image.parts.push(Buffer.from(b.subarray(i, i + n)));
        this.skip -= n;
        i += n;
        if (this.skip === 0) this.endImage();
        continue;
      }
      const used = this.step(b, i);
      if (used === 0) break;
      i += used;
    }
    this.base += i;
    // Keep only an incomplete command's bytes (a copy, so a large chunk is not retained).
    this.pending = Buffer.from(b.subarray(i));
  }

  finish(): DecodedReceipt {
    if (this.pending.length > 0 || this.skip > 0) this.truncated = true;
    this.pending = Buffer.alloc(0);
    this.image = null;
    return this.takeJob();
  }

  /**
   * What was printed since the start or the last call, as one job; the decoder goes on with the
   * next job in the same modes (a printer keeps its modes between jobs). May be called from a
   * hook: a stream printer ends a job at the GS r after it.
   */
  takeJob(): DecodedReceipt {
    this.flush();
    if (this.line.length > 0 || this.segments.length > 0) this.endLine();
    const lines = [...this.lines];
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    const blocks = [...this.blocks];
    while (blocks.length > 0) {
      const last = blocks[blocks.length - 1]!;
      if (last.kind !== 'text' || last.segments.some((s) => s.text.trim() !== '')) break;
      blocks.pop();
    }
    const job = { text: lines.join('\n'), qrCodes: [...this.qrCodes], cut: this.cut, blocks };
    this.lines = [];
    this.blocks = [];
    this.qrCodes = [];
    this.cut = false;
    this.hasJobData = false;
    return job;
  }

  /** Handles the command or text byte at i; returns the bytes used, or 0 when it is incomplete. */
  private step(b: Buffer, i: number): number {
    const c = b[i]!;
    if (c === DLE) return this.dle(b, i);
    this.hasJobData = true;
    if (c >= 0x20) {
      if (c !== 0x7f) {
        if (this.run.length === 0) this.runX = this.lineDots;
        this.run.push(c);
      }
      return 1;
    }
    switch (c) {
      case LF:
      case 0x0c: // FF ends the page (page mode) and so the line
        this.endLine();
        return 1;
      case 0x09: // HT: next tab stop, every 8 columns by default
        this.flush();
        this.padTo((Math.floor(this.lineDots / (8 * HALF_DOTS)) + 1) * 8 * HALF_DOTS);
        return 1;
      case ESC:
        return this.esc(b, i);
      case FS:
        return this.fs(b, i);
      case GS:
        return this.gs(b, i);
      default:
        return 1; // CR, CAN and other controls print nothing
    }
  }

  private dle(b: Buffer, i: number): number {
    const avail = b.length - i;
    if (avail < 2) return 0;
    const cmd = b[i + 1]!;
    if (cmd === EOT || cmd === 0x05 || cmd === 0x14) {
      if (avail < 3) return 0;
      const n = b[i + 2]!;
      if (cmd === EOT) {
        if (n === 7) return avail < 4 ? 0 : 4; // DLE EOT 7 a: ink status
        if (n >= 1 && n <= 4) this.hooks.onRealtimeStatus?.(n, this.base + i + 3);
        return 3;
      }
      if (cmd === 0x05) return 3; // DLE ENQ n: recover from error
      // DLE DC4 fn …: pulse, power off, clear buffer, etc.
      const len = n === 3 ? 8 : n === 7 ? 4 : n === 8 ? 10 : 5;
      return avail < len ? 0 : len;
    }
    this.hasJobData = true;
    return 1;
  }

  private esc(b: Buffer, i: number): number {
    const avail = b.length - i;
    if (avail < 2) return 0;
    const cmd = b[i + 1]!;
    const p = (k: number) => b[i + 2 + k]!;
    switch (cmd) {
      case ch('@'): // initialise: the unprinted line is cleared, modes reset
        this.run = [];
        this.line = '';
        this.lineDots = 0;
        this.segments = [];
        this.chinese = false;
        this.codepage = 0;
        this.widthMul = 1;
        this.heightMul = 1;
        this.align = 0;
        return 2;
      case ch('!'):
        if (avail < 3) return 0;
        this.flush();
        this.widthMul = p(0) & 0x20 ? 2 : 1;
        this.heightMul = p(0) & 0x10 ? 2 : 1;
        return 3;
      case ch('a'):
        if (avail < 3) return 0;
        this.flush();
        this.align = (p(0) % 48 <= 2 ? p(0) % 48 : 0) as Alignment;
        return 3;
      case ch('$'):
        if (avail < 4) return 0;
        this.flush();
        this.padTo(p(0) + p(1) * 256);
        return 4;
      case ch('\\'): {
        if (avail < 4) return 0;
        this.flush();
        const rel = ((p(0) + p(1) * 256) << 16) >> 16; // signed 16-bit
        this.padTo(this.lineDots + rel);
        return 4;
      }
      case ch('d'):
        if (avail < 3) return 0;
        this.endLine();
        for (let k = 1; k < Math.min(p(0), MAX_FEED_LINES); k++) {
          this.lines.push('');
          this.blocks.push({ kind: 'text', segments: [] });
        }
        return 3;
      case ch('J'):
        if (avail < 3) return 0;
        this.endLine();
        return 3;
      case ch('t'):
        if (avail < 3) return 0;
        this.flush();
        this.codepage = p(0);
        return 3;
      case ch('i'):
      case ch('m'):
        this.breakLine();
        this.cut = true;
        this.blocks.push({ kind: 'cut' });
        return 2;
      case ch('*'): {
        // ESC * m nL nH: bit image, 1 byte a column (8-dot) or 3 (24-dot)
        if (avail < 5) return 0;
        const columns = p(1) + p(2) * 256;
        this.skip = (p(0) >= 32 ? 3 : 1) * columns;
        return 5;
      }
      case ch('D'): {
        // ESC D n1 … nk NUL: tab positions (at most 32)
        const end = b.indexOf(0, i + 2);
        if (end >= 0 && end - i <= 35) return end - i + 1;
        if (avail < 35) return 0;
        return 2;
      }
      case ch('&'): {
        // ESC & y c1 c2 [x d1 … d(y×x)]…: user-defined characters
        if (avail < 5) return 0;
        const y = p(0);
        let at = i + 5;
        for (let code = p(1); code <= p(2); code++) {
          if (at >= b.length) return 0;
          at += 1 + y * b[at]!;
        }
        return at > b.length ? 0 : at - i;
      }
      case ch('('): {
        // ESC ( X pL pH d…
        if (avail < 5) return 0;
        this.skip = p(1) + p(2) * 256;
        return 5;
      }
      default: {
        const n = 2 + (ESC_PARAMS[cmd] ?? 1);
        return avail < n ? 0 : n;
      }
    }
  }

  private fs(b: Buffer, i: number): number {
    const avail = b.length - i;
    if (avail < 2) return 0;
    const cmd = b[i + 1]!;
    switch (cmd) {
      case ch('&'):
        this.flush();
        this.chinese = true;
        return 2;
      case ch('.'):
        this.flush();
        this.chinese = false;
        return 2;
      case ch('2'): // FS 2 c1 c2 d1 … d72: a user-defined 24×24 Chinese character
        return avail < 76 ? 0 : 76;
      case ch('('): // FS ( X pL pH d…
        if (avail < 5) return 0;
        this.skip = b[i + 3]! + b[i + 4]! * 256;
        return 5;
      case ch('q'): {
        // FS q n [xL xH yL yH d1 … d(x×y×8)]…: NV bit images
        if (avail < 3) return 0;
        let at = i + 3;
        for (let k = 0; k < b[i + 2]!; k++) {
          if (at + 4 > b.length) return 0;
          at += 4 + (b[at]! + b[at + 1]! * 256) * (b[at + 2]! + b[at + 3]! * 256) * 8;
        }
        return at > b.length ? 0 : at - i;
      }
      default: {
        const n = 2 + (FS_PARAMS[cmd] ?? 1);
        return avail < n ? 0 : n;
      }
    }
  }

  private gs(b: Buffer, i: number): number {
    const avail = b.length - i;
    if (avail < 2) return 0;
    const cmd = b[i + 1]!;
    const p = (k: number) => b[i + 2 + k]!;
    switch (cmd) {
      case ch('!'):
        if (avail < 3) return 0;
        this.flush();
        this.widthMul = ((p(0) >> 4) & 7) + 1;
        this.heightMul = (p(0) & 7) + 1;
        return 3;
      case ch('r'):
        if (avail < 3) return 0;
        this.hooks.onTransmitStatus?.(p(0), this.base + i + 3);
        return 3;
      case ch('V'): {
        if (avail < 3) return 0;
        const n = CUT_WITH_FEED.has(p(0)) ? 4 : 3;
        if (avail < n) return 0;
        this.breakLine();
        this.cut = true;
        this.blocks.push({ kind: 'cut' });
        return n;
      }
      case ch('v'): {
        // GS v 0 m xL xH yL yH d…: raster image, x bytes a row, y rows
        if (avail < 8) return 0;
        this.breakLine();
        const rowBytes = p(2) + p(3) * 256;
        const height = p(4) + p(5) * 256;
        this.skip = rowBytes * height;
        if (this.skip > 0 && this.skip <= MAX_IMAGE_BYTES) {
          this.image = { width: rowBytes * 8, height, parts: [], align: this.align };
        }
        return 8;
      }
      case ch('Q'): {
        // GS Q 0 m xL xH yL yH d…: variable vertical-size image
        if (avail < 8) return 0;
        this.breakLine();
        this.skip = (p(2) + p(3) * 256) * (p(4) + p(5) * 256);
        return 8;
      }
      case ch('*'): // GS * x y d…: downloaded image, x×y×8 bytes
        if (avail < 4) return 0;
        this.skip = p(0) * p(1) * 8;
        return 4;
      case ch('8'): // GS 8 L p1 p2 p3 p4 m fn …: graphics with a 32-bit length
        if (avail < 7) return 0;
        this.skip = p(1) + p(2) * 0x100 + p(3) * 0x10000 + p(4) * 0x1000000;
        return 7;
      case ch('('):
        return this.gsParen(b, i);
      case ch('k'): {
        // GS k m …: barcode; m 0–6 data ends at NUL, m 65– has a length byte
        if (avail < 3) return 0;
        if (p(0) <= 6) {
          const end = b.indexOf(0, i + 3);
          if (end >= 0 && end - i <= 258) return end - i + 1;
          return avail < 258 ? 0 : 3;
        }
        if (avail < 4) return 0;
        return avail < 4 + p(1) ? 0 : 4 + p(1);
      }
      case ch('g'): // GS g 0 m nL nH / GS g 2 m nL nH: maintenance counters
        return avail < 6 ? 0 : 6;
      default: {
        const n = 2 + (GS_PARAMS[cmd] ?? 1);
        return avail < n ? 0 : n;
      }
    }
  }

  /** GS ( X pL pH …: the QR code (GS ( k, cn 49) is read, everything else stepped over. */
  private gsParen(b: Buffer, i: number): number {
    const avail = b.length - i;
    if (avail < 5) return 0;
    const len = b[i + 3]! + b[i + 4]! * 256;
    if (b[i + 2] === ch('k') && len >= 2) {
      if (avail < 7) return 0;
      const cn = b[i + 5]!;
      const fn = b[i + 6]!;
      if (cn === 49 && (fn === 80 || fn === 81 || fn === 67)) {
        if (avail < 5 + len) return 0;
        if (fn === 67) this.qrModule = len >= 3 ? b[i + 7]! : this.qrModule;
        else if (fn === 80) this.qrStore = Buffer.from(b.subarray(i + 8, i + 5 + len));
        else if (this.qrStore) {
          this.breakLine();
          const data = decodeQrPayload(this.qrStore);
          this.qrCodes.push(data);
          this.blocks.push({ kind: 'qr', data, moduleSize: this.qrModule, align: this.align });
        }
        return 5 + len;
      }
    }
    this.skip = len;
    return 5;
  }

  /** Decodes the pending text bytes in the current character mode. */
  private flush(): void {
    if (this.run.length === 0) return;
    const bytes = Buffer.from(this.run);
    this.run = [];
    let text: string;
    if (this.chinese) text = iconv.decode(bytes, 'gb18030');
    else if (this.codepage === 0) text = iconv.decode(bytes, 'cp437');
    else text = bytes.toString('latin1').replace(/[\x80-\xff]/g, '?');
    for (const c of text) {
      const full = this.chinese && c.codePointAt(0)! > 0x7f;
      this.lineDots += (full ? 2 : 1) * HALF_DOTS * this.widthMul;
    }
    this.line += text;
    this.segments.push({
      x: this.runX,
      text,
      widthMul: this.widthMul,
      heightMul: this.heightMul,
      chinese: this.chinese,
    });
  }

  private endImage(): void {
    const image = this.image;
    this.image = null;
    if (!image) return;
    const data = Buffer.concat(image.parts);
    this.blocks.push({
      kind: 'image',
      width: image.width,
      height: image.height,
      data,
      align: image.align,
    });
  }

  private padTo(dots: number): void {
    const target = Math.min(dots, 4096);
    while (this.lineDots + HALF_DOTS <= target) {
      this.line += ' ';
      this.lineDots += HALF_DOTS;
    }
  }

  /** Images, QR codes and cuts start on a fresh line without adding a blank one. */
  private breakLine(): void {
    this.flush();
    if (this.line.length > 0) this.endLine();
  }

  private endLine(): void {
    this.flush();
    this.lines.push(this.line.trimEnd());
    this.blocks.push({ kind: 'text', segments: this.segments });
    this.line = '';
    this.lineDots = 0;
    this.segments = [];
  }
}

/** QR payloads are UTF-8 from our encoder; a GB18030 payload from another encoder still reads. */
function decodeQrPayload(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'gb18030');
  }
}

/** Decodes one whole job. */
export function decodeEscPos(bytes: Buffer): DecodedReceipt {
  const decoder = new EscPosDecoder();
  decoder.push(bytes);
  return decoder.finish();
}
