// What one heartbeat says, read from real parts: the SAM driver on the card simulator, ESC/POS
// status from a virtual receipt printer over TCP (its paper sensor), the A4 spool folder, the
// encrypted outbox with a centre that does not answer, the catalog store, the data folder's disk.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import { loadConfig, type KioskConfig } from '../../../config/kiosk-config.ts';
import { HeartbeatRequest, type HeartbeatDevice } from '../../../contract/fleet-api.ts';
import { openCardReader, type CardReaderAdapter } from '../../../host/adapters/card-reader.ts';
import { openDocumentPrinter } from '../../../host/adapters/document-printer.ts';
import {
  openReceiptPrinter,
  type ReceiptPrinterAdapter,
} from '../../../host/adapters/receipt-printer.ts';
import {
  openSubmissionQueue,
  outboxKey,
  outboxPaths,
  type SubmissionQueueAdapter,
} from '../../../host/adapters/submission-queue.ts';
import { openCatalogStore, type CatalogStore } from '../../../host/catalog-store.ts';
import { createCameraState } from '../../../host/heartbeat/camera-state.ts';
import {
  collectHeartbeat,
  type HeartbeatSources,
} from '../../../host/heartbeat/collect-heartbeat.ts';
import { probe } from '../../../host/heartbeat/device-report.ts';
import { createCentralClock } from '../../../offline-cache/central-clock.ts';
import { createSessionActivity } from '../../../host/heartbeat/session-activity.ts';
import { createLogger } from '../../../host/log.ts';
import { openKioskDatabase, Outbox } from '../../../offline-cache/index.ts';
import { startVirtualReceiptPrinter, type VirtualReceiptPrinter } from '../../../printers/index.ts';
import { submission } from '../../integration/central/support/fixtures.ts';

const log = createLogger('test', () => {});
let dir: string;
let config: KioskConfig;
let printer: VirtualReceiptPrinter;
let reader: CardReaderAdapter;
let receipt: ReceiptPrinterAdapter;
let queue: SubmissionQueueAdapter;
let catalog: CatalogStore;

const sessions = createSessionActivity();
const camera = createCameraState();

function sources(): HeartbeatSources {
  return {
    softwareVersion: '0.9.0-test',
    catalog: sessions.observe(catalog),
    reader,
    receipt,
    documents: openDocumentPrinter(config.a4Printer),
    documentsToSpool: true,
    queue,
    camera,
    dataDir: config.dataDir,
    sessions,
    uptimeSeconds: () => 42.7,
  };
}

const device = (devices: readonly HeartbeatDevice[], name: string) =>
  devices.find((d) => d.device === name);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-heartbeat-'));
  printer = await startVirtualReceiptPrinter({ port: 0 });
  config = loadConfig({
    dataDir: path.join(dir, 'data'),
    overrides: {
      kioskId: 'GZ-BEAT-0001',
      // Nothing listens there: the outbox keeps everything, the central link is reported offline.
      central: { url: 'http://127.0.0.1:9' },
      receiptPrinter: { uri: `tcp://127.0.0.1:${printer.port}` },
    },
  });
  reader = await openCardReader(config.idReader, log);
  receipt = openReceiptPrinter(config.receiptPrinter, { log });
  queue = openSubmissionQueue(config, log);
  catalog = openCatalogStore({ dataDir: config.dataDir, bundled: loadBundledCatalog(), log });
}, 30_000);

afterAll(async () => {
  receipt?.close();
  await queue?.close();
  await reader?.close();
  await printer?.close();
});

