// Fleet monitoring (issue 6 item 5). Each kiosk sends a signed heartbeat every
// `nextHeartbeatSeconds` (default 60) with its versions, device health, outbox queue and disk; the
// centre keeps the latest state per kiosk, derives online/offline from the beats, raises alerts
// once when a condition appears and clears them when it is gone, and hands pending remote actions
// to the kiosk in the heartbeat's answer. The kiosk reports an action's outcome on a later beat.
//
// Browser-safe (the admin console reads these types): zod only, no Node imports.
import { z } from 'zod';
import { District, EnrolledKioskId } from './enrolment-api.ts';

/** Default seconds between heartbeats; the centre may ask for another in `nextHeartbeatSeconds`. */
export const HEARTBEAT_INTERVAL_SECONDS = 60;
/**
 * A kiosk is offline once this many intervals passed without a beat (3 × 60 s = 180 s since the
 * last one): one lost beat is noise, three are an outage.
 */
export const OFFLINE_AFTER_MISSED_HEARTBEATS = 3;
/** 'queue-stuck': a kiosk that beats (so is online) yet holds a submission pending this long. */
export const QUEUE_STUCK_AFTER_SECONDS = 30 * 60;
/** 'disk-low': less free space than this, or less than DISK_LOW_FREE_FRACTION of the disk. */
export const DISK_LOW_FREE_BYTES = 1024 ** 3;
export const DISK_LOW_FREE_FRACTION = 0.05;
/** A remote action not delivered within this time expires (the kiosk never beat to take it). */
export const REMOTE_ACTION_EXPIRES_AFTER_SECONDS = 24 * 3600;
/** Cleared alerts and finished actions are kept this long for the console, then deleted. */
export const FLEET_HISTORY_RETENTION_DAYS = 90;

const Iso = z.iso.datetime({ offset: true });
/** Technician-facing text; never personal data. */
const Detail = z.string().max(200);
const Count = z.number().int().nonnegative();
const Bytes = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Seconds = z
  .number()
  .nonnegative()
  .max(100 * 365 * 24 * 3600);

/** The devices a kiosk reports on; 'central' is its own link to the central platform. */
export const FLEET_DEVICES = [
  'id-reader',
  'camera',
  'receipt-printer',
  'a4-printer',
  'scanner',
  'central',
] as const;
export type KnownFleetDevice = (typeof FLEET_DEVICES)[number];
/** A known device, or another lowercase name so a kiosk with new hardware is not refused. */
export const FleetDeviceName = z.union([
  z.enum(FLEET_DEVICES),
  z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
]);

export const FleetDeviceState = z.enum(['ok', 'warning', 'fault', 'offline', 'unknown', 'absent']);
export type FleetDeviceState = z.infer<typeof FleetDeviceState>;
export const PaperState = z.enum(['ok', 'low', 'out', 'unknown']);
export type PaperState = z.infer<typeof PaperState>;

export const HeartbeatDevice = z.object({
  device: FleetDeviceName,
  /** 'absent': not fitted at this kiosk (no alert); 'fault' and 'offline' raise 'device-fault'. */
  state: FleetDeviceState,
  detail: Detail,
  /** Printers only. */
  paper: PaperState.optional(),
  /** The device's most recent failure, technician-facing. */
  lastError: Detail.optional(),
});
export type HeartbeatDevice = z.infer<typeof HeartbeatDevice>;

export const QueueReport = z.object({
  /** Submissions in the outbox not yet acknowledged by the centre. */
  pending: Count,
  oldestPendingAgeSeconds: Seconds.nullable(),
  /** Parked for a technician (permanent failures). */
  failed: Count.optional(),
});
export type QueueReport = z.infer<typeof QueueReport>;

export const DiskReport = z
  .object({ freeBytes: Bytes, totalBytes: Bytes })
  .refine((d) => d.freeBytes <= d.totalBytes, { message: 'freeBytes exceeds totalBytes' });
export type DiskReport = z.infer<typeof DiskReport>;

export const REMOTE_ACTION_KINDS = ['sync-now', 'reload-catalog', 'restart-app'] as const;
export const RemoteActionKind = z.enum(REMOTE_ACTION_KINDS);
export type RemoteActionKind = z.infer<typeof RemoteActionKind>;

