// `kiosk24 queue status|list|retry` and `kiosk24 sync now`, run as the real command against real
// outbox files and the real central platform: with no kiosk running (the command opens the
// outbox itself), with a kiosk running (the command goes through its control socket), and the
// ways it must fail clearly: no database, wrong key, an outbox locked by a kiosk that does not
// answer, a centre that cannot be reached.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/kiosk-config.ts';
import {
  openSubmissionQueue,
  outboxKey,
  outboxPaths,
} from '../../../host/adapters/submission-queue.ts';
import { createLogger } from '../../../host/log.ts';
import { openKioskDatabase, Outbox } from '../../../offline-cache/index.ts';
import { startCentralUnderTest, type CentralPlatform } from '../faults/central-under-test.ts';
import { CITIZEN, submission } from '../../unit/offline-cache/sample-requests.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'bin', 'kiosk24.mjs');
const KIOSK = 'GZ-TH-CLI-01';

let central: CentralPlatform;
const dirs: string[] = [];
beforeAll(async () => {
  central = await startCentralUnderTest();
}, 60_000);
afterAll(async () => {
  await central?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A data folder and a site configuration pointing at `centralUrl`. */
function site(centralUrl = central.url) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-cli-'));
  dirs.push(dir);
  const dataDir = path.join(dir, 'kiosk');
  const configFile = path.join(dir, 'site.json');
  writeFileSync(
    configFile,
    JSON.stringify({ kioskId: KIOSK, dataDir, central: { url: centralUrl } }),
  );
  return { dataDir, configFile, flags: ['--data-dir', dataDir, '--config', configFile] };
}

async function kiosk24(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Fills an outbox as a kiosk would have left it: two pending, one parked. */
function leaveQueued(dataDir: string) {
  const db = openKioskDatabase({ path: outboxPaths(dataDir).database, key: outboxKey(dataDir) });
  const outbox = new Outbox(db);
  const reqs = [0, 1, 2].map(() => submission({ kioskId: KIOSK }));
  for (const r of reqs) outbox.enqueue('submission', r.idempotencyKey, r.trackingCode, r);
  outbox.park(reqs[2]!.idempotencyKey, 'HTTP 400 (invalid-request)');
  db.close();
  return reqs;
}

const noPersonalData = (text: string) => {
  expect(text).not.toContain(CITIZEN.name);
  expect(text).not.toContain(CITIZEN.idNumber);
};

describe('kiosk24 queue and sync, no kiosk running', () => {
  it('says there is no database yet, and exits non-zero', async () => {
    const { flags } = site();
    const r = await kiosk24('queue', 'status', '--json', ...flags);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no outbox database at .*outbox\.db yet/);
  });

  it('reports counts and the oldest pending age, lists, retries and syncs', async () => {
    const { dataDir, flags } = site();
    const reqs = leaveQueued(dataDir);

    const status = await kiosk24('queue', 'status', '--json', ...flags);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      kioskRunning: false,
      counts: { pending: 2, parked: 1, acknowledged: 0 },
      sync: null,
    });
    expect(parsed.oldestPendingAgeSeconds).toEqual(expect.any(Number));

    const list = await kiosk24('queue', 'list', ...flags);
    expect(list.code).toBe(0);
    for (const r of reqs) expect(list.stdout).toContain(r.trackingCode);
    expect(list.stdout).toContain('HTTP 400 (invalid-request)');
    noPersonalData(list.stdout);
    const parked = JSON.parse(
      (await kiosk24('queue', 'list', '--state', 'parked', '--json', ...flags)).stdout,
    );
    expect(parked).toEqual([expect.objectContaining({ trackingCode: reqs[2]!.trackingCode })]);

    const retry = await kiosk24('queue', 'retry', reqs[2]!.trackingCode, ...flags);
    expect(retry).toMatchObject({ code: 0 });
    expect(retry.stdout).toContain('back in the queue');
    const unknown = await kiosk24('queue', 'retry', 'ZZZZ-ZZZZ-ZZZZ', ...flags);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no item ZZZZ-ZZZZ-ZZZZ');

    const sync = await kiosk24('sync', 'now', '--json', ...flags);
    expect(sync.code, sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({
      via: 'this command',
      acknowledged: 3,
      halted: false,
      counts: { pending: 0, parked: 0, acknowledged: 3 },
    });
    for (const r of reqs) {
      expect(await central.services.submissions.count({ trackingCode: r.trackingCode })).toBe(1);
    }
    const again = await kiosk24('queue', 'retry', reqs[0]!.idempotencyKey, ...flags);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already acknowledged');
  });

  it('exits non-zero, items kept, when the centre cannot be reached', async () => {
    const { dataDir, flags } = site('http://127.0.0.1:9');
    leaveQueued(dataDir);
    const r = await kiosk24('sync', 'now', ...flags);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/central platform: network error/);
    expect(r.stdout).toContain('queue: 2 pending, 1 parked');
  });

  it('refuses a wrong key clearly', async () => {
    const { dataDir, flags } = site();
    leaveQueued(dataDir);
    writeFileSync(outboxPaths(dataDir).key, Buffer.alloc(32, 9).toString('hex'));
    const r = await kiosk24('queue', 'status', ...flags);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot be opened with this key');
  });

  it('refuses to write beside a process that holds the outbox but does not answer', async () => {
    const { dataDir, flags } = site();
    const [req] = leaveQueued(dataDir);
    const holder = openKioskDatabase({
      path: outboxPaths(dataDir).database,
      key: outboxKey(dataDir),
    });
    try {
      const retry = await kiosk24('queue', 'retry', req!.trackingCode, ...flags);
      expect(retry.code).toBe(1);
      expect(retry.stderr).toContain('locked by a running kiosk');
      // Reading still works beside it.
      const status = await kiosk24('queue', 'status', '--json', ...flags);
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ kioskRunning: true, sync: null });
    } finally {
      holder.close();
    }
  });

  it('answers usage errors with exit status 2', async () => {
    expect((await kiosk24('queue', 'frobnicate')).code).toBe(2);
    expect((await kiosk24('queue', 'list', '--state', 'lost')).code).toBe(2);
    expect((await kiosk24('sync')).code).toBe(2);
  });
});

