// The camera as the screen last found it. Only the renderer opens the camera (getUserMedia), so it
// reports through the KioskApi ('kiosk.reportCamera') each time the face capture starts; the
// heartbeat passes on the latest report with its age, or 'unknown' before the first one.
import type { HeartbeatDevice } from '../../contract/fleet-api.ts';
import type { CameraReport } from '../../contract/kiosk-api.ts';

export interface CameraState {
  report(report: CameraReport): void;
  health(): HeartbeatDevice;
}

export function createCameraState(now: () => number = Date.now): CameraState {
  let last: (CameraReport & { at: number }) | null = null;
  let lastFault: string | null = null;
  return {
    report(report) {
      last = { ...report, at: now() };
      if (report.state === 'fault') {
        lastFault = `${new Date(last.at).toISOString()} ${report.detail}`.slice(0, 200);
      }
    },
    health() {
      if (!last) {
        return { device: 'camera', state: 'unknown', detail: 'not opened since the app started' };
      }
      const minutes = Math.floor((now() - last.at) / 60_000);
      const age = minutes < 1 ? 'just now' : `${minutes} min ago`;
      return {
        device: 'camera',
        state: last.state,
        detail: `${last.detail || last.state} (reported ${age})`.slice(0, 200),
        ...(lastFault ? { lastError: lastFault } : {}),
      };
    },
  };
}
