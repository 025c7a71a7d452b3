// The driver against the simulator, over an in-process byte stream: the real protocol both ways.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  COMMANDS,
  createInProcessPair,
  FrameParser,
  IdCardReader,
  IdCardSimulator,
  loadCardFixture,
  simulatorPhotoDecoder,
  type ByteTransport,
  type CardFixture,
  type IdCardReaderOptions,
  type ReadOutcome,
} from '../../../drivers/idcard/index.ts';

const fixtures = fileURLToPath(new URL('../../../drivers/idcard/fixtures/', import.meta.url));
const card = (name: string) => loadCardFixture(path.join(fixtures, `${name}.json`));
const NOW = new Date('2026-06-01T04:00:00Z');
const SAM_ID = '05.01-20101129-0001228293-0296863149';

/** Counts requests written but not yet answered, to check that exchanges never overlap. */
function watchInFlight(transport: ByteTransport): {
  transport: ByteTransport;
  maxInFlight: () => number;
} {
  let inFlight = 0;
  let max = 0;
  const answers = new FrameParser('response');
  transport.onData((chunk) => {
    inFlight -= answers.push(chunk).length;
  });
  return {
    maxInFlight: () => max,
    transport: {
      get description() {
        return transport.description;
      },
      write: (bytes) => {
        max = Math.max(max, ++inFlight);
        return transport.write(bytes);
      },
      onData: (cb) => transport.onData(cb),
      onClose: (cb) => transport.onClose(cb),
      close: () => transport.close(),
    },
  };
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0)) await thing.close();
});

function rig(
  opts: { card?: CardFixture | null; split?: boolean; reader?: Partial<IdCardReaderOptions> } = {},
) {
  const [hostEnd, deviceEnd] = createInProcessPair({ split: opts.split ?? true });
  const watched = watchInFlight(hostEnd);
  const simulator = new IdCardSimulator({ transport: deviceEnd, card: opts.card ?? null });
  const reader = new IdCardReader({
    transport: watched.transport,
    now: () => NOW,
    photoDecoder: simulatorPhotoDecoder,
    stepTimeoutMs: { find: 150, select: 150, read: 300 },
    ...opts.reader,
  });
  open.push(reader, simulator);
  const commands = () =>
    simulator.received.map((r) => `${r.cmd.toString(16)} ${r.para.toString(16)}`);
  return { reader, simulator, commands, maxInFlight: watched.maxInFlight };
}

