// What a heartbeat says is wrong, as alert conditions. Pure: the service compares this beat's
// conditions with the previous beat's and raises only the new ones and clears only the gone ones,
// so a printer out of paper for an hour is one alert, not sixty.
import {
  isDiskLow,
  QUEUE_STUCK_AFTER_SECONDS,
  type FleetAlertKind,
  type HeartbeatRequest,
} from '../../contract/fleet-api.ts';

export interface FleetCondition {
  kind: FleetAlertKind;
  /** Null for the kiosk as a whole. */
  device: string | null;
  /** Shown in the console; technician-facing, never personal data. */
  detail: string;
}

type Beat = Pick<HeartbeatRequest, 'devices' | 'queue' | 'disk'>;

/** One open alert per kiosk, kind and device: this key names it. */
export const conditionKey = (c: { kind: string; device: string | null }) =>
  `${c.kind}:${c.device ?? ''}`;

/** The sweeper's condition: it is never part of a beat (a beat proves the kiosk is online). */
export const OFFLINE_CONDITION_KEY = conditionKey({ kind: 'kiosk-offline', device: null });

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
const clip = (text: string) => text.slice(0, 200);

export function conditionsOf(beat: Beat): FleetCondition[] {
  const found: FleetCondition[] = [];
  for (const d of beat.devices) {
    if (d.paper === 'out') {
      found.push({ kind: 'paper-out', device: d.device, detail: clip(`${d.device}: paper out`) });
    } else if (d.paper === 'low') {
      found.push({ kind: 'paper-low', device: d.device, detail: clip(`${d.device}: paper low`) });
    }
    // Paper out already says why a printer stopped; 'central' is the kiosk's own link, and a beat
    // that arrived proves it works.
    const broken = d.state === 'fault' || d.state === 'offline';
    if (broken && d.paper !== 'out' && d.device !== 'central') {
      const why = d.detail ? `: ${d.detail}` : '';
      found.push({
        kind: 'device-fault',
        device: d.device,
        detail: clip(`${d.device} ${d.state}${why}`),
      });
    }
  }
  const age = beat.queue.oldestPendingAgeSeconds;
  if (age !== null && age > QUEUE_STUCK_AFTER_SECONDS) {
    found.push({
      kind: 'queue-stuck',
      device: null,
      detail: `${beat.queue.pending} pending, oldest ${Math.floor(age / 60)} min`,
    });
  }
  if (isDiskLow(beat.disk)) {
    found.push({
      kind: 'disk-low',
      device: null,
      detail: `${gib(beat.disk.freeBytes)} free of ${gib(beat.disk.totalBytes)}`,
    });
  }
  return found;
}

/** What changed between the open conditions and this beat's. */
export function diffConditions(
  open: readonly string[],
  now: readonly FleetCondition[],
): { raise: FleetCondition[]; clear: string[] } {
  const nowKeys = new Set(now.map(conditionKey));
  const openKeys = new Set(open);
  return {
    raise: now.filter((c) => !openKeys.has(conditionKey(c))),
    clear: open.filter((key) => !nowKeys.has(key)),
  };
}
