// The reader over a transport that reopens itself: a pulled cable is an outage in health, not the
// end of the reader. The "device" is the real simulator behind an in-process pair that the test
// unplugs and plugs back; the serial variant runs through socat in tests/integration.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  backoffDelay,
  COMMANDS,
  createInProcessPair,
  IdCardReader,
  IdCardSimulator,
  loadCardFixture,
  openReopeningTransport,
  type ByteTransport,
  type CardFixture,
  type LinkState,
} from '../../../drivers/idcard/index.ts';

const fixtures = fileURLToPath(new URL('../../../drivers/idcard/fixtures/', import.meta.url));
const card = (name: string) => loadCardFixture(path.join(fixtures, `${name}.json`));
const NOW = new Date('2026-06-01T04:00:00Z');

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** A reader module that can be unplugged: each open makes a new pair and a new simulator. */
function pluggableDevice(initialCard: CardFixture | null) {
  let plugged = true;
  let current: { simulator: IdCardSimulator; device: ByteTransport } | null = null;
  let opens = 0;
  return {
    async open(): Promise<ByteTransport> {
      if (!plugged) throw new Error('ENOENT: no such device');
      opens++;
      const [host, device] = createInProcessPair({ split: true });
      current = {
        simulator: new IdCardSimulator({ transport: device, card: initialCard }),
        device,
      };
      return host;
    },
    unplug: async () => {
      plugged = false;
      await current?.device.close();
      current = null;
    },
    plugIn: () => {
      plugged = true;
    },
    get simulator() {
      return current?.simulator ?? null;
    },
    get opens() {
      return opens;
    },
  };
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

describe('backoffDelay', () => {
  it('grows by the factor and stops at the maximum', () => {
    const b = { initialMs: 100, maxMs: 1000, factor: 2 };
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(b, n))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });
});

describe('IdCardReader over a reopening transport', () => {
  it('reports an unplugged reader offline with the outage, then resumes reading when it is back', async () => {
    const device = pluggableDevice(await card('resident'));
    const transport = await openReopeningTransport({
      description: 'test reader',
      open: () => device.open(),
      backoff: { initialMs: 10, maxMs: 40 },
    });
    const links: LinkState[] = [];
    transport.onLinkChange((l) => links.push(l));
    const reader = new IdCardReader({
      transport,
      now: () => NOW,
      stepTimeoutMs: { find: 200, select: 200, read: 400 },
    });
    closers.push(() => reader.close());
    await reader.start();
    expect((await reader.readCard({ timeoutMs: 3000 })).kind).toBe('card');

    await device.unplug();
    await until(() => links.some((l) => !l.up && l.attempts >= 2));
    const health = reader.health();
    expect(health.state).toBe('offline');
    expect(health.detail).toMatch(/^offline since \d{4}-\d\d-\d\dT.*test reader unavailable/);
    expect(health.detail).toContain('ENOENT');
    const during = await reader.readCard({ timeoutMs: 5000 });
    expect(during).toMatchObject({
      kind: 'error',
      error: { code: 'disconnected', citizenMessage: '读卡器故障，请联系工作人员' },
    });

    device.plugIn();
    // Health turns ok with the first answer; the SAM ID question follows it.
    await until(
      () => reader.health().state === 'ok' && (device.simulator?.received.length ?? 0) >= 2,
    );
    // The start-up ran again on the new link: SAM status and ID before anything else.
    expect(device.simulator!.received.slice(0, 2)).toEqual([
      { cmd: 0x11, para: 0xff },
      { cmd: 0x12, para: 0xff },
    ]);
    const after = await reader.readCard({ timeoutMs: 3000 });
    expect(after).toMatchObject({ kind: 'card', person: { name: '阳秀梅' } });
    expect(device.opens).toBe(2);
  });

  it('lets a read that starts during a short outage ride it out', async () => {
    const device = pluggableDevice(await card('elder'));
    const transport = await openReopeningTransport({
      description: 'test reader',
      open: () => device.open(),
      backoff: { initialMs: 20, maxMs: 20 },
    });
    const reader = new IdCardReader({ transport, now: () => NOW });
    closers.push(() => reader.close());
    await reader.start();
    await device.unplug();
    await until(() => reader.health().state === 'offline');
    const pending = reader.readCard({ timeoutMs: 5000 });
    setTimeout(() => device.plugIn(), 100);
    const got = await pending;
    expect(got).toMatchObject({ kind: 'card', person: { name: '陈国强' } });
  });

  it('comes up without its device and reports it offline until it appears', async () => {
    const device = pluggableDevice(await card('resident'));
    device.plugIn();
    await device.unplug(); // absent from the start
    const transport = await openReopeningTransport({
      description: 'test reader',
      open: () => device.open(),
      backoff: { initialMs: 10, maxMs: 10 },
    });
    const reader = new IdCardReader({ transport, now: () => NOW });
    closers.push(() => reader.close());
    expect(reader.health().state).toBe('offline');
    await expect(reader.start()).rejects.toMatchObject({ code: 'disconnected' });
    expect(reader.health().detail).toContain('test reader unavailable');
    device.plugIn();
    // The line answers before the SAM ID is read again: wait for the re-run start-up checks.
    await until(() => reader.health().detail.startsWith('SAM 05.01'));
    expect(reader.health().state).toBe('ok');
    expect(reader.health().detail).toBe('SAM 05.01-20101129-0001228293-0296863149 on test reader');
    expect((await reader.readCard({ timeoutMs: 3000 })).kind).toBe('card');
  });

  it('stops reopening once closed', async () => {
    const device = pluggableDevice(null);
    await device.unplug();
    let attempts = 0;
    const transport = await openReopeningTransport({
      description: 'test reader',
      open: () => {
        attempts++;
        return device.open();
      },
      backoff: { initialMs: 5, maxMs: 5 },
    });
    await until(() => attempts >= 3);
    await transport.close();
    const seen = attempts;
    await new Promise((r) => setTimeout(r, 50));
    expect(attempts).toBe(seen);
    await expect(transport.write(Uint8Array.of(1))).rejects.toThrow(/not connected/);
  });
});

