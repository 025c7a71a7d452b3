// Fleet state, alerts and remote actions, as rows. A heartbeat is ONE statement (data-modifying
// CTEs, atomic, one round trip): it upserts the kiosk's state row, clears the open alerts this
// beat no longer has, raises the new ones, hands over pending actions and records completed ones.
// All CTEs see the same snapshot, so `prev` is the state before this beat.
import type {
  CompletedAction,
  Connectivity,
  FleetAlert,
  FleetAlertKind,
  HeartbeatDevice,
  QueueReport,
  DiskReport,
  RemoteAction,
  RemoteActionKind,
  RemoteActionRecord,
  RemoteActionState,
} from '../../contract/fleet-api.ts';
import type { Db, Queryable } from '../db/db.ts';
import {
  conditionKey,
  OFFLINE_CONDITION_KEY,
  type FleetCondition,
} from '../services/fleet-conditions.ts';

export interface HeartbeatRow {
  kioskId: string;
  receivedAt: Date;
  sentAt: string;
  softwareVersion: string;
  catalogVersion: number;
  devices: HeartbeatDevice[];
  queue: QueueReport;
  disk: DiskReport;
  uptimeSeconds: number;
  sessionActive: boolean;
  /**
   * All of this beat's conditions: open alerts not among them are cleared, and those the stored
   * state did not have yet are raised.
   */
  conditions: FleetCondition[];
  completed: CompletedAction[];
  /** Pending actions requested before this are left for the sweeper to expire. */
  deliverRequestedAfter: Date;
  /**
   * Delivered actions with no outcome since before this are sent again: an answer can be lost on
   * the way back, and the kiosk's journal runs an action id once however often it arrives.
   */
  redeliverDeliveredBefore: Date;
}

export interface HeartbeatOutcome {
  /** Keys of the conditions stored before this beat; null on a kiosk's first beat. */
  previousConditions: string[] | null;
  raised: FleetAlert[];
  cleared: FleetAlert[];
  delivered: RemoteAction[];
  completed: { id: string; kind: RemoteActionKind; state: RemoteActionState }[];
}

export interface StoredFleetKiosk {
  kioskId: string;
  district: string;
  enrolledAt: string;
  revokedAt: string | null;
  lastHeartbeatAt: string | null;
  sentAt: string | null;
  softwareVersion: string | null;
  catalogVersion: number | null;
  devices: HeartbeatDevice[];
  queue: QueueReport | null;
  disk: DiskReport | null;
  uptimeSeconds: number | null;
  sessionActive: boolean | null;
  openAlerts: number;
}

export interface FleetKioskFilter {
  district?: string;
  connectivity?: Connectivity;
  after?: string;
  limit: number;
  /** A beat at or after this instant is online. */
  onlineSince: Date;
}

export interface FleetCounts {
  total: number;
  revoked: number;
  neverSeen: number;
  online: number;
  offline: number;
  openAlerts: { kind: FleetAlertKind; n: number }[];
  catalogVersions: { version: number; kiosks: number }[];
  softwareVersions: { version: string; kiosks: number }[];
}

export interface FleetRepository {
  recordHeartbeat(row: HeartbeatRow): Promise<HeartbeatOutcome>;
  /**
   * Kiosks (not revoked) silent since `silentSince` that are not yet marked offline: marked, with
   * a 'kiosk-offline' alert each. Returns their ids.
   */
  markOffline(silentSince: Date, at: Date): Promise<string[]>;
  /** Unfinished actions (pending, or delivered and never reported) requested before `requestedBefore` become 'expired'. */
  expireActions(requestedBefore: Date, at: Date, detail: string): Promise<RemoteActionRecord[]>;
  /** Deletes alerts cleared and actions finished before `before` (open ones are always kept). */
  purgeHistory(before: Date): Promise<{ alerts: number; actions: number }>;
  /** Inserts a pending action, or returns the one of that kind already pending (created false). */
  requestAction(
    action: RemoteAction & { kioskId: string },
  ): Promise<{ record: RemoteActionRecord; created: boolean }>;
  listActions(kioskId: string, limit: number): Promise<RemoteActionRecord[]>;
  listAlerts(filter: { openOnly: boolean; kioskId?: string; limit: number }): Promise<FleetAlert[]>;
  listKiosks(filter: FleetKioskFilter): Promise<StoredFleetKiosk[]>;
  findKiosk(kioskId: string): Promise<StoredFleetKiosk | null>;
  counts(onlineSince: Date): Promise<FleetCounts>;
}

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

