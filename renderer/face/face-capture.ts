// One capture attempt: frames from the camera through the model until the challenge is met and a
// frontal face has been described, or the time is up. Guidance goes out on every frame. What it
// keeps is the best frame's descriptor and passive scores, in memory, handed to the caller once.
import type { FaceChallenge, FaceLiveness } from '../../contract/kiosk-api.ts';
import { ChallengeTracker } from './challenge.ts';
import type { FaceEngine } from './face-engine.ts';
import { guidanceFor, isFrontal, type FrameFace, type Guidance } from './guidance.ts';
import { recordCapture, recordFrame } from './face-stats.ts';

export const CAPTURE_LIMIT_MS = 20_000;

export type CaptureOutcome =
  | { kind: 'captured'; descriptor: number[]; liveness: FaceLiveness }
  /** No usable face in the whole window: nothing to send, no attempt used. */
  | { kind: 'no-face' }
  | { kind: 'aborted' };

interface Best {
  descriptor: number[];
  quality: number;
  antispoof: number;
  live: number;
}

export async function captureFace(opts: {
  engine: FaceEngine;
  video: HTMLVideoElement;
  challenge: FaceChallenge;
  onGuidance(g: Guidance, challengeMet: boolean): void;
  signal: AbortSignal;
  limitMs?: number;
}): Promise<CaptureOutcome> {
  const { engine, video, challenge, signal } = opts;
  const human = engine.human;
  const tracker = new ChallengeTracker(challenge);
  const probe = document.createElement('canvas');
  probe.width = 32;
  probe.height = 24;
  const ctx = probe.getContext('2d', { willReadFrequently: true });
  let best: Best | null = null;
  const seen = { frames: 0, eyeOpenMin: Infinity, eyeOpenMax: 0 };
  const deadline = performance.now() + (opts.limitMs ?? CAPTURE_LIMIT_MS);
  try {
    while (!signal.aborted && performance.now() < deadline) {
      if (video.readyState < 2 || video.videoWidth === 0) {
        await nextFrame();
        continue;
      }
      const started = performance.now();
      const result = await human.detect(video);
      recordFrame(performance.now() - started);
      if (signal.aborted) break;
      const faces: FrameFace[] = result.face.map((f) => ({
        score: f.score,
        widthShare: f.box[2] / video.videoWidth,
        yaw: f.rotation?.angle.yaw ?? 0,
        pitch: f.rotation?.angle.pitch ?? 0,
      }));
      const guidance = guidanceFor(
        { faces, brightness: brightness(ctx, video) },
        { allowTurn: challenge !== 'blink' },
      );
      const face = result.face[0];
      if (guidance === 'ok' && face && faces[0]) {
        const eyeOpen = eyeOpenness(face.mesh);
        seen.frames += 1;
        seen.eyeOpenMin = Math.min(seen.eyeOpenMin, eyeOpen);
        seen.eyeOpenMax = Math.max(seen.eyeOpenMax, eyeOpen);
        tracker.push({ eyeOpen, yaw: faces[0].yaw });
        const embedding = face.embedding ?? [];
        if (isFrontal(faces[0]) && embedding.length > 0) {
          const quality = face.score * (1 - Math.abs(faces[0].yaw));
          if (!best || quality > best.quality) {
            best?.descriptor.fill(0);
            best = {
              descriptor: Array.from(embedding),
              quality,
              antispoof: face.real ?? 0,
              live: face.live ?? 0,
            };
          }
        }
      }
      opts.onGuidance(guidance, tracker.passed);
      if (tracker.passed && best) break;
      await nextFrame();
    }
    if (signal.aborted) {
      best?.descriptor.fill(0);
      return { kind: 'aborted' };
    }
    recordCapture({
      ...seen,
      antispoof: best?.antispoof ?? 0,
      live: best?.live ?? 0,
      challengeMet: tracker.passed,
    });
    if (!best) return { kind: 'no-face' };
    return {
      kind: 'captured',
      descriptor: best.descriptor,
      liveness: {
        challenge,
        passed: tracker.passed,
        antispoof: clamp01(best.antispoof),
        live: clamp01(best.live),
      },
    };
  } finally {
    // The probe canvas held a (tiny) picture of the frame: clear and shrink it.
    ctx?.clearRect(0, 0, probe.width, probe.height);
    probe.width = 0;
    probe.height = 0;
  }
}

/** Mean luma of the frame, from a 32×24 thumbnail. */
function brightness(ctx: CanvasRenderingContext2D | null, video: HTMLVideoElement): number {
  if (!ctx) return 255;
  ctx.drawImage(video, 0, 0, 32, 24);
  const { data } = ctx.getImageData(0, 0, 32, 24);
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    sum += 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
  }
  return sum / (data.length / 4);
}

/** Lid gap over eye height for both eyes (mesh points of the upper and lower lid), averaged. */
export function eyeOpenness(mesh: readonly (readonly (number | undefined)[])[]): number {
  const y = (i: number) => mesh[i]?.[1] ?? 0;
  const ratio = (lidA: number, lidB: number, rimA: number, rimB: number) => {
    const height = Math.abs(y(rimA) - y(rimB));
    return height > 0 ? Math.abs(y(lidA) - y(lidB)) / height : 0;
  };
  return (ratio(374, 386, 443, 450) + ratio(145, 159, 223, 230)) / 2;
}

function clamp01(n: number): number {
  return Number.isFinite(n) ? Math.max(0, Math.min(1, n)) : 0;
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}
