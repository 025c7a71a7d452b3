// The kiosk's outbox and sync engine against the real central platform on loopback: attachments
// uploaded in chunks that resume where the centre's copy ends, verified by hash, and the centre's
// status changes pulled back for the citizen's progress.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CentralClient,
  DeliveryError,
  describeAttachments,
  openKioskDatabase,
  Outbox,
  sha256Hex,
  SyncEngine,
  type AttachmentInput,
} from '../../../offline-cache/index.ts';
import { CITIZEN, submission } from '../../unit/offline-cache/sample-requests.ts';
import { tmpDirs } from '../../unit/offline-cache/tmp-dir.ts';
import { startCentralUnderTest, type CentralPlatform } from '../faults/central-under-test.ts';

const newDir = tmpDirs('central-attach');
const KEY = Buffer.alloc(32, 0x2b);
const KIOSK = 'GZ-TH-WS-001';

let central: CentralPlatform;
beforeAll(async () => {
  central = await startCentralUnderTest();
}, 60_000);
afterAll(() => central?.close());

function file(id: string, size: number, seed = 1): AttachmentInput {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 17) % 251;
  return {
    id,
    kind: id.startsWith('sig') ? 'signature' : 'scanned-page',
    mediaType: 'image/png',
    bytes,
  };
}

function kiosk(opts: { chunkBytes?: number; kioskId?: string } = {}) {
  const db = openKioskDatabase({ path: path.join(newDir(), 'outbox.db'), key: KEY });
  const outbox = new Outbox(db);
  const events: { event: string; fields: Record<string, unknown> }[] = [];
  const client = new CentralClient({
    baseUrl: central.url,
    kioskId: opts.kioskId ?? KIOSK,
    timeoutMs: 5000,
  });
  const engine = new SyncEngine({
    outbox,
    client,
    log: (event, fields) => events.push({ event, fields }),
    backoff: { baseMs: 20, maxMs: 100 },
    chunkBytes: opts.chunkBytes ?? 4096,
    statusPollIntervalMs: 60_000,
  });
  const enqueue = (files: AttachmentInput[], kioskId = opts.kioskId ?? KIOSK) => {
    const req = { ...submission({ kioskId }), attachments: describeAttachments(files) };
    outbox.enqueue('submission', req.idempotencyKey, req.trackingCode, req, files);
    return req;
  };
  const close = async () => {
    await engine.stop();
    db.close();
    expect(JSON.stringify(events)).not.toContain(CITIZEN.idNumber);
  };
  return { db, outbox, client, engine, events, enqueue, close };
}

