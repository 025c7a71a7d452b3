// Fleet monitoring rules: a heartbeat stores the kiosk's state, raises and clears alerts by
// comparing this beat's conditions with the open ones, hands over pending remote actions (each
// once) and records the outcomes the kiosk reports. The sweeper marks silent kiosks offline and
// expires actions no beat took. Online/offline as shown is derived from the last beat's time, so
// it is right between sweeps too; the sweeper is only what raises the 'kiosk-offline' alert.
import { randomUUID } from 'node:crypto';
import {
  connectivityOf,
  FLEET_ALERT_KINDS,
  HEARTBEAT_INTERVAL_SECONDS,
  OFFLINE_AFTER_MISSED_HEARTBEATS,
  REMOTE_ACTION_EXPIRES_AFTER_SECONDS,
  FLEET_HISTORY_RETENTION_DAYS,
  type FleetAlert,
  type FleetAlertKind,
  type FleetAlertQuery,
  type FleetKiosk,
  type FleetKioskDetail,
  type FleetKioskPage,
  type FleetKioskQuery,
  type FleetSummary,
  type HeartbeatAnswer,
  type HeartbeatRequest,
  type RemoteActionKind,
  type RemoteActionRecord,
} from '../../contract/fleet-api.ts';
import type { z } from 'zod';
import { CentralError } from '../errors.ts';
import type { CentralLog } from '../http/log.ts';
import type { FleetRepository, StoredFleetKiosk } from '../repositories/fleet-repository.ts';
import type { KioskRepository } from '../repositories/kiosk-repository.ts';
import { conditionsOf } from './fleet-conditions.ts';

/** As the contract's schemas parsed them (defaults applied). */
type Heartbeat = z.output<typeof HeartbeatRequest>;
type KioskQuery = z.output<typeof FleetKioskQuery>;
type AlertQuery = z.output<typeof FleetAlertQuery>;

export interface FleetService {
  heartbeat(kioskId: string, beat: Heartbeat): Promise<HeartbeatAnswer>;
  /**
   * Marks silent kiosks offline (one alert each), expires stale actions and, at most hourly,
   * deletes history older than FLEET_HISTORY_RETENTION_DAYS.
   */
  sweep(): Promise<{
    offline: string[];
    expiredActions: number;
    purged: { alerts: number; actions: number } | null;
  }>;
  /** 404 for an unknown kiosk, 409 for a revoked one; created false: that kind was pending. */
  requestAction(
    kioskId: string,
    kind: RemoteActionKind,
    adminId: string,
  ): Promise<{ record: RemoteActionRecord; created: boolean }>;
  actions(kioskId: string): Promise<RemoteActionRecord[]>;
  summary(): Promise<FleetSummary>;
  kiosks(query: KioskQuery): Promise<FleetKioskPage>;
  kiosk(kioskId: string): Promise<FleetKioskDetail | null>;
  alerts(query: AlertQuery): Promise<FleetAlert[]>;
  /** Seconds between beats that this centre asks for. */
  readonly heartbeatSeconds: number;
}

export interface FleetServiceOptions {
  repo: FleetRepository;
  kiosks: Pick<KioskRepository, 'findKiosk'>;
  log: CentralLog;
  now: () => Date;
  /** Default HEARTBEAT_INTERVAL_SECONDS. */
  heartbeatSeconds?: number;
}

const DETAIL_ROWS = 50;

const PURGE_EVERY_MS = 3600_000;