export const CompletedAction = z.object({
  id: z.uuid(),
  outcome: z.enum(['done', 'failed']),
  detail: Detail,
  completedAt: Iso,
});
export type CompletedAction = z.infer<typeof CompletedAction>;

export const HeartbeatRequest = z.object({
  /** The kiosk's clock when it sent the beat (the centre shows the skew). */
  sentAt: Iso,
  softwareVersion: z.string().min(1).max(64),
  /** The catalog version the kiosk runs now. */
  catalogVersion: z.number().int().nonnegative(),
  devices: z
    .array(HeartbeatDevice)
    .max(16)
    .refine((list) => new Set(list.map((d) => d.device)).size === list.length, {
      message: 'each device once',
    }),
  queue: QueueReport,
  /** The kiosk's data folder. */
  disk: DiskReport,
  uptimeSeconds: Seconds,
  /** A citizen is being served: a restart waits until the session ends. */
  sessionActive: z.boolean(),
  /** Outcomes of actions received earlier; repeating one already recorded is harmless. */
  completedActions: z.array(CompletedAction).max(32).default([]),
});
export type HeartbeatRequest = z.input<typeof HeartbeatRequest>;

export const RemoteAction = z.object({
  id: z.uuid(),
  kind: RemoteActionKind,
  requestedAt: Iso,
  /** The admin's id, for the kiosk's log. */
  requestedBy: z.string().max(100),
});
export type RemoteAction = z.infer<typeof RemoteAction>;

export const HeartbeatAnswer = z.object({
  receivedAt: Iso,
  nextHeartbeatSeconds: z.number().int().positive(),
  /** Each action is handed over once; the kiosk reports its outcome in completedActions. */
  actions: z.array(RemoteAction),
});
export type HeartbeatAnswer = z.infer<typeof HeartbeatAnswer>;

export const RemoteActionState = z.enum(['pending', 'delivered', 'done', 'failed', 'expired']);
export type RemoteActionState = z.infer<typeof RemoteActionState>;

export const RemoteActionRecord = RemoteAction.extend({
  kioskId: EnrolledKioskId,
  state: RemoteActionState,
  deliveredAt: Iso.nullable(),
  completedAt: Iso.nullable(),
  /** The kiosk's outcome detail, or why it expired. */
  detail: z.string().nullable(),
});
export type RemoteActionRecord = z.infer<typeof RemoteActionRecord>;

/** POST body of an admin's remote action. */
export const RemoteActionRequest = z.object({ kind: RemoteActionKind });
export type RemoteActionRequest = z.infer<typeof RemoteActionRequest>;

export const FLEET_ALERT_KINDS = [
  'paper-low',
  'paper-out',
  'device-fault',
  'queue-stuck',
  'kiosk-offline',
  'disk-low',
] as const;
export const FleetAlertKind = z.enum(FLEET_ALERT_KINDS);
export type FleetAlertKind = z.infer<typeof FleetAlertKind>;

export const FleetAlert = z.object({
  id: z.uuid(),
  kioskId: EnrolledKioskId,
  kind: FleetAlertKind,
  /** The device for paper and device alerts; null for the kiosk as a whole. */
  device: z.string().nullable(),
  detail: z.string(),
  raisedAt: Iso,
  /** Null while the condition lasts. */
  clearedAt: Iso.nullable(),
});
export type FleetAlert = z.infer<typeof FleetAlert>;

export const Connectivity = z.enum(['online', 'offline', 'never-seen']);
export type Connectivity = z.infer<typeof Connectivity>;

/** The admin view of one kiosk: enrolment plus its latest heartbeat (null fields: never seen). */
export const FleetKiosk = z.object({
  kioskId: EnrolledKioskId,
  district: District,
  enrolledAt: Iso,
  revokedAt: Iso.nullable(),
  connectivity: Connectivity,
  lastHeartbeatAt: Iso.nullable(),
  /** sentAt − receivedAt of the last beat, in seconds (positive: the kiosk's clock is ahead). */
  clockSkewSeconds: z.number().nullable(),
  softwareVersion: z.string().nullable(),
  catalogVersion: z.number().int().nullable(),
  devices: z.array(HeartbeatDevice),
  queue: QueueReport.nullable(),
  disk: DiskReport.nullable(),
  uptimeSeconds: z.number().nullable(),
  sessionActive: z.boolean().nullable(),
  openAlerts: Count,
});
export type FleetKiosk = z.infer<typeof FleetKiosk>;

