// The demo's peers: what a real site has around the kiosk, simulated. A virtual receipt printer
// on TCP and an embedded central platform; the ID-card reader is wired in-process by the host.
import path from 'node:path';
import type { KioskConfig } from '../config/kiosk-config.ts';
import type { Logger } from '../host/log.ts';
import { startVirtualReceiptPrinter } from '../printers/index.ts';

export interface DemoPeers {
  config: KioskConfig;
  describe(): string[];
  close(): Promise<void>;
}

export async function startDemoPeers(config: KioskConfig, log: Logger): Promise<DemoPeers> {
  const receiptsDir = path.join(config.dataDir, 'receipts');
  const printer = await startVirtualReceiptPrinter({
    port: 0,
    host: '127.0.0.1',
    outDir: receiptsDir,
  });
  const centralDb = `pglite:${path.resolve(config.dataDir, '..', 'central')}`;
  const { startCentral } = await import('../central/index.ts');
  const central = await startCentral({ port: 0, host: '127.0.0.1', db: centralDb });
  log.info('demo.peers', { receiptPrinterPort: printer.port, centralPort: central.port });
  // The demo kiosk enrols itself at start with a token issued for it, and trusts this centre's
  // first catalog root as a real kiosk trusts the root file shipped with it.
  const { provisionKiosk } = await import('../central/testing/provision-kiosk.ts');
  const provision = await provisionKiosk(central, {
    kioskId: config.kioskId,
    rootFile: path.join(config.dataDir, 'demo-central-root.json'),
  });
  const spool = config.a4Printer.uri.startsWith('spool:')
    ? config.a4Printer.uri.slice('spool:'.length)
    : null;
  return {
    config: {
      ...config,
      central: {
        ...config.central,
        url: central.url,
        enrolmentToken: provision.enrolmentToken,
        ...(provision.trustedRootFile ? { trustedRootFile: provision.trustedRootFile } : {}),
      },
      receiptPrinter: { ...config.receiptPrinter, uri: `tcp://127.0.0.1:${printer.port}` },
    },
    describe: () => [
      `  ID-card reader:    simulator (card of 阳秀梅, placed when the screen asks for it)`,
      `  Receipt printer:   virtual, tcp://127.0.0.1:${printer.port} → ${receiptsDir}`,
      `  A4 documents:      ${spool ? `spool folder ${spool}` : config.a4Printer.uri}`,
      `  Central platform:  ${central.url} (embedded, ${centralDb})`,
    ],
    async close() {
      await printer.close();
      await central.close();
    },
  };
}
