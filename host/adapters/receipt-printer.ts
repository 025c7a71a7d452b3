// The receipt: ESC/POS bytes rendered from the service's content, sent raw over TCP (port 9100).
import type { KioskConfig } from '../../config/kiosk-config.ts';
import type { DeviceHealth } from '../../contract/kiosk-api.ts';
import { PrinterError, renderReceiptEscPos, TcpReceiptPrinter } from '../../printers/index.ts';
import { OutputUnavailable, type ReceiptContent, type ReceiptPrinterPort } from '../ports.ts';

export function openReceiptPrinter(config: KioskConfig['receiptPrinter']): ReceiptPrinterPort {
  const url = new URL(config.uri);
  const printer = new TcpReceiptPrinter({ host: url.hostname, port: Number(url.port), timeoutMs: 3000 });
  const detail = `${url.hostname}:${url.port}`;
  return {
    async print(content: ReceiptContent) {
      const bytes = renderReceiptEscPos(content, { paperWidth: config.paperWidth });
      try {
        await printer.print(bytes);
      } catch (err) {
        if (err instanceof PrinterError) throw new OutputUnavailable(err.citizenMessage);
        throw err;
      }
    },
    async health(): Promise<DeviceHealth> {
      const checkedAt = new Date().toISOString();
      try {
        const s = await printer.status();
        if (!s.online) return { device: 'receipt-printer', state: 'offline', detail: `${detail} offline`, checkedAt };
        if (s.paperOut || s.coverOpen || s.error) {
          const what = s.paperOut ? 'paper out' : s.coverOpen ? 'cover open' : 'error';
          return { device: 'receipt-printer', state: 'fault', detail: `${detail} ${what}`, checkedAt };
        }
        if (s.paperNearEnd) {
          return { device: 'receipt-printer', state: 'warning', detail: `${detail} paper near end`, checkedAt };
        }
        return { device: 'receipt-printer', state: 'ok', detail, checkedAt };
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        return { device: 'receipt-printer', state: 'offline', detail: `${detail}: ${reason}`, checkedAt };
      }
    },
  };
}
