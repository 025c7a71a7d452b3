// The driver and the simulator on the two ends of a real socat pty pair, through serialport:
// the path a kiosk on site uses, with a simulator where the reader module would be.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMMANDS,
  createPtyPair,
  IdCardReader,
  loadCardFixture,
  openSerialTransport,
  simulatorPhotoDecoder,
  startSerialSimulator,
  type PtyPair,
} from '../../../drivers/idcard/index.ts';

function hasSocat(): boolean {
  try {
    execFileSync('socat', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const socat = hasSocat();
if (!socat)
  console.warn(
    'SKIPPED: socat is not installed (apt-get install socat); the pty integration test needs it.',
  );

const fixtures = fileURLToPath(new URL('../../../drivers/idcard/fixtures/', import.meta.url));
const NOW = new Date('2026-06-01T04:00:00Z');

describe.skipIf(!socat)('ID-card reader over a socat pty pair (serialport)', () => {
  let pty: PtyPair;
  let sim: Awaited<ReturnType<typeof startSerialSimulator>>;
  let reader: IdCardReader;

  beforeAll(async () => {
    pty = await createPtyPair();
    const card = await loadCardFixture(path.join(fixtures, 'resident.json'));
    sim = await startSerialSimulator({ path: pty.devicePath, card });
    const transport = await openSerialTransport({ path: pty.hostPath });
    reader = new IdCardReader({ transport, now: () => NOW, photoDecoder: simulatorPhotoDecoder });
  });

  afterAll(async () => {
    await reader?.close();
    await sim?.close();
    await pty?.close();
  });

  it('starts and reads resident.json', async () => {
    const { samId } = await reader.start();
    expect(samId).toBe('05.01-20101129-0001228293-0296863149');
    expect(reader.health()).toMatchObject({ state: 'ok' });
    expect(reader.health().detail).toBe(`SAM ${samId} on serial ${pty.hostPath} @115200`);

    const outcome = await reader.readCard({ timeoutMs: 5000 });
    if (outcome.kind !== 'card') throw new Error(`expected a card, got ${JSON.stringify(outcome)}`);
    expect(outcome.person).toMatchObject({
      cardType: 'resident',
      name: '阳秀梅',
      gender: 'female',
      nation: '汉',
      birthDate: '1988-03-15',
      address: '广州市天河区天河路123号',
      issuer: '广州市公安局天河分局',
      validFrom: '2019-06-01',
      validTo: '2039-06-01',
      idNumberValid: true,
    });
    expect(outcome.photo.decoded?.format).toBe('png');
  });

  it('does not report the card again until it is lifted and replaced, even through line noise', async () => {
    expect(await reader.readCard({ timeoutMs: 700 })).toEqual({ kind: 'timeout' });
    sim.simulator.liftCard();
    sim.simulator.placeCard(await loadCardFixture(path.join(fixtures, 'foreign-2017.json')));
    sim.simulator.inject('noise', COMMANDS.readBase);
    const outcome = await reader.readCard({ timeoutMs: 5000 });
    expect(outcome).toMatchObject({
      kind: 'card',
      person: { cardType: 'foreign-permanent-2017', nationality: 'USA' },
    });
  });

  it('goes offline when the serial device disappears', async () => {
    await pty.close();
    const outcome = await reader.readCard({ timeoutMs: 3000 });
    expect(outcome).toMatchObject({ kind: 'error', error: { code: 'disconnected' } });
    expect(reader.health().state).toBe('offline');
    expect(existsSync(pty.hostPath)).toBe(false);
  });
});

describe.skipIf(!socat)('createPtyPair', () => {
  it('makes stable links in a given folder, replacing stale ones, and removes them on close', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-pty-test-'));
    try {
      symlinkSync('/nonexistent', path.join(dir, 'host'));
      const pair = await createPtyPair(dir);
      expect(pair.hostPath).toBe(path.join(dir, 'host'));
      expect(pair.devicePath).toBe(path.join(dir, 'device'));
      const a = await openSerialTransport({ path: pair.hostPath });
      const b = await openSerialTransport({ path: pair.devicePath });
      const got = new Promise<string>((resolve) =>
        b.onData((chunk) => resolve(Buffer.from(chunk).toString())),
      );
      await a.write(Buffer.from('ping'));
      expect(await got).toBe('ping');
      await a.close();
      await b.close();
      await pair.close();
      await pair.close(); // idempotent
      expect(existsSync(pair.hostPath) || existsSync(pair.devicePath)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
