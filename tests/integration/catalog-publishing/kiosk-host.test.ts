// The whole kiosk host as `kiosk24 start --config` composes it, against a real central platform:
// with a one-time token and the centre's root in its configuration it enrols itself, signs its
// submissions, runs the catalog published for it, and takes a newer one only after the citizen's
// session has ended. Driven over the same RPC socket the screen uses.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import { startCentral, type CentralPlatform } from '../../../central/index.ts';
import { provisionKiosk } from '../../../central/testing/provision-kiosk.ts';
import { loadConfig } from '../../../config/kiosk-config.ts';
import type { KioskApi } from '../../../contract/kiosk-api.ts';
import { connectKioskRpc } from '../../support/kiosk-rpc-client.ts';
import { openSubmissionQueue } from '../../../host/adapters/submission-queue.ts';
import { startKioskHost, type KioskHost } from '../../../host/compose.ts';
import { enrolFromConfig } from '../../../host/kiosk-enrolment.ts';
import { createLogger } from '../../../host/log.ts';
import { startVirtualReceiptPrinter } from '../../../printers/index.ts';
import { submission } from '../central/support/fixtures.ts';
import { catalogVariant } from './support/kiosk-fixture.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const KIOSK = `GZ-HOST-${randomBytes(3).toString('hex')}`;
const centralLog: string[] = [];
const kioskLog: string[] = [];
let central: CentralPlatform;
let printer: Awaited<ReturnType<typeof startVirtualReceiptPrinter>>;
let host: KioskHost;
let socket: WebSocket;
let api: KioskApi;

const rpc = connectKioskRpc;

async function until(probe: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const polledFor = (version: number) =>
  centralLog.some(
    (l) =>
      l.includes('"event":"catalog.poll"') &&
      l.includes(`"kioskId":"${KIOSK}"`) &&
      l.includes(`"latest":${version}`),
  );

beforeAll(async () => {
  central = await startCentral({
    port: 0,
    db: 'pglite:memory',
    log: (level, event, fields) => centralLog.push(JSON.stringify({ level, event, ...fields })),
  });
  printer = await startVirtualReceiptPrinter({ port: 0 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-host-catalog-'));
  // What a harness does for its kiosk in one call: a token for it and the root to trust.
  const { enrolmentToken, trustedRootFile } = await provisionKiosk(central, {
    kioskId: KIOSK,
    rootFile: path.join(dir, 'trusted-root.json'),
  });
  const config = loadConfig({
    dataDir: path.join(dir, 'data'),
    overrides: {
      kioskId: KIOSK,
      central: {
        url: central.url,
        enrolmentToken,
        trustedRootFile: trustedRootFile!,
        catalogPollSeconds: 5,
      },
      receiptPrinter: { uri: `tcp://127.0.0.1:${printer.port}` },
      host: { port: 0 },
    },
  });
  await central.services.catalogs.publish({ catalog: catalogVariant('at-start') });
  host = await startKioskHost({
    config,
    appRoot: repoRoot,
    secret: randomBytes(24).toString('base64url'),
    softwareVersion: 'test',
    log: createLogger('kiosk', (l) => kioskLog.push(l)),
  });
  ({ socket, api } = await rpc(`http://127.0.0.1:${host.port}`, host.secret));
}, 60_000);

afterAll(async () => {
  socket?.close();
  await host?.close();
  await printer?.close();
  await central?.close();
});

it('enrols itself from its configuration', async () => {
  expect(await central.services.enrolment.get(KIOSK)).toMatchObject({
    kioskId: KIOSK,
    revokedAt: null,
  });
  expect(kioskLog.join('\n')).toContain('"event":"kiosk.enrolled"');
});

it('signs what its outbox delivers, with the key it enrolled', async () => {
  const kioskId = `${KIOSK}-Q`;
  const { token } = await central.services.enrolment.createToken({ kioskId });
  const config = loadConfig({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'kiosk24-host-queue-')),
    overrides: { kioskId, central: { url: central.url, enrolmentToken: token } },
  });
  const log = createLogger('queue', () => {});
  expect(await enrolFromConfig(config)).toBe('enrolled');
  expect(await enrolFromConfig(config)).toBe('already-enrolled');
  const queue = openSubmissionQueue(config, log);
  try {
    const req = submission(kioskId);
    expect(await queue.submit(req, 5000)).toBe('acknowledged');
    expect(await central.services.submissions.count({ trackingCode: req.trackingCode })).toBe(1);
    // Revoked: what it sends next waits in the outbox instead of being stored.
    await central.services.enrolment.revoke(kioskId);
    const after = submission(kioskId);
    expect(await queue.submit(after, 1000)).toBe('queued');
    expect(await central.services.submissions.count({ trackingCode: after.trackingCode })).toBe(0);
  } finally {
    await queue.close();
  }
});

it('runs the catalog published for it, and takes a newer one only when the session is over', async () => {
  const first = (await central.services.catalogs.list())[0]!.version;
  await until(
    async () => (await api['kiosk.status']({})).catalogVersion === first,
    'the first catalog',
  );
  const shown = await api['catalog.current']({});
  expect(shown.items[0]!.name).toContain('at-start');

  const { sessionId } = await api['session.begin']({ itemCode: shown.items[0]!.code });
  const newer = await central.services.catalogs.publish({
    catalog: catalogVariant('after-session'),
  });
  await until(() => polledFor(newer.version), 'the kiosk to poll the newer catalog');
  // Fetched and verified, but the citizen at the screen keeps the catalog the session began with.
  await until(() => kioskLog.some((l) => l.includes('"event":"catalog.staged"')), 'staging');
  expect((await api['kiosk.status']({})).catalogVersion).toBe(first);

  await api['session.end']({ sessionId, reason: 'completed' });
  expect((await api['kiosk.status']({})).catalogVersion).toBe(newer.version);
  expect((await api['catalog.current']({})).items[0]!.name).toContain('after-session');
  expect(loadBundledCatalog().version).toBeLessThan(first);
}, 30_000);
