// Why a receipt will not come out, for the technician (message) and for the citizen
// (citizenMessage, Simplified Chinese). Neither ever carries personal data.

export type PrinterErrorKind = 'paper-out' | 'cover-open' | 'offline' | 'timeout' | 'error';

export const RECEIPT_CITIZEN_MESSAGE: Record<PrinterErrorKind, string> = {
  'paper-out': '回执打印机缺纸，暂时无法打印回执',
  'cover-open': '回执打印机舱盖未关好，暂时无法打印回执',
  offline: '回执打印机未连接，暂时无法打印回执',
  timeout: '回执打印机无响应，暂时无法打印回执',
  error: '回执打印机故障，暂时无法打印回执',
};

export class PrinterError extends Error {
  readonly citizenMessage: string;

  constructor(
    readonly kind: PrinterErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PrinterError';
    this.citizenMessage = RECEIPT_CITIZEN_MESSAGE[kind];
  }
}
