// A4 documents: the certificate rendered as a PDF, then printed through CUPS (IPP) or written to
// the spool folder for the service desk when no printer is configured. With the kiosk's identity
// key (the Ed25519 key it enrolled with, offline-cache/request-signing.ts), the certificate's QR
// carries a verification code the central platform checks (printers/certificate-signature.ts);
// without one it carries the tracking code only.
import type { KeyObject } from 'node:crypto';
import type { DocumentTemplate } from '../../catalog/schema.ts';
import type { KioskConfig } from '../../config/kiosk-config.ts';
import type { DeviceHealth } from '../../contract/kiosk-api.ts';
import { loadOrCreateKioskKey } from '../../offline-cache/request-signing.ts';
import {
  certificateContent,
  createDocumentPrinter,
  DocumentPrinterError,
  renderCertificatePdf,
  signCertificate,
  type IppDocumentPrinterOptions,
} from '../../printers/index.ts';
import { errorText } from '../log.ts';
import { OutputUnavailable, type DocumentPrinterPort } from '../ports.ts';

export interface DocumentPrinterAdapterOptions extends IppDocumentPrinterOptions {
  /** The kiosk's data folder: its identity key there signs each certificate. */
  dataDir?: string;
  /** Or the key itself. */
  signingKey?: KeyObject;
}

/** The QR text of a certificate: a signed verification code, or the tracking code unsigned. */
export function certificateQrText(
  template: DocumentTemplate,
  data: Record<string, unknown>,
  jobName: string,
  key: KeyObject | null,
): string {
  if (!key) return jobName;
  return signCertificate(certificateContent(template, data), key);
}

export function openDocumentPrinter(
  config: KioskConfig['a4Printer'],
  opts: DocumentPrinterAdapterOptions = {},
): DocumentPrinterPort {
  const printer = createDocumentPrinter(config.uri, opts);
  let key: KeyObject | null | undefined = opts.signingKey;
  const signingKey = () => (key ??= opts.dataDir ? loadOrCreateKioskKey(opts.dataDir) : null);
  let lastError: string | undefined;
  return {
    async print(template: DocumentTemplate, data: Record<string, unknown>, jobName: string) {
      const qrText = certificateQrText(template, data, jobName, signingKey());
      const pdf = await renderCertificatePdf(template, data, { qrText });
      try {
        const { destination } = await printer.print(pdf, jobName);
        return { destination };
      } catch (err) {
        lastError = `${new Date().toISOString()} ${errorText(err)}`;
        if (err instanceof DocumentPrinterError) throw new OutputUnavailable(err.citizenMessage);
        throw err;
      }
    },
    async health(): Promise<DeviceHealth> {
      const health = await printer.health();
      return lastError ? { ...health, lastError } : health;
    },
  };
}
