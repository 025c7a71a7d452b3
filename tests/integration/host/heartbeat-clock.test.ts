// A kiosk whose clock is 10 minutes slow (a flat CMOS battery after a power cut): the centre
// refuses its signed heartbeat, the refusal's `Date` teaches the kiosk the centre's time, the
// next beat gets through, and the fleet view raises the clock as a fault for a technician. Real
// central platform (embedded PGlite) over HTTP, real signatures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentral, type CentralPlatform } from '../../../central/index.ts';
import type { HeartbeatDevice, HeartbeatRequest } from '../../../contract/fleet-api.ts';
import { clockDevice } from '../../../host/heartbeat/collect-heartbeat.ts';
import { HeartbeatFailed, sendHeartbeat } from '../../../host/heartbeat/heartbeat-client.ts';
import { createCentralClock } from '../../../offline-cache/central-clock.ts';
import { createRequestSigner } from '../../../offline-cache/request-signing.ts';
import { enrolTestKiosk } from '../central/support/signed-kiosk.ts';

const KIOSK = 'GZ-CLOCK-0001';
const SLOW_MS = 10 * 60_000;
let central: CentralPlatform;

beforeAll(async () => {
  central = await startCentral({ port: 0, db: 'pglite:memory', log: () => undefined });
}, 60_000);
afterAll(async () => {
  await central?.close();
});

function beat(localNow: number, clockReport: HeartbeatDevice): HeartbeatRequest {
  return {
    sentAt: new Date(localNow).toISOString(),
    softwareVersion: 'test',
    catalogVersion: 1,
    devices: [
      { device: 'id-reader', state: 'ok', detail: 'SAM ready' },
      { device: 'central', state: 'ok', detail: 'reachable' },
      clockReport,
    ],
    queue: { pending: 0, oldestPendingAgeSeconds: null, failed: 0 },
    disk: { freeBytes: 4e10, totalBytes: 6.4e10 },
    uptimeSeconds: 60,
    sessionActive: false,
    completedActions: [],
  };
}

describe('a kiosk with a slow clock', () => {
  it("learns the centre's time from a refused heartbeat, then gets through and is flagged", async () => {
    const { privateKey } = await enrolTestKiosk(central, KIOSK);
    const local = () => Date.now() - SLOW_MS;
    const clock = createCentralClock({ local });
    const sign = createRequestSigner({ kioskId: KIOSK, privateKey, now: clock.now });
    const send = () =>
      sendHeartbeat({
        centralUrl: central.url,
        sign,
        clock,
        request: beat(local(), clockDevice(clock.offsetMs())),
        timeoutMs: 10_000,
      });

    const refused = await send().catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(HeartbeatFailed);
    expect(refused).toMatchObject({ kind: 'refused', status: 401 });
    expect((refused as Error).message).toContain('timestamp-out-of-window');
    expect(Math.abs(clock.offsetMs() - SLOW_MS)).toBeLessThan(2000);

    await expect(send()).resolves.toMatchObject({ actions: [] });
    // The accepted beat's receivedAt (to the millisecond) keeps it, more precisely.
    expect(Math.abs(clock.offsetMs() - SLOW_MS)).toBeLessThan(200);
    const view = await central.services.fleet.kiosk(KIOSK);
    expect(view?.connectivity).toBe('online');
    // The beat's own sentAt is the local clock: the centre still shows the real skew.
    expect(view?.clockSkewSeconds).toBeLessThan(-590);
    const reported = view?.devices.find((d) => d.device === 'clock');
    expect(reported).toMatchObject({ state: 'fault' });
    expect(reported?.detail).toMatch(/^system clock 10 min \d+ s behind the centre's/);
    expect(view?.alerts).toContainEqual(
      expect.objectContaining({ kind: 'device-fault', device: 'clock', clearedAt: null }),
    );
  }, 60_000);
});
