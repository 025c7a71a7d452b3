// The sync engine between a real encrypted outbox file and a real HTTP centre on loopback, under
// the faults of issue 5: centre down, slow, answering 500 or 400, cutting the connection after it
// committed. After each: every item is at the centre exactly once, or parked for a technician.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CentralClient,
  openKioskDatabase,
  Outbox,
  SyncEngine,
  type KioskDatabase,
} from '../../../offline-cache/index.ts';
import { CITIZEN, rating, submission } from '../../unit/offline-cache/sample-requests.ts';
import { tmpDirs } from '../../unit/offline-cache/tmp-dir.ts';
import { startLoopbackCentral } from './loopback-central.ts';

const newDir = tmpDirs('sync');
const KEY = Buffer.alloc(32, 0x21);
const FAST = { baseMs: 20, maxMs: 100 };
/** Long enough that only a kick (or the citizen's deliverNow) can end it within a test. */
const SLOW = { baseMs: 60_000, maxMs: 60_000 };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function waitFor(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function setup(
  opts: { backoff?: { baseMs: number; maxMs: number }; timeoutMs?: number } = {},
) {
  const central = await startLoopbackCentral();
  const file = path.join(newDir(), 'outbox.db');
  const db: KioskDatabase = openKioskDatabase({ path: file, key: KEY });
  const outbox = new Outbox(db);
  const events: { event: string; fields: Record<string, unknown> }[] = [];
  const engine = new SyncEngine({
    outbox,
    client: new CentralClient({
      baseUrl: central.url,
      kioskId: 'GZ-TH-WS-001',
      timeoutMs: opts.timeoutMs ?? 2000,
    }),
    log: (event, fields) => events.push({ event, fields }),
    backoff: opts.backoff ?? FAST,
  });
  cleanups.push(async () => {
    await engine.stop();
    db.close();
    await central.close();
    // Whatever happened in the test, no log line carries personal data.
    const logged = JSON.stringify(events);
    expect(logged).not.toContain(CITIZEN.name);
    expect(logged).not.toContain(CITIZEN.idNumber);
  });
  const enqueue = () => {
    const req = submission();
    outbox.enqueue('submission', req.idempotencyKey, req.trackingCode, req);
    return req;
  };
  const stateOf = (key: string) => outbox.get(key)?.state;
  return { central, db, file, outbox, engine, events, enqueue, stateOf };
}

describe('SyncEngine', () => {
  it('delivers each queued item once, in order, and marks it acknowledged', async () => {
    const { central, outbox, engine, enqueue, stateOf, events } = await setup();
    const a = enqueue();
    const b = enqueue();
    const r = rating(a);
    outbox.enqueue('rating', r.idempotencyKey, r.trackingCode, r);
    engine.start();
    await waitFor('the queue to drain', () => outbox.pending() === 0);

    for (const req of [a, b]) {
      expect(stateOf(req.idempotencyKey)).toBe('acknowledged');
      expect(central.recordsFor(req.trackingCode)).toBe(1);
      expect(central.postsFor(req.idempotencyKey)).toBe(1);
    }
    expect(central.ratings.has(r.idempotencyKey)).toBe(true);
    expect(outbox.get(a.idempotencyKey)?.ack).toMatchObject({
      trackingCode: a.trackingCode,
      replayed: false,
    });
    const order = events.filter((e) => e.event === 'sync.acknowledged').map((e) => e.fields.key);
    expect(order).toEqual([a.idempotencyKey, b.idempotencyKey, r.idempotencyKey]);
    expect(engine.status()).toMatchObject({ online: true, lastError: null });
    expect(engine.status().lastSyncAt).not.toBeNull();
  });

  it('answers acknowledged at once when the centre is there', async () => {
    const { central, engine, enqueue, stateOf } = await setup();
    engine.start();
    const req = enqueue();
    expect(await engine.deliverNow(req.idempotencyKey, 3000)).toBe('acknowledged');
    expect(stateOf(req.idempotencyKey)).toBe('acknowledged');
    expect(await engine.deliverNow(req.idempotencyKey, 3000)).toBe('acknowledged');
    expect(central.postsFor(req.idempotencyKey)).toBe(1);
  });

  it('keeps the item while the centre is down, then delivers it when kicked after it is back', async () => {
    const { central, engine, enqueue, stateOf, outbox } = await setup({ backoff: SLOW });
    await central.down();
    engine.start();
    const req = enqueue();
    expect(await engine.deliverNow(req.idempotencyKey, 3000)).toBe('queued');
    expect(stateOf(req.idempotencyKey)).toBe('pending');
    expect(outbox.get(req.idempotencyKey)?.lastError).toMatch(/^network error/);
    expect(engine.status()).toMatchObject({
      online: false,
      lastError: expect.stringMatching(/^network error/),
    });

    await central.up();
    engine.kick();
    await waitFor(
      'delivery after the centre came back',
      () => stateOf(req.idempotencyKey) === 'acknowledged',
    );
    expect(central.recordsFor(req.trackingCode)).toBe(1);
    expect(central.postsFor(req.idempotencyKey)).toBe(1);
    expect(engine.status().online).toBe(true);
  });

  it('retries after 500 answers with backoff, and delivers once', async () => {
    const { central, engine, enqueue, stateOf, outbox, events } = await setup();
    central.setMode('error500', { times: 2 });
    const req = enqueue();
    engine.start();
    await waitFor('delivery after two 500s', () => stateOf(req.idempotencyKey) === 'acknowledged');
    expect(central.postsFor(req.idempotencyKey)).toBe(3);
    expect(central.recordsFor(req.trackingCode)).toBe(1);
    const retries = events.filter((e) => e.event === 'sync.retry');
    expect(retries.map((e) => e.fields.status)).toEqual([500, 500]);
    expect(outbox.audit(req.idempotencyKey).map((e) => e.state)).toEqual([
      'pending',
      'retry',
      'retry',
      'acknowledged',
    ]);
  });

  it('halts the whole queue on a retryable failure instead of skipping ahead', async () => {
    const { central, engine, enqueue, stateOf } = await setup({ backoff: SLOW });
    central.setMode('error500', { times: 1 });
    const first = enqueue();
    const second = enqueue();
    engine.start();
    await waitFor('the first failure', () => central.postsFor(first.idempotencyKey) === 1);
    // Give a wrong implementation time to move on to the second item.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(central.postsFor(second.idempotencyKey)).toBe(0);
    engine.kick();
    await waitFor('both delivered', () => stateOf(second.idempotencyKey) === 'acknowledged');
    expect(stateOf(first.idempotencyKey)).toBe('acknowledged');
  });

  it('parks an item the centre refuses (400) and still delivers the next one', async () => {
    const { central, engine, enqueue, stateOf, outbox, events } = await setup();
    central.setMode('reject400', { times: 1 });
    const refused = enqueue();
    const next = enqueue();
    engine.start();
    await waitFor('the next item delivered', () => stateOf(next.idempotencyKey) === 'acknowledged');
    expect(stateOf(refused.idempotencyKey)).toBe('parked');
    expect(outbox.get(refused.idempotencyKey)?.lastError).toBe('HTTP 400 (item_unknown)');
    expect(outbox.pending()).toBe(0);
    expect(outbox.counts()).toMatchObject({ parked: 1, acknowledged: 1 });
    expect(central.postsFor(refused.idempotencyKey)).toBe(1); // parked: not retried
    expect(central.submissions.has(refused.idempotencyKey)).toBe(false);
    expect(central.recordsFor(next.trackingCode)).toBe(1);
    expect(events.find((e) => e.event === 'sync.parked')?.fields).toMatchObject({
      key: refused.idempotencyKey,
      trackingCode: refused.trackingCode,
      status: 400,
    });
  });

  it('retries after the connection was reset past the commit, and the centre holds one record', async () => {
    const { central, engine, enqueue, stateOf, outbox } = await setup();
    central.setMode('reset-after-commit', { times: 1 });
    const req = enqueue();
    engine.start();
    await waitFor(
      'delivery after the lost answer',
      () => stateOf(req.idempotencyKey) === 'acknowledged',
    );
    expect(central.postsFor(req.idempotencyKey)).toBe(2);
    expect(central.recordsFor(req.trackingCode)).toBe(1);
    expect(central.submissions.size).toBe(1);
    // The second answer is the centre's stored one, replayed.
    expect(outbox.get(req.idempotencyKey)?.ack).toMatchObject({ replayed: true });
  });

  it('says queued within the deadline when the centre is slow, then is acknowledged exactly once', async () => {
    const { central, engine, enqueue, stateOf } = await setup({ timeoutMs: 5000 });
    central.setMode('slow', { times: 1, delayMs: 1500 });
    engine.start();
    const req = enqueue();
    const started = Date.now();
    expect(await engine.deliverNow(req.idempotencyKey, 200)).toBe('queued');
    expect(Date.now() - started).toBeLessThan(1500); // answered before the centre did
    expect(stateOf(req.idempotencyKey)).toBe('pending');
    // Nudges while the first attempt is still in flight must not send it a second time.
    engine.kick();
    expect(await engine.deliverNow(req.idempotencyKey, 50)).toBe('queued');
    engine.kick();
    await waitFor('the slow acknowledgement', () => stateOf(req.idempotencyKey) === 'acknowledged');
    expect(central.postsFor(req.idempotencyKey)).toBe(1);
    expect(central.maxConcurrentFor(req.idempotencyKey)).toBe(1);
    expect(central.recordsFor(req.trackingCode)).toBe(1);
  });

  it('waits for an attempt in flight when stopped, so the outcome is recorded before close', async () => {
    const { central, engine, enqueue, stateOf } = await setup({ timeoutMs: 5000 });
    central.setMode('slow', { times: 1, delayMs: 500 });
    engine.start();
    const req = enqueue();
    expect(await engine.deliverNow(req.idempotencyKey, 50)).toBe('queued');
    await engine.stop();
    expect(stateOf(req.idempotencyKey)).toBe('acknowledged');
    expect(await engine.deliverNow(enqueue().idempotencyKey, 1000)).toBe('queued'); // stopped
  });

  it('delivers what an earlier run left queued, after the kiosk restarts', async () => {
    const { central, engine, enqueue, db, file } = await setup({ backoff: SLOW });
    await central.down();
    engine.start();
    const req = enqueue();
    expect(await engine.deliverNow(req.idempotencyKey, 1000)).toBe('queued');
    await engine.stop();
    db.close();

    await central.up();
    const reopened = openKioskDatabase({ path: file, key: KEY });
    const outbox = new Outbox(reopened);
    expect(outbox.pending()).toBe(1);
    const second = new SyncEngine({
      outbox,
      client: new CentralClient({ baseUrl: central.url, kioskId: 'GZ-TH-WS-001', timeoutMs: 2000 }),
      log: () => {},
    });
    expect(outbox.get(req.idempotencyKey)!.nextAttemptAt).toBeGreaterThan(Date.now() + 30_000);
    second.start(); // a fresh start tries at once, whatever backoff the last run recorded
    await waitFor(
      'delivery after restart',
      () => outbox.get(req.idempotencyKey)?.state === 'acknowledged',
    );
    await second.stop();
    reopened.close();
    expect(central.recordsFor(req.trackingCode)).toBe(1);
    // The first setup's cleanup closes db again: better-sqlite3 allows a second close.
  });

  it('reports the centre as reachable from an idle health check', async () => {
    const { engine } = await setup();
    engine.start();
    await waitFor('the first health check', () => engine.status().online);
    expect(engine.status().lastSyncAt).not.toBeNull();
  });
});
