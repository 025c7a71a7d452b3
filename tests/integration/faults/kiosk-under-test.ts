// A kiosk's offline side as the host composes it: the real encrypted outbox file, the sync engine
// and the HTTP client, logging JSON lines to a log file in its data folder as a kiosk would. Used
// in-process by the network fault tests and inside the child process of the SIGKILL loop.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SubmissionRequest } from '../../../contract/central-api.ts';
import {
  CentralClient,
  describeAttachments,
  openKioskDatabase,
  Outbox,
  SyncEngine,
  type AttachmentInput,
  type KioskDatabase,
} from '../../../offline-cache/index.ts';

/** The test citizen: these must never be readable in the database, its WAL or the log. */
export const CITIZEN = { name: '阳秀梅', idNumber: '440106198803151227' };
export const KEY = Buffer.alloc(32, 0x6b);

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newTrackingCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[Math.floor(Math.random() * 32)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

export function newKey(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

/** A scanned page whose bytes carry the citizen's data in clear, as a real scan's text would. */
export function scannedPage(size: number): AttachmentInput {
  const text = Buffer.from(`姓名 ${CITIZEN.name} 公民身份号码 ${CITIZEN.idNumber} `);
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += text.length)
    text.copy(bytes, i, 0, Math.min(text.length, size - i));
  return { id: 'page-1', kind: 'scanned-page', mediaType: 'application/pdf', bytes };
}

export function newSubmission(kioskId: string): SubmissionRequest {
  return {
    idempotencyKey: newKey(),
    trackingCode: newTrackingCode(),
    kioskId,
    itemCode: '11440100MB2C93297Q4442011900001',
    catalogVersion: 1,
    submittedAt: new Date().toISOString(),
    identityMethod: 'id-card',
    applicant: {
      cardType: 'resident',
      name: CITIZEN.name,
      idNumber: CITIZEN.idNumber,
      gender: 'female',
      birthDate: '1988-03-15',
      nation: '汉',
      nationality: null,
      address: '广州市天河区天河路123号',
    },
    form: { phone: '13800138000' },
  };
}

export interface KioskUnderTest {
  db: KioskDatabase;
  outbox: Outbox;
  engine: SyncEngine;
  logFile: string;
  /** Commits a submission (with a scanned page of `attachmentBytes` if > 0) and returns it. */
  enqueue(attachmentBytes?: number): SubmissionRequest;
  close(): Promise<void>;
}

export function openKiosk(opts: {
  dir: string;
  centralUrl: string;
  kioskId: string;
  timeoutMs?: number;
  chunkBytes?: number;
  backoff?: { baseMs: number; maxMs: number };
}): KioskUnderTest {
  const db = openKioskDatabase({ path: path.join(opts.dir, 'outbox.db'), key: KEY });
  const outbox = new Outbox(db);
  const logFile = path.join(opts.dir, 'kiosk.log');
  const engine = new SyncEngine({
    outbox,
    client: new CentralClient({
      baseUrl: opts.centralUrl,
      kioskId: opts.kioskId,
      timeoutMs: opts.timeoutMs ?? 2000,
    }),
    log: (event, fields) =>
      appendFileSync(
        logFile,
        `${JSON.stringify({ at: new Date().toISOString(), event, ...fields })}\n`,
      ),
    backoff: opts.backoff ?? { baseMs: 20, maxMs: 200 },
    chunkBytes: opts.chunkBytes ?? 2048,
    probeIntervalMs: 1000,
  });
  return {
    db,
    outbox,
    engine,
    logFile,
    enqueue(attachmentBytes = 0) {
      const files = attachmentBytes > 0 ? [scannedPage(attachmentBytes)] : [];
      const base = newSubmission(opts.kioskId);
      const req = files.length > 0 ? { ...base, attachments: describeAttachments(files) } : base;
      outbox.enqueue('submission', req.idempotencyKey, req.trackingCode, req, files);
      return req;
    },
    async close() {
      await engine.stop();
      db.close();
    },
  };
}

/** Every file a `strings` look would cover: the database, its WAL and shared memory, the log. */
export function filesOnDisk(dir: string): string[] {
  return ['outbox.db', 'outbox.db-wal', 'outbox.db-shm', 'outbox.db-journal', 'kiosk.log']
    .map((f) => path.join(dir, f))
    .filter((f) => existsSync(f));
}

/**
 * The secrets found in clear in those files (empty when there are none): a search of the raw
 * bytes, which finds everything `strings` would, and `strings` itself where binutils is installed.
 */
export function personalDataOnDisk(dir: string): string[] {
  const secrets = [CITIZEN.idNumber, CITIZEN.name, CITIZEN.idNumber.slice(6, 14)];
  const found: string[] = [];
  for (const file of filesOnDisk(dir)) {
    const name = path.basename(file);
    const bytes = readFileSync(file);
    for (const s of secrets) if (bytes.includes(Buffer.from(s))) found.push(`${name}: ${s}`);
    // -e S: 8-bit characters count too, so the UTF-8 name is a "string" as well.
    const strings = spawnSync('strings', ['-a', '-e', 'S', '-n', '6', file], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    if (strings.status !== 0) continue;
    for (const s of secrets) if (strings.stdout.includes(s)) found.push(`strings ${name}: ${s}`);
  }
  return found;
}

export async function waitFor(
  what: string,
  ok: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
) {
  const until = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
