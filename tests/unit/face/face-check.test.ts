// The host's face decision: attempts, threshold, liveness evidence, and the similarity scale.
import { describe, expect, it } from 'vitest';
import type { FaceLiveness } from '../../../contract/kiosk-api.ts';
import {
  decideLocally,
  FACE_ATTEMPTS,
  challengePicker,
  newFaceState,
} from '../../../host/face/face-check.ts';
import { faceSimilarity } from '../../../host/face/face-similarity.ts';

const vec = (seed: number) => Array.from({ length: 1024 }, (_, i) => Math.sin(i * seed) * 0.5);
const live: FaceLiveness = { challenge: 'blink', passed: true, antispoof: 0.45, live: 0.9 };

async function readyState(card: number[]) {
  const state = newFaceState(Promise.resolve({ faces: 1, descriptor: card }));
  await state.cardReady;
  state.consent = true;
  state.challenge = 'blink';
  return state;
}

describe('face similarity', () => {
  it('is 1 for the same descriptor and lower for another', () => {
    expect(faceSimilarity(vec(1), vec(1))).toBe(1);
    expect(faceSimilarity(vec(1), vec(2))).toBeLessThan(0.6);
    expect(faceSimilarity(vec(1), [])).toBe(0);
  });
});

describe('local face decision', () => {
  it('matches the card holder once and records the decision, not the face', async () => {
    const state = await readyState(vec(1));
    const r = decideLocally(state, vec(1), live, 0.6, () => 'blink');
    expect(r).toMatchObject({ outcome: 'match', score: 1, nextChallenge: null });
    expect(state.passed).toEqual({ score: 1, method: 'local-1to1', challenge: 'blink' });
  });

  it('refuses somebody else, then a face that did not meet the challenge, within three attempts', async () => {
    const state = await readyState(vec(1));
    expect(decideLocally(state, vec(2), live, 0.6, () => 'blink')).toMatchObject({
      outcome: 'no-match',
      attemptsLeft: 2,
      nextChallenge: 'blink',
    });
    expect(
      decideLocally(state, vec(1), { ...live, passed: false }, 0.6, () => 'blink'),
    ).toMatchObject({
      outcome: 'not-live',
      attemptsLeft: 1,
    });
    expect(
      decideLocally(state, vec(1), { ...live, antispoof: 0.1 }, 0.6, () => 'blink').outcome,
    ).toBe('not-live');
    expect(state.attemptsUsed).toBe(FACE_ATTEMPTS);
    expect(state.passed).toBeNull();
  });

  it('says unavailable when the card photo has no usable face', async () => {
    const state = newFaceState(Promise.resolve({ faces: 0, descriptor: null }));
    await state.cardReady;
    expect(state.cardPhotoState).toBe('unusable');
    expect(decideLocally(state, vec(1), live, 0.6).outcome).toBe('unavailable');
  });

  it('picks challenges only among the configured ones, and all of them over time', () => {
    const onlyBlink = challengePicker(['blink']);
    for (let i = 0; i < 20; i++) expect(onlyBlink()).toBe('blink');
    let n = 0;
    const cycling = challengePicker(['turn-left', 'turn-right'], () => (n++ % 2) / 2);
    expect([cycling(), cycling()]).toEqual(['turn-left', 'turn-right']);
    const seen = new Set(Array.from({ length: 60 }, challengePicker()));
    expect(seen).toEqual(new Set(['blink', 'turn-left', 'turn-right']));
  });
});
