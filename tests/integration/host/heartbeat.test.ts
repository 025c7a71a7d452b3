// Fleet monitoring end to end: the kiosk started as a site starts it (`kiosk24 start --shell none
// --config FILE`, a child process), enrolled with a one-time token, beating against the real
// central platform (embedded PGlite). The centre's fleet view shows it online with the catalog it
// runs and its devices; paper out at the receipt printer becomes an alert; the screen's camera
// report reaches the centre; an admin's sync-now runs once and comes back done; a restart waits
// for the citizen to finish, restarts the host in the same process and address, and runs once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentral, type CentralPlatform } from '../../../central/index.ts';
import { provisionKiosk } from '../../../central/testing/provision-kiosk.ts';
import type { RemoteActionKind, RemoteActionRecord } from '../../../contract/fleet-api.ts';
import { connectKioskRpc } from '../../support/kiosk-rpc-client.ts';
import { startVirtualReceiptPrinter } from '../../../printers/index.ts';
import { catalogVariant } from '../catalog-publishing/support/kiosk-fixture.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const KIOSK = `GZ-BEAT-${randomBytes(3).toString('hex')}`;
/** The centre asks for a beat every 5 s (the kiosk's floor), so actions arrive within seconds. */
const BEAT_SECONDS = 5;
const kioskLog: string[] = [];
let central: CentralPlatform;
let printer: Awaited<ReturnType<typeof startVirtualReceiptPrinter>>;
let kiosk: ChildProcess;
let port: number;
let secret: string;
let publishedVersion: number;
let startArgs: string[];

async function until<T>(probe: () => Promise<T | null | false> | T | null | false, what: string) {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}\n${kioskLog.join('').slice(-4000)}`);
}

const events = (event: string, extra = '') =>
  kioskLog
    .join('')
    .split('\n')
    .filter((l) => l.includes(`"event":"${event}"`) && l.includes(extra));

const rpc = () => connectKioskRpc(`http://127.0.0.1:${port}`, secret);

const fleetView = () => central.services.fleet.kiosk(KIOSK);

async function requestAction(kind: RemoteActionKind): Promise<string> {
  const { record, created } = await central.services.fleet.requestAction(KIOSK, kind, 'ops-1');
  expect(created).toBe(true);
  return record.id;
}

async function actionRecord(id: string): Promise<RemoteActionRecord | undefined> {
  return (await central.services.fleet.actions(KIOSK)).find((a) => a.id === id);
}

/** Resolves after the centre has received `n` more beats from the kiosk. */
async function beats(n: number): Promise<void> {
  const start = (await fleetView())?.lastHeartbeatAt ?? '';
  let seen = start;
  for (let i = 0; i < n; i++) {
    const before = seen;
    seen = await until(async () => {
      const at = (await fleetView())?.lastHeartbeatAt;
      return at && at !== before ? at : null;
    }, 'a heartbeat');
  }
}

