// SAM frames (GA 467 style): AA AA AA 96 69 · LEN (u16 BE) · body · CHK. LEN counts every byte
// after itself, CHK included; CHK is the XOR of LEN and body. See shared/specs/idcard-sam.md.

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
/** Preamble + LEN. */
export const HEADER_BYTES = 7;
/** LEN of the largest documented frame (read with fingerprint). */
export const MAX_DOCUMENTED_LEN = 0x090a;
/** Slack above the documented maximum, for modules that append a little more. */
const LEN_SLACK = 0x100;
export const MAX_FRAME_LEN = MAX_DOCUMENTED_LEN + LEN_SLACK;
export const MAX_FRAME_BYTES = HEADER_BYTES + MAX_FRAME_LEN;

export type ParseMode = 'response' | 'request';

export interface ResponseFrame {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Uint8Array;
}

export interface RequestFrame {
  cmd: number;
  para: number;
  data: Uint8Array;
}

export type FrameOf<M extends ParseMode> = M extends 'request' ? RequestFrame : ResponseFrame;
export type Frame = ResponseFrame | RequestFrame;

export interface FrameParserStats {
  frames: number;
  checksumErrors: number;
  /** Preambles followed by a LEN no frame can have. */
  lengthErrors: number;
  /** Bytes thrown away while looking for a preamble. */
  discardedBytes: number;
}

/** XOR of `bytes[start..end)`. */
export function xorChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i] ?? 0;
  return x;
}

function checkByte(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xff)
    throw new RangeError(`${name} must be a byte, got ${v}`);
}

function encodeFrame(head: number[], data: Uint8Array): Uint8Array {
  const len = head.length + data.length + 1;
  if (len > MAX_FRAME_LEN) throw new RangeError(`frame too long: LEN ${len} > ${MAX_FRAME_LEN}`);
  const out = new Uint8Array(HEADER_BYTES + len);
  out.set(PREAMBLE, 0);
  out[5] = len >> 8;
  out[6] = len & 0xff;
  out.set(head, HEADER_BYTES);
  out.set(data, HEADER_BYTES + head.length);
  out[out.length - 1] = xorChecksum(out, 5, out.length - 1);
  return out;
}

/** Host → reader: preamble · LEN · CMD · PARA · [DATA] · CHK. */
export function encodeRequest(
  cmd: number,
  para: number,
  data: Uint8Array = new Uint8Array(0),
): Uint8Array {
  checkByte('cmd', cmd);
  checkByte('para', para);
  return encodeFrame([cmd, para], data);
}

/** Reader → host: preamble · LEN · SW1 · SW2 · SW3 · [DATA] · CHK. */
export function encodeResponse(
  sw1: number,
  sw2: number,
  sw3: number,
  data: Uint8Array = new Uint8Array(0),
): Uint8Array {
  checkByte('sw1', sw1);
  checkByte('sw2', sw2);
  checkByte('sw3', sw3);
  return encodeFrame([sw1, sw2, sw3], data);
}