function expectCard(outcome: ReadOutcome): Extract<ReadOutcome, { kind: 'card' }> {
  if (outcome.kind !== 'card') throw new Error(`expected a card, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function expectError(outcome: ReadOutcome) {
  if (outcome.kind !== 'error') throw new Error(`expected an error, got ${outcome.kind}`);
  return outcome.error;
}

describe('IdCardReader with the simulator', () => {
  it('starts: SAM status, then SAM ID', async () => {
    const { reader, commands } = rig();
    expect(reader.health().state).toBe('unknown');
    expect(await reader.start()).toEqual({ samId: SAM_ID });
    expect(commands()).toEqual(['11 ff', '12 ff']);
    expect(reader.health()).toMatchObject({
      device: 'id-reader',
      state: 'ok',
      detail: `SAM ${SAM_ID} on in-process host end`,
      checkedAt: NOW.toISOString(),
    });
  });

  it('reads a resident card: find → select → read, photo decoded, nothing personal in health', async () => {
    const { reader, commands, maxInFlight } = rig({ card: await card('resident') });
    await reader.start();
    const outcome = expectCard(await reader.readCard({ timeoutMs: 3000 }));
    expect(outcome.person).toMatchObject({
      cardType: 'resident',
      name: '阳秀梅',
      gender: 'female',
      nation: '汉',
      birthDate: '1988-03-15',
      idNumber: '440106198803151227',
      idNumberValid: true,
      expired: false,
    });
    expect(outcome.photo.format).toBe('wlt');
    expect(outcome.photo.bytes.length).toBe(1024);
    expect(outcome.photo.decoded?.format).toBe('png');
    expect(PNG.sync.read(Buffer.from(outcome.photo.decoded!.bytes)).width).toBe(102);
    expect(outcome.fingerprint).toBe(false);
    expect(commands()).toEqual(['11 ff', '12 ff', '20 1', '20 2', '30 1']);
    expect(maxInFlight()).toBe(1);
    expect(JSON.stringify(reader.health())).not.toMatch(/阳秀梅|440106|1988/);
  });

  it('reports a card lying on the reader once; a lifted and replaced card is new', async () => {
    const resident = await card('resident');
    const { reader, simulator, commands } = rig({ card: resident });
    expectCard(await reader.readCard({ timeoutMs: 3000 }));
    expect(await reader.readCard({ timeoutMs: 700 })).toEqual({ kind: 'timeout' });
    expect(commands().filter((c) => c === '30 1')).toHaveLength(1);
    expect(
      commands()
        .slice(3)
        .every((c) => c === '20 1'),
    ).toBe(true);

    simulator.liftCard();
    simulator.placeCard(await card('elder'));
    const again = expectCard(await reader.readCard({ timeoutMs: 3000 }));
    expect(again.person).toMatchObject({ name: '陈国强', elder: true, validTo: 'long-term' });
  });

  it('waits for a card placed while it polls', async () => {
    const { reader, simulator, commands } = rig();
    const pending = reader.readCard({ timeoutMs: 5000 });
    while (!commands().includes('20 1')) await new Promise((r) => setTimeout(r, 10));
    simulator.placeCard(await card('hk-resident-permit'));
    expect(expectCard(await pending).person.cardType).toBe('hk-macau-taiwan');
  });

  it('times out when no card comes, having only looked for one', async () => {
    const { reader, commands } = rig();
    expect(await reader.readCard({ timeoutMs: 500 })).toEqual({ kind: 'timeout' });
    expect(commands().length).toBeGreaterThanOrEqual(1);
    expect(new Set(commands())).toEqual(new Set(['20 1']));
    expect(reader.health().state).toBe('ok');
  });

  it('ends the wait as a timeout when aborted', async () => {
    const { reader } = rig();
    const ac = new AbortController();
    const pending = reader.readCard({ timeoutMs: 60_000, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    expect(await pending).toEqual({ kind: 'timeout' });
  });

  it.each([
    ['41', COMMANDS.readBase, 'reread', '请重新放置身份证'],
    ['33', COMMANDS.readBase, 'reread', '请重新放置身份证'],
    ['81', COMMANDS.selectCard, 'reread', '请重新放置身份证'],
    ['66', COMMANDS.findCard, 'reader-fault', '读卡器故障，请联系工作人员'],
  ])('maps SW3 %s to a typed error', async (hex, on, code, citizenMessage) => {
    const sw3 = parseInt(hex, 16);
    const { reader, simulator } = rig({ card: await card('resident') });
    simulator.inject(`sw3:0x${hex}`, on);
    const error = expectError(await reader.readCard({ timeoutMs: 3000 }));
    expect(error).toMatchObject({ code, sw3, citizenMessage });
    expect(reader.health().state).toBe(code === 'reader-fault' ? 'fault' : 'ok');
    // The failed card was not read: a second attempt gets it (and clears a fault).
    expectCard(await reader.readCard({ timeoutMs: 3000 }));
    expect(reader.health().state).toBe('ok');
  });

  it('fails start-up on a SAM self-test failure and says so in health', async () => {
    const { reader, simulator } = rig();
    simulator.inject('sw3:0x60', COMMANDS.samStatus);
    await expect(reader.start()).rejects.toMatchObject({ code: 'reader-fault', sw3: 0x60 });
    expect(reader.health()).toMatchObject({ state: 'fault' });
    expect(reader.health().detail).toContain('SAM self-test failed');
    // An answer to find does not make a failed SAM fit again; a successful start-up does.
    expect(await reader.readCard({ timeoutMs: 100 })).toEqual({ kind: 'timeout' });
    expect(reader.health().state).toBe('fault');
    await reader.start();
    expect(reader.health().state).toBe('ok');
  });

  it('survives line noise, a corrupted answer and a lost answer', async () => {
    const { reader, simulator, commands } = rig({ card: await card('foreign-2023') });
    simulator.inject('noise', COMMANDS.findCard);
    simulator.inject('bad-checksum', COMMANDS.selectCard);
    simulator.inject('silence', COMMANDS.readBase);
    simulator.inject('noise', COMMANDS.readBase);
    const outcome = expectCard(await reader.readCard({ timeoutMs: 5000 }));
    expect(outcome.person).toMatchObject({
      cardType: 'foreign-permanent-2023',
      englishName: 'MARTIN, MARIE CLAIRE',
    });
    expect(simulator.pendingFaults).toBe(0);
    // Each lost or corrupted answer costs one step timeout and one retry of that step alone.
    expect(commands()).toEqual(['20 1', '20 2', '20 2', '30 1', '30 1']);
  });

  it('gives up after bounded retries when the reader stays silent', async () => {
    const { reader, simulator, commands } = rig({
      card: await card('resident'),
      reader: { retries: 1 },
    });
    simulator.inject('silence', COMMANDS.findCard);
    simulator.inject('silence', COMMANDS.findCard);
    const error = expectError(await reader.readCard({ timeoutMs: 5000 }));
    expect(error).toMatchObject({ code: 'timeout', citizenMessage: '读卡器故障，请联系工作人员' });
    expect(commands()).toEqual(['20 1', '20 1']);
    expect(reader.health()).toMatchObject({ state: 'fault' });
    expect(reader.health().detail).toContain('find card (20 01)');
  });

  it('retries a request the reader saw corrupted (SW3 10)', async () => {
    const { reader, simulator, commands } = rig({ card: await card('resident') });
    simulator.inject('sw3:0x10', COMMANDS.selectCard);
    expectCard(await reader.readCard({ timeoutMs: 3000 }));
    expect(commands()).toEqual(['20 1', '20 2', '20 2', '30 1']);
  });

  it('reads the fingerprint flag with 30 10 when asked', async () => {
    const { reader, commands } = rig({
      card: { ...(await card('resident')), fingerprint: true },
      reader: { readFingerprint: true },
    });
    expect(expectCard(await reader.readCard({ timeoutMs: 3000 })).fingerprint).toBe(true);
    expect(commands()).toContain('30 10');
  });

  it('returns the photo undecoded without a decoder', async () => {
    const { reader } = rig({ card: await card('resident'), reader: { photoDecoder: undefined } });
    const outcome = expectCard(await reader.readCard({ timeoutMs: 3000 }));
    expect(outcome.photo.decoded).toBeNull();
    expect(outcome.photo.bytes.length).toBe(1024);
  });

  it('queues concurrent reads: a lying card is reported to one of them only', async () => {
    const { reader, maxInFlight } = rig({ card: await card('resident') });
    const outcomes = await Promise.all([
      reader.readCard({ timeoutMs: 800 }),
      reader.readCard({ timeoutMs: 800 }),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['card', 'timeout']);
    expect(maxInFlight()).toBe(1);
  });

  it('goes offline when the transport closes; pending and later reads fail as disconnected', async () => {
    const [hostEnd, deviceEnd] = createInProcessPair();
    const simulator = new IdCardSimulator({ transport: deviceEnd, card: null });
    const reader = new IdCardReader({ transport: hostEnd, now: () => NOW });
    open.push(reader);
    await reader.start();
    simulator.inject('silence', COMMANDS.findCard);
    const pending = reader.readCard({ timeoutMs: 60_000 });
    setTimeout(() => void simulator.close(), 50);
    expect(expectError(await pending)).toMatchObject({
      code: 'disconnected',
      citizenMessage: '读卡器故障，请联系工作人员',
    });
    expect(reader.health()).toMatchObject({ state: 'offline' });
    expect(expectError(await reader.readCard({ timeoutMs: 1000 })).code).toBe('disconnected');
  });

  it('wakes a polling read when closed', async () => {
    const { reader } = rig();
    const pending = reader.readCard({ timeoutMs: 60_000 });
    setTimeout(() => void reader.close(), 100);
    expect(expectError(await pending).code).toBe('disconnected');
    expect(reader.health().state).toBe('offline');
  });

  it('clamps the poll interval to 300 ms', async () => {
    const { reader, commands } = rig({ reader: { pollIntervalMs: 1 } });
    const started = Date.now();
    await reader.readCard({ timeoutMs: 650 });
    // At most one find per 300 ms window (finds at 0, 300, 600 ms).
    expect(commands().length).toBeLessThanOrEqual(Math.floor((Date.now() - started) / 300) + 1);
  });
});
