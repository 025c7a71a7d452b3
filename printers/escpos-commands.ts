// ESC/POS byte sequences shared by the encoder, the TCP client and the virtual printer
// (see ../shared/specs/escpos.md).

export const DLE = 0x10;
export const EOT = 0x04;
export const ESC = 0x1b;
export const FS = 0x1c;
export const GS = 0x1d;
export const LF = 0x0a;

/** DLE EOT n: 1 printer, 2 offline cause, 3 error cause, 4 paper sensor. */
export type RealtimeStatusKind = 1 | 2 | 3 | 4;

export function realtimeStatusRequest(n: RealtimeStatusKind): Buffer {
  return Buffer.from([DLE, EOT, n]);
}

/**
 * GS r 1: "transmit paper sensor status". Unlike DLE EOT it is processed in order with the print
 * data, so its answer means the printer has worked through everything sent before it.
 */
export const TRANSMIT_PAPER_STATUS = Buffer.from([GS, 0x72, 0x01]);

export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';
const QR_LEVEL: Record<QrErrorLevel, number> = { L: 48, M: 49, Q: 50, H: 51 };

/** The most bytes a version-40 QR code holds in byte mode (level L). */
export const QR_MAX_BYTES = 2953;

/**
 * The printer's own QR code (GS ( k, cn 49): model 2, module size, error level, store, print.
 * The data travels as bytes, so a reader (and the virtual printer) gets exactly what was sent.
 */
export function qrCodeCommand(
  data: Buffer,
  opts: { moduleSize?: number; level?: QrErrorLevel } = {},
): Buffer {
  if (data.length === 0) return Buffer.alloc(0);
  if (data.length > QR_MAX_BYTES) throw new RangeError(`QR data too long: ${data.length} bytes`);
  const moduleSize = Math.min(16, Math.max(1, Math.round(opts.moduleSize ?? 6)));
  const store = data.length + 3;
  return Buffer.concat([
    Buffer.from([GS, 0x28, 0x6b, 4, 0, 49, 65, 50, 0]), // fn 65: model 2
    Buffer.from([GS, 0x28, 0x6b, 3, 0, 49, 67, moduleSize]), // fn 67: module size (dots)
    Buffer.from([GS, 0x28, 0x6b, 3, 0, 49, 69, QR_LEVEL[opts.level ?? 'M']]), // fn 69: error level
    Buffer.from([GS, 0x28, 0x6b, store & 0xff, store >> 8, 49, 80, 48]), // fn 80: store
    data,
    Buffer.from([GS, 0x28, 0x6b, 3, 0, 49, 81, 48]), // fn 81: print the stored symbol
  ]);
}
