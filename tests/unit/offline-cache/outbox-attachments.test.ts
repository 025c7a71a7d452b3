// Attachments, a citizen's progress and the technician's retry, on a real encrypted file.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeAttachments,
  openKioskDatabase,
  Outbox,
  sha256Hex,
  type AttachmentInput,
} from '../../../offline-cache/index.ts';
import { CITIZEN, submission } from './sample-requests.ts';
import { tmpDirs } from './tmp-dir.ts';

const newDir = tmpDirs('attach');
const KEY = Buffer.alloc(32, 0x61);

function open(opts: { now?: () => number } = {}) {
  const file = path.join(newDir(), 'outbox.db');
  const db = openKioskDatabase({ path: file, key: KEY });
  return { file, db, outbox: new Outbox(db, opts) };
}

/** A "scanned page" whose bytes spell out the citizen's data, as a real scan's OCR layer might. */
function scannedPage(): AttachmentInput {
  const text = `姓名 ${CITIZEN.name} 公民身份号码 ${CITIZEN.idNumber} `.repeat(200);
  return {
    id: 'page-1',
    kind: 'scanned-page',
    mediaType: 'application/pdf',
    bytes: Buffer.from(text),
  };
}

function signature(): AttachmentInput {
  return {
    id: 'signature',
    kind: 'signature',
    mediaType: 'image/png',
    bytes: Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256)),
  };
}

function withFiles(files: AttachmentInput[]) {
  return { ...submission(), attachments: describeAttachments(files) };
}