export function createFleetService(opts: FleetServiceOptions): FleetService {
  const { repo, log, now } = opts;
  const heartbeatSeconds = opts.heartbeatSeconds ?? HEARTBEAT_INTERVAL_SECONDS;
  // The sweep runs every interval; deleting old history (a scan of the alerts) hourly is plenty.
  let lastPurge = Number.NEGATIVE_INFINITY;
  if (!Number.isInteger(heartbeatSeconds) || heartbeatSeconds < 1 || heartbeatSeconds > 3600) {
    throw new Error('heartbeatSeconds must be a whole number of seconds from 1 to 3600');
  }
  const silentMs = OFFLINE_AFTER_MISSED_HEARTBEATS * heartbeatSeconds * 1000;
  const onlineSince = (at: Date) => new Date(at.getTime() - silentMs);

  const view = (row: StoredFleetKiosk, at: Date): FleetKiosk => {
    const last = row.lastHeartbeatAt === null ? null : new Date(row.lastHeartbeatAt);
    return {
      kioskId: row.kioskId,
      district: row.district,
      enrolledAt: row.enrolledAt,
      revokedAt: row.revokedAt,
      connectivity: connectivityOf(last, at, heartbeatSeconds),
      lastHeartbeatAt: row.lastHeartbeatAt,
      clockSkewSeconds:
        last && row.sentAt ? Math.round((Date.parse(row.sentAt) - last.getTime()) / 1000) : null,
      softwareVersion: row.softwareVersion,
      catalogVersion: row.catalogVersion,
      devices: row.devices,
      queue: row.queue,
      disk: row.disk,
      uptimeSeconds: row.uptimeSeconds,
      sessionActive: row.sessionActive,
      openAlerts: row.openAlerts,
    };
  };

  return {
    heartbeatSeconds,

    async heartbeat(kioskId, beat) {
      const receivedAt = now();
      const outcome = await repo.recordHeartbeat({
        kioskId,
        receivedAt,
        sentAt: beat.sentAt,
        softwareVersion: beat.softwareVersion,
        catalogVersion: beat.catalogVersion,
        devices: beat.devices,
        queue: beat.queue,
        disk: beat.disk,
        uptimeSeconds: beat.uptimeSeconds,
        sessionActive: beat.sessionActive,
        conditions: conditionsOf(beat),
        completed: beat.completedActions,
        deliverRequestedAfter: new Date(
          receivedAt.getTime() - REMOTE_ACTION_EXPIRES_AFTER_SECONDS * 1000,
        ),
        redeliverDeliveredBefore: new Date(receivedAt.getTime() - 2 * heartbeatSeconds * 1000),
      });
      // Changes only: a steady kiosk logs nothing here (the request log has its beat).
      if (outcome.previousConditions === null) log('info', 'fleet.first-heartbeat', { kioskId });
      for (const a of outcome.raised) {
        log('warn', 'fleet.alert-raised', { kioskId, kind: a.kind, device: a.device });
      }
      for (const a of outcome.cleared) {
        log('info', 'fleet.alert-cleared', { kioskId, kind: a.kind, device: a.device });
      }
      for (const a of outcome.delivered) {
        log('info', 'fleet.action-delivered', { kioskId, actionId: a.id, kind: a.kind });
      }
      for (const a of outcome.completed) {
        log('info', 'fleet.action-completed', {
          kioskId,
          actionId: a.id,
          kind: a.kind,
          state: a.state,
        });
      }
      return {
        receivedAt: receivedAt.toISOString(),
        nextHeartbeatSeconds: heartbeatSeconds,
        actions: outcome.delivered,
      };
    },

    async sweep() {
      const at = now();
      const offline = await repo.markOffline(onlineSince(at), at);
      for (const kioskId of offline) log('warn', 'fleet.kiosk-offline', { kioskId });
      const expired = await repo.expireActions(
        new Date(at.getTime() - REMOTE_ACTION_EXPIRES_AFTER_SECONDS * 1000),
        at,
        'no outcome: the kiosk did not carry it out within 24 hours',
      );
      for (const a of expired) {
        log('info', 'fleet.action-expired', { kioskId: a.kioskId, actionId: a.id, kind: a.kind });
      }
      let purged: { alerts: number; actions: number } | null = null;
      if (at.getTime() - lastPurge >= PURGE_EVERY_MS) {
        lastPurge = at.getTime();
        purged = await repo.purgeHistory(
          new Date(at.getTime() - FLEET_HISTORY_RETENTION_DAYS * 86_400_000),
        );
        if (purged.alerts + purged.actions > 0) log('info', 'fleet.history-purged', purged);
      }
      return { offline, expiredActions: expired.length, purged };
    },

    async requestAction(kioskId, kind, adminId) {
      const kiosk = await opts.kiosks.findKiosk(kioskId);
      if (!kiosk) throw new CentralError('not-found', 'kiosk-unknown', 'no such kiosk');
      if (kiosk.revokedAt !== null) {
        throw new CentralError('conflict', 'kiosk-revoked', 'this kiosk has been revoked');
      }
      const result = await repo.requestAction({
        id: randomUUID(),
        kioskId,
        kind,
        requestedAt: now().toISOString(),
        requestedBy: adminId,
      });
      log('info', 'admin.fleet-action', {
        admin: adminId,
        kioskId,
        kind,
        actionId: result.record.id,
        created: result.created,
      });
      return result;
    },

    actions: (kioskId) => repo.listActions(kioskId, 100),

    async summary() {
      const at = now();
      const counts = await repo.counts(onlineSince(at));
      const openAlerts = Object.fromEntries(FLEET_ALERT_KINDS.map((k) => [k, 0])) as Record<
        FleetAlertKind,
        number
      >;
      for (const { kind, n } of counts.openAlerts) {
        if (kind in openAlerts) openAlerts[kind] = n;
      }
      return {
        generatedAt: at.toISOString(),
        total: counts.total,
        online: counts.online,
        offline: counts.offline,
        neverSeen: counts.neverSeen,
        revoked: counts.revoked,
        openAlerts,
        catalogVersions: counts.catalogVersions,
        softwareVersions: counts.softwareVersions,
      };
    },

    async kiosks(query) {
      const at = now();
      // One row more than asked tells whether another page follows.
      const rows = await repo.listKiosks({
        ...query,
        limit: query.limit + 1,
        onlineSince: onlineSince(at),
      });
      const page = rows.slice(0, query.limit);
      return {
        kiosks: page.map((row) => view(row, at)),
        nextAfter: rows.length > query.limit ? page.at(-1)!.kioskId : null,
      };
    },

    async kiosk(kioskId) {
      const row = await repo.findKiosk(kioskId);
      if (!row) return null;
      const [open, recent, actions] = await Promise.all([
        repo.listAlerts({ openOnly: true, kioskId, limit: DETAIL_ROWS }),
        repo.listAlerts({ openOnly: false, kioskId, limit: DETAIL_ROWS }),
        repo.listActions(kioskId, DETAIL_ROWS),
      ]);
      const seen = new Set(open.map((a) => a.id));
      return {
        ...view(row, now()),
        alerts: [...open, ...recent.filter((a) => !seen.has(a.id))],
        actions,
      };
    },

    alerts: (query) =>
      repo.listAlerts({
        openOnly: query.state === 'open',
        ...(query.kioskId === undefined ? {} : { kioskId: query.kioskId }),
        limit: query.limit,
      }),
  };
}
