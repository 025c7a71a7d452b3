// Real-time status (DLE EOT n) and paper status (GS r 1) bytes: read by the TCP client, written
// by the virtual printer. Bit meanings from ../shared/specs/escpos.md.
import type { RealtimeStatusKind } from './escpos-commands.ts';

export interface ReceiptPrinterStatus {
  online: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  error: boolean;
}

export interface PrinterMode {
  paperOut: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  error: boolean;
}

/** Bits 1 and 4 are always 1 and bits 0 and 7 always 0 in a DLE EOT answer. */
const FIXED = 0x12;

export function isRealtimeStatusByte(b: number): boolean {
  return (b & 0x93) === FIXED;
}

/** A GS r 1 answer has bit 4 clear, which tells it apart from a DLE EOT answer on one socket. */
export function isPaperStatusByte(b: number): boolean {
  return (b & 0x90) === 0;
}

/** What a printer in `mode` answers to DLE EOT n. */
export function realtimeStatusByte(n: RealtimeStatusKind, mode: PrinterMode): number {
  const stopped = mode.paperOut || mode.coverOpen || mode.error;
  switch (n) {
    case 1:
      return FIXED | (stopped ? 0x08 : 0);
    case 2:
      return (
        FIXED | (mode.coverOpen ? 0x04 : 0) | (mode.paperOut ? 0x20 : 0) | (mode.error ? 0x40 : 0)
      );
    case 3:
      return FIXED | (mode.error ? 0x40 : 0);
    case 4:
      return FIXED | (mode.paperNearEnd || mode.paperOut ? 0x0c : 0) | (mode.paperOut ? 0x60 : 0);
  }
}

/** What a printer in `mode` answers to GS r 1: bits 0–1 near end, bits 2–3 paper end. */
export function paperStatusByte(mode: PrinterMode): number {
  return (mode.paperNearEnd || mode.paperOut ? 0x03 : 0) | (mode.paperOut ? 0x0c : 0);
}

/** The answers to DLE EOT 1..4, read as one status. */
export function interpretStatus(answers: Record<RealtimeStatusKind, number>): ReceiptPrinterStatus {
  const [printer, offline, error, paper] = [answers[1], answers[2], answers[3], answers[4]];
  return {
    online: (printer & 0x08) === 0,
    coverOpen: (offline & 0x04) !== 0,
    paperOut: (paper & 0x60) !== 0 || (offline & 0x20) !== 0,
    paperNearEnd: (paper & 0x0c) !== 0,
    // Offline cause bit 6, or an auto-cutter (3), unrecoverable (5) or auto-recoverable (6) error.
    error: (offline & 0x40) !== 0 || (error & 0x68) !== 0,
  };
}
