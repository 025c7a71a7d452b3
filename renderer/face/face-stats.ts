// Timings of the face step, numbers only (nothing personal), on a global the benchmark reads
// through Playwright: per-frame work, model load, camera start to decision.
export interface FaceStats {
  /** Every frame of the capture loop (detector + mesh; plus the descriptor on chosen frames). */
  frameMs: number[];
  /** The frames that were also described (descriptor, anti-spoof, liveness). */
  describeMs: number[];
  loadMs: number | null;
  /** The warm-up ran the described-frame path on a face (see face-engine.ts). */
  warmedOnFace: boolean | null;
  cameraToDecisionMs: number[];
  /** From the consent tap (the models may still be loading) to the host's decision. */
  consentToDecisionMs: number[];
  /** The guidance phrases played, in order (phrase keys only: fixed texts, nothing personal). */
  spoken: string[];
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

const stats: FaceStats = {
  frameMs: [],
  describeMs: [],
  loadMs: null,
  warmedOnFace: null,
  cameraToDecisionMs: [],
  consentToDecisionMs: [],
  spoken: [],
  lastCapture: null,
};
(globalThis as { kiosk24FaceStats?: FaceStats }).kiosk24FaceStats = stats;

export function recordFrame(ms: number, described: boolean): void {
  if (stats.frameMs.length < 500) stats.frameMs.push(ms);
  if (described && stats.describeMs.length < 500) stats.describeMs.push(ms);
}

export function recordLoad(ms: number, warmedOnFace: boolean): void {
  stats.loadMs = ms;
  stats.warmedOnFace = warmedOnFace;
}

let consentAt: number | null = null;

export function recordConsent(): void {
  consentAt = performance.now();
}

export function recordDecision(cameraMs: number): void {
  stats.cameraToDecisionMs.push(cameraMs);
  if (consentAt !== null) stats.consentToDecisionMs.push(performance.now() - consentAt);
  consentAt = null;
}

export function recordSpoken(phrase: string): void {
  if (stats.spoken.length < 100) stats.spoken.push(phrase);
}

export function recordCapture(summary: CaptureSummary): void {
  stats.lastCapture = summary;
}
