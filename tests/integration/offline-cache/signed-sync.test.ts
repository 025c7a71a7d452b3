// The sync engine against the central platform as deployed (issue 6): every request signed by an
// enrolled kiosk, rate limits on. Chunked uploads (raw bytes under the signature), the status feed
// (a GET whose query is signed) and the submission itself all pass its authentication.
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCentral, type CentralPlatform } from '../../../central/index.ts';
import {
  CentralClient,
  describeAttachments,
  openKioskDatabase,
  Outbox,
  sha256Hex,
  SyncEngine,
} from '../../../offline-cache/index.ts';
import { createRequestSigner, enrolKiosk } from '../../../offline-cache/request-signing.ts';
import { submission } from '../../unit/offline-cache/sample-requests.ts';
import { tmpDirs } from '../../unit/offline-cache/tmp-dir.ts';

const newDir = tmpDirs('signed-sync');
const KIOSK = 'GZ-TH-SIGNED-01';
let central: CentralPlatform;

beforeAll(async () => {
  central = await startCentral({ port: 0, db: 'pglite:memory', log: () => {} });
}, 60_000);
afterAll(() => central?.close());

it('uploads attachments, submits and pulls status changes with signed requests', async () => {
  const privateKey = generateKeyPairSync('ed25519').privateKey;
  const { token } = await central.services.enrolment.createToken({ kioskId: KIOSK });
  await enrolKiosk({
    centralUrl: central.url,
    token,
    kioskId: KIOSK,
    district: '天河区',
    privateKey,
  });

  const db = openKioskDatabase({
    path: path.join(newDir(), 'outbox.db'),
    key: Buffer.alloc(32, 5),
  });
  const outbox = new Outbox(db);
  const engine = new SyncEngine({
    outbox,
    client: new CentralClient({
      baseUrl: central.url,
      kioskId: KIOSK,
      timeoutMs: 5000,
      sign: createRequestSigner({ kioskId: KIOSK, privateKey }),
    }),
    log: () => {},
    chunkBytes: 40_000,
  });
  try {
    const page = {
      id: 'page-1',
      kind: 'scanned-page' as const,
      mediaType: 'image/jpeg',
      bytes: Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 13) % 256)),
    };
    const req = { ...submission({ kioskId: KIOSK }), attachments: describeAttachments([page]) };
    outbox.enqueue('submission', req.idempotencyKey, req.trackingCode, req, [page]);
    expect(await engine.deliverNow(req.idempotencyKey, 10_000)).toBe('acknowledged');
    const held = await central.services.attachments.read({
      kioskId: KIOSK,
      submissionKey: req.idempotencyKey,
      attachmentId: 'page-1',
    });
    expect(sha256Hex(held!)).toBe(sha256Hex(page.bytes));

    await central.services.submissions.setStatus(req.trackingCode, 'accepted');
    const report = await engine.syncNow();
    expect(report).toMatchObject({ statusEvents: 1, halted: false });
    expect(outbox.progress({ trackingCode: req.trackingCode })[0]?.centralStatus).toBe('accepted');
  } finally {
    await engine.stop();
    db.close();
  }
});
