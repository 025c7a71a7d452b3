// Public API of printers/: receipts (ESC/POS over TCP, and a virtual printer that speaks it) and
// A4 documents (PDF with an embedded CJK font, to CUPS over IPP or to a spool folder).
export {
  COLUMNS,
  type PaperWidth,
  type ReceiptDocument,
  type ReceiptDocumentLine,
} from './receipt-document.ts';
export { renderReceiptEscPos, receiptMarkup, receiptColumns } from './receipt-escpos.ts';
export {
  decodeEscPos,
  EscPosDecoder,
  type DecodedReceipt,
  type EscPosDecoderHooks,
} from './escpos-decoder.ts';
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
export {
  TcpReceiptPrinter,
  blockingCondition,
  type TcpReceiptPrinterOptions,
} from './tcp-receipt-printer.ts';
export {
  startVirtualReceiptPrinter,
  formatDecoded,
  type VirtualReceiptJob,
  type VirtualReceiptPrinter,
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
  MissingFontError,
  NOTO_SANS_CJK_SC,
  type CjkFontFile,
  type CjkFonts,
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