/** GET kiosks/:kioskId: the kiosk, its alerts (open ones and the latest cleared) and actions. */
export const FleetKioskDetail = FleetKiosk.extend({
  alerts: z.array(FleetAlert),
  actions: z.array(RemoteActionRecord),
});
export type FleetKioskDetail = z.infer<typeof FleetKioskDetail>;

/** Query of GET kiosks: ordered by kiosk id; page with `after` = the previous page's nextAfter. */
export const FleetKioskQuery = z.object({
  district: District.optional(),
  connectivity: Connectivity.optional(),
  after: EnrolledKioskId.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export type FleetKioskQuery = z.input<typeof FleetKioskQuery>;

export const FleetKioskPage = z.object({
  kiosks: z.array(FleetKiosk),
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: EnrolledKioskId.nullable(),
});
export type FleetKioskPage = z.infer<typeof FleetKioskPage>;

/** Query of GET alerts: newest first. */
export const FleetAlertQuery = z.object({
  state: z.enum(['open', 'all']).default('open'),
  kioskId: EnrolledKioskId.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export type FleetAlertQuery = z.input<typeof FleetAlertQuery>;

export const FleetAlertList = z.array(FleetAlert);
export const RemoteActionList = z.array(RemoteActionRecord);

/**
 * The dashboard's counts. `total` counts every enrolled kiosk; revoked ones are counted in
 * `revoked` only, so total = online + offline + neverSeen + revoked.
 */
export const FleetSummary = z.object({
  generatedAt: Iso,
  total: Count,
  online: Count,
  offline: Count,
  neverSeen: Count,
  revoked: Count,
  /** Open alerts per kind; every kind is present. */
  openAlerts: z.record(FleetAlertKind, Count),
  /** Catalog versions run by kiosks that are not revoked and have beaten, most kiosks first. */
  catalogVersions: z.array(z.object({ version: z.number().int(), kiosks: Count })),
  softwareVersions: z.array(z.object({ version: z.string(), kiosks: Count })),
});
export type FleetSummary = z.infer<typeof FleetSummary>;

export const FLEET_PATHS = {
  /** POST HeartbeatRequest, signed by the kiosk → 200 HeartbeatAnswer. */
  heartbeat: '/api/v1/kiosk/heartbeat',
  /** GET, admin → FleetSummary. */
  adminSummary: '/api/v1/admin/fleet/summary',
  /** GET ?district&connectivity&after&limit, admin → FleetKioskPage. */
  adminKiosks: '/api/v1/admin/fleet/kiosks',
  /** GET, admin → FleetKioskDetail (404 for an unknown kiosk). */
  adminKiosk: '/api/v1/admin/fleet/kiosks/:kioskId',
  /** GET ?state=open|all&kioskId&limit, admin → FleetAlert[]. */
  adminAlerts: '/api/v1/admin/fleet/alerts',
  /**
   * POST RemoteActionRequest, fleet operator → 201 RemoteActionRecord; 200 with the existing one
   * when an action of that kind is still pending for the kiosk. GET, admin → RemoteActionRecord[]
   * newest first.
   */
  adminActions: '/api/v1/admin/fleet/kiosks/:kioskId/actions',
} as const;

/** A FLEET_PATHS template with its `:kioskId` filled in. */
export function fleetKioskPath(template: string, kioskId: string): string {
  return template.replace(':kioskId', encodeURIComponent(kioskId));
}

/** Whether the kiosk is online given its last beat (null: never seen) and the interval in force. */
export function connectivityOf(
  lastHeartbeatAt: Date | null,
  now: Date,
  intervalSeconds: number = HEARTBEAT_INTERVAL_SECONDS,
): Connectivity {
  if (!lastHeartbeatAt) return 'never-seen';
  const silentMs = now.getTime() - lastHeartbeatAt.getTime();
  return silentMs > OFFLINE_AFTER_MISSED_HEARTBEATS * intervalSeconds * 1000 ? 'offline' : 'online';
}

/** The 'disk-low' rule. */
export function isDiskLow(disk: DiskReport): boolean {
  return (
    disk.freeBytes < DISK_LOW_FREE_BYTES ||
    (disk.totalBytes > 0 && disk.freeBytes / disk.totalBytes < DISK_LOW_FREE_FRACTION)
  );
}
