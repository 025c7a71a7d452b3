// Timings of the face step, numbers only (nothing personal), on a global the benchmark reads
// through Playwright: per-frame detection + descriptor, model load, camera start to decision.
export interface FaceStats {
  frameMs: number[];
  loadMs: number | null;
  cameraToDecisionMs: number[];
  /** Summary of the last capture, for calibration (no picture, no descriptor). */
  lastCapture: CaptureSummary | null;
}

export interface CaptureSummary {
  frames: number;
  eyeOpenMin: number;
  eyeOpenMax: number;
  antispoof: number;
  live: number;
  challengeMet: boolean;
}

const stats: FaceStats = { frameMs: [], loadMs: null, cameraToDecisionMs: [], lastCapture: null };
(globalThis as { kiosk24FaceStats?: FaceStats }).kiosk24FaceStats = stats;

export function recordFrame(ms: number): void {
  if (stats.frameMs.length < 500) stats.frameMs.push(ms);
}

export function recordLoad(ms: number): void {
  stats.loadMs = ms;
}

export function recordDecision(ms: number): void {
  stats.cameraToDecisionMs.push(ms);
}

export function recordCapture(summary: CaptureSummary): void {
  stats.lastCapture = summary;
}
