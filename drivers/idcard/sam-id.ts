// The SAM (security module) ID: 16 bytes little-endian u16,u16,u32,u32,u32, shown as
// `05.01-20101129-0001228293-0296863149`. It identifies the reader, not a person.

export const SAM_ID_BYTES = 16;
const PATTERN = /^(\d{2})\.(\d{2})-(\d{8})-(\d{10})-(\d{10})$/;

export function formatSamId(bytes: Uint8Array): string {
  if (bytes.length < SAM_ID_BYTES)
    throw new RangeError(`SAM ID needs ${SAM_ID_BYTES} bytes, got ${bytes.length}`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, SAM_ID_BYTES);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return [
    `${pad(v.getUint16(0, true), 2)}.${pad(v.getUint16(2, true), 2)}`,
    pad(v.getUint32(4, true), 8),
    pad(v.getUint32(8, true), 10),
    pad(v.getUint32(12, true), 10),
  ].join('-');
}

export function encodeSamId(id: string): Uint8Array {
  const m = PATTERN.exec(id);
  if (!m) throw new RangeError(`not a SAM ID (NN.NN-NNNNNNNN-NNNNNNNNNN-NNNNNNNNNN): ${id}`);
  const out = new Uint8Array(SAM_ID_BYTES);
  const v = new DataView(out.buffer);
  const n = m.slice(1).map(Number) as [number, number, number, number, number];
  if (n[0] > 0xffff || n[1] > 0xffff || n.slice(2).some((x) => x > 0xffffffff)) {
    throw new RangeError(`SAM ID part out of range: ${id}`);
  }
  v.setUint16(0, n[0], true);
  v.setUint16(2, n[1], true);
  v.setUint32(4, n[2], true);
  v.setUint32(8, n[3], true);
  v.setUint32(12, n[4], true);
  return out;
}
