// Pulling the cable: the socat pty pair under a reader dies and a new one appears at the same
// paths. The reader, on a reopening serial transport, shows the outage in health and reads again
// without being recreated, as a kiosk must without a restart.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createPtyPair,
  IdCardReader,
  loadCardFixture,
  openReopeningSerialTransport,
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
if (!socat) console.warn('SKIPPED: socat is not installed (apt-get install socat).');

const fixtures = fileURLToPath(new URL('../../../drivers/idcard/fixtures/', import.meta.url));
const NOW = new Date('2026-06-01T04:00:00Z');

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!socat)('serial reader: cable pulled and plugged back (socat ptys)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-replug-'));
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads, goes offline with the outage in health, and reads again on a new pty pair', async () => {
    const resident = await loadCardFixture(path.join(fixtures, 'resident.json'));
    const elder = await loadCardFixture(path.join(fixtures, 'elder.json'));

    let pty: PtyPair = await createPtyPair(dir);
    let sim = await startSerialSimulator({ path: pty.devicePath, card: resident });
    cleanups.push(() => sim.close());
    const transport = await openReopeningSerialTransport({
      path: pty.hostPath,
      backoff: { initialMs: 50, maxMs: 400 },
    });
    const reader = new IdCardReader({ transport, now: () => NOW });
    cleanups.push(() => reader.close());
    await reader.start();
    expect(await reader.readCard({ timeoutMs: 5000 })).toMatchObject({
      kind: 'card',
      person: { name: '阳秀梅' },
    });

    // The cable is pulled: socat and its ptys are gone.
    await sim.close();
    await pty.close();
    expect(existsSync(pty.hostPath)).toBe(false);
    // The next poll finds the line dead (a read fails as disconnected, promptly).
    expect(await reader.readCard({ timeoutMs: 3000 })).toMatchObject({
      kind: 'error',
      error: { code: 'disconnected', citizenMessage: '读卡器故障，请联系工作人员' },
    });
    await until('a failed reopen', () => /[1-9]\d* reopen attempt/.test(reader.health().detail));
    const offline = reader.health();
    expect(offline.state).toBe('offline');
    expect(offline.detail).toContain(`serial ${pty.hostPath} @115200 unavailable`);
    expect(offline.detail).toMatch(/^offline since \d{4}-\d\d-\d\dT/);
    expect(offline.detail).toMatch(/No such file or directory|ENOENT/);

    // Plugged back: a new pty pair at the same paths, the module answering with another card.
    pty = await createPtyPair(dir);
    cleanups.push(() => pty.close());
    sim = await startSerialSimulator({ path: pty.devicePath, card: elder });
    cleanups.push(() => sim.close());
    await until('the reader to be back', () => reader.health().state === 'ok');
    expect(reader.health().detail).toBe(
      `SAM 05.01-20101129-0001228293-0296863149 on serial ${pty.hostPath} @115200`,
    );
    expect(await reader.readCard({ timeoutMs: 5000 })).toMatchObject({
      kind: 'card',
      person: { name: '陈国强', elder: true },
    });
  });
});