/** Largest n such that the last n bytes of buf[0..end) are a proper prefix of the preamble. */
function partialPreambleAtEnd(buf: Uint8Array, start: number, end: number): number {
  for (let n = Math.min(PREAMBLE.length - 1, end - start); n > 0; n--) {
    let ok = true;
    for (let k = 0; k < n; k++) {
      if (buf[end - n + k] !== PREAMBLE[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return n;
  }
  return 0;
}

function indexOfPreamble(buf: Uint8Array, start: number, end: number): number {
  const last = end - PREAMBLE.length;
  outer: for (let i = start; i <= last; i++) {
    for (let k = 0; k < PREAMBLE.length; k++) if (buf[i + k] !== PREAMBLE[k]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Streaming frame parser: feed it whatever the line delivers; it returns the complete, verified
 * frames. Noise before a preamble is discarded; a frame whose LEN is impossible or whose CHK is
 * wrong is dropped and the search resumes after its preamble (the preamble cannot overlap
 * itself, so no real frame starts inside it). The buffer never holds more than one maximal
 * frame. Never throws.
 */
export class FrameParser<M extends ParseMode = 'response'> {
  readonly mode: M;
  readonly stats: FrameParserStats = {
    frames: 0,
    checksumErrors: 0,
    lengthErrors: 0,
    discardedBytes: 0,
  };
  private buf = new Uint8Array(MAX_FRAME_BYTES * 2);
  private len = 0;
  private readonly minLen: number;

  constructor(mode?: M) {
    this.mode = mode ?? ('response' as M);
    // Header bytes after LEN (cmd/para or sw1..sw3) plus CHK.
    this.minLen = this.mode === 'request' ? 3 : 4;
  }

  /** Bytes held while waiting for the rest of a frame. */
  get buffered(): number {
    return this.len;
  }

  /** Forget any partial frame (e.g. after a timeout, so a stale half-frame cannot linger). */
  reset(): void {
    this.stats.discardedBytes += this.len;
    this.len = 0;
  }

  push(chunk: Uint8Array): FrameOf<M>[] {
    const frames: FrameOf<M>[] = [];
    if (!(chunk instanceof Uint8Array)) return frames;
    // Feed in slices so one huge chunk cannot grow the buffer beyond its fixed size.
    const slice = MAX_FRAME_BYTES;
    for (let off = 0; off < chunk.length; off += slice) {
      const piece = chunk.subarray(off, Math.min(chunk.length, off + slice));
      this.buf.set(piece, this.len);
      this.len += piece.length;
      this.drain(frames);
    }
    return frames;
  }

  private drain(out: FrameOf<M>[]): void {
    const buf = this.buf;
    let pos = 0;
    for (;;) {
      const at = indexOfPreamble(buf, pos, this.len);
      if (at < 0) {
        // Keep only a possible start of a preamble at the end.
        const keep = partialPreambleAtEnd(buf, pos, this.len);
        this.stats.discardedBytes += this.len - pos - keep;
        pos = this.len - keep;
        break;
      }
      this.stats.discardedBytes += at - pos;
      pos = at;
      if (this.len - pos < HEADER_BYTES) break;
      const frameLen = ((buf[pos + 5] ?? 0) << 8) | (buf[pos + 6] ?? 0);
      if (frameLen < this.minLen || frameLen > MAX_FRAME_LEN) {
        this.stats.lengthErrors++;
        this.stats.discardedBytes += PREAMBLE.length;
        pos += PREAMBLE.length;
        continue;
      }
      const total = HEADER_BYTES + frameLen;
      if (this.len - pos < total) break;
      const end = pos + total;
      if (xorChecksum(buf, pos + 5, end - 1) !== buf[end - 1]) {
        this.stats.checksumErrors++;
        this.stats.discardedBytes += PREAMBLE.length;
        pos += PREAMBLE.length;
        continue;
      }
      out.push(this.decode(pos, end));
      this.stats.frames++;
      pos = end;
    }
    if (pos > 0) {
      buf.copyWithin(0, pos, this.len);
      this.len -= pos;
    }
  }

  private decode(pos: number, end: number): FrameOf<M> {
    const b = this.buf;
    const h = pos + HEADER_BYTES;
    if (this.mode === 'request') {
      const frame: RequestFrame = {
        cmd: b[h] ?? 0,
        para: b[h + 1] ?? 0,
        data: b.slice(h + 2, end - 1),
      };
      return frame as FrameOf<M>;
    }
    const frame: ResponseFrame = {
      sw1: b[h] ?? 0,
      sw2: b[h + 1] ?? 0,
      sw3: b[h + 2] ?? 0,
      data: b.slice(h + 3, end - 1),
    };
    return frame as FrameOf<M>;
  }
}

/** `AA AA AA 96 69 00 03 20 01 22` — for diagnostics and tests. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  if (clean.length % 2 !== 0) throw new RangeError('odd number of hex digits');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