interface AlertRow {
  id: string;
  kiosk_id: string;
  kind: FleetAlertKind;
  device: string | null;
  detail: string;
  raised_at: Date | string;
  cleared_at: Date | string | null;
  [column: string]: unknown;
}

interface ActionRow {
  id: string;
  kiosk_id: string;
  kind: RemoteActionKind;
  state: RemoteActionState;
  requested_at: Date | string;
  requested_by: string;
  delivered_at: Date | string | null;
  completed_at: Date | string | null;
  detail: string | null;
  [column: string]: unknown;
}

interface KioskRow {
  kiosk_id: string;
  district: string;
  enrolled_at: Date | string;
  revoked_at: Date | string | null;
  last_heartbeat_at: Date | string | null;
  sent_at: Date | string | null;
  software_version: string | null;
  catalog_version: number | null;
  devices: HeartbeatDevice[] | null;
  queue: QueueReport | null;
  disk: DiskReport | null;
  uptime_seconds: number | null;
  session_active: boolean | null;
  open_alerts: number;
  [column: string]: unknown;
}

const alertFromRow = (row: AlertRow): FleetAlert => ({
  id: row.id,
  kioskId: row.kiosk_id,
  kind: row.kind,
  device: row.device,
  detail: row.detail,
  raisedAt: iso(row.raised_at),
  clearedAt: isoOrNull(row.cleared_at),
});

const actionFromRow = (row: ActionRow): RemoteActionRecord => ({
  id: row.id,
  kind: row.kind,
  requestedAt: iso(row.requested_at),
  requestedBy: row.requested_by,
  kioskId: row.kiosk_id,
  state: row.state,
  deliveredAt: isoOrNull(row.delivered_at),
  completedAt: isoOrNull(row.completed_at),
  detail: row.detail,
});

const kioskFromRow = (row: KioskRow): StoredFleetKiosk => ({
  kioskId: row.kiosk_id,
  district: row.district,
  enrolledAt: iso(row.enrolled_at),
  revokedAt: isoOrNull(row.revoked_at),
  lastHeartbeatAt: isoOrNull(row.last_heartbeat_at),
  sentAt: isoOrNull(row.sent_at),
  softwareVersion: row.software_version,
  catalogVersion: row.catalog_version,
  devices: row.devices ?? [],
  queue: row.queue,
  disk: row.disk,
  uptimeSeconds: row.uptime_seconds,
  sessionActive: row.session_active,
  openAlerts: row.open_alerts,
});

/** Both drivers parse json columns; a driver that hands back text is parsed here. */
const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

const ALERT_COLUMNS = 'id, kiosk_id, kind, device, detail, raised_at, cleared_at';
const ACTION_COLUMNS =
  'id, kiosk_id, kind, state, requested_at, requested_by, delivered_at, completed_at, detail';
const ALERT_KEY = "(kind || ':' || COALESCE(device, ''))";

