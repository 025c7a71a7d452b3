// Issue 5's network faults against the real central platform on loopback, the kiosk's real outbox
// file and sync engine on the other side of a TCP proxy that fails on purpose: the centre down,
// slow, answering 500, resetting the connection after it committed, swallowing requests. After
// each: every submission is at the centre exactly once, attachments intact, nothing stuck.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  headerAuthentication,
  startCentralUnderTest,
  type CentralPlatform,
} from './central-under-test.ts';
import { expectExactlyOnce } from './exactly-once.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';
import {
  CITIZEN,
  openKiosk,
  personalDataOnDisk,
  waitFor,
  type KioskUnderTest,
} from './kiosk-under-test.ts';

const auth = headerAuthentication();
let central: CentralPlatform;
const dirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
let serial = 0;

beforeAll(async () => {
  central = await startCentralUnderTest({ auth });
}, 60_000);
afterAll(async () => {
  await central?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(async () => {
  auth.failNext(0);
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(opts: { timeoutMs?: number; centralPort?: number } = {}) {
  const proxy: FaultProxy = await startFaultProxy(opts.centralPort ?? central.port);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-faults-'));
  dirs.push(dir);
  const kioskId = `GZ-FAULT-${String(++serial).padStart(3, '0')}`;
  const kiosk: KioskUnderTest = openKiosk({
    dir,
    centralUrl: proxy.url,
    kioskId,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  cleanups.push(async () => {
    await kiosk.close();
    await proxy.close();
    // Whatever happened, no ID number or name is readable in the database, its WAL or the log.
    expect(personalDataOnDisk(dir)).toEqual([]);
  });
  const drained = () => waitFor('the queue to drain', () => kiosk.outbox.pending() === 0, 30_000);
  return { proxy, dir, kioskId, kiosk, drained };
}

describe('network faults between kiosk and centre', () => {
  it('keeps everything while the centre cannot be reached, and delivers it once when it can', async () => {
    const { proxy, kioskId, kiosk, drained } = await setup();
    await proxy.down();
    kiosk.engine.start();
    const committed = [];
    for (let i = 0; i < 12; i++) {
      const req = kiosk.enqueue(i % 3 === 0 ? 6000 : 0);
      committed.push(req);
      expect(await kiosk.engine.deliverNow(req.idempotencyKey, 300)).toBe('queued');
    }
    expect(kiosk.engine.status()).toMatchObject({ online: false });
    expect(kiosk.outbox.pending()).toBe(12);
    await proxy.up();
    kiosk.engine.kick();
    await drained();
    await expectExactlyOnce(central, kioskId, committed, kiosk.outbox);
  });

  it('survives answers slower than its timeout: the centre committed, the kiosk retries, one record', async () => {
    const { proxy, kioskId, kiosk, drained } = await setup({ timeoutMs: 400 });
    proxy.setMode('delay-response', { times: 6, delayMs: 900 });
    const committed = [kiosk.enqueue(), kiosk.enqueue(5000), kiosk.enqueue()];
    kiosk.engine.start();
    await drained();
    expect(proxy.injected['delay-response']).toBe(6);
    await expectExactlyOnce(central, kioskId, committed, kiosk.outbox);
    // At least one answer the kiosk finally heard was the centre's stored one, replayed.
    const replayed = committed.filter(
      (c) => (kiosk.outbox.get(c.idempotencyKey)?.ack as { replayed?: boolean }).replayed,
    );
    expect(replayed.length).toBeGreaterThan(0);
  });

  it('retries after the centre answers 500, and records each submission once', async () => {
    const { kioskId, kiosk, drained } = await setup();
    const committed = [kiosk.enqueue(), kiosk.enqueue(3000), kiosk.enqueue()];
    auth.failNext(5);
    kiosk.engine.start();
    await drained();
    const log = kiosk.outbox.audit(committed[0]!.idempotencyKey).map((a) => a.detail);
    expect(log.filter((d) => d === 'HTTP 500 (internal)').length).toBeGreaterThan(0);
    await expectExactlyOnce(central, kioskId, committed, kiosk.outbox);
  });

  it('resends after the connection is reset past the commit, without a second record or doubled bytes', async () => {
    const { proxy, kioskId, kiosk, drained } = await setup();
    // Every other answer is cut: submissions, declarations, chunks and completions alike.
    const committed = Array.from({ length: 6 }, (_, i) => kiosk.enqueue(i % 2 ? 7000 : 0));
    proxy.setMode('reset-after-commit', { times: 10 });
    kiosk.engine.start();
    await drained();
    expect(proxy.injected['reset-after-commit']).toBe(10);
    await expectExactlyOnce(central, kioskId, committed, kiosk.outbox);
  });

  it('gives up on a connection that swallows requests, and delivers over a fresh one', async () => {
    const { proxy, kioskId, kiosk, drained } = await setup({ timeoutMs: 300 });
    kiosk.engine.start();
    await waitFor('the first health check', () => kiosk.engine.status().online);
    proxy.setMode('blackhole', { times: 3 });
    // Fresh connections only are swallowed: make the kiosk open new ones.
    await proxy.down();
    await proxy.up();
    const committed = [kiosk.enqueue(), kiosk.enqueue()];
    kiosk.engine.kick();
    await drained();
    expect(proxy.injected.blackhole).toBe(3);
    await expectExactlyOnce(central, kioskId, committed, kiosk.outbox);
  });

  it('comes through a storm of mixed faults with every submission recorded once', async () => {
    const { proxy, kioskId, kiosk, drained } = await setup({ timeoutMs: 500 });
    kiosk.engine.start();
    const committed = [];
    const modes = ['reset-after-commit', 'delay-response', 'pass', 'pass'] as const;
    for (let i = 0; i < 30; i++) {
      const mode = modes[i % modes.length]!;
      proxy.setMode(mode, { times: 2, delayMs: 800 });
      if (i % 7 === 3) auth.failNext(1);
      if (i === 12) await proxy.down();
      if (i === 16) await proxy.up();
      const req = kiosk.enqueue(i % 4 === 1 ? 9000 : 0);
      committed.push(req);
      // As the screen does: commit, then try to deliver within a short deadline.
      await kiosk.engine.deliverNow(req.idempotencyKey, 50);
    }
    proxy.setMode('pass');
    kiosk.engine.kick();
    await drained();
    expect(proxy.injected['reset-after-commit']).toBeGreaterThan(0);
    expect(proxy.injected['delay-response']).toBeGreaterThan(0);
    await expectExactlyOnce(central, kioskId, committed, kiosk.outbox);
  });
});

it('has a personal-data check that does find data written in clear (control)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-control-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'kiosk.log'), `${JSON.stringify(CITIZEN)}\n`);
  expect(personalDataOnDisk(dir)).toEqual(
    expect.arrayContaining([`kiosk.log: ${CITIZEN.idNumber}`, `kiosk.log: ${CITIZEN.name}`]),
  );
});

describe('the centre itself going down', () => {
  it('delivers exactly once across a real restart of the central platform', async () => {
    const dbDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-central-'));
    dirs.push(dbDir);
    const db = `pglite:${path.join(dbDir, 'db')}`;
    let own = await startCentralUnderTest({ db });
    const port = own.port;
    const { kioskId, kiosk, drained } = await setup({ centralPort: port });
    const committed = [kiosk.enqueue(), kiosk.enqueue(4000)];
    kiosk.engine.start();
    await drained();
    await own.close();
    committed.push(kiosk.enqueue(4000), kiosk.enqueue());
    expect(await kiosk.engine.deliverNow(committed[3]!.idempotencyKey, 300)).toBe('queued');
    own = await startCentralUnderTest({ db, port });
    try {
      kiosk.engine.kick();
      await drained();
      await expectExactlyOnce(own, kioskId, committed, kiosk.outbox);
    } finally {
      await own.close();
    }
  }, 60_000);
});
