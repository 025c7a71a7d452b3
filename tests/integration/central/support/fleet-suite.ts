// Fleet monitoring end to end over real HTTP against one database backend (fleet.*.test.ts):
// kiosks enrolled with real keys send signed heartbeats; admins with injected roles read the
// fleet and request remote actions. The centre's clock is moved forward (never back) to make
// kiosks fall silent; the kiosks sign with the same moved clock, as a kiosk's NTP-synced one is.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FLEET_HISTORY_RETENTION_DAYS,
  FLEET_PATHS,
  FleetAlertList,
  FleetKioskDetail,
  FleetKioskPage,
  FleetSummary,
  HeartbeatAnswer,
  RemoteActionList,
  RemoteActionRecord,
  fleetKioskPath,
  type HeartbeatDevice,
  type HeartbeatRequest,
} from '../../../../contract/fleet-api.ts';
import {
  CentralError,
  startCentral,
  type AdminIdentity,
  type CentralPlatform,
} from '../../../../central/index.ts';
import { createRequestSigner, enrolKiosk } from '../../../../offline-cache/request-signing.ts';
import type { Backend } from './backends.ts';
import { kioskId } from './fixtures.ts';
import { post, signedPost, type Answer } from './http.ts';
import type { TestKiosk } from './signed-kiosk.ts';

const GiB = 1024 ** 3;
/** Admins by bearer word: the roles the console's accounts will carry. */
const ADMINS: Record<string, AdminIdentity> = {
  operator: { adminId: 'op-1', roles: ['fleet-operator'] },
  auditor: { adminId: 'aud-1', roles: ['auditor'] },
  editor: { adminId: 'ed-1', roles: ['catalog-editor'] },
};
const as = (who: keyof typeof ADMINS) => ({ authorization: `Bearer ${who}` });
/** A marker in a device's detail: stored for the console, never logged. */
const DETAIL_MARKER = 'jam-at-cutter-7731';

