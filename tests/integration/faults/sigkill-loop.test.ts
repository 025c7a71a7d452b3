// The SIGKILL loop of issue 5: a kiosk process (kill-child.ts) with the real outbox and sync
// engine, against the real central platform, is killed with SIGKILL at random moments at least
// 200 times (while opening, committing, uploading, delivering, recording answers) and restarted
// each time. Two kiosks run side by side, each its own data folder. At the end each drains, and
// the centre must hold every submission the kiosk reported committed exactly once, nothing else
// from it, attachments complete; and no personal data is readable in the database, WAL or log.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openKioskDatabase, Outbox } from '../../../offline-cache/index.ts';
import { startCentralUnderTest, type CentralPlatform } from './central-under-test.ts';
import { expectExactlyOnce, type Committed } from './exactly-once.ts';
import { KEY, personalDataOnDisk } from './kiosk-under-test.ts';

const KILLS = Number(process.env.KIOSK24_SIGKILLS ?? 200);
const LANES = 2;
const root = path.resolve(import.meta.dirname, '../../..');
const childScript = path.join(import.meta.dirname, 'kill-child.ts');

let central: CentralPlatform;
const dirs: string[] = [];
/** Children alive right now, killed if the test ends early. */
const alive = new Set<ChildProcess>();
beforeAll(async () => {
  central = await startCentralUnderTest();
}, 60_000);
afterAll(async () => {
  for (const child of alive) child.kill('SIGKILL');
  await central?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Lane {
  dir: string;
  kioskId: string;
  committed: Map<string, Committed>;
  kills: number;
  killedBeforeReady: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One life of the child: returns how it ended. */
function runChild(
  lane: Lane,
  mode: 'work' | 'drain',
  killAfter: (ready: Promise<void>) => Promise<void>,
) {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, mode], {
    cwd: root,
    env: {
      ...process.env,
      KIOSK24_DIR: lane.dir,
      KIOSK24_CENTRAL: central.url,
      KIOSK24_KIOSK_ID: lane.kioskId,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  alive.add(child);
  child.once('exit', () => alive.delete(child));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let lastLine = '';
  let wasReady = false;
  let signalReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lastLine = line;
    if (line === 'ready') {
      wasReady = true;
      signalReady();
    }
    const m = /^committed (\S+) (\S+)$/.exec(line);
    if (m) lane.committed.set(m[1]!, { idempotencyKey: m[1]!, trackingCode: m[2]! });
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  void killAfter(ready).then(() => child.kill('SIGKILL'));
  return exited.then((end) => ({ ...end, stderr, lastLine, wasReady }));
}

async function runLane(lane: Lane, kills: number): Promise<void> {
  for (let i = 0; i < kills; i++) {
    const end = await runChild(lane, 'work', async (ready) => {
      if (Math.random() < 0.15) {
        // Sometimes while it starts: opening, migrating, recovering the WAL, first pass.
        await sleep(Math.random() * 500);
      } else {
        await ready;
        await sleep(Math.random() * 200);
      }
    });
    if (end.signal !== 'SIGKILL') {
      throw new Error(`the kiosk process ended by itself (code ${end.code}): ${end.stderr}`);
    }
    lane.kills++;
    if (!end.wasReady) lane.killedBeforeReady++;
  }
}

it(`loses and duplicates nothing across ${KILLS} SIGKILLs of the kiosk process`, async () => {
  const started = Date.now();
  const lanes: Lane[] = Array.from({ length: LANES }, (_, i) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-sigkill-'));
    dirs.push(dir);
    return {
      dir,
      kioskId: `GZ-KILL-00${i + 1}`,
      committed: new Map(),
      kills: 0,
      killedBeforeReady: 0,
    };
  });
  await Promise.all(lanes.map((lane) => runLane(lane, Math.ceil(KILLS / LANES))));
  const killed = lanes.reduce((n, l) => n + l.kills, 0);
  expect(killed).toBeGreaterThanOrEqual(KILLS);

  for (const lane of lanes) {
    const end = await runChild(lane, 'drain', () => new Promise(() => {}));
    expect(end.code, end.stderr || end.lastLine).toBe(0);
    const db = openKioskDatabase({
      path: path.join(lane.dir, 'outbox.db'),
      key: KEY,
      readonly: true,
    });
    try {
      const outbox = new Outbox(db);
      const committed = [...lane.committed.values()].map((c) => {
        const item = outbox.get(c.idempotencyKey);
        // Told "saved" means saved: every reported commit survived every kill.
        expect(item, `${c.trackingCode} in the outbox`).not.toBeNull();
        const refs = outbox.attachments(c.idempotencyKey).map(({ uploaded: _, ...ref }) => ref);
        return { ...c, attachments: refs };
      });
      expect(committed.length).toBeGreaterThan(KILLS / LANES / 2);
      await expectExactlyOnce(central, lane.kioskId, committed, outbox);
      const withFiles = committed.filter((c) => c.attachments.length > 0).length;
      expect(withFiles).toBeGreaterThan(0);
      process.stderr.write(
        `sigkill loop ${lane.kioskId}: ${lane.kills} kills (${lane.killedBeforeReady} while starting), ` +
          `${committed.length} reported committed (${withFiles} with attachments), ` +
          `${outbox.counts().acknowledged} at the centre once each\n`,
      );
    } finally {
      db.close();
    }
    expect(personalDataOnDisk(lane.dir)).toEqual([]);
  }
  process.stderr.write(
    `sigkill loop: ${killed} kills in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}, 300_000);