const HEARTBEAT_SQL = `
WITH prev AS (
  SELECT conditions FROM fleet_state WHERE kiosk_id = $1
),
up AS (
  INSERT INTO fleet_state (kiosk_id, last_heartbeat_at, sent_at, software_version,
    catalog_version, devices, queue, disk, uptime_seconds, session_active, conditions)
  VALUES ($1, $2::timestamptz, $3::timestamptz, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10,
    $11::jsonb)
  ON CONFLICT (kiosk_id) DO UPDATE SET
    last_heartbeat_at = EXCLUDED.last_heartbeat_at,
    sent_at = EXCLUDED.sent_at,
    software_version = EXCLUDED.software_version,
    catalog_version = EXCLUDED.catalog_version,
    devices = EXCLUDED.devices,
    queue = EXCLUDED.queue,
    disk = EXCLUDED.disk,
    uptime_seconds = EXCLUDED.uptime_seconds,
    session_active = EXCLUDED.session_active,
    conditions = EXCLUDED.conditions
  RETURNING 1
),
cleared AS (
  UPDATE fleet_alerts SET cleared_at = $2::timestamptz
  WHERE kiosk_id = $1 AND cleared_at IS NULL
    AND NOT ($11::jsonb @> jsonb_build_array(${ALERT_KEY}))
  RETURNING ${ALERT_COLUMNS}
),
raised AS (
  INSERT INTO fleet_alerts (id, kiosk_id, kind, device, detail, raised_at)
  SELECT gen_random_uuid(), $1, c.kind, c.device, c.detail, $2::timestamptz
  FROM jsonb_to_recordset($12::jsonb) AS c(kind text, device text, detail text)
  WHERE NOT EXISTS (SELECT 1 FROM prev p
    WHERE p.conditions @> jsonb_build_array(c.kind || ':' || COALESCE(c.device, '')))
  ON CONFLICT DO NOTHING
  RETURNING ${ALERT_COLUMNS}
),
delivered AS (
  UPDATE remote_actions SET state = 'delivered', delivered_at = $2::timestamptz
  WHERE kiosk_id = $1 AND requested_at >= $13::timestamptz
    AND (state = 'pending' OR (state = 'delivered' AND delivered_at < $15::timestamptz))
    AND id NOT IN (SELECT (c->>'id')::uuid FROM jsonb_array_elements($14::jsonb) AS c)
  RETURNING id, kind, requested_at, requested_by
),
completed AS (
  UPDATE remote_actions a SET state = c.outcome, completed_at = c.completed_at, detail = c.detail
  FROM jsonb_to_recordset($14::jsonb)
    AS c(id uuid, outcome text, detail text, completed_at timestamptz)
  WHERE a.id = c.id AND a.kiosk_id = $1 AND a.state = 'delivered'
  RETURNING a.id, a.kind, a.state
)
SELECT
  (SELECT conditions FROM prev) AS previous,
  (SELECT json_agg(r) FROM raised r) AS raised,
  (SELECT json_agg(x) FROM cleared x) AS cleared,
  (SELECT json_agg(d ORDER BY d.requested_at) FROM delivered d) AS delivered,
  (SELECT json_agg(c) FROM completed c) AS completed,
  (SELECT count(*)::int FROM up) AS stored`;

const KIOSK_SELECT = `
SELECT k.kiosk_id, k.district, k.enrolled_at, k.revoked_at, s.last_heartbeat_at, s.sent_at,
  s.software_version, s.catalog_version, s.devices, s.queue, s.disk, s.uptime_seconds,
  s.session_active,
  (SELECT count(*)::int FROM fleet_alerts a WHERE a.kiosk_id = k.kiosk_id AND a.cleared_at IS NULL)
    AS open_alerts
FROM kiosks k LEFT JOIN fleet_state s ON s.kiosk_id = k.kiosk_id`;