beforeAll(async () => {
  central = await startCentral({
    port: 0,
    db: 'pglite:memory',
    heartbeatSeconds: BEAT_SECONDS,
    log: () => undefined,
  });
  printer = await startVirtualReceiptPrinter({ port: 0 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-heartbeat-'));
  const { enrolmentToken, trustedRootFile } = await provisionKiosk(central, {
    kioskId: KIOSK,
    rootFile: path.join(dir, 'trusted-root.json'),
  });
  publishedVersion = (await central.services.catalogs.publish({ catalog: catalogVariant('fleet') }))
    .version;
  const configFile = path.join(dir, 'kiosk.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      kioskId: KIOSK,
      central: {
        url: central.url,
        enrolmentToken,
        trustedRootFile,
        catalogPollSeconds: 5,
        heartbeatSeconds: BEAT_SECONDS,
      },
      receiptPrinter: { uri: `tcp://127.0.0.1:${printer.port}` },
      host: { port: 0 },
    }),
  );
  startArgs = [
    path.join(repoRoot, 'bin', 'kiosk24.mjs'),
    'start',
    '--shell',
    'none',
    '--announce',
    'json',
    '--config',
    configFile,
    '--data-dir',
    path.join(dir, 'data'),
  ];
  kiosk = spawn(process.execPath, startArgs, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  kiosk.stderr!.on('data', (d: Buffer) => kioskLog.push(d.toString('utf8')));
  const lines = readline.createInterface({ input: kiosk.stdout! });
  const ready = await new Promise<{ port: number; secret: string }>((resolve, reject) => {
    lines.on('line', (line) => {
      const msg = JSON.parse(line) as { event?: string; port?: number; secret?: string };
      if (msg.event === 'ready') resolve({ port: msg.port!, secret: msg.secret! });
    });
    kiosk.once('exit', (code) => reject(new Error(`kiosk exited (${code}): ${kioskLog.join('')}`)));
  });
  ({ port, secret } = ready);
}, 90_000);

afterAll(async () => {
  if (kiosk && kiosk.exitCode === null) {
    const exited = new Promise((r) => kiosk.once('exit', r));
    kiosk.kill('SIGTERM');
    await exited;
  }
  await printer?.close();
  await central?.close();
});

describe('fleet monitoring from a running kiosk', () => {
  it('refuses a second kiosk process on the same data folder, which exits instead of hanging', async () => {
    const second = spawn(process.execPath, startArgs, {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    second.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('the outbox is locked by another process');
    expect(kiosk.exitCode).toBeNull();
  }, 60_000);

  it('shows the kiosk online with the catalog it runs and each device', async () => {
    const view = await until(async () => {
      const v = await fleetView();
      return v?.connectivity === 'online' && v.catalogVersion === publishedVersion ? v : null;
    }, 'the kiosk online with the published catalog');
    expect(view.softwareVersion).toBeTruthy();
    expect(view.sessionActive).toBe(false);
    expect(view.queue).toMatchObject({ pending: 0, oldestPendingAgeSeconds: null });
    expect(view.disk!.totalBytes).toBeGreaterThan(0);
    const devices = Object.fromEntries(view.devices.map((d) => [d.device, d]));
    expect(devices['id-reader']?.state).toBe('ok');
    expect(devices['receipt-printer']).toMatchObject({ state: 'ok', paper: 'ok' });
    expect(devices['a4-printer']?.state).toBe('ok');
    expect(devices['scanner']?.state).toBe('absent');
    expect(devices['camera']?.state).toBe('unknown');
    await until(
      async () =>
        (await fleetView())?.devices.some((d) => d.device === 'central' && d.state === 'ok'),
      'the central link reported ok',
    );
    // Logged once, when the first beat got through (a steady kiosk does not log every beat).
    await until(() => events('heartbeat.ok').length > 0, 'the first beat logged');
    await beats(1);
    expect(events('heartbeat.ok')).toHaveLength(1);
    expect(events('heartbeat.failed')).toHaveLength(0);
  }, 60_000);

  it('raises paper-out when the receipt printer runs out, and clears it when refilled', async () => {
    printer.setMode({ paperOut: true });
    const alert = await until(async () => {
      const open = await central.services.fleet.alerts({
        state: 'open',
        kioskId: KIOSK,
        limit: 100,
      });
      return open.find((a) => a.kind === 'paper-out') ?? null;
    }, 'a paper-out alert');
    expect(alert.device).toBe('receipt-printer');
    printer.setMode({ paperOut: false });
    await until(async () => {
      const all = await central.services.fleet.alerts({ state: 'all', kioskId: KIOSK, limit: 100 });
      return all.find((a) => a.id === alert.id)?.clearedAt ?? null;
    }, 'the paper-out alert cleared');
  }, 60_000);

  it('passes on the camera state the screen reports', async () => {
    const { socket, api } = await rpc();
    try {
      await api['kiosk.reportCamera']({ state: 'fault', detail: 'NotReadableError' });
      const camera = await until(async () => {
        const d = (await fleetView())?.devices.find((x) => x.device === 'camera');
        return d?.state === 'fault' ? d : null;
      }, 'the camera fault at the centre');
      expect(camera.detail).toMatch(/^NotReadableError/);
      await api['kiosk.reportCamera']({ state: 'ok', detail: 'Integrated Camera' });
      await until(async () => {
        const d = (await fleetView())?.devices.find((x) => x.device === 'camera');
        return d?.state === 'ok';
      }, 'the camera ok again');
    } finally {
      socket.close();
    }
  }, 60_000);

  it('runs an admin’s sync-now once and reports it done', async () => {
    const id = await requestAction('sync-now');
    const done = await until(async () => {
      const r = await actionRecord(id);
      return r?.state === 'done' ? r : null;
    }, 'sync-now reported done');
    expect(done.detail).toMatch(/^acknowledged \d+, parked 0, pending 0$/);
    await beats(1);
    expect(events('action.started', id)).toHaveLength(1);
    expect((await actionRecord(id))?.state).toBe('done');
  }, 60_000);

  it('restarts only once the session has ended, in place, and reports it done once', async () => {
    const { socket, api } = await rpc();
    const itemCode = (await api['catalog.current']({})).items[0]!.code;
    await api['session.begin']({ itemCode });
    const id = await requestAction('restart-app');
    await until(() => events('action.started', id).length === 1, 'the restart taken');
    await until(async () => (await fleetView())?.sessionActive === true, 'the session seen');
    // Beats go on while the citizen is served; the app does not restart under them.
    await beats(2);
    expect(events('kiosk.restarting')).toHaveLength(0);
    expect((await actionRecord(id))?.state).toBe('delivered');

    const { sessionId } = await api['session.begin']({ itemCode });
    await api['session.end']({ sessionId, reason: 'completed' });
    socket.close();
    await until(() => events('kiosk.restarted').length === 1, 'the host restarted');
    const done = await until(async () => {
      const r = await actionRecord(id);
      return r?.state === 'done' ? r : null;
    }, 'restart-app reported done');
    expect(done.detail).toBe('restarted after the session ended');

    // The same address and secret: the screen reconnects without a new launch.
    const again = await rpc();
    try {
      expect((await again.api['kiosk.status']({})).kioskId).toBe(KIOSK);
    } finally {
      again.socket.close();
    }
    await beats(1);
    expect(events('kiosk.restarting')).toHaveLength(1);
    expect(events('action.started', id)).toHaveLength(1);
    expect(kiosk.exitCode).toBeNull();
  }, 90_000);
});
