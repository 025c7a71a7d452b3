// The kiosk host: composes devices, outbox and catalog behind the KioskApi and opens the door for
// the screen. Plain Node, no Electron import: the Electron shell runs this same code as its child.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadBundledCatalog } from '../catalog/load-bundled-catalog.ts';
import type { KioskConfig } from '../config/kiosk-config.ts';
import { createDispatcher } from '../contract/rpc.ts';
import { openCardReader } from './adapters/card-reader.ts';
import { openDocumentPrinter } from './adapters/document-printer.ts';
import { openReceiptPrinter } from './adapters/receipt-printer.ts';
import { openSubmissionQueue } from './adapters/submission-queue.ts';
import { startHostServer } from './http-server.ts';
import { createKioskService } from './kiosk-service.ts';
import { errorText, type Logger } from './log.ts';

export interface KioskHost {
  url: string;
  port: number;
  secret: string;
  close(): Promise<void>;
}

export async function startKioskHost(opts: {
  config: KioskConfig;
  appRoot: string;
  secret: string;
  softwareVersion: string;
  log: Logger;
}): Promise<KioskHost> {
  const { config, log } = opts;
  const rendererDir = path.join(opts.appRoot, 'dist', 'renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`the kiosk screen is not built (${rendererDir}); run: npm run build:renderer`);
  }
  const catalog = loadBundledCatalog();
  const reader = await openCardReader(config.idReader, log.child('idreader'));
  const queue = openSubmissionQueue(config, log.child('outbox'));
  const service = createKioskService({
    config,
    softwareVersion: opts.softwareVersion,
    catalog: { current: () => catalog },
    reader,
    receipt: openReceiptPrinter(config.receiptPrinter),
    documents: openDocumentPrinter(config.a4Printer),
    queue,
    log: log.child('service'),
  });
  const dispatch = createDispatcher(service, (method, err) =>
    log.warn('rpc.failed', { method, reason: errorText(err) }),
  );
  const server = await startHostServer({
    port: config.host.port,
    rendererDir,
    secret: opts.secret,
    dispatch,
    log: log.child('http'),
  });
  log.info('host.ready', { port: server.port, kioskId: config.kioskId, catalogVersion: catalog.version });
  return {
    url: server.url,
    port: server.port,
    secret: opts.secret,
    async close() {
      await server.close();
      service.close();
      await queue.close();
      await reader.close();
    },
  };
}