describe('IdCardReader recovery details', () => {
  it('asks again at once after a corrupted answer, without waiting for the step timeout', async () => {
    const [host, deviceEnd] = createInProcessPair({ split: true });
    const simulator = new IdCardSimulator({ transport: deviceEnd, card: await card('resident') });
    // Timeouts far beyond the test's own: only an immediate retry lets this test finish.
    const reader = new IdCardReader({
      transport: host,
      now: () => NOW,
      stepTimeoutMs: { find: 60_000, select: 60_000, read: 60_000 },
    });
    closers.push(() => reader.close());
    simulator.inject('bad-checksum', COMMANDS.readBase);
    simulator.inject('bad-checksum', COMMANDS.findCard);
    expect((await reader.readCard({ timeoutMs: 60_000 })).kind).toBe('card');
    expect(simulator.received.map((r) => r.cmd.toString(16))).toEqual([
      '20',
      '20',
      '20',
      '30',
      '30',
    ]);
  });

  it('falls back to 30 01 on a module without fingerprint support, and remembers', async () => {
    const [host, deviceEnd] = createInProcessPair();
    const resident = { ...(await card('resident')), fingerprint: true };
    const simulator = new IdCardSimulator({
      transport: deviceEnd,
      card: resident,
      fingerprintSupported: false,
    });
    const reader = new IdCardReader({ transport: host, now: () => NOW, readFingerprint: true });
    closers.push(() => reader.close());
    const first = await reader.readCard({ timeoutMs: 3000 });
    expect(first).toMatchObject({ kind: 'card', fingerprint: false });
    simulator.liftCard();
    simulator.placeCard(resident);
    expect((await reader.readCard({ timeoutMs: 3000 })).kind).toBe('card');
    const reads = simulator.received.filter((r) => r.cmd === 0x30).map((r) => r.para);
    expect(reads).toEqual([0x10, 0x01, 0x01]);
  });
});
