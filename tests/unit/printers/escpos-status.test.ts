import { describe, expect, it } from 'vitest';
import {
  interpretStatus,
  paperStatusByte,
  realtimeStatusByte,
  type PrinterMode,
} from '../../../printers/index.ts';
import { isPaperStatusByte, isRealtimeStatusByte } from '../../../printers/escpos-status.ts';

const modes: PrinterMode[] = [];
for (const paperOut of [false, true])
  for (const coverOpen of [false, true])
    for (const paperNearEnd of [false, true])
      for (const error of [false, true]) modes.push({ paperOut, coverOpen, paperNearEnd, error });

const answers = (m: PrinterMode) => ({
  1: realtimeStatusByte(1, m),
  2: realtimeStatusByte(2, m),
  3: realtimeStatusByte(3, m),
  4: realtimeStatusByte(4, m),
});

describe('real-time status bytes', () => {
  it('answers 0x12 to every request when all is well', () => {
    const ok = { paperOut: false, coverOpen: false, paperNearEnd: false, error: false };
    expect(Object.values(answers(ok))).toEqual([0x12, 0x12, 0x12, 0x12]);
  });

  it('keeps the fixed bits (1 and 4 set, 0 and 7 clear) and reads back every mode', () => {
    for (const m of modes) {
      for (const byte of Object.values(answers(m))) {
        expect(byte & 0x93).toBe(0x12);
        expect(isRealtimeStatusByte(byte)).toBe(true);
        expect(isPaperStatusByte(byte)).toBe(false);
      }
      expect(interpretStatus(answers(m))).toEqual({
        online: !(m.paperOut || m.coverOpen || m.error),
        paperOut: m.paperOut,
        coverOpen: m.coverOpen,
        paperNearEnd: m.paperNearEnd || m.paperOut,
        error: m.error,
      });
    }
  });

  it('reads the spec bits: offline (n=1 bit 3), cover (n=2 bit 2), paper end (n=4 bits 5-6)', () => {
    const base = { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 };
    expect(interpretStatus({ ...base, 1: 0x1a }).online).toBe(false);
    expect(interpretStatus({ ...base, 2: 0x16 }).coverOpen).toBe(true);
    expect(interpretStatus({ ...base, 4: 0x72 }).paperOut).toBe(true);
    expect(interpretStatus({ ...base, 4: 0x1e }).paperNearEnd).toBe(true);
    expect(interpretStatus({ ...base, 3: 0x32 }).error).toBe(true);
  });

  it('tells GS r answers apart from DLE EOT answers', () => {
    for (const m of modes) expect(isPaperStatusByte(paperStatusByte(m))).toBe(true);
    expect(
      paperStatusByte({ paperOut: true, coverOpen: false, paperNearEnd: false, error: false }),
    ).toBe(0x0f);
  });
});
