import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  COMMANDS,
  createInProcessPair,
  IdCardError,
  IdCardReader,
  IdCardSimulator,
  loadCardFixture,
  statusError,
  SW3,
} from '../../../drivers/idcard/index.ts';

const REPLACE = '请重新放置身份证';
const FAULT = '读卡器故障，请联系工作人员';

describe('SW3 → typed errors', () => {
  it('treats 90 and 9F as success', () => {
    expect(statusError(0x90)).toBeNull();
    expect(statusError(0x9f)).toBeNull();
  });

  it.each([
    [0x91, 'no-content', REPLACE],
    [0x10, 'line-error', FAULT],
    [0x11, 'line-error', FAULT],
    [0x21, 'reader-fault', FAULT],
    [0x23, 'reader-fault', FAULT],
    [0x24, 'reread', REPLACE],
    [0x31, 'reread', REPLACE],
    [0x32, 'reread', REPLACE],
    [0x33, 'reread', REPLACE],
    [0x40, 'reread', REPLACE],
    [0x41, 'reread', REPLACE],
    [0x47, 'reread', REPLACE],
    [0x60, 'reader-fault', FAULT],
    [0x66, 'reader-fault', FAULT],
    [0x80, 'no-card', '请放置身份证'],
    [0x81, 'reread', REPLACE],
    [0x55, 'reader-fault', FAULT],
  ])('SW3 %s → %s', (sw3, code, citizenMessage) => {
    const err = statusError(sw3);
    expect(err).toBeInstanceOf(IdCardError);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code, sw3, citizenMessage });
    expect(err!.message).toContain(sw3.toString(16).toUpperCase());
  });

  it('covers every SW3 constant of the spec', () => {
    for (const sw3 of Object.values(SW3)) {
      if (sw3 === SW3.OK || sw3 === SW3.FIND_OK) continue;
      expect(statusError(sw3)!.message).not.toContain('undocumented');
    }
  });
});

// Every failing SW3 of the spec, answered by the simulator at the step where a module gives it,
// reaches the caller as the typed error with its citizen-facing message.
const PLACE = '请放置身份证';
const fixtureDir = fileURLToPath(new URL('../../../drivers/idcard/fixtures/', import.meta.url));
const NOW = new Date('2026-06-01T04:00:00Z');

type Step = keyof typeof COMMANDS;
const CASES: [number, Step, string, string, 'fault' | 'ok'][] = [
  [0x10, 'findCard', 'line-error', FAULT, 'fault'],
  [0x11, 'selectCard', 'line-error', FAULT, 'fault'],
  [0x21, 'findCard', 'reader-fault', FAULT, 'fault'],
  [0x23, 'readBase', 'reader-fault', FAULT, 'fault'],
  [0x24, 'readBase', 'reread', REPLACE, 'ok'],
  [0x31, 'readBase', 'reread', REPLACE, 'ok'],
  [0x32, 'readBase', 'reread', REPLACE, 'ok'],
  [0x33, 'readBase', 'reread', REPLACE, 'ok'],
  [0x40, 'readBase', 'reread', REPLACE, 'ok'],
  [0x41, 'readBase', 'reread', REPLACE, 'ok'],
  [0x47, 'readBase', 'reread', REPLACE, 'ok'],
  [0x60, 'findCard', 'reader-fault', FAULT, 'fault'],
  [0x66, 'findCard', 'reader-fault', FAULT, 'fault'],
  [0x80, 'selectCard', 'no-card', PLACE, 'ok'],
  [0x81, 'selectCard', 'reread', REPLACE, 'ok'],
  [0x91, 'readBase', 'no-content', REPLACE, 'ok'],
];

describe('SW3 → typed errors, through the reader', () => {
  const readers: IdCardReader[] = [];
  afterEach(async () => {
    for (const r of readers.splice(0)) await r.close();
  });

  async function rig() {
    const [host, device] = createInProcessPair();
    const card = await loadCardFixture(path.join(fixtureDir, 'resident.json'));
    const simulator = new IdCardSimulator({ transport: device, card });
    const reader = new IdCardReader({
      transport: host,
      now: () => NOW,
      stepTimeoutMs: { find: 200, select: 200, read: 300 },
    });
    readers.push(reader);
    return { simulator, reader };
  }

  it('has a case for every failing SW3 of the spec', () => {
    const failing = Object.values(SW3).filter((v) => v !== SW3.OK && v !== SW3.FIND_OK);
    expect(CASES.map(([sw3]) => sw3).sort()).toEqual([...failing].sort());
  });

  it.each(CASES)('SW3 %s at %s → %s', async (sw3, step, code, citizenMessage, health) => {
    const { simulator, reader } = await rig();
    const hex = sw3.toString(16).padStart(2, '0');
    // 10 and 11 say our request arrived corrupted: retried, so it takes all three attempts.
    const times = sw3 === 0x10 || sw3 === 0x11 ? 3 : 1;
    for (let i = 0; i < times; i++) simulator.inject(`sw3:0x${hex}`, COMMANDS[step]);
    const outcome = await reader.readCard({ timeoutMs: 3000 });
    expect(outcome).toMatchObject({ kind: 'error', error: { code, sw3, citizenMessage } });
    expect(reader.health().state).toBe(health);
    expect(simulator.pendingFaults).toBe(0);
  });

  it.each([0x10, 0x11])('recovers from a single SW3 %s by asking again', async (sw3) => {
    const { simulator, reader } = await rig();
    simulator.inject(`sw3:0x${sw3.toString(16)}`, COMMANDS.readBase);
    expect((await reader.readCard({ timeoutMs: 3000 })).kind).toBe('card');
  });

  it('treats 80 from find as "no card yet": the wait ends as a timeout, not an error', async () => {
    const { simulator, reader } = await rig();
    simulator.liftCard();
    expect(await reader.readCard({ timeoutMs: 400 })).toEqual({ kind: 'timeout' });
    expect(statusError(0x80)!.citizenMessage).toBe(PLACE);
  });

  it.each([0x60, 0x66])('fails the start-up on SW3 %s from the SAM', async (sw3) => {
    const { simulator, reader } = await rig();
    simulator.inject(`sw3:0x${sw3.toString(16)}`, COMMANDS.samStatus);
    await expect(reader.start()).rejects.toMatchObject({
      code: 'reader-fault',
      sw3,
      citizenMessage: FAULT,
    });
    expect(reader.health().state).toBe('fault');
  });
});
