// The outbox on a real encrypted file: idempotent enqueue, the states an item goes through, the
// audit trail, purging, and a `strings`-style look at the raw bytes on disk.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { openKioskDatabase, Outbox } from '../../../offline-cache/index.ts';
import { CITIZEN, rating, submission } from './sample-requests.ts';
import { tmpDirs } from './tmp-dir.ts';

const newDir = tmpDirs('outbox');
const KEY = Buffer.alloc(32, 0x33);

function open(opts: { now?: () => number } = {}) {
  const file = path.join(newDir(), 'outbox.db');
  const db = openKioskDatabase({ path: file, key: KEY });
  return { file, db, outbox: new Outbox(db, opts) };
}

/** Every file SQLite keeps for the database: the main file, its WAL and shared memory. */
function rawBytes(file: string): { name: string; bytes: Buffer }[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]
    .filter((f) => existsSync(f))
    .map((f) => ({ name: path.basename(f), bytes: readFileSync(f) }));
}

const secrets = [
  Buffer.from(CITIZEN.idNumber, 'utf8'),
  Buffer.from(CITIZEN.name, 'utf8'),
  Buffer.from(CITIZEN.idNumber.slice(6, 14), 'utf8'), // the birth date inside the ID number
];

describe('Outbox', () => {
  it('enqueues a key once: a second enqueue is a no-op and keeps the first payload', () => {
    const { db, outbox } = open();
    const req = submission();
    expect(outbox.enqueue('submission', req.idempotencyKey, req.trackingCode, req)).toBe(true);
    const again = { ...req, form: { phone: '13900000000' } };
    expect(outbox.enqueue('submission', req.idempotencyKey, req.trackingCode, again)).toBe(false);
    expect(db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(1);
    expect(outbox.pending()).toBe(1);
    expect(outbox.get(req.idempotencyKey)).toMatchObject({
      kind: 'submission',
      trackingCode: req.trackingCode,
      state: 'pending',
      attempts: 0,
      payload: req,
    });
    expect(outbox.audit(req.idempotencyKey).map((a) => a.state)).toEqual(['pending']);
    db.close();
  });

  it('hands out due items oldest first, honouring retry times and exclusions', () => {
    let now = 1_000_000;
    const { db, outbox } = open({ now: () => now });
    const reqs = [submission(), submission(), submission()];
    for (const r of reqs) {
      outbox.enqueue('submission', r.idempotencyKey, r.trackingCode, r);
      now += 10;
    }
    const keys = reqs.map((r) => r.idempotencyKey);
    expect(outbox.due().map((i) => i.idempotencyKey)).toEqual(keys);
    expect(outbox.due({ limit: 2 }).map((i) => i.idempotencyKey)).toEqual(keys.slice(0, 2));
    expect(outbox.due({ exclude: [keys[1]!] }).map((i) => i.idempotencyKey)).toEqual([
      keys[0],
      keys[2],
    ]);

    outbox.markRetry(keys[0]!, 'HTTP 503', now + 5000);
    expect(outbox.due().map((i) => i.idempotencyKey)).toEqual(keys.slice(1));
    expect(outbox.due({ dueBy: now + 5000 }).map((i) => i.idempotencyKey)).toEqual(keys);
    expect(outbox.nextAttemptAt()).toBe(now - 20);
    expect(outbox.nextAttemptAt(keys.slice(1))).toBe(now + 5000);
    expect(outbox.get(keys[0]!)).toMatchObject({
      attempts: 1,
      lastError: 'HTTP 503',
      state: 'pending',
    });
    db.close();
  });

  it('acknowledges once, parks permanent failures out of the pending count, and requeues', () => {
    let now = 5_000_000;
    const { db, outbox } = open({ now: () => now });
    const a = submission();
    const b = submission();
    const r = rating(a);
    outbox.enqueue('submission', a.idempotencyKey, a.trackingCode, a);
    now += 60_000;
    outbox.enqueue('submission', b.idempotencyKey, b.trackingCode, b);
    outbox.enqueue('rating', r.idempotencyKey, r.trackingCode, r);
    now += 30_000;
    expect(outbox.oldestPendingAgeMs()).toBe(90_000);

    const ack = {
      trackingCode: a.trackingCode,
      status: 'received',
      receivedAt: 'x',
      replayed: false,
    };
    outbox.markAcknowledged(a.idempotencyKey, ack);
    outbox.markAcknowledged(a.idempotencyKey, { ...ack, replayed: true });
    expect(outbox.get(a.idempotencyKey)).toMatchObject({ state: 'acknowledged', ack, attempts: 1 });
    expect(outbox.oldestPendingAgeMs()).toBe(30_000);

    outbox.park(b.idempotencyKey, 'HTTP 400 (item_unknown)');
    expect(outbox.pending()).toBe(1);
    expect(outbox.counts()).toEqual({ pending: 1, acknowledged: 1, parked: 1 });
    expect(outbox.due().map((i) => i.idempotencyKey)).toEqual([r.idempotencyKey]);
    expect(outbox.list({ state: 'parked' })).toEqual([
      expect.objectContaining({
        idempotencyKey: b.idempotencyKey,
        lastError: 'HTTP 400 (item_unknown)',
      }),
    ]);
    expect(outbox.list()[0]).not.toHaveProperty('payload');

    expect(outbox.requeue(b.idempotencyKey)).toBe(true);
    expect(outbox.requeue(b.idempotencyKey)).toBe(false);
    expect(outbox.counts()).toEqual({ pending: 2, acknowledged: 1, parked: 0 });
    expect(outbox.audit(a.idempotencyKey).map((e) => [e.state, e.detail])).toEqual([
      ['pending', 'enqueued submission'],
      ['acknowledged', 'status=received replayed=false'],
    ]);
    expect(outbox.audit(b.idempotencyKey).map((e) => e.state)).toEqual([
      'pending',
      'parked',
      'pending',
    ]);
    db.close();
  });

  it('purges the payload of items acknowledged before the retention limit, keeping the record', () => {
    let now = 10_000_000;
    const { db, outbox } = open({ now: () => now });
    const a = submission();
    const b = submission();
    outbox.enqueue('submission', a.idempotencyKey, a.trackingCode, a);
    outbox.enqueue('submission', b.idempotencyKey, b.trackingCode, b);
    outbox.markAcknowledged(a.idempotencyKey, { trackingCode: a.trackingCode, replayed: false });
    now += 1000;
    expect(outbox.purgeAcknowledged(now - 2000)).toBe(0);
    expect(outbox.purgeAcknowledged(now - 500)).toBe(1);
    expect(outbox.purgeAcknowledged(now)).toBe(0);
    expect(outbox.get(a.idempotencyKey)).toMatchObject({ state: 'acknowledged', payload: null });
    expect(outbox.get(b.idempotencyKey)?.payload).toEqual(b); // pending: never purged
    expect(outbox.audit(a.idempotencyKey).at(-1)?.state).toBe('purged');
    db.close();
  });

  it('keeps no personal data in the audit trail', () => {
    const { db, outbox } = open();
    const a = submission();
    outbox.enqueue('submission', a.idempotencyKey, a.trackingCode, a);
    outbox.markRetry(a.idempotencyKey, 'network error (ECONNREFUSED)', Date.now());
    outbox.park(a.idempotencyKey, 'HTTP 400 (invalid_request)');
    const trail = JSON.stringify(db.prepare('SELECT * FROM outbox_audit').all());
    expect(trail).toContain(a.idempotencyKey);
    expect(trail).not.toContain(CITIZEN.name);
    expect(trail).not.toContain(CITIZEN.idNumber);
    db.close();
  });

  it('leaves no name or ID number readable in the database file or its WAL', () => {
    const { file, db, outbox } = open();
    const req = submission();
    outbox.enqueue('submission', req.idempotencyKey, req.trackingCode, req);
    // While open the rows sit in the WAL; make sure the check looks at a real, written WAL.
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    for (const { name, bytes } of rawBytes(file)) {
      for (const secret of secrets) expect(bytes.includes(secret), `${name}`).toBe(false);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    for (const { name, bytes } of rawBytes(file)) {
      for (const secret of secrets) expect(bytes.includes(secret), `${name}`).toBe(false);
    }

    // The same search finds the data in an unencrypted file: the check above can fail.
    const control = path.join(newDir(), 'plain.db');
    const plain = new Database(control);
    plain.exec('CREATE TABLE t (payload TEXT)');
    plain.prepare('INSERT INTO t VALUES (?)').run(JSON.stringify(req));
    plain.close();
    const found = readFileSync(control);
    for (const secret of secrets) expect(found.includes(secret)).toBe(true);
  });
});
