// Submissions and ratings go through the encrypted SQLite outbox: written durably first, then
// delivered by the sync engine, so a crash or an outage never loses or duplicates one.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KioskConfig } from '../../config/kiosk-config.ts';
import type { RatingRequest, SubmissionRequest } from '../../contract/central-api.ts';
import type { DeviceHealth } from '../../contract/kiosk-api.ts';
import { CentralClient, openKioskDatabase, Outbox, SyncEngine } from '../../offline-cache/index.ts';
import type { Logger } from '../log.ts';
import type { SubmissionQueuePort } from '../ports.ts';

export interface SubmissionQueueAdapter extends SubmissionQueuePort {
  close(): Promise<void>;
}

/**
 * The outbox key lives beside the data, readable only by the kiosk's user. A deployment replaces
 * this file with a credential from the OS (systemd-creds / TPM); the code path is the same.
 */
export function outboxKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'outbox.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

export function openSubmissionQueue(config: KioskConfig, log: Logger): SubmissionQueueAdapter {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const db = openKioskDatabase({ path: path.join(config.dataDir, 'outbox.db'), key: outboxKey(config.dataDir) });
  const outbox = new Outbox(db);
  const client = new CentralClient({ baseUrl: config.central.url, kioskId: config.kioskId, timeoutMs: 5000 });
  const sync = new SyncEngine({
    outbox,
    client,
    log: (event, fields) => log.info(event, fields as Record<string, string | number | boolean | null>),
  });
  sync.start();
  return {
    async submit(req: SubmissionRequest, deadlineMs: number) {
      outbox.enqueue('submission', req.idempotencyKey, req.trackingCode, req);
      return sync.deliverNow(req.idempotencyKey, deadlineMs);
    },
    async rate(req: RatingRequest) {
      outbox.enqueue('rating', req.idempotencyKey, req.trackingCode, req);
      sync.kick();
    },
    reachable: (timeoutMs) => client.health(timeoutMs),
    pending: () => outbox.pending(),
    health(): DeviceHealth {
      const s = sync.status();
      return {
        device: 'central',
        state: s.online ? 'ok' : 'offline',
        detail: s.online ? config.central.url : `${config.central.url}: ${s.lastError ?? 'not reached yet'}`,
        checkedAt: new Date().toISOString(),
      };
    },
    async close() {
      await sync.stop();
      db.close();
    },
  };
}
