import { generateKeyPairSync } from 'node:crypto';
import { expect, it } from 'vitest';
import { startCentral } from '../../../central/index.ts';
import { FLEET_PATHS, HeartbeatAnswer, fleetKioskPath } from '../../../contract/fleet-api.ts';
import { createRequestSigner, enrolKiosk } from '../../../offline-cache/request-signing.ts';
import { pgliteMemory } from './support/backends.ts';
import { kioskId } from './support/fixtures.ts';
import { defineFleetSuite } from './support/fleet-suite.ts';
import { signedPost } from './support/http.ts';

defineFleetSuite(pgliteMemory);

it('asks for the configured interval and calls a kiosk offline after three of them', async () => {
  let offset = 0;
  const clock = () => Date.now() + offset;
  const central = await startCentral({
    port: 0,
    db: 'pglite:memory',
    heartbeatSeconds: 30,
    now: () => new Date(clock()),
    log: () => {},
    authenticateAdmin: async () => ({ adminId: 'aud', roles: ['auditor'] }),
  });
  try {
    const id = kioskId();
    const privateKey = generateKeyPairSync('ed25519').privateKey;
    const { token } = await central.services.enrolment.createToken({ kioskId: id });
    await enrolKiosk({
      centralUrl: central.url,
      token,
      kioskId: id,
      district: '越秀区',
      privateKey,
    });
    const kiosk = {
      kioskId: id,
      sign: createRequestSigner({ kioskId: id, privateKey, now: clock }),
    };
    const answer = await signedPost(
      central.url,
      FLEET_PATHS.heartbeat,
      {
        sentAt: new Date(clock()).toISOString(),
        softwareVersion: '1.0.0',
        catalogVersion: 1,
        devices: [],
        queue: { pending: 0, oldestPendingAgeSeconds: null },
        disk: { freeBytes: 8 * 1024 ** 3, totalBytes: 16 * 1024 ** 3 },
        uptimeSeconds: 1,
        sessionActive: true,
      },
      { ...kiosk, district: '越秀区', privateKey },
    );
    expect(HeartbeatAnswer.parse(answer.body).nextHeartbeatSeconds).toBe(30);
    const connectivity = async () => {
      const res = await fetch(central.url + fleetKioskPath(FLEET_PATHS.adminKiosk, id));
      return ((await res.json()) as { connectivity: string }).connectivity;
    };
    offset += 89_000;
    expect(await connectivity()).toBe('online');
    offset += 2_000;
    expect(await connectivity()).toBe('offline');
    expect((await central.services.fleet.sweep()).offline).toEqual([id]);
  } finally {
    await central.close();
  }
}, 60_000);
