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
import { kioskRequestSigner } from '../offline-cache/request-signing.ts';
import { openCatalogStore } from './catalog-store.ts';
import { createCatalogUpdater } from './catalog-updater.ts';
import { centralFaceVerifier } from './adapters/central-face-verifier.ts';
import { challengePicker } from './face/face-check.ts';
import { startFaceEngine, type FaceEngine } from './face/face-engine.ts';
import { startHostServer } from './http-server.ts';
import { createKioskService } from './kiosk-service.ts';
import { startKioskEnrolment } from './kiosk-enrolment.ts';
import { createVoiceGuide } from './voice/voice-guide.ts';
import { createSessionActivity } from './heartbeat/session-activity.ts';
import { startHeartbeat } from './heartbeat/start-heartbeat.ts';
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
  /** The launcher's app restart, for the centre's 'restart-app' action (cli/verb-start.ts). */
  restart?: () => void;
}): Promise<KioskHost> {
  const { config, log } = opts;
  const rendererDir = path.join(opts.appRoot, 'dist', 'renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`the kiosk screen is not built (${rendererDir}); run: npm run build:renderer`);
  }
  // The bundled catalog, or a newer verified one from the centre kept in the data folder.
  const catalog = openCatalogStore({
    dataDir: config.dataDir,
    bundled: loadBundledCatalog(),
    pinnedRootFile: config.central.trustedRootFile,
    log: log.child('catalog'),
  });
  // Enrol (once, with a configured token) before the outbox and the updater start calling.
  const enrolment = startKioskEnrolment(config, log.child('enrolment'));
  await enrolment.firstAttempt;
  const reader = await openCardReader(config.idReader, log.child('idreader'));
  // Unconfirmed receipts are kept on disk and re-printed when paper is back.
  const receipt = openReceiptPrinter(config.receiptPrinter, {
    queueDir: path.join(config.dataDir, 'receipt-queue'),
    log: log.child('receipt'),
  });
  let queue: ReturnType<typeof openSubmissionQueue>;
  try {
    queue = openSubmissionQueue(config, log.child('outbox'));
  } catch (err) {
    // Most often another kiosk process holds the outbox: give back what was opened, so the
    // command ends with its message instead of hanging on the reader's and printer's handles.
    receipt.close();
    await reader.close();
    enrolment.stop();
    throw err;
  }
  // Fleet monitoring: whether a citizen is at the screen, learnt from the catalog port's signal.
  const sessions = createSessionActivity();
  const documents = openDocumentPrinter(config.a4Printer, { dataDir: config.dataDir });
  let faceEngine: FaceEngine | null = null;
  const voice = config.face.voice.enabled
    ? createVoiceGuide({ voice: config.face.voice.voice, log: log.child('voice') })
    : null;
  const service = createKioskService({
    config,
    softwareVersion: opts.softwareVersion,
    catalog: sessions.observe(catalog),
    reader,
    receipt,
    // Certificates carry a code signed with the kiosk's enrolled key (verifiable at the centre).
    documents,
    queue,
    log: log.child('service'),
    // Face verification (issue 7): the card-photo model starts at the first face item.
    faceEngine: () => (faceEngine ??= startFaceEngine()),
    remoteFace: centralFaceVerifier({
      centralUrl: config.central.url,
      sign: kioskRequestSigner(config.dataDir, config.kioskId),
    }),
    faceChallenge: challengePicker(config.face.challenges),
    reportCamera: (report) => heartbeat.reportCamera(report),
    // Spoken face guidance (espeak-ng; silent without it), unless the site turned it off.
    ...(voice ? { voice } : {}),
  });
  const updater = createCatalogUpdater({
    store: catalog,
    centralUrl: config.central.url,
    kiosk: { kioskId: config.kioskId, district: config.servicePoint.district },
    sign: kioskRequestSigner(config.dataDir, config.kioskId),
    log: log.child('catalog'),
    pollMs: (config.central.catalogPollSeconds ?? 300) * 1000,
  });
  updater.start();
  const heartbeat = startHeartbeat({
    config,
    softwareVersion: opts.softwareVersion,
    catalog,
    reader,
    receipt,
    documents,
    queue,
    sessions,
    updater,
    sign: kioskRequestSigner(config.dataDir, config.kioskId),
    ...(opts.restart ? { restart: opts.restart } : {}),
    log: log.child('heartbeat'),
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
  log.info('host.ready', {
    port: server.port,
    kioskId: config.kioskId,
    catalogVersion: catalog.current().version,
  });
  return {
    url: server.url,
    port: server.port,
    secret: opts.secret,
    async close() {
      await heartbeat.stop();
      await server.close();
      enrolment.stop();
      await updater.stop();
      service.close();
      await faceEngine?.close();
      receipt.close();
      await queue.close();
      await reader.close();
    },
  };
}
