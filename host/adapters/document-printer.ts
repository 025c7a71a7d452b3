// A4 documents: the certificate rendered as a PDF, then printed through CUPS (IPP) or written to
// the spool folder for the service desk when no printer is configured.
import type { DocumentTemplate } from '../../catalog/schema.ts';
import type { KioskConfig } from '../../config/kiosk-config.ts';
import {
  createDocumentPrinter,
  DocumentPrinterError,
  renderCertificatePdf,
} from '../../printers/index.ts';
import { OutputUnavailable, type DocumentPrinterPort } from '../ports.ts';

export function openDocumentPrinter(config: KioskConfig['a4Printer']): DocumentPrinterPort {
  const printer = createDocumentPrinter(config.uri);
  return {
    async print(template: DocumentTemplate, data: Record<string, unknown>, jobName: string) {
      const pdf = await renderCertificatePdf(template, data, { qrText: jobName });
      try {
        const { destination } = await printer.print(pdf, jobName);
        return { destination };
      } catch (err) {
        if (err instanceof DocumentPrinterError) throw new OutputUnavailable(err.citizenMessage);
        throw err;
      }
    },
    health: () => printer.health(),
  };
}