describe('Outbox attachments', () => {
  it('commits the bytes with the submission and hands them back for upload', () => {
    const { db, outbox } = open();
    const files = [scannedPage(), signature()];
    const req = withFiles(files);
    expect(outbox.enqueue('submission', req.idempotencyKey, req.trackingCode, req, files)).toBe(
      true,
    );
    expect(outbox.get(req.idempotencyKey)?.attachments).toBe(2);
    expect(outbox.attachments(req.idempotencyKey)).toEqual([
      { ...describeAttachments([files[0]!])[0], uploaded: false },
      { ...describeAttachments([files[1]!])[0], uploaded: false },
    ]);
    const bytes = outbox.attachmentBytes(req.idempotencyKey, 'signature')!;
    expect(sha256Hex(bytes)).toBe(sha256Hex(files[1]!.bytes));

    outbox.markAttachmentUploaded(req.idempotencyKey, 'page-1');
    outbox.markAttachmentUploaded(req.idempotencyKey, 'page-1');
    expect(outbox.attachments(req.idempotencyKey).map((a) => a.uploaded)).toEqual([true, false]);
    expect(outbox.audit(req.idempotencyKey).map((e) => [e.state, e.detail])).toEqual([
      ['pending', 'enqueued submission with 2 attachment(s)'],
      ['uploaded', 'attachment page-1'],
    ]);
    outbox.resetUploads(req.idempotencyKey);
    expect(outbox.attachments(req.idempotencyKey).every((a) => !a.uploaded)).toBe(true);
    db.close();
  });

  it('refuses attachments that do not match the list in the request, committing nothing', () => {
    const { db, outbox } = open();
    const files = [signature()];
    const req = withFiles(files);
    const altered = { ...files[0]!, bytes: Buffer.from('other bytes') };
    expect(() =>
      outbox.enqueue('submission', req.idempotencyKey, req.trackingCode, req, [altered]),
    ).toThrow(/do not match/);
    const bare = submission();
    expect(() =>
      outbox.enqueue('submission', bare.idempotencyKey, bare.trackingCode, bare, files),
    ).toThrow(/do not match/);
    expect(outbox.counts()).toEqual({ pending: 0, acknowledged: 0, parked: 0 });
    db.close();
  });

  it('purges attachment bytes with the payload after the retention, keeping their record', () => {
    let now = 1_000_000;
    const { db, outbox } = open({ now: () => now });
    const files = [scannedPage()];
    const req = withFiles(files);
    outbox.enqueue('submission', req.idempotencyKey, req.trackingCode, req, files);
    outbox.markAcknowledged(req.idempotencyKey, {
      trackingCode: req.trackingCode,
      status: 'received',
    });
    now += 10_000;
    expect(outbox.purgeAcknowledged(now - 5000)).toBe(1);
    expect(outbox.attachmentBytes(req.idempotencyKey, 'page-1')).toBeNull();
    expect(outbox.attachments(req.idempotencyKey)).toHaveLength(1);
    expect(outbox.get(req.idempotencyKey)?.payload).toBeNull();
    db.close();
  });

  it('leaves no name or ID number from an attachment readable in the files on disk', () => {
    const { file, db, outbox } = open();
    const files = [scannedPage()];
    const req = withFiles(files);
    outbox.enqueue('submission', req.idempotencyKey, req.trackingCode, req, files);
    const check = () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`].filter((f) => existsSync(f))) {
        const bytes = readFileSync(f);
        expect(bytes.includes(Buffer.from(CITIZEN.idNumber)), f).toBe(false);
        expect(bytes.includes(Buffer.from(CITIZEN.name)), f).toBe(false);
      }
    };
    check();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    check();
  });
});

describe('Outbox progress and technician retry', () => {
  it('finds a citizen’s submissions by tracking code or ID number, with the centre’s status', () => {
    let now = 2_000_000;
    const { db, outbox } = open({ now: () => now });
    const a = submission();
    const b = submission();
    const other = submission({
      applicant: { ...submission().applicant, idNumber: '44010619900101001X' },
    });
    for (const r of [a, b, other]) {
      outbox.enqueue('submission', r.idempotencyKey, r.trackingCode, r);
      now += 1000;
    }
    outbox.markAcknowledged(a.idempotencyKey, {
      trackingCode: a.trackingCode,
      status: 'received',
      receivedAt: 'x',
      replayed: false,
    });
    expect(outbox.awaitingStatus(0)).toBe(1);
    expect(outbox.statusCursor()).toBe('0');
    const applied = outbox.applyStatusEvents(
      [
        { trackingCode: a.trackingCode, status: 'accepted', at: '2026-11-23T01:00:00.000Z' },
        { trackingCode: 'ZZZZ-ZZZZ-ZZZZ', status: 'completed', at: '2026-11-23T01:00:00.000Z' },
      ],
      '17',
    );
    expect(applied).toBe(1);
    expect(outbox.statusCursor()).toBe('17');

    const mine = outbox.progress({ idNumber: ` ${CITIZEN.idNumber.toLowerCase()} ` });
    expect(mine.map((p) => p.trackingCode)).toEqual([b.trackingCode, a.trackingCode]);
    expect(mine[1]).toMatchObject({
      delivery: 'acknowledged',
      centralStatus: 'accepted',
      centralStatusAt: '2026-11-23T01:00:00.000Z',
      itemCode: a.itemCode,
    });
    expect(mine[0]).toMatchObject({ delivery: 'pending', centralStatus: null });
    expect(JSON.stringify(mine)).not.toContain(CITIZEN.name);
    expect(outbox.progress({ trackingCode: a.trackingCode.toLowerCase() })).toHaveLength(1);
    expect(outbox.progress({ idNumber: '440106199001010011' })).toEqual([]);

    outbox.applyStatusEvents(
      [{ trackingCode: a.trackingCode, status: 'completed', at: '2026-11-24T01:00:00.000Z' }],
      '18',
    );
    expect(outbox.awaitingStatus(0)).toBe(0); // final: nothing more to pull for it

    // The card lookup is forgotten after its retention; the tracking code still works.
    now += 10_000;
    expect(outbox.forgetApplicants(now)).toBe(1);
    expect(outbox.progress({ idNumber: CITIZEN.idNumber }).map((p) => p.trackingCode)).toEqual([
      b.trackingCode,
    ]);
    expect(outbox.progress({ trackingCode: a.trackingCode })[0]?.centralStatus).toBe('completed');
    db.close();
  });

  it('retries by key or tracking code: parked goes back, pending becomes due now', () => {
    let now = 3_000_000;
    const { db, outbox } = open({ now: () => now });
    const parked = submission();
    const waiting = submission();
    const done = submission();
    for (const r of [parked, waiting, done]) {
      outbox.enqueue('submission', r.idempotencyKey, r.trackingCode, r);
    }
    outbox.park(parked.idempotencyKey, 'HTTP 400 (invalid-request)');
    outbox.markRetry(waiting.idempotencyKey, 'HTTP 503', now + 60_000);
    outbox.markAcknowledged(done.idempotencyKey, { trackingCode: done.trackingCode });
    now += 10;

    expect(outbox.retryNow(parked.trackingCode)).toMatchObject({
      outcome: 'requeued',
      item: { state: 'pending' },
    });
    expect(outbox.retryNow(waiting.idempotencyKey)).toMatchObject({
      outcome: 'rescheduled',
      item: { nextAttemptAt: now },
    });
    expect(outbox.retryNow(done.idempotencyKey).outcome).toBe('already-acknowledged');
    expect(outbox.retryNow('NOPE-NOPE-NOPE')).toEqual({ outcome: 'not-found', item: null });
    expect(outbox.due().map((i) => i.idempotencyKey)).toEqual([
      parked.idempotencyKey,
      waiting.idempotencyKey,
    ]);
    expect(outbox.audit(waiting.idempotencyKey).at(-1)?.detail).toBe('retry now, by technician');
    db.close();
  });
});
