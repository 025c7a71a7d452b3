// One heartbeat's content, read from the kiosk's own parts at the moment it is sent: versions
// (the catalog the kiosk RUNS, not one staged for after the session), each device's health
// through the same ports the screen's status uses, the outbox queue, the data folder's disk,
// uptime, and whether a citizen is being served. No personal data: device details, counts and
// ages only.
import type { HeartbeatDevice, HeartbeatRequest } from '../../contract/fleet-api.ts';
import type {
  CardReaderPort,
  CatalogPort,
  DocumentPrinterPort,
  ReceiptPrinterPort,
  SubmissionQueuePort,
} from '../ports.ts';
import {
  CLOCK_TRUST_WITHIN_MS,
  describeOffset,
  type CentralClock,
} from '../../offline-cache/central-clock.ts';
import type { CameraState } from './camera-state.ts';
import { a4Paper, fleetDevice, probe, receiptPaper } from './device-report.ts';
import { diskUsage } from './disk-usage.ts';
import type { SessionActivity } from './session-activity.ts';

export interface QueueStats {
  pending: number;
  failed: number;
  oldestPendingAgeMs: number | null;
}

export interface HeartbeatSources {
  softwareVersion: string;
  catalog: CatalogPort;
  reader: CardReaderPort;
  receipt: ReceiptPrinterPort;
  documents: DocumentPrinterPort;
  /** A4 goes to a spool folder (no paper to report). */
  documentsToSpool: boolean;
  queue: Pick<SubmissionQueuePort, 'health'> & { stats(): QueueStats };
  camera: CameraState;
  /** The centre's time as the kiosk learnt it; reported as the 'clock' device. */
  clock?: Pick<CentralClock, 'offsetMs' | 'learnt'>;
  /** A document scanner's health; none fitted: reported 'absent'. */
  scanner?: () => Promise<HeartbeatDevice>;
  dataDir: string;
  sessions: SessionActivity;
  /** Seconds since the app started (default: this process's uptime). */
  uptimeSeconds?: () => number;
  now?: () => number;
  /** Bound on each device's health check (default 5 s). */
  probeTimeoutMs?: number;
}

export type HeartbeatContent = Omit<HeartbeatRequest, 'completedActions'>;

export async function collectHeartbeat(src: HeartbeatSources): Promise<HeartbeatContent> {
  const now = src.now ?? Date.now;
  const within = src.probeTimeoutMs ?? 5000;
  const [reader, receipt, a4, scanner, disk] = await Promise.all([
    probe('id-reader', () => src.reader.health(), within),
    probe('receipt-printer', () => src.receipt.health(), within),
    probe('a4-printer', () => src.documents.health(), within),
    src.scanner
      ? src.scanner().catch((): HeartbeatDevice => ({
          device: 'scanner',
          state: 'unknown',
          detail: 'check failed',
        }))
      : Promise.resolve<HeartbeatDevice>({
          device: 'scanner',
          state: 'absent',
          detail: 'not configured',
        }),
    diskUsage(src.dataDir).catch(() => ({ freeBytes: 0, totalBytes: 0 })),
  ]);
  const central = src.queue.health();
  const a4PaperState = a4Paper(a4, src.documentsToSpool);
  const stats = src.queue.stats();
  return {
    sentAt: new Date(now()).toISOString(),
    softwareVersion: src.softwareVersion.slice(0, 64) || 'unknown',
    catalogVersion: src.catalog.current().version,
    devices: [
      fleetDevice(reader),
      src.camera.health(),
      fleetDevice(receipt, receiptPaper(receipt)),
      fleetDevice(a4, a4PaperState),
      scanner,
      fleetDevice(central),
      // Reported once compared with the centre (the heartbeat's answers do that), not before.
      ...(src.clock && (src.clock.learnt() || src.clock.offsetMs() !== 0)
        ? [clockDevice(src.clock.offsetMs())]
        : []),
    ],
    queue: {
      pending: stats.pending,
      oldestPendingAgeSeconds:
        stats.oldestPendingAgeMs === null ? null : Math.floor(stats.oldestPendingAgeMs / 1000),
      failed: stats.failed,
    },
    disk,
    uptimeSeconds: Math.floor(src.uptimeSeconds?.() ?? process.uptime()),
    sessionActive: src.sessions.active(),
  };
}

/**
 * The local clock, judged against the centre's: a fault (so the fleet raises an alert) while the
 * kiosk has to sign on the centre's time, since its receipts and certificates still carry the
 * local one.
 */
export function clockDevice(offsetMs: number): HeartbeatDevice {
  if (offsetMs !== 0) {
    return {
      device: 'clock',
      state: 'fault',
      detail: `system clock ${describeOffset(offsetMs)} the centre's; requests signed on the centre's time; set the clock (NTP)`,
    };
  }
  return {
    device: 'clock',
    state: 'ok',
    detail: `within ${CLOCK_TRUST_WITHIN_MS / 1000} s of the centre`,
  };
}
