// The heartbeat as the host composes it, with a centre that does not answer: a beat fails
// quietly (no throw into the host, one log line with a cause and no personal data), outcomes stay
// waiting for a beat that gets through, and the actions' handlers report what really happened
// with the real outbox and catalog updater behind them.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import { loadConfig, type KioskConfig } from '../../../config/kiosk-config.ts';
import { openCardReader, type CardReaderAdapter } from '../../../host/adapters/card-reader.ts';
import { openDocumentPrinter } from '../../../host/adapters/document-printer.ts';
import {
  openReceiptPrinter,
  type ReceiptPrinterAdapter,
} from '../../../host/adapters/receipt-printer.ts';
import {
  openSubmissionQueue,
  type SubmissionQueueAdapter,
} from '../../../host/adapters/submission-queue.ts';
import { openCatalogStore } from '../../../host/catalog-store.ts';
import { createCatalogUpdater } from '../../../host/catalog-updater.ts';
import { createSessionActivity } from '../../../host/heartbeat/session-activity.ts';
import { startHeartbeat, type KioskHeartbeat } from '../../../host/heartbeat/start-heartbeat.ts';
import { createLogger } from '../../../host/log.ts';
import { kioskRequestSigner } from '../../../offline-cache/request-signing.ts';
import { startVirtualReceiptPrinter } from '../../../printers/index.ts';
import { submission } from '../../integration/central/support/fixtures.ts';

const logLines: string[] = [];
const log = createLogger('test', (l) => logLines.push(l));
let config: KioskConfig;
let printer: Awaited<ReturnType<typeof startVirtualReceiptPrinter>>;
let reader: CardReaderAdapter;
let receipt: ReceiptPrinterAdapter;
let queue: SubmissionQueueAdapter;
let heartbeat: KioskHeartbeat;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-heartbeat-start-'));
  printer = await startVirtualReceiptPrinter({ port: 0 });
  config = loadConfig({
    dataDir: path.join(dir, 'data'),
    overrides: {
      kioskId: 'GZ-BEAT-0002',
      central: { url: 'http://127.0.0.1:9', heartbeatSeconds: 3600 },
      receiptPrinter: { uri: `tcp://127.0.0.1:${printer.port}` },
    },
  });
  reader = await openCardReader(config.idReader, log);
  receipt = openReceiptPrinter(config.receiptPrinter, { log });
  queue = openSubmissionQueue(config, log);
  const catalog = openCatalogStore({ dataDir: config.dataDir, bundled: loadBundledCatalog(), log });
  const sign = kioskRequestSigner(config.dataDir, config.kioskId);
  heartbeat = startHeartbeat({
    config,
    softwareVersion: 'test',
    catalog,
    reader,
    receipt,
    documents: openDocumentPrinter(config.a4Printer),
    queue,
    sessions: createSessionActivity(),
    // No trusted root in this configuration: catalog updates are off.
    updater: createCatalogUpdater({
      store: catalog,
      centralUrl: config.central.url,
      kiosk: { kioskId: config.kioskId, district: config.servicePoint.district },
      sign,
      log,
    }),
    sign,
    log,
    // The loop's first beat far away: the test beats by hand.
    firstDelayMs: 3_600_000,
  });
}, 30_000);

afterAll(async () => {
  await heartbeat?.stop();
  receipt?.close();
  await queue?.close();
  await reader?.close();
  await printer?.close();
});

describe('heartbeat with the centre out of reach', () => {
  it('fails quietly, keeps outcomes for later and backs off', async () => {
    const id = randomUUID();
    heartbeat.journal.accept({ id, kind: 'sync-now' });
    heartbeat.journal.start(id);
    heartbeat.journal.finish(id, 'done', 'acknowledged 0, parked 0, pending 0');

    await expect(heartbeat.sender.beatNow()).resolves.toBe('unreachable');
    await expect(heartbeat.sender.beatNow()).resolves.toBe('unreachable');
    expect(heartbeat.sender.status()).toMatchObject({ failures: 2, lastOutcome: 'unreachable' });
    // Not taken by the centre: still waiting to be reported.
    expect(heartbeat.journal.unreported(32).map((o) => o.id)).toEqual([id]);
    // One line for the same cause, not one per beat.
    const failures = logLines.filter((l) => l.includes('"event":"heartbeat.failed"'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/"outcome":"unreachable"/);
  });

  it('reports sync-now failed when the pass halts, and reload-catalog failed when updates are off', async () => {
    const kept = submission(config.kioskId);
    await queue.submit(kept, 0);
    const sync = { id: randomUUID(), kind: 'sync-now' as const, requestedBy: 'op' };
    const reload = { id: randomUUID(), kind: 'reload-catalog' as const, requestedBy: 'op' };
    const restart = { id: randomUUID(), kind: 'restart-app' as const, requestedBy: 'op' };
    heartbeat.actions.accept([sync, reload, restart]);
    await heartbeat.actions.settled();
    const outcomes = Object.fromEntries(heartbeat.journal.unreported(32).map((o) => [o.id, o]));
    expect(outcomes[sync.id]).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/^halted .*pending 1$/),
    });
    expect(outcomes[reload.id]).toMatchObject({
      outcome: 'failed',
      detail: 'catalog updates are off (no trusted root)',
    });
    // This composition was given no launcher restart.
    expect(outcomes[restart.id]).toMatchObject({ outcome: 'failed' });
    expect(logLines.join('\n')).not.toContain(kept.applicant.idNumber);
  });
});
