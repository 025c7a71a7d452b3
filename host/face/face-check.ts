// The host's half of face verification (issue 7). The renderer captures: it finds the face, runs
// the liveness challenge the host chose, and sends the live descriptor with its liveness
// evidence. The host decides: it describes the card photo itself (the renderer never sees it),
// compares, counts attempts, and is the only one whose "match" lets a face item be submitted.
import type { Item } from '../../catalog/schema.ts';
import type { FaceChallenge, FaceLiveness, VerifyFaceResult } from '../../contract/kiosk-api.ts';
import type { CardPhotoDescription } from './face-engine.ts';
import { faceSimilarity } from './face-similarity.ts';

export const FACE_ATTEMPTS = 3;
export const FACE_CHALLENGES: readonly FaceChallenge[] = ['blink', 'turn-left', 'turn-right'];
/** Used when an item asks for a face check without its own threshold. */
export const DEFAULT_FACE_THRESHOLD = 0.6;

/**
 * Passive liveness floors for the best frame (renderer/face/CALIBRATION.md): human's antispoof
 * "real" and liveness "live" scores. Low on purpose: the active challenge is the main defence
 * against a still picture, and the recorded clips (made from a photograph) score 0.45–0.5 real.
 */
export const LIVENESS_FLOORS = { antispoof: 0.3, live: 0.5 } as const;

export interface FaceSessionState {
  consent: boolean;
  challenge: FaceChallenge;
  attemptsUsed: number;
  /** The card photo's description; null while it is made or when there is no photo. */
  cardDescriptor: number[] | null;
  cardPhotoState: 'none' | 'pending' | 'ready' | 'unusable';
  /** Resolves once the card photo has been described (or found unusable). */
  cardReady: Promise<void>;
  passed: {
    score: number;
    method: 'local-1to1' | 'central-provider';
    challenge: FaceChallenge;
  } | null;
}

export function needsFace(item: Item): boolean {
  return item.identity.level === 'id-card-and-face';
}

export function faceThreshold(item: Item): number {
  return item.identity.face?.threshold ?? DEFAULT_FACE_THRESHOLD;
}

export function pickChallenge(random: () => number = Math.random): FaceChallenge {
  return FACE_CHALLENGES[Math.floor(random() * FACE_CHALLENGES.length)] ?? 'blink';
}

/** A fresh face state for a card; `describe` is the engine's work on the card photo, if any. */
export function newFaceState(describe: Promise<CardPhotoDescription> | null): FaceSessionState {
  const state: FaceSessionState = {
    consent: false,
    challenge: 'blink',
    attemptsUsed: 0,
    cardDescriptor: null,
    cardPhotoState: describe ? 'pending' : 'none',
    cardReady: Promise.resolve(),
    passed: null,
  };
  if (describe) {
    state.cardReady = describe.then(
      (d) => {
        if (d.faces === 1 && d.descriptor) {
          state.cardDescriptor = d.descriptor;
          state.cardPhotoState = 'ready';
        } else state.cardPhotoState = 'unusable';
      },
      () => {
        state.cardPhotoState = 'unusable';
      },
    );
  }
  return state;
}

export function livenessProblem(claimed: FaceLiveness, expected: FaceChallenge): string | null {
  if (claimed.challenge !== expected) return 'challenge';
  if (!claimed.passed) return 'challenge-not-met';
  if (claimed.antispoof < LIVENESS_FLOORS.antispoof) return 'antispoof';
  if (claimed.live < LIVENESS_FLOORS.live) return 'live';
  return null;
}

/** One local attempt: the decision on a live descriptor against the card's. */
export function decideLocally(
  state: FaceSessionState,
  live: readonly number[],
  liveness: FaceLiveness,
  threshold: number,
  pick: () => FaceChallenge = pickChallenge,
): VerifyFaceResult {
  state.attemptsUsed += 1;
  const attemptsLeft = Math.max(0, FACE_ATTEMPTS - state.attemptsUsed);
  const next = () => {
    if (attemptsLeft === 0) return null;
    state.challenge = pick();
    return state.challenge;
  };
  if (!state.cardDescriptor) {
    return { outcome: 'unavailable', score: null, attemptsLeft, nextChallenge: null };
  }
  // Identity first: somebody else is "no-match" whether or not they also failed the challenge.
  const score = faceSimilarity(state.cardDescriptor, live);
  if (score < threshold) return { outcome: 'no-match', score, attemptsLeft, nextChallenge: next() };
  if (livenessProblem(liveness, state.challenge)) {
    return { outcome: 'not-live', score: null, attemptsLeft, nextChallenge: next() };
  }
  state.passed = { score, method: 'local-1to1', challenge: liveness.challenge };
  return { outcome: 'match', score, attemptsLeft, nextChallenge: null };
}

/**
 * The site's challenge picker: chosen at random among the configured ones (config `face.challenges`;
 * a site may drop head turns where the camera sits too high to judge yaw, and the e2e tests keep
 * only blink, since their clips are made from one photograph).
 */
export function challengePicker(
  allowed: readonly FaceChallenge[] = FACE_CHALLENGES,
  random: () => number = Math.random,
): () => FaceChallenge {
  const pool = allowed.length ? allowed : FACE_CHALLENGES;
  return () => pool[Math.floor(random() * pool.length)] ?? 'blink';
}
