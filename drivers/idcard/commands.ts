// Command codes (CMD, PARA) and the layout of the "read base info" answer, shared by the reader
// and the simulator.

export interface Command {
  cmd: number;
  para: number;
  /** For diagnostics: `find card (20 01)`. */
  name: string;
}

const command = (cmd: number, para: number, label: string): Command => ({
  cmd,
  para,
  name: `${label} (${cmd.toString(16).toUpperCase().padStart(2, '0')} ${para.toString(16).toUpperCase().padStart(2, '0')})`,
});

export const COMMANDS = {
  resetSam: command(0x10, 0xff, 'reset SAM'),
  samStatus: command(0x11, 0xff, 'SAM status'),
  samId: command(0x12, 0xff, 'read SAM ID'),
  findCard: command(0x20, 0x01, 'find card'),
  selectCard: command(0x20, 0x02, 'select card'),
  readBase: command(0x30, 0x01, 'read base info'),
  readBaseWithFingerprint: command(0x30, 0x10, 'read base info + fingerprint'),
  readNewestAddress: command(0x30, 0x03, 'read newest address'),
  setMaxRfFrame: command(0x61, 0xff, 'set max RF frame bytes'),
} as const;

/** 60 PP: PP 00=115200 01=57600 02=38400 03=19200 04=9600 (one source). */
export const SET_BAUD_CMD = 0x60;
export const BAUD_RATES = [115200, 57600, 38400, 19200, 9600] as const;

export const FIND_DATA_BYTES = 4;
export const SELECT_DATA_BYTES = 8;
export const NEWEST_ADDRESS_BYTES = 70;

export interface BaseInfo {
  text: Uint8Array;
  photo: Uint8Array;
  /** Present only in the answer to 30 10; may be empty (a card without fingerprints). */
  fingerprint: Uint8Array | null;
}

/** textLen · photoLen · [fpLen] (u16 BE each) · text · photo · [fingerprint]. */
export function encodeBaseInfo(info: BaseInfo): Uint8Array {
  const withFp = info.fingerprint !== null;
  const fp = info.fingerprint ?? new Uint8Array(0);
  const header = withFp ? 6 : 4;
  const out = new Uint8Array(header + info.text.length + info.photo.length + fp.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, info.text.length);
  v.setUint16(2, info.photo.length);
  if (withFp) v.setUint16(4, fp.length);
  out.set(info.text, header);
  out.set(info.photo, header + info.text.length);
  out.set(fp, header + info.text.length + info.photo.length);
  return out;
}

/** null when the lengths do not add up. */
export function parseBaseInfo(data: Uint8Array, withFingerprint: boolean): BaseInfo | null {
  const header = withFingerprint ? 6 : 4;
  if (data.length < header) return null;
  const v = new DataView(data.buffer, data.byteOffset, data.length);
  const textLen = v.getUint16(0);
  const photoLen = v.getUint16(2);
  const fpLen = withFingerprint ? v.getUint16(4) : 0;
  if (data.length < header + textLen + photoLen + fpLen) return null;
  const text = data.slice(header, header + textLen);
  const photo = data.slice(header + textLen, header + textLen + photoLen);
  const fingerprint = withFingerprint
    ? data.slice(header + textLen + photoLen, header + textLen + photoLen + fpLen)
    : null;
  return { text, photo, fingerprint };
}
