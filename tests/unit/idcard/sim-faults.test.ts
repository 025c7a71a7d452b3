// The simulator's standing fault modes, and the real driver getting through each of them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createInProcessPair,
  IdCardReader,
  IdCardSimulator,
  loadCardFixture,
  parseFaultModes,
  seededRandom,
  type IdCardSimulatorOptions,
  type ReadOutcome,
  type SimulatorFaultModes,
} from '../../../drivers/idcard/index.ts';

const fixtures = fileURLToPath(new URL('../../../drivers/idcard/fixtures/', import.meta.url));
const card = (name: string) => loadCardFixture(path.join(fixtures, `${name}.json`));
const NOW = new Date('2026-06-01T04:00:00Z');

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

function rig(sim: Omit<IdCardSimulatorOptions, 'transport'>) {
  const [host, device] = createInProcessPair();
  const chunks: number[] = [];
  host.onData((c) => chunks.push(c.length));
  const simulator = new IdCardSimulator({ transport: device, random: seededRandom(7), ...sim });
  const reader = new IdCardReader({
    transport: host,
    now: () => NOW,
    stepTimeoutMs: { find: 1000, select: 1000, read: 1000 },
  });
  closers.push(
    () => reader.close(),
    () => simulator.close(),
  );
  return { simulator, reader, chunks };
}

function name(outcome: ReadOutcome): string {
  if (outcome.kind !== 'card') throw new Error(`expected a card, got ${JSON.stringify(outcome)}`);
  return outcome.person.name;
}

describe('parseFaultModes', () => {
  it('reads names, values, repeats and comma lists', () => {
    expect(
      parseFaultModes(['noise,chunked', 'corrupt=3', 'slow=50', 'lift-mid-read', 'sam-fault=2']),
    ).toEqual({
      noise: 1,
      chunkedPauseMs: 5,
      corruptEvery: 3,
      slowMs: 50,
      liftMidReadEvery: 2,
      liftMs: 500,
      samFaults: 2,
    } satisfies SimulatorFaultModes);
    expect(parseFaultModes(['noise=0.25', 'sam-fault'])).toEqual({
      noise: 0.25,
      samFaults: Number.POSITIVE_INFINITY,
    });
    expect(parseFaultModes([])).toEqual({});
  });

  it.each([
    ['explode', /unknown fault "explode"/],
    ['noise=2', /noise: value must be a number from 0 to 1/],
    ['corrupt=1', /corrupt: value must be an integer from 2/],
    ['slow=abc', /slow/],
    ['chunked=', /chunked/],
  ])('refuses %s', (spec, message) => {
    expect(() => parseFaultModes([spec])).toThrow(message);
  });
});

describe('IdCardSimulator fault modes against the real driver', () => {
  it('noise and chunked writes: every answer arrives in pieces behind garbage, and is read', async () => {
    const { simulator, reader, chunks } = rig({
      card: await card('resident'),
      faults: { noise: 1, chunkedPauseMs: 2 },
    });
    await reader.start();
    expect(name(await reader.readCard({ timeoutMs: 5000 }))).toBe('阳秀梅');
    expect(simulator.stats.noisy).toBe(simulator.stats.answers);
    // Five answers, the read alone 1,295 bytes: pieces of at most 64 bytes.
    expect(chunks.length).toBeGreaterThan(20);
    expect(Math.max(...chunks)).toBeLessThanOrEqual(64);
  });

  it('corrupt: every Nth answer fails its checksum and the driver asks again', async () => {
    const { simulator, reader } = rig({
      card: await card('foreign-2023'),
      faults: { corruptEvery: 2 },
    });
    await reader.start();
    expect(name(await reader.readCard({ timeoutMs: 5000 }))).toBe('马丽');
    expect(simulator.stats.corrupted).toBeGreaterThanOrEqual(3);
    // Each corrupted answer was asked for again: more requests than a clean run's five.
    expect(simulator.received.length).toBe(5 + simulator.stats.corrupted);
  });

  it('slow: late answers within the step timeout are still read', async () => {
    const { simulator, reader } = rig({ card: await card('elder'), faults: { slowMs: 150 } });
    expect(name(await reader.readCard({ timeoutMs: 5000 }))).toBe('陈国强');
    expect(simulator.received.map((r) => r.cmd)).toEqual([0x20, 0x20, 0x30]);
  });

  it('lift-mid-read: the read is cut off, the citizen is asked to replace the card, and it is laid back', async () => {
    const { simulator, reader } = rig({
      card: await card('hk-resident-permit'),
      faults: { liftMidReadEvery: 1, liftMs: 50 },
    });
    const first = await reader.readCard({ timeoutMs: 5000 });
    expect(first).toMatchObject({
      kind: 'error',
      error: { code: 'reread', citizenMessage: '请重新放置身份证' },
    });
    expect(simulator.stats.cutOff).toBe(1);
    expect(simulator.cardState).toBe('present'); // laid back
  });

  it('lift-mid-read every 2nd read: the next card read goes through', async () => {
    const resident = await card('resident');
    const { simulator, reader } = rig({
      card: resident,
      faults: { liftMidReadEvery: 2, liftMs: 50 },
    });
    expect(name(await reader.readCard({ timeoutMs: 5000 }))).toBe('阳秀梅');
    simulator.liftCard();
    simulator.placeCard(resident);
    expect((await reader.readCard({ timeoutMs: 5000 })).kind).toBe('error');
    expect(name(await reader.readCard({ timeoutMs: 5000 }))).toBe('阳秀梅');
    expect(simulator.stats.cutOff).toBe(1);
  });

  it('sam-fault: the start-up fails while the SAM is faulty, and passes once it is not', async () => {
    const { reader } = rig({ card: null, faults: { samFaults: 1 } });
    await expect(reader.start()).rejects.toMatchObject({ code: 'reader-fault', sw3: 0x60 });
    expect(reader.health().state).toBe('fault');
    await reader.start();
    expect(reader.health().state).toBe('ok');
  });

  it('rotates cards: each read card is lifted and the next one laid, round robin', async () => {
    const cards = await Promise.all(['resident', 'foreign-2017', 'foreign-2023'].map(card));
    const { reader } = rig({ rotate: cards });
    const names: string[] = [];
    for (let i = 0; i < 4; i++) names.push(name(await reader.readCard({ timeoutMs: 5000 })));
    expect(names).toEqual(['阳秀梅', '史密斯', '马丽', '阳秀梅']);
  });

  it('paces its answers as a 115200-baud line, in pieces of about a millisecond of line time', async () => {
    const { simulator, reader, chunks } = rig({ card: await card('resident'), wireBaud: 115200 });
    expect(name(await reader.readCard({ timeoutMs: 5000 }))).toBe('阳秀梅');
    await simulator.whenWritten();
    expect(Math.max(...chunks)).toBe(12);
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(1295 + 15 + 19);
  });
});
