// A receipt printer on the network (raw TCP, port 9100): the ESC/POS client over a TCP transport.
import { ReceiptPrinterClient } from './receipt-printer-client.ts';
import { tcpTransport } from './receipt-transport.ts';

export { blockingCondition } from './receipt-printer-client.ts';

export interface TcpReceiptPrinterOptions {
  host: string;
  port: number;
  /** Connecting and each status answer. */
  timeoutMs: number;
  /** How long a job may take to print before it counts as failed (default 15 s). */
  jobTimeoutMs?: number;
}

export class TcpReceiptPrinter extends ReceiptPrinterClient {
  constructor(opts: TcpReceiptPrinterOptions) {
    super(tcpTransport({ host: opts.host, port: opts.port }), opts);
  }
}
