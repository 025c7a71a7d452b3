// The active liveness challenge, judged frame by frame: a blink (the eyes close to well under
// their open size, then open again) or a head turn to one side and back. A still picture meets
// neither. Pure: fed with per-frame measures, so it is tested without a camera.
import type { FaceChallenge } from '../../contract/kiosk-api.ts';

export const CHALLENGE_TEXT: Record<FaceChallenge, string> = {
  blink: '请眨一眨眼睛',
  'turn-left': '请慢慢向左转头，再转回来',
  'turn-right': '请慢慢向右转头，再转回来',
};

/** Calibrated on the recorded clips (renderer/face/CALIBRATION.md). */
export const CHALLENGE_LIMITS = {
  /** Eyes count as closed below this share of their open size. */
  closedShare: 0.75,
  /** Open eyes measure at least this (mesh lid distance / eye height); below: not a usable eye. */
  minOpen: 0.25,
  /** Yaw (radians) that counts as a turn, and back to "frontal" under this. */
  turnedBeyond: 0.35,
  backWithin: 0.2,
} as const;

export interface ChallengeFrame {
  /** Eye openness, both eyes averaged (mesh lid gap / eye height). */
  eyeOpen: number;
  yaw: number;
}

export class ChallengeTracker {
  private openBaseline = 0;
  private closedSeen = false;
  private turnedSeen = false;
  private met = false;

  constructor(readonly challenge: FaceChallenge) {}

  get passed(): boolean {
    return this.met;
  }

  push(frame: ChallengeFrame): boolean {
    if (this.met) return true;
    if (this.challenge === 'blink') this.pushBlink(frame.eyeOpen);
    else this.pushTurn(frame.yaw, this.challenge === 'turn-left' ? 1 : -1);
    return this.met;
  }

  private pushBlink(open: number) {
    if (!this.closedSeen && open >= CHALLENGE_LIMITS.minOpen) {
      this.openBaseline = Math.max(this.openBaseline, open);
    }
    if (this.openBaseline === 0) return;
    if (open < this.openBaseline * CHALLENGE_LIMITS.closedShare) this.closedSeen = true;
    else if (this.closedSeen && open >= this.openBaseline * 0.8) this.met = true;
  }

  /** `sign`: +1 for a turn to the citizen's left (human's yaw grows that way), -1 to the right. */
  private pushTurn(yaw: number, sign: number) {
    if (yaw * sign > CHALLENGE_LIMITS.turnedBeyond) this.turnedSeen = true;
    else if (this.turnedSeen && Math.abs(yaw) < CHALLENGE_LIMITS.backWithin) this.met = true;
  }
}