describe('kiosk24 queue and sync, through a running kiosk', () => {
  it('reads live status, and retries and syncs in the kiosk itself', async () => {
    const { dataDir, configFile, flags } = site();
    const reqs = leaveQueued(dataDir);
    const config = loadConfig({ dataDir, file: configFile });
    const lines: string[] = [];
    const queue = openSubmissionQueue(
      config,
      createLogger('test', (line) => lines.push(line)),
    );
    try {
      const live = await kiosk24('queue', 'status', '--json', ...flags);
      expect(live.code, live.stderr).toBe(0);
      expect(JSON.parse(live.stdout)).toMatchObject({
        kioskRunning: true,
        sync: { online: expect.any(Boolean) },
      });

      const retry = await kiosk24('queue', 'retry', reqs[2]!.idempotencyKey, ...flags);
      expect(retry.code, retry.stderr).toBe(0);
      const sync = await kiosk24('sync', 'now', '--json', ...flags);
      expect(sync.code, sync.stderr).toBe(0);
      expect(JSON.parse(sync.stdout)).toMatchObject({
        via: 'running kiosk',
        counts: { pending: 0, parked: 0, acknowledged: 3 },
      });
      expect(queue.pending()).toBe(0);
      expect(queue.progress({ trackingCode: reqs[2]!.trackingCode })[0]).toMatchObject({
        delivery: 'acknowledged',
        centralStatus: 'received',
      });
      noPersonalData(lines.join('\n'));
    } finally {
      await queue.close();
    }
  });
});