export function defineFleetSuite(backend: Backend): void {
  describe.skipIf(backend.unavailable !== null)(`fleet monitoring on ${backend.name}`, () => {
    let central: CentralPlatform;
    const logLines: string[] = [];
    let offset = 0;
    const clock = () => Date.now() + offset;
    /** Moves both clocks forward. */
    const advance = (ms: number) => {
      offset += ms;
    };

    beforeAll(async () => {
      central = await startCentral({
        port: 0,
        db: await backend.start(),
        now: () => new Date(clock()),
        log: (level, event, fields) => logLines.push(JSON.stringify({ level, event, ...fields })),
        authenticateAdmin: async (req) => {
          const word = /^Bearer (\w+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
          const admin = word === undefined ? undefined : ADMINS[word];
          if (!admin) {
            throw new CentralError('unauthenticated', 'admin-unauthenticated', 'sign in');
          }
          return admin;
        },
      });
    }, 120_000);
    afterAll(async () => {
      await central?.close();
      await backend.stop();
    });

    async function enrol(district = '天河区'): Promise<TestKiosk> {
      const id = kioskId();
      const privateKey = generateKeyPairSync('ed25519').privateKey;
      const { token } = await central.services.enrolment.createToken({ kioskId: id });
      await enrolKiosk({ centralUrl: central.url, token, kioskId: id, district, privateKey });
      const sign = createRequestSigner({ kioskId: id, privateKey, now: clock });
      return { kioskId: id, district, privateKey, sign };
    }

    const healthy = (): HeartbeatDevice[] => [
      { device: 'id-reader', state: 'ok', detail: 'SAM ready' },
      { device: 'camera', state: 'ok', detail: '1280x720' },
      { device: 'receipt-printer', state: 'ok', detail: 'ready', paper: 'ok' },
      { device: 'a4-printer', state: 'ok', detail: 'idle', paper: 'ok' },
      { device: 'scanner', state: 'absent', detail: 'not fitted' },
      { device: 'central', state: 'ok', detail: 'reachable' },
    ];

    function heartbeat(over: Partial<HeartbeatRequest> = {}): HeartbeatRequest {
      return {
        sentAt: new Date(clock()).toISOString(),
        softwareVersion: '0.9.0',
        catalogVersion: 7,
        devices: healthy(),
        queue: { pending: 0, oldestPendingAgeSeconds: null, failed: 0 },
        disk: { freeBytes: 40 * GiB, totalBytes: 64 * GiB },
        uptimeSeconds: 3600,
        sessionActive: false,
        completedActions: [],
        ...over,
      };
    }

    const withDevice = (device: string, change: Partial<HeartbeatDevice>) =>
      healthy().map((d) => (d.device === device ? { ...d, ...change } : d));

    async function beat(kiosk: TestKiosk, over: Partial<HeartbeatRequest> = {}) {
      const answer = await signedPost(central.url, FLEET_PATHS.heartbeat, heartbeat(over), kiosk);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return HeartbeatAnswer.parse(answer.body);
    }

    async function get(path: string, who: keyof typeof ADMINS = 'auditor'): Promise<Answer> {
      const res = await fetch(central.url + path, { headers: as(who) });
      return {
        status: res.status,
        body: (await res.json()) as Record<string, unknown>,
        headers: res.headers,
      };
    }

    const detail = async (kiosk: TestKiosk) => {
      const answer = await get(fleetKioskPath(FLEET_PATHS.adminKiosk, kiosk.kioskId));
      expect(answer.status).toBe(200);
      return FleetKioskDetail.parse(answer.body);
    };
    const alerts = async (kiosk: TestKiosk, state: 'open' | 'all' = 'open') => {
      const answer = await get(
        `${FLEET_PATHS.adminAlerts}?state=${state}&kioskId=${kiosk.kioskId}`,
      );
      expect(answer.status).toBe(200);
      return FleetAlertList.parse(answer.body);
    };
    const summary = async () => FleetSummary.parse((await get(FLEET_PATHS.adminSummary)).body);
    const requestAction = (kiosk: TestKiosk, kind: string, who: keyof typeof ADMINS) =>
      post(central.url, fleetKioskPath(FLEET_PATHS.adminActions, kiosk.kioskId), { kind }, as(who));

    it('a signed heartbeat shows in the fleet view, the list and the summary', async () => {
      const before = await summary();
      const kiosk = await enrol('海珠区');
      expect((await detail(kiosk)).connectivity).toBe('never-seen');
      expect((await summary()).neverSeen).toBe(before.neverSeen + 1);

      const answer = await beat(kiosk, { softwareVersion: '0.9.1', catalogVersion: 12 });
      expect(answer.nextHeartbeatSeconds).toBe(60);
      expect(answer.actions).toEqual([]);
      expect(Math.abs(Date.parse(answer.receivedAt) - clock())).toBeLessThan(5_000);

      const view = await detail(kiosk);
      expect(view).toMatchObject({
        kioskId: kiosk.kioskId,
        district: '海珠区',
        connectivity: 'online',
        softwareVersion: '0.9.1',
        catalogVersion: 12,
        queue: { pending: 0, oldestPendingAgeSeconds: null, failed: 0 },
        disk: { freeBytes: 40 * GiB, totalBytes: 64 * GiB },
        uptimeSeconds: 3600,
        sessionActive: false,
        openAlerts: 0,
        revokedAt: null,
        alerts: [],
        actions: [],
      });
      expect(view.devices).toEqual(healthy());
      expect(Math.abs(view.clockSkewSeconds!)).toBeLessThanOrEqual(5);

      const after = await summary();
      expect(after.online).toBe(before.online + 1);
      expect(after.neverSeen).toBe(before.neverSeen);
      expect(after.total).toBe(before.total + 1);
      expect(after.total).toBe(after.online + after.offline + after.neverSeen + after.revoked);
      expect(after.catalogVersions).toContainEqual({ version: 12, kiosks: 1 });
      expect(after.softwareVersions).toContainEqual({ version: '0.9.1', kiosks: 1 });

      const listed = FleetKioskPage.parse(
        (await get(`${FLEET_PATHS.adminKiosks}?district=${encodeURIComponent('海珠区')}`)).body,
      );
      expect(listed.kiosks.map((k) => k.kioskId)).toEqual([kiosk.kioskId]);
      const online = FleetKioskPage.parse(
        (await get(`${FLEET_PATHS.adminKiosks}?connectivity=online&limit=5000`)).body,
      );
      expect(online.kiosks.map((k) => k.kioskId)).toContain(kiosk.kioskId);
      const neverSeen = FleetKioskPage.parse(
        (await get(`${FLEET_PATHS.adminKiosks}?connectivity=never-seen&limit=5000`)).body,
      );
      expect(neverSeen.kiosks.map((k) => k.kioskId)).not.toContain(kiosk.kioskId);
    });

    it('pages the kiosk list by kiosk id', async () => {
      const district = `分页-${Date.now()}`;
      const kiosks = await Promise.all([enrol(district), enrol(district), enrol(district)]);
      const ids = kiosks.map((k) => k.kioskId).sort();
      const path = (after?: string) =>
        `${FLEET_PATHS.adminKiosks}?district=${encodeURIComponent(district)}&limit=2` +
        (after ? `&after=${after}` : '');
      const first = FleetKioskPage.parse((await get(path())).body);
      expect(first.kiosks.map((k) => k.kioskId)).toEqual(ids.slice(0, 2));
      expect(first.nextAfter).toBe(ids[1]);
      const second = FleetKioskPage.parse((await get(path(first.nextAfter!))).body);
      expect(second.kiosks.map((k) => k.kioskId)).toEqual(ids.slice(2));
      expect(second.nextAfter).toBeNull();
    });

    it('refuses unsigned and malformed heartbeats with a 4xx and stores nothing', async () => {
      const kiosk = await enrol();
      const unsigned = await post(central.url, FLEET_PATHS.heartbeat, heartbeat());
      expect(unsigned.status).toBe(401);

      const bad: unknown[] = [
        { ...heartbeat(), devices: undefined },
        { ...heartbeat(), sentAt: '2026-11-23 10:00' },
        { ...heartbeat(), catalogVersion: -1 },
        heartbeat({ devices: withDevice('receipt-printer', { paper: 'empty' as never }) }),
        heartbeat({ devices: withDevice('camera', { detail: 'x'.repeat(201) }) }),
        heartbeat({ devices: [...healthy(), { device: 'camera', state: 'ok', detail: '' }] }),
        heartbeat({ disk: { freeBytes: 10, totalBytes: 5 } }),
        heartbeat({
          completedActions: [
            { id: 'not-a-uuid', outcome: 'done', detail: '', completedAt: '2026-01-01T00:00:00Z' },
          ],
        }),
        '{"sentAt": ',
      ];
      for (const body of bad) {
        const answer = await signedPost(central.url, FLEET_PATHS.heartbeat, body, kiosk);
        expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
        expect(answer.body.error).toMatch(/invalid/);
      }
      // A valid body whose signature does not cover it.
      const text = JSON.stringify(heartbeat());
      const forged = await post(
        central.url,
        FLEET_PATHS.heartbeat,
        heartbeat({ catalogVersion: 99 }),
        {
          ...kiosk.sign({ method: 'POST', path: FLEET_PATHS.heartbeat, body: text }),
        },
      );
      expect(forged.status).toBe(401);

      const view = await detail(kiosk);
      expect(view.connectivity).toBe('never-seen');
      expect(view.lastHeartbeatAt).toBeNull();
      expect(view.devices).toEqual([]);
    });

    it('refuses a revoked kiosk with 403 and keeps its last state', async () => {
      const kiosk = await enrol();
      await beat(kiosk, { catalogVersion: 3 });
      await central.services.enrolment.revoke(kiosk.kioskId);
      const refused = await signedPost(
        central.url,
        FLEET_PATHS.heartbeat,
        heartbeat({ catalogVersion: 4 }),
        kiosk,
      );
      expect(refused.status).toBe(403);
      const view = await detail(kiosk);
      expect(view.catalogVersion).toBe(3);
      expect(view.revokedAt).not.toBeNull();
      // Revoked kiosks are told apart in the summary, not counted online.
      const s = await summary();
      expect(s.total).toBe(s.online + s.offline + s.neverSeen + s.revoked);
      const fromRevoked = (await requestAction(kiosk, 'sync-now', 'operator')).status;
      expect(fromRevoked).toBe(409);
    });

    it('raises one alert for paper out however many beats report it, and clears it on refill', async () => {
      const kiosk = await enrol();
      await beat(kiosk);
      const out = withDevice('receipt-printer', { state: 'warning', paper: 'out' });
      for (let i = 0; i < 3; i++) await beat(kiosk, { devices: out });
      const open = await alerts(kiosk);
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({
        kioskId: kiosk.kioskId,
        kind: 'paper-out',
        device: 'receipt-printer',
        clearedAt: null,
      });
      expect((await detail(kiosk)).openAlerts).toBe(1);
      const s = await summary();
      expect(s.openAlerts['paper-out']).toBeGreaterThanOrEqual(1);

      // Refilled, then low later: out is cleared, low raised once.
      await beat(kiosk);
      expect(await alerts(kiosk)).toEqual([]);
      const all = await alerts(kiosk, 'all');
      expect(all).toHaveLength(1);
      expect(all[0]!.clearedAt).not.toBeNull();
      const low = withDevice('a4-printer', { paper: 'low' });
      await beat(kiosk, { devices: low });
      await beat(kiosk, { devices: low });
      expect((await alerts(kiosk)).map((a) => [a.kind, a.device])).toEqual([
        ['paper-low', 'a4-printer'],
      ]);
      expect((await alerts(kiosk, 'all')).length).toBe(2);
      const raised = logLines.filter(
        (l) => l.includes('fleet.alert-raised') && l.includes(kiosk.kioskId),
      );
      expect(raised).toHaveLength(2);
    });

    it('raises a device fault (not for the central link, not for an absent device) and clears it', async () => {
      const kiosk = await enrol();
      await beat(kiosk, {
        devices: healthy().map((d) =>
          d.device === 'camera'
            ? { ...d, state: 'fault', detail: DETAIL_MARKER, lastError: 'USB reset' }
            : d.device === 'central'
              ? { ...d, state: 'offline' }
              : d,
        ),
      });
      const open = await alerts(kiosk);
      expect(open.map((a) => [a.kind, a.device])).toEqual([['device-fault', 'camera']]);
      expect(open[0]!.detail).toContain(DETAIL_MARKER);
      // A reader that dropped off the line also counts, as a second alert.
      await beat(kiosk, {
        devices: healthy().map((d) =>
          d.device === 'camera'
            ? { ...d, state: 'fault', detail: DETAIL_MARKER }
            : d.device === 'id-reader'
              ? { ...d, state: 'offline', detail: 'serial port gone' }
              : d,
        ),
      });
      expect((await alerts(kiosk)).map((a) => a.device).sort()).toEqual(['camera', 'id-reader']);
      await beat(kiosk);
      expect(await alerts(kiosk)).toEqual([]);
      // The kiosk's text is shown to admins but never written to the log.
      expect(logLines.join('\n')).not.toContain(DETAIL_MARKER);
    });

    it('raises queue-stuck when the oldest pending submission is over 30 minutes old', async () => {
      const kiosk = await enrol();
      await beat(kiosk, { queue: { pending: 4, oldestPendingAgeSeconds: 29 * 60 } });
      expect(await alerts(kiosk)).toEqual([]);
      await beat(kiosk, { queue: { pending: 4, oldestPendingAgeSeconds: 31 * 60 } });
      const open = await alerts(kiosk);
      expect(open.map((a) => [a.kind, a.device])).toEqual([['queue-stuck', null]]);
      expect(open[0]!.detail).toBe('4 pending, oldest 31 min');
      await beat(kiosk, { queue: { pending: 0, oldestPendingAgeSeconds: null } });
      expect(await alerts(kiosk)).toEqual([]);
    });

    it('raises disk-low under 1 GiB or 5 % free', async () => {
      const kiosk = await enrol();
      await beat(kiosk, { disk: { freeBytes: 0.5 * GiB, totalBytes: 64 * GiB } });
      expect((await alerts(kiosk)).map((a) => a.kind)).toEqual(['disk-low']);
      await beat(kiosk, { disk: { freeBytes: 4 * GiB, totalBytes: 100 * GiB } });
      expect((await alerts(kiosk, 'all')).length).toBe(1); // still the same open alert
      await beat(kiosk, { disk: { freeBytes: 6 * GiB, totalBytes: 100 * GiB } });
      expect(await alerts(kiosk)).toEqual([]);
    });

    it('marks a kiosk offline after three missed beats, once, and online again when it beats', async () => {
      const kiosk = await enrol();
      await beat(kiosk);
      advance(170_000);
      await central.services.fleet.sweep();
      expect((await detail(kiosk)).connectivity).toBe('online');
      expect(await alerts(kiosk)).toEqual([]);

      advance(11_000); // 181 s since the beat: three 60 s intervals missed
      expect((await detail(kiosk)).connectivity).toBe('offline');
      const swept = await central.services.fleet.sweep();
      expect(swept.offline).toContain(kiosk.kioskId);
      expect((await central.services.fleet.sweep()).offline).not.toContain(kiosk.kioskId);
      const open = await alerts(kiosk);
      expect(open.map((a) => [a.kind, a.device])).toEqual([['kiosk-offline', null]]);
      const offline = FleetKioskPage.parse(
        (await get(`${FLEET_PATHS.adminKiosks}?connectivity=offline&limit=5000`)).body,
      );
      expect(offline.kiosks.map((k) => k.kioskId)).toContain(kiosk.kioskId);

      await beat(kiosk);
      const view = await detail(kiosk);
      expect(view.connectivity).toBe('online');
      expect(view.openAlerts).toBe(0);
      const all = await alerts(kiosk, 'all');
      expect(all).toHaveLength(1);
      expect(all[0]!.clearedAt).not.toBeNull();
      expect(
        logLines.some((l) => l.includes('fleet.kiosk-offline') && l.includes(kiosk.kioskId)),
      ).toBe(true);
    });

    it('delivers an operator’s action on the next beat exactly once and records its outcome', async () => {
      const kiosk = await enrol();
      await beat(kiosk);

      const byAuditor = await requestAction(kiosk, 'sync-now', 'auditor');
      expect(byAuditor.status).toBe(403);
      expect(byAuditor.body.error).toBe('admin-role-required');
      const byEditor = await requestAction(kiosk, 'restart-app', 'editor');
      expect(byEditor.status).toBe(403);
      const none = await post(
        central.url,
        fleetKioskPath(FLEET_PATHS.adminActions, kiosk.kioskId),
        { kind: 'sync-now' },
      );
      expect(none.status).toBe(401);
      expect(await central.services.fleet.actions(kiosk.kioskId)).toEqual([]);

      const requested = await requestAction(kiosk, 'sync-now', 'operator');
      expect(requested.status).toBe(201);
      const action = RemoteActionRecord.parse(requested.body);
      expect(action).toMatchObject({
        kioskId: kiosk.kioskId,
        kind: 'sync-now',
        state: 'pending',
        requestedBy: 'op-1',
        deliveredAt: null,
      });
      // Asked again while pending: the same action, not a second one.
      const again = await requestAction(kiosk, 'sync-now', 'operator');
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(action.id);

      const first = await beat(kiosk);
      expect(first.actions).toEqual([
        { id: action.id, kind: 'sync-now', requestedAt: action.requestedAt, requestedBy: 'op-1' },
      ]);
      expect((await beat(kiosk)).actions).toEqual([]);
      // The answer may have been lost: without an outcome after two intervals it is sent again
      // (the kiosk's journal runs an id once), and not after its outcome is in.
      advance(2 * 60_000 + 1000);
      expect((await beat(kiosk)).actions.map((a) => a.id)).toEqual([action.id]);
      expect((await beat(kiosk)).actions).toEqual([]);
      const listed = RemoteActionList.parse(
        (await get(fleetKioskPath(FLEET_PATHS.adminActions, kiosk.kioskId))).body,
      );
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ id: action.id, state: 'delivered' });
      expect(listed[0]!.deliveredAt).not.toBeNull();

      const completedAt = new Date(clock()).toISOString();
      const report = { id: action.id, outcome: 'done' as const, detail: '3 sent', completedAt };
      await beat(kiosk, { completedActions: [report] });
      // Repeated (the kiosk did not see the answer): harmless.
      await beat(kiosk, { completedActions: [{ ...report, outcome: 'failed' }] });
      advance(3 * 60_000);
      expect((await beat(kiosk)).actions).toEqual([]);
      const done = (await detail(kiosk)).actions;
      expect(done).toHaveLength(1);
      expect(done[0]).toMatchObject({
        id: action.id,
        state: 'done',
        detail: '3 sent',
        completedAt: new Date(completedAt).toISOString(),
      });
      // Another kiosk cannot report on this kiosk's action.
      const other = await enrol();
      await beat(other, {
        completedActions: [{ id: action.id, outcome: 'failed', detail: 'x', completedAt }],
      });
      expect((await central.services.fleet.actions(kiosk.kioskId))[0]!.state).toBe('done');
    });

    it('expires an action no beat took within 24 hours', async () => {
      const kiosk = await enrol();
      const requested = await requestAction(kiosk, 'reload-catalog', 'operator');
      expect(requested.status).toBe(201);
      advance(24 * 3600_000 + 60_000);
      const swept = await central.services.fleet.sweep();
      expect(swept.expiredActions).toBeGreaterThanOrEqual(1);
      expect((await beat(kiosk)).actions).toEqual([]);
      const [expired] = await central.services.fleet.actions(kiosk.kioskId);
      expect(expired).toMatchObject({ id: requested.body.id, state: 'expired', deliveredAt: null });
    });

    it('deletes cleared alerts and finished actions after the retention period, never open ones', async () => {
      const kiosk = await enrol();
      await beat(kiosk, {
        devices: withDevice('receipt-printer', { state: 'warning', paper: 'out' }),
      });
      await beat(kiosk, { devices: healthy() }); // cleared
      await beat(kiosk, { devices: withDevice('receipt-printer', { paper: 'low' }) }); // stays open
      const requested = await requestAction(kiosk, 'sync-now', 'operator');
      const completedAt = new Date(clock()).toISOString();
      await beat(kiosk, { devices: withDevice('receipt-printer', { paper: 'low' }) });
      await beat(kiosk, {
        devices: withDevice('receipt-printer', { paper: 'low' }),
        completedActions: [
          { id: String(requested.body.id), outcome: 'done', detail: 'ok', completedAt },
        ],
      });
      expect(await alerts(kiosk, 'all')).toHaveLength(2);

      // The kiosk keeps beating with its paper low (so it is neither offline nor cleared).
      const stillLow = () =>
        beat(kiosk, { devices: withDevice('receipt-printer', { paper: 'low' }) });
      advance(FLEET_HISTORY_RETENTION_DAYS * 86_400_000 - 3600_000);
      await stillLow();
      await central.services.fleet.sweep();
      expect(await alerts(kiosk, 'all')).toHaveLength(2);
      advance(2 * 3600_000);
      await stillLow();
      const swept = await central.services.fleet.sweep();
      expect(swept.purged!.alerts).toBeGreaterThanOrEqual(1);
      const left = await alerts(kiosk, 'all');
      expect(left.map((a) => [a.kind, a.clearedAt])).toEqual([['paper-low', null]]);
      expect(await central.services.fleet.actions(kiosk.kioskId)).toEqual([]);
    });

    it('answers bad admin requests with clear 4xx', async () => {
      const kiosk = await enrol();
      expect((await get(FLEET_PATHS.adminSummary, 'editor')).status).toBe(200);
      const noAdmin = await fetch(central.url + FLEET_PATHS.adminSummary);
      expect(noAdmin.status).toBe(401);
      expect((await get(`${FLEET_PATHS.adminKiosks}?connectivity=sleepy`)).status).toBe(400);
      expect((await get(`${FLEET_PATHS.adminKiosks}?limit=0`)).status).toBe(400);
      expect((await get(`${FLEET_PATHS.adminAlerts}?state=closed`)).status).toBe(400);
      expect((await get(fleetKioskPath(FLEET_PATHS.adminKiosk, 'GZ-NOPE-000'))).status).toBe(404);
      expect((await get(fleetKioskPath(FLEET_PATHS.adminKiosk, 'bad id!'))).status).toBe(404);
      const badKind = await requestAction(kiosk, 'format-disk', 'operator');
      expect(badKind.status).toBe(400);
      const unknown = await post(
        central.url,
        fleetKioskPath(FLEET_PATHS.adminActions, 'GZ-NOPE-000'),
        { kind: 'sync-now' },
        as('operator'),
      );
      expect(unknown.status).toBe(404);
      expect(await central.services.fleet.actions(kiosk.kioskId)).toEqual([]);
    });
  });
}
