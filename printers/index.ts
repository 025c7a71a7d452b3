// Public API of printers/: receipts (ESC/POS over TCP, and a virtual printer that speaks it) and
// A4 documents (PDF with an embedded CJK font, to CUPS over IPP or to a spool folder).
export {
  COLUMNS,
  type PaperWidth,
  type ReceiptDocument,
  type ReceiptDocumentLine,
} from './receipt-document.ts';
export {
  renderReceiptEscPos,
  receiptMarkup,
  receiptColumns,
  type ReceiptRenderOptions,
} from './receipt-escpos.ts';
export {
  charactersMissing,
  printerFontHas,
  DEFAULT_PRINTER_FONT,
  type PrinterFont,
  type PrinterFontCoverage,
} from './printer-font.ts';
export {
  decodeEscPos,
  EscPosDecoder,
  type Alignment,
  type DecodedReceipt,
  type EscPosDecoderHooks,
  type ReceiptBlock,
  type TextSegment,
} from './escpos-decoder.ts';
export { bitmapToPng, createBitmap, fromRasterRows, toRasterRows, type Bitmap } from './bitmap.ts';
export { drawText, renderTextLine, textCells, CELL_DOTS, LINE_DOTS } from './glyph-raster.ts';
export { renderReceiptBitmap, renderReceiptPng } from './receipt-png.ts';
export {
  qrCodeCommand,
  realtimeStatusRequest,
  TRANSMIT_PAPER_STATUS,
  type QrErrorLevel,
  type RealtimeStatusKind,
} from './escpos-commands.ts';
export {
  interpretStatus,
  realtimeStatusByte,
  paperStatusByte,
  type PrinterMode,
  type ReceiptPrinterStatus,
} from './escpos-status.ts';
export { PrinterError, RECEIPT_CITIZEN_MESSAGE, type PrinterErrorKind } from './printer-error.ts';
export { TcpReceiptPrinter, type TcpReceiptPrinterOptions } from './tcp-receipt-printer.ts';
export {
  ReceiptPrinterClient,
  blockingCondition,
  type ReceiptPrinterClientOptions,
} from './receipt-printer-client.ts';
export {
  deviceFileTransport,
  receiptTransportFromUri,
  serialTransport,
  tcpTransport,
  type ReceiptLink,
  type ReceiptTransport,
} from './receipt-transport.ts';
export {
  startVirtualReceiptPrinter,
  startSerialVirtualReceiptPrinter,
  formatDecoded,
  VirtualReceiptPrinterCore,
  type ModeChange,
  type PrinterSession,
  type VirtualReceiptJob,
  type VirtualReceiptPrinter,
  type VirtualReceiptPrinterOptions,
  type VirtualReceiptPrinterPeer,
} from './virtual-receipt-printer.ts';
export {
  startVirtualA4Printer,
  type VirtualA4Job,
  type VirtualA4Printer,
} from './virtual-a4-printer.ts';
export {
  fillTemplate,
  fillPlaceholders,
  valueAtPath,
  type FilledCertificate,
  type FilledSection,
} from './certificate-template.ts';
export { renderCertificatePdf } from './certificate-pdf.ts';
export {
  loadCjkFonts,
  loadOutlineFont,
  MissingFontError,
  NOTO_SANS_CJK_SC,
  type CjkFontFile,
  type CjkFonts,
  type OutlineFont,
} from './cjk-font.ts';
export {
  createDocumentPrinter,
  createIppDocumentPrinter,
  createSpoolDocumentPrinter,
  citizenMessageFor,
  DocumentPrinterError,
  refusal,
  type DocumentPrinter,
  type IppDocumentPrinterOptions,
} from './document-printer.ts';
export {
  IppPrinterClient,
  IppError,
  type JobAttributes,
  type PrinterAttributes,
} from './ipp-client.ts';
export { writeSpoolFile, spoolFileName } from './spool-folder.ts';
export {
  canonicalCertificate,
  certificateContent,
  parseCertificateCode,
  signCertificate,
  verifyCertificateCode,
  CERTIFICATE_CODE_PREFIX,
  CERTIFICATE_SIGNATURE_SCHEME,
  type CertificateContent,
} from './certificate-signature.ts';
export {
  ReceiptJobQueue,
  type QueuedReceipt,
  type ReceiptJobQueueOptions,
} from './receipt-job-queue.ts';
