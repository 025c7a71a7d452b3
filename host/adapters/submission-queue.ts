// Submissions and ratings go through the encrypted SQLite outbox: written durably first, then
// delivered by the sync engine, so a crash or an outage never loses or duplicates one. The kiosk
// is the outbox's one writer; the technician's CLI reaches it through the control socket.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KioskConfig } from '../../config/kiosk-config.ts';
import type { RatingRequest, SubmissionRequest } from '../../contract/central-api.ts';
import type { DeviceHealth } from '../../contract/kiosk-api.ts';
import {
  CentralClient,
  describeAttachments,
  handleControlRequest,
  openKioskDatabase,
  Outbox,
  serveControl,
  SyncEngine,
  type AttachmentInput,
  type ControlServer,
  type Progress,
  type SyncReport,
} from '../../offline-cache/index.ts';
import { kioskRequestSigner } from '../../offline-cache/request-signing.ts';
import type { Logger } from '../log.ts';
import type { SubmissionQueuePort } from '../ports.ts';

export interface SubmissionQueueAdapter extends SubmissionQueuePort {
  /**
   * As `submit`, with files (scanned pages, signatures): their bytes are committed in the same
   * transaction as the request, and the request's `attachments` list is filled in from them.
   */
  submitWithAttachments(
    req: SubmissionRequest,
    attachments: readonly AttachmentInput[],
    deadlineMs: number,
  ): Promise<'acknowledged' | 'queued'>;
  /** A citizen's submissions made at this kiosk, newest first (no personal data in the answer). */
  progress(query: { trackingCode: string } | { idNumber: string }): Progress[];
  /** For fleet monitoring: not yet acknowledged, parked for a technician, oldest pending's age. */
  stats(): { pending: number; failed: number; oldestPendingAgeMs: number | null };
  /** A pass now, ignoring the backoff (the centre's 'sync-now' action, `kiosk24 sync now`). */
  syncNow(): Promise<SyncReport>;
  close(): Promise<void>;
}

/** Where a kiosk keeps its outbox, its key and its control socket. */
export function outboxPaths(dataDir: string) {
  return {
    database: path.join(dataDir, 'outbox.db'),
    key: path.join(dataDir, 'outbox.key'),
    socket: path.join(dataDir, 'outbox.sock'),
  };
}

/**
 * Where the outbox key comes from, first found wins:
 * 1. `KIOSK24_OUTBOX_KEY` (64 hex digits): how the Electron shell hands over the key it keeps
 *    sealed with the OS keyring (safeStorage), and how a supervisor passes one in;
 * 2. `$CREDENTIALS_DIRECTORY/kiosk24-outbox-key`: a systemd credential (LoadCredentialEncrypted,
 *    sealed to the TPM), so no plain key lies on the disk that holds the database;
 * 3. `outbox.key` in the data folder, mode 0600: the demo's and the development fallback.
 */
export function outboxKeySource(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): { kind: 'env' | 'credential' | 'file'; where: string } {
  if (env.KIOSK24_OUTBOX_KEY) return { kind: 'env', where: 'KIOSK24_OUTBOX_KEY' };
  const credential = env.CREDENTIALS_DIRECTORY
    ? path.join(env.CREDENTIALS_DIRECTORY, 'kiosk24-outbox-key')
    : null;
  if (credential && existsSync(credential)) return { kind: 'credential', where: credential };
  return { kind: 'file', where: outboxPaths(dataDir).key };
}

function parseKey(hex: string, where: string): Buffer {
  const key = Buffer.from(hex.trim(), 'hex');
  if (key.length !== 32 || !/^[0-9a-fA-F]{64}$/.test(hex.trim())) {
    throw new Error(`${where} does not hold a 32-byte key in hex`);
  }
  return key;
}

/** The outbox key if there is one (the technician's CLI must not create one). */
export function readOutboxKey(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Buffer | null {
  const source = outboxKeySource(dataDir, env);
  if (source.kind === 'env') return parseKey(env.KIOSK24_OUTBOX_KEY!, source.where);
  if (!existsSync(source.where)) return null;
  return parseKey(readFileSync(source.where, 'utf8'), source.where);
}

/** The outbox key; the development fallback file is made on first use. */
export function outboxKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const source = outboxKeySource(dataDir, env);
  if (source.kind === 'file' && !existsSync(source.where)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(source.where, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  const key = readOutboxKey(dataDir, env);
  if (!key) throw new Error(`no outbox key at ${source.where}`);
  return key;
}

/** The kiosk's client of the central platform: one place to configure it (also for the CLI). */
export function centralClient(config: KioskConfig): CentralClient {
  return new CentralClient({
    baseUrl: config.central.url,
    kioskId: config.kioskId,
    timeoutMs: 5000,
    // Every request signed with the kiosk's enrolled key (issue 6).
    sign: kioskRequestSigner(config.dataDir, config.kioskId),
  });
}

export function openSubmissionQueue(config: KioskConfig, log: Logger): SubmissionQueueAdapter {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const paths = outboxPaths(config.dataDir);
  const db = openKioskDatabase({ path: paths.database, key: outboxKey(config.dataDir) });
  const outbox = new Outbox(db);
  const client = centralClient(config);
  const sync = new SyncEngine({
    outbox,
    client,
    log: (event, fields) =>
      log.info(event, fields as Record<string, string | number | boolean | null>),
    retentionMs: config.outbox.retentionHours * 3600_000,
  });
  sync.start();
  const control: ControlServer = serveControl(paths.socket, (req) =>
    handleControlRequest(outbox, sync, req),
  );
  control.ready.catch((err: unknown) => {
    // The kiosk works without it; the technician then stops the kiosk to retry by hand.
    log.warn('outbox.control-unavailable', { reason: (err as Error).message });
  });
  const submit = (
    req: SubmissionRequest,
    attachments: readonly AttachmentInput[],
    deadlineMs: number,
  ) => {
    const request =
      attachments.length > 0 ? { ...req, attachments: describeAttachments(attachments) } : req;
    outbox.enqueue(
      'submission',
      request.idempotencyKey,
      request.trackingCode,
      request,
      attachments,
    );
    return sync.deliverNow(request.idempotencyKey, deadlineMs);
  };
  return {
    submit: async (req, deadlineMs) => submit(req, [], deadlineMs),
    submitWithAttachments: async (req, attachments, deadlineMs) =>
      submit(req, attachments, deadlineMs),
    async rate(req: RatingRequest) {
      outbox.enqueue('rating', req.idempotencyKey, req.trackingCode, req);
      sync.kick();
    },
    reachable: (timeoutMs) => client.health(timeoutMs),
    pending: () => outbox.pending(),
    progress: (query) => outbox.progress(query),
    stats: () => ({
      pending: outbox.pending(),
      failed: outbox.counts().parked,
      oldestPendingAgeMs: outbox.oldestPendingAgeMs(),
    }),
    syncNow: () => sync.syncNow(),
    health(): DeviceHealth {
      const s = sync.status();
      return {
        device: 'central',
        state: s.online ? 'ok' : 'offline',
        detail: s.online
          ? config.central.url
          : `${config.central.url}: ${s.lastError ?? 'not reached yet'}`,
        checkedAt: new Date().toISOString(),
      };
    },
    async close() {
      await control.close();
      await sync.stop();
      db.close();
    },
  };
}