describe('heartbeat content', () => {
  it('fits the fleet contract and reports every device, the catalog it runs and its disk', async () => {
    const beat = await collectHeartbeat(sources());
    expect(() => HeartbeatRequest.parse(beat)).not.toThrow();
    expect(beat).toMatchObject({
      softwareVersion: '0.9.0-test',
      catalogVersion: loadBundledCatalog().version,
      uptimeSeconds: 42,
      sessionActive: false,
      queue: { pending: 0, oldestPendingAgeSeconds: null, failed: 0 },
    });
    expect(beat.devices.map((d) => d.device)).toEqual([
      'id-reader',
      'camera',
      'receipt-printer',
      'a4-printer',
      'scanner',
      'central',
    ]);
    expect(device(beat.devices, 'id-reader')?.state).toBe('ok');
    expect(device(beat.devices, 'receipt-printer')).toMatchObject({ state: 'ok', paper: 'ok' });
    // A spool folder has no paper to run out of.
    expect(device(beat.devices, 'a4-printer')).toMatchObject({ state: 'ok' });
    expect(device(beat.devices, 'a4-printer')?.paper).toBeUndefined();
    expect(device(beat.devices, 'scanner')).toMatchObject({ state: 'absent' });
    expect(device(beat.devices, 'camera')).toMatchObject({ state: 'unknown' });
    expect(device(beat.devices, 'central')?.state).toBe('offline');
    expect(beat.disk.totalBytes).toBeGreaterThan(0);
    expect(beat.disk.freeBytes).toBeGreaterThan(0);
    expect(beat.disk.freeBytes).toBeLessThanOrEqual(beat.disk.totalBytes);
  });

  it('reports the clock once compared with the centre: ok, or a fault saying how far off', async () => {
    let local = Date.parse('2026-11-23T03:00:00Z');
    const clock = createCentralClock({ local: () => local });
    const clockOf = async () =>
      device((await collectHeartbeat({ ...sources(), clock })).devices, 'clock');
    expect(await clockOf()).toBeUndefined(); // no answer from the centre yet
    clock.observe(local + 5000, local, local);
    expect(await clockOf()).toMatchObject({ state: 'ok', detail: 'within 30 s of the centre' });
    local -= 7 * 60_000; // the clock jumps 7 minutes back
    clock.observe(local + 7 * 60_000 + 5000, local, local);
    expect(await clockOf()).toMatchObject({
      state: 'fault',
      detail: expect.stringMatching(/^system clock 7 min 5 s behind the centre's/),
    });
  });

  it('says what the receipt printer’s paper sensor says', async () => {
    printer.setMode({ paperNearEnd: true });
    let beat = await collectHeartbeat(sources());
    expect(device(beat.devices, 'receipt-printer')).toMatchObject({
      state: 'warning',
      paper: 'low',
    });

    printer.setMode({ paperOut: true });
    beat = await collectHeartbeat(sources());
    expect(device(beat.devices, 'receipt-printer')).toMatchObject({ state: 'fault', paper: 'out' });
    expect(device(beat.devices, 'receipt-printer')?.detail).toMatch(/paper out/);

    printer.setMode({ paperOut: false, paperNearEnd: false });
    beat = await collectHeartbeat(sources());
    expect(device(beat.devices, 'receipt-printer')).toMatchObject({ state: 'ok', paper: 'ok' });
  });

  it('passes on the camera as the screen last found it', async () => {
    camera.report({ state: 'fault', detail: 'NotReadableError' });
    let beat = await collectHeartbeat(sources());
    expect(device(beat.devices, 'camera')).toMatchObject({
      state: 'fault',
      detail: expect.stringMatching(/^NotReadableError \(reported/),
      lastError: expect.stringMatching(/NotReadableError/),
    });
    camera.report({ state: 'ok', detail: 'USB Camera 1280x720' });
    beat = await collectHeartbeat(sources());
    expect(device(beat.devices, 'camera')).toMatchObject({ state: 'ok' });
    expect(() => HeartbeatRequest.parse(beat)).not.toThrow();
  });

  it('reports a session as active from the signal the kiosk service gives its catalog port', async () => {
    const port = sessions.observe(catalog);
    port.sessionActivity?.(true);
    expect((await collectHeartbeat(sources())).sessionActive).toBe(true);
    port.sessionActivity?.(false);
    expect((await collectHeartbeat(sources())).sessionActive).toBe(false);
  });

  it('counts the outbox: pending with the oldest one’s age, and parked ones as failed', async () => {
    const kept = submission(config.kioskId);
    expect(await queue.submit(kept, 0)).toBe('queued');
    let beat = await collectHeartbeat(sources());
    expect(beat.queue.pending).toBe(1);
    expect(beat.queue.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(beat.queue.failed).toBe(0);

    // A technician's view of a permanent failure: park one through the outbox itself.
    await queue.close();
    const db = openKioskDatabase({
      path: outboxPaths(config.dataDir).database,
      key: outboxKey(config.dataDir),
    });
    new Outbox(db).park(kept.idempotencyKey, 'HTTP 422 invalid-request');
    db.close();
    queue = openSubmissionQueue(config, log);
    beat = await collectHeartbeat(sources());
    expect(beat.queue).toEqual({ pending: 0, oldestPendingAgeSeconds: null, failed: 1 });
    // Counts and ages only: nothing of the citizen in what is sent.
    const text = JSON.stringify(beat);
    expect(text).not.toContain(kept.applicant.idNumber);
    expect(text).not.toContain(kept.applicant.name);
  });

  it('reports a device that gives no health answer as unknown instead of waiting for it', async () => {
    const health = await probe('a4-printer', () => new Promise(() => undefined), 50);
    expect(health).toMatchObject({ device: 'a4-printer', state: 'unknown' });
    const failing = await probe(
      'id-reader',
      () => {
        throw new Error('port closed');
      },
      1000,
    );
    expect(failing).toMatchObject({ state: 'unknown', detail: 'health check failed: port closed' });
  });
});
