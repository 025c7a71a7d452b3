// The receipt as data: what the kiosk prints on the roll. Structurally the same as the host's
// ReceiptContent (host/ports.ts), which printers/ may not import.

export interface ReceiptDocumentLine {
  label: string;
  value: string;
}

export interface ReceiptDocument {
  title: string;
  lines: ReceiptDocumentLine[];
  /** Carried by the QR code (the tracking code, or a URL that contains it). */
  qr: string;
  footer: string[];
}

export type PaperWidth = 58 | 80;

/** Half-width columns of the default font A (12 × 24 dots): 384 dots on 58 mm, 576 on 80 mm. */
export const COLUMNS: Record<PaperWidth, number> = { 58: 32, 80: 48 };
