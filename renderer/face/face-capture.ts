// One capture attempt: frames from the camera through the model until the challenge is met and a
// frontal face has been described after it, or the time is up. Guidance goes out on every frame.
// Each frame gets the light pass (detector + mesh: guidance and the challenge); the descriptor
// and the passive scores run only on chosen frames: the first good frontal frame once the
// challenge is met, so the descriptor sent comes from the same moments as the liveness evidence,
// and, when the challenge is still unmet after a while, one good frontal frame kept in case it
// never is (a cooperative citizen, done in a second or two, is described once). One frame is in
// flight at a time; frames that arrive meanwhile are skipped, never queued. What it keeps is one
// descriptor and its scores, in memory, handed to the caller once.
import type { FaceChallenge, FaceLiveness } from '../../contract/kiosk-api.ts';
import { ChallengeTracker } from './challenge.ts';
import { DESCRIBE_PASS, detectInTurn, TRACK_PASS, type FaceEngine } from './face-engine.ts';
import { guidanceFor, isFrontal, type FrameFace, type Guidance } from './guidance.ts';
import { recordCapture, recordFrame } from './face-stats.ts';

export const CAPTURE_LIMIT_MS = 20_000;
/** Unmet challenge this long: describe a frame anyway, so a failed liveness still has its match. */
export const FALLBACK_DESCRIBE_AFTER_MS = 3_000;

export type CaptureOutcome =
  | { kind: 'captured'; descriptor: number[]; liveness: FaceLiveness }
  /** No usable face in the whole window: nothing to send, no attempt used. */
  | { kind: 'no-face' }
  | { kind: 'aborted' };

interface Described {
  descriptor: number[];
  antispoof: number;
  live: number;
  /** Taken once the challenge had been met. */
  afterChallenge: boolean;
}

export async function captureFace(opts: {
  engine: FaceEngine;
  video: HTMLVideoElement;
  challenge: FaceChallenge;
  onGuidance(g: Guidance, challengeMet: boolean): void;
  signal: AbortSignal;
  limitMs?: number;
  /** Default FALLBACK_DESCRIBE_AFTER_MS. */
  fallbackDescribeAfterMs?: number;
}): Promise<CaptureOutcome> {
  const { engine, video, challenge, signal } = opts;
  const human = engine.human;
  const tracker = new ChallengeTracker(challenge);
  const probe = document.createElement('canvas');
  probe.width = 32;
  probe.height = 24;
  const ctx = probe.getContext('2d', { willReadFrequently: true });
  let kept = null as Described | null;
  /** The previous frame was good and frontal: the next one is worth describing. */
  let lastGood = false;
  const seen = { frames: 0, eyeOpenMin: Infinity, eyeOpenMax: 0 };
  const startedAt = performance.now();
  const deadline = startedAt + (opts.limitMs ?? CAPTURE_LIMIT_MS);
  const keep = (d: Described) => {
    kept?.descriptor.fill(0);
    kept = d;
  };
  /** Set once the descriptor is the caller's; until then any way out zeroes it. */
  let handedOver = false;
  try {
    while (!signal.aborted && performance.now() < deadline) {
      if (video.readyState < 2 || video.videoWidth === 0) {
        await nextFrame(video);
        continue;
      }
      // Describe when a description is missing (none since the challenge was met, or none at all
      // once the challenge has been waited for long enough) and the face was fine a moment ago;
      // otherwise track only.
      const wanted = tracker.passed
        ? !kept?.afterChallenge
        : !kept &&
          performance.now() - startedAt >=
            (opts.fallbackDescribeAfterMs ?? FALLBACK_DESCRIBE_AFTER_MS);
      const describing = wanted && lastGood;
      const started = performance.now();
      const result = await detectInTurn(human, video, describing ? DESCRIBE_PASS : TRACK_PASS);
      recordFrame(performance.now() - started, describing);
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
      lastGood = false;
      if (guidance === 'ok' && face && faces[0]) {
        const eyeOpen = eyeOpenness(face.mesh);
        seen.frames += 1;
        seen.eyeOpenMin = Math.min(seen.eyeOpenMin, eyeOpen);
        seen.eyeOpenMax = Math.max(seen.eyeOpenMax, eyeOpen);
        const metBefore = tracker.passed;
        tracker.push({ eyeOpen, yaw: faces[0].yaw });
        lastGood = isFrontal(faces[0]);
        const embedding = face.embedding ?? [];
        if (describing && lastGood && embedding.length > 0) {
          keep({
            descriptor: Array.from(embedding),
            antispoof: face.real ?? 0,
            live: face.live ?? 0,
            afterChallenge: metBefore,
          });
        }
      }
      opts.onGuidance(guidance, tracker.passed);
      if (tracker.passed && kept?.afterChallenge) break;
      await nextFrame(video);
    }
    const best = kept;
    if (signal.aborted) return { kind: 'aborted' };
    recordCapture({
      ...seen,
      antispoof: best?.antispoof ?? 0,
      live: best?.live ?? 0,
      challengeMet: tracker.passed,
    });
    if (!best) return { kind: 'no-face' };
    handedOver = true;
    return {
      kind: 'captured',
      descriptor: best.descriptor,
      liveness: {
        challenge,
        // Met, and the descriptor sent was taken after it.
        passed: tracker.passed && best.afterChallenge,
        antispoof: clamp01(best.antispoof),
        live: clamp01(best.live),
      },
    };
  } finally {
    // A model error or an abort must not leave the descriptor in memory until the next capture.
    if (!handedOver) kept?.descriptor.fill(0);
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

/**
 * The next new camera frame (never the one just judged again); a paint where frame callbacks are
 * missing, and at most 200 ms in any case (a hidden video presents no frames).
 */
function nextFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 200);
    const done = () => (clearTimeout(timer), resolve());
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(done);
    else requestAnimationFrame(done);
  });
}