function bind(q: Queryable): FleetRepository {
  return {
    async recordHeartbeat(row) {
      const keys = row.conditions.map(conditionKey);
      const { rows } = await q.query(HEARTBEAT_SQL, [
        row.kioskId,
        row.receivedAt.toISOString(),
        row.sentAt,
        row.softwareVersion,
        row.catalogVersion,
        JSON.stringify(row.devices),
        JSON.stringify(row.queue),
        JSON.stringify(row.disk),
        row.uptimeSeconds,
        row.sessionActive,
        JSON.stringify(keys),
        JSON.stringify(row.conditions),
        row.deliverRequestedAfter.toISOString(),
        JSON.stringify(
          row.completed.map((c) => ({
            id: c.id,
            outcome: c.outcome,
            detail: c.detail,
            completed_at: c.completedAt,
          })),
        ),
        row.redeliverDeliveredBefore.toISOString(),
      ]);
      const result = rows[0]!;
      const delivered = json<ActionRow[] | null>(result.delivered) ?? [];
      return {
        previousConditions: json<string[] | null>(result.previous),
        raised: (json<AlertRow[] | null>(result.raised) ?? []).map(alertFromRow),
        cleared: (json<AlertRow[] | null>(result.cleared) ?? []).map(alertFromRow),
        delivered: delivered.map((a) => ({
          id: a.id,
          kind: a.kind,
          requestedAt: iso(a.requested_at),
          requestedBy: a.requested_by,
        })),
        completed: json<HeartbeatOutcome['completed'] | null>(result.completed) ?? [],
      };
    },

    async markOffline(silentSince, at) {
      const { rows } = await q.query<{ kiosk_id: string }>(
        `WITH gone AS (
           UPDATE fleet_state s SET conditions = s.conditions || $3::jsonb
           FROM kiosks k
           WHERE k.kiosk_id = s.kiosk_id AND k.revoked_at IS NULL
             AND s.last_heartbeat_at < $1::timestamptz AND NOT (s.conditions @> $3::jsonb)
           RETURNING s.kiosk_id, s.last_heartbeat_at
         ),
         raised AS (
           INSERT INTO fleet_alerts (id, kiosk_id, kind, device, detail, raised_at)
           SELECT gen_random_uuid(), kiosk_id, 'kiosk-offline', NULL,
             'no heartbeat since ' ||
               to_char(last_heartbeat_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC',
             $2::timestamptz
           FROM gone
           ON CONFLICT DO NOTHING
           RETURNING kiosk_id
         )
         SELECT kiosk_id FROM gone ORDER BY kiosk_id`,
        [silentSince.toISOString(), at.toISOString(), JSON.stringify([OFFLINE_CONDITION_KEY])],
      );
      return rows.map((r) => r.kiosk_id);
    },

    async purgeHistory(before) {
      const { rows } = await q.query<{ alerts: number; actions: number }>(
        `WITH alerts AS (
           DELETE FROM fleet_alerts WHERE cleared_at IS NOT NULL AND cleared_at < $1::timestamptz
           RETURNING 1
         ),
         actions AS (
           DELETE FROM remote_actions
           WHERE state IN ('done', 'failed', 'expired') AND completed_at < $1::timestamptz
           RETURNING 1
         )
         SELECT (SELECT count(*)::int FROM alerts) AS alerts,
           (SELECT count(*)::int FROM actions) AS actions`,
        [before.toISOString()],
      );
      return { alerts: Number(rows[0]!.alerts), actions: Number(rows[0]!.actions) };
    },

    async expireActions(requestedBefore, at, detail) {
      const { rows } = await q.query<ActionRow>(
        `UPDATE remote_actions SET state = 'expired', completed_at = $2::timestamptz, detail = $3
         WHERE state IN ('pending', 'delivered') AND requested_at < $1::timestamptz
         RETURNING ${ACTION_COLUMNS}`,
        [requestedBefore.toISOString(), at.toISOString(), detail],
      );
      return rows.map(actionFromRow);
    },

    async requestAction(action) {
      // The pending one of that kind may be delivered between the two statements: then the
      // second attempt inserts.
      for (let attempt = 0; ; attempt++) {
        const inserted = await q.query<ActionRow>(
          `INSERT INTO remote_actions (id, kiosk_id, kind, state, requested_at, requested_by)
           VALUES ($1, $2, $3, 'pending', $4::timestamptz, $5)
           ON CONFLICT DO NOTHING
           RETURNING ${ACTION_COLUMNS}`,
          [action.id, action.kioskId, action.kind, action.requestedAt, action.requestedBy],
        );
        if (inserted.rows[0]) return { record: actionFromRow(inserted.rows[0]), created: true };
        const { rows } = await q.query<ActionRow>(
          `SELECT ${ACTION_COLUMNS} FROM remote_actions
           WHERE kiosk_id = $1 AND kind = $2 AND state = 'pending'`,
          [action.kioskId, action.kind],
        );
        if (rows[0]) return { record: actionFromRow(rows[0]), created: false };
        if (attempt >= 2) throw new Error('remote action neither inserted nor pending');
      }
    },

    async listActions(kioskId, limit) {
      const { rows } = await q.query<ActionRow>(
        `SELECT ${ACTION_COLUMNS} FROM remote_actions WHERE kiosk_id = $1
         ORDER BY requested_at DESC, id LIMIT $2`,
        [kioskId, limit],
      );
      return rows.map(actionFromRow);
    },

    async listAlerts(filter) {
      const { rows } = await q.query<AlertRow>(
        `SELECT ${ALERT_COLUMNS} FROM fleet_alerts
         WHERE ($1::boolean = false OR cleared_at IS NULL)
           AND ($2::text IS NULL OR kiosk_id = $2::text)
         ORDER BY raised_at DESC, id LIMIT $3`,
        [filter.openOnly, filter.kioskId ?? null, filter.limit],
      );
      return rows.map(alertFromRow);
    },

    async listKiosks(filter) {
      const { rows } = await q.query<KioskRow>(
        `${KIOSK_SELECT}
         WHERE ($1::text IS NULL OR k.district = $1::text)
           AND ($2::text IS NULL OR k.kiosk_id > $2::text)
           AND ($4::text IS NULL OR $4::text = CASE
             WHEN s.kiosk_id IS NULL THEN 'never-seen'
             WHEN s.last_heartbeat_at >= $3::timestamptz THEN 'online'
             ELSE 'offline' END)
         ORDER BY k.kiosk_id LIMIT $5`,
        [
          filter.district ?? null,
          filter.after ?? null,
          filter.onlineSince.toISOString(),
          filter.connectivity ?? null,
          filter.limit,
        ],
      );
      return rows.map(kioskFromRow);
    },

    async findKiosk(kioskId) {
      const { rows } = await q.query<KioskRow>(`${KIOSK_SELECT} WHERE k.kiosk_id = $1`, [kioskId]);
      return rows[0] ? kioskFromRow(rows[0]) : null;
    },

    async counts(onlineSince) {
      const since = onlineSince.toISOString();
      const totals = await q.query<{
        total: number;
        revoked: number;
        never_seen: number;
        online: number;
        offline: number;
      }>(
        `SELECT count(*)::int AS total,
           count(*) FILTER (WHERE k.revoked_at IS NOT NULL)::int AS revoked,
           count(*) FILTER (WHERE k.revoked_at IS NULL AND s.kiosk_id IS NULL)::int AS never_seen,
           count(*) FILTER (WHERE k.revoked_at IS NULL AND s.last_heartbeat_at >= $1::timestamptz)::int
             AS online,
           count(*) FILTER (WHERE k.revoked_at IS NULL AND s.last_heartbeat_at < $1::timestamptz)::int
             AS offline
         FROM kiosks k LEFT JOIN fleet_state s ON s.kiosk_id = k.kiosk_id`,
        [since],
      );
      const alerts = await q.query<{ kind: FleetAlertKind; n: number }>(
        `SELECT a.kind, count(*)::int AS n FROM fleet_alerts a
         JOIN kiosks k ON k.kiosk_id = a.kiosk_id AND k.revoked_at IS NULL
         WHERE a.cleared_at IS NULL GROUP BY a.kind`,
      );
      const catalogs = await q.query<{ version: number; kiosks: number }>(
        `SELECT s.catalog_version AS version, count(*)::int AS kiosks FROM fleet_state s
         JOIN kiosks k ON k.kiosk_id = s.kiosk_id AND k.revoked_at IS NULL
         GROUP BY s.catalog_version ORDER BY kiosks DESC, version DESC`,
      );
      const software = await q.query<{ version: string; kiosks: number }>(
        `SELECT s.software_version AS version, count(*)::int AS kiosks FROM fleet_state s
         JOIN kiosks k ON k.kiosk_id = s.kiosk_id AND k.revoked_at IS NULL
         GROUP BY s.software_version ORDER BY kiosks DESC, version DESC`,
      );
      const t = totals.rows[0]!;
      return {
        total: t.total,
        revoked: t.revoked,
        neverSeen: t.never_seen,
        online: t.online,
        offline: t.offline,
        openAlerts: alerts.rows,
        catalogVersions: catalogs.rows,
        softwareVersions: software.rows,
      };
    },
  };
}

export function createSqlFleetRepository(db: Db): FleetRepository {
  return bind(db);
}