describe('attachments', () => {
  it('uploads every attachment in chunks before the submission, and the centre holds the same bytes', async () => {
    const k = kiosk({ chunkBytes: 1000 });
    const files = [file('page-1', 10_500), file('sig', 300, 2)];
    const req = k.enqueue(files);
    k.engine.start();
    expect(await k.engine.deliverNow(req.idempotencyKey, 10_000)).toBe('acknowledged');
    expect(await central.services.submissions.count({ trackingCode: req.trackingCode })).toBe(1);
    const held = await central.services.attachments.list(KIOSK, req.idempotencyKey);
    expect(held.map((u) => [u.attachmentId, u.complete, u.size])).toEqual([
      ['page-1', true, 10_500],
      ['sig', true, 300],
    ]);
    for (const f of files) {
      const bytes = await central.services.attachments.read({
        kioskId: KIOSK,
        submissionKey: req.idempotencyKey,
        attachmentId: f.id,
      });
      expect(sha256Hex(bytes!)).toBe(sha256Hex(f.bytes));
    }
    expect(k.outbox.attachments(req.idempotencyKey).every((a) => a.uploaded)).toBe(true);
    await k.close();
  });

  it('resumes an interrupted upload where the centre’s copy ends, and a repeated chunk adds nothing', async () => {
    const k = kiosk({ chunkBytes: 2048 });
    const f = file('page-1', 9000, 3);
    const req = k.enqueue([f]);
    const [ref] = describeAttachments([f]);
    // An earlier run got this far before it was cut off.
    expect(await k.client.declareUpload(req.idempotencyKey, ref!)).toEqual({
      received: 0,
      size: 9000,
      complete: false,
    });
    await k.client.putChunk(req.idempotencyKey, 'page-1', 0, f.bytes.subarray(0, 2048));
    await k.client.putChunk(req.idempotencyKey, 'page-1', 2048, f.bytes.subarray(2048, 4096));
    // The same chunk again (its answer was lost): acknowledged, not appended.
    expect(
      await k.client.putChunk(req.idempotencyKey, 'page-1', 2048, f.bytes.subarray(2048, 4096)),
    ).toMatchObject({ received: 4096 });
    // A chunk past the end of the centre's copy is refused, retryably.
    const gap = await k.client
      .putChunk(req.idempotencyKey, 'page-1', 6144, f.bytes.subarray(6144, 8192))
      .catch((e: unknown) => e);
    expect(gap).toBeInstanceOf(DeliveryError);
    expect(gap).toMatchObject({ status: 409, code: 'upload-offset-mismatch', retryable: true });

    k.engine.start();
    expect(await k.engine.deliverNow(req.idempotencyKey, 10_000)).toBe('acknowledged');
    const uploaded = k.events.find((e) => e.event === 'sync.attachment-uploaded');
    expect(uploaded?.fields).toMatchObject({ attachment: 'page-1', resumedAt: 4096 });
    const bytes = await central.services.attachments.read({
      kioskId: KIOSK,
      submissionKey: req.idempotencyKey,
      attachmentId: 'page-1',
    });
    expect(sha256Hex(bytes!)).toBe(sha256Hex(f.bytes));
    await k.close();
  });

  it('verifies the hash on completion and starts a corrupt upload over', async () => {
    const k = kiosk();
    const f = file('page-1', 5000, 4);
    const req = submission();
    const [ref] = describeAttachments([f]);
    await k.client.declareUpload(req.idempotencyKey, ref!);
    const corrupt = Buffer.from(f.bytes);
    corrupt[100] = corrupt[100]! ^ 0xff;
    await k.client.putChunk(req.idempotencyKey, 'page-1', 0, corrupt);
    const refused = await k.client
      .completeUpload(req.idempotencyKey, 'page-1')
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'attachment-hash-mismatch', retryable: true });
    expect(await k.client.declareUpload(req.idempotencyKey, ref!)).toMatchObject({ received: 0 });
    // Declaring the same id with another hash is a conflict, not a silent switch.
    const other = await k.client
      .declareUpload(req.idempotencyKey, { ...ref!, sha256: '0'.repeat(64) })
      .catch((e: unknown) => e);
    expect(other).toMatchObject({ status: 409, code: 'upload-redeclared', retryable: false });
    await k.close();
  });

  it('refuses a submission whose attachments were not uploaded complete', async () => {
    const k = kiosk();
    const f = file('page-1', 3000, 5);
    const req = { ...submission(), attachments: describeAttachments([f]) };
    const refused = await k.client.submit(req).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 409, code: 'attachments-incomplete', retryable: true });
    expect(await central.services.submissions.count({ trackingCode: req.trackingCode })).toBe(0);
    await k.close();
  });

  it('keeps uploads apart per kiosk: another kiosk cannot complete or read this one’s', async () => {
    const k = kiosk();
    const f = file('page-1', 1000, 6);
    const req = k.enqueue([f]);
    k.engine.start();
    expect(await k.engine.deliverNow(req.idempotencyKey, 10_000)).toBe('acknowledged');
    const stranger = new CentralClient({
      baseUrl: central.url,
      kioskId: 'GZ-OTHER-9',
      timeoutMs: 5000,
    });
    const state = await stranger.declareUpload(req.idempotencyKey, describeAttachments([f])[0]!);
    expect(state).toMatchObject({ received: 0, complete: false }); // its own, empty upload
    await k.close();
  });
});

describe('status changes pulled back from the centre', () => {
  it('stores 受理 and 办结 for the citizen, per kiosk, resuming from its cursor', async () => {
    const k = kiosk({ kioskId: 'GZ-FEED-001' });
    const a = k.enqueue([], 'GZ-FEED-001');
    const b = k.enqueue([], 'GZ-FEED-001');
    k.engine.start();
    expect(await k.engine.deliverNow(a.idempotencyKey, 5000)).toBe('acknowledged');
    expect(await k.engine.deliverNow(b.idempotencyKey, 5000)).toBe('acknowledged');
    expect(k.outbox.progress({ trackingCode: a.trackingCode })[0]?.centralStatus).toBe('received');

    // Another kiosk's submission changes too; this kiosk must not see it.
    const o = kiosk({ kioskId: 'GZ-FEED-002' });
    const foreign = o.enqueue([], 'GZ-FEED-002');
    o.engine.start();
    expect(await o.engine.deliverNow(foreign.idempotencyKey, 5000)).toBe('acknowledged');

    await central.services.submissions.setStatus(a.trackingCode, 'accepted');
    await central.services.submissions.setStatus(foreign.trackingCode, 'returned');
    await central.services.submissions.setStatus(a.trackingCode, 'completed');
    await central.services.submissions.setStatus(b.trackingCode, 'returned');

    const report = await k.engine.syncNow();
    expect(report.statusEvents).toBe(3);
    expect(
      k.outbox
        .progress({ idNumber: CITIZEN.idNumber })
        .map((p) => [p.trackingCode, p.centralStatus]),
    ).toEqual([
      [b.trackingCode, 'returned'],
      [a.trackingCode, 'completed'],
    ]);
    expect(k.outbox.progress({ trackingCode: foreign.trackingCode })).toEqual([]);
    const cursor = k.outbox.statusCursor();
    expect(Number(cursor)).toBeGreaterThan(0);
    // Nothing new: the cursor stays, and with every status final the kiosk stops asking.
    expect((await k.engine.syncNow()).statusEvents).toBe(0);
    expect(k.outbox.statusCursor()).toBe(cursor);
    expect(k.outbox.awaitingStatus(0)).toBe(0);

    const page = await k.client.statusFeed('0', 2);
    expect(page.events).toHaveLength(2);
    expect(page.more).toBe(true);
    const rest = await k.client.statusFeed(page.cursor, 2);
    expect(rest).toMatchObject({ more: false, cursor });
    await o.close();
    await k.close();
  });
});
