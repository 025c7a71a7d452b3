// Each device's health in the fleet's terms: the host's DeviceHealth trimmed to what the centre
// takes (short detail, paper state for printers), every probe bounded so that one device that
// does not answer cannot hold the heartbeat back.
import type { HeartbeatDevice, PaperState } from '../../contract/fleet-api.ts';
import type { DeviceHealth } from '../../contract/kiosk-api.ts';
import { errorText } from '../log.ts';

const MAX_DETAIL = 200;
const clip = (text: string) =>
  text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;

/** The fleet's view of one DeviceHealth; `paper` only for printers. */
export function fleetDevice(health: DeviceHealth, paper?: PaperState): HeartbeatDevice {
  return {
    device: health.device,
    state: health.state,
    detail: clip(health.detail),
    ...(paper ? { paper } : {}),
    ...(health.lastError ? { lastError: clip(health.lastError) } : {}),
  };
}

/**
 * The receipt printer's paper: its own sensor's word (host/adapters/receipt-printer.ts reads it
 * from DLE EOT), 'unknown' when the status could not be read.
 */
export function receiptPaper(health: DeviceHealth): PaperState {
  return health.paper ?? 'unknown';
}

/**
 * The A4 printer's paper from the IPP printer-state-reasons its health names (media-empty and
 * media-needed: out; media-low: low). A spool folder has no paper; an unreachable queue: unknown.
 */
export function a4Paper(health: DeviceHealth, spool: boolean): PaperState | undefined {
  if (health.paper) return health.paper;
  if (spool) return undefined;
  if (/\bmedia-(empty|needed)\b/.test(health.detail)) return 'out';
  if (/\bmedia-low\b/.test(health.detail)) return 'low';
  if (health.state === 'offline' || health.state === 'unknown') return 'unknown';
  return 'ok';
}

/** The device's health, or 'unknown' if it gives none within `timeoutMs` or throws. */
export async function probe(
  device: DeviceHealth['device'],
  health: () => DeviceHealth | Promise<DeviceHealth>,
  timeoutMs: number,
): Promise<DeviceHealth> {
  const checkedAt = new Date().toISOString();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<DeviceHealth>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          device,
          state: 'unknown',
          detail: `no health answer within ${timeoutMs} ms`,
          checkedAt,
        }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(health), late]);
  } catch (err) {
    return {
      device,
      state: 'unknown',
      detail: `health check failed: ${errorText(err)}`,
      checkedAt,
    };
  } finally {
    clearTimeout(timer);
  }
}
